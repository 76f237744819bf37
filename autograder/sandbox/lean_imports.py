"""Import TensorFlow in the sandbox child without the optional extras Keras pulls in.

Why: ``import tensorflow`` (with Keras 3) also imports pandas, IPython, matplotlib and
h5py whenever they are installed, each inside ``try: import ... except ImportError``, and
keeps them for nothing a graded call uses: about 60 MB of resident memory in a child
that must fit, with the grader, in Gradescope's 768 MB (benchmarks/tf_footprint.py).
The child imports TensorFlow once, before the student's cells run, with those four
refused; the refusal is lifted before any student code runs, so a notebook that imports
matplotlib itself still gets it.

Runs inside the child (copied beside child.py): it imports nothing of the grader.
"""

from __future__ import annotations

import re
import sys

# Imported by TensorFlow/Keras only when available, never needed to train or call a model.
OPTIONAL_EXTRAS = ("pandas", "IPython", "matplotlib", "h5py")
USES_TENSORFLOW = re.compile(r"^\s*(import|from)\s+(tensorflow|keras)\b", re.MULTILINE)


class _RefuseExtras:
    """A meta-path finder that makes the optional extras look uninstalled."""

    def find_spec(self, name: str, path=None, target=None):
        if name.split(".", 1)[0] in OPTIONAL_EXTRAS:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def uses_tensorflow(sources: list[str]) -> bool:
    return any(USES_TENSORFLOW.search(source) for source in sources)


def import_tensorflow_lean() -> None:
    """Import tensorflow and keras with the optional extras refused, then allow them again."""
    if "tensorflow" in sys.modules:
        return
    refuse = _RefuseExtras()
    sys.meta_path.insert(0, refuse)
    try:
        import keras  # noqa: F401  (tf.keras resolves to it; importing it here is the cost)
        import tensorflow  # noqa: F401
    except Exception:  # noqa: BLE001 - the notebook's own import will report the problem
        for name in [m for m in sys.modules if m.split(".", 1)[0] in ("tensorflow", "keras")]:
            del sys.modules[name]  # no half-imported package left for the notebook's import
    finally:
        sys.meta_path.remove(refuse)
