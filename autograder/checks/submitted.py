"""Values and objects the submission returns, read the same way on either side of the sandbox.

Under ``rlgrade grade`` a TensorFlow tensor (or a Keras model, an agent) cannot cross
the pipe: it arrives as a :class:`RemoteObject` handle whose methods are round trips.
In a notebook (``check_here``) it is the real object. Checks read both through this
module, the only one of the check library that knows the sandbox exists, so that no
check cares which it got (``common.returned`` validates the values).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.sandbox.errors import NotImplementedYet, SubmissionError

__all__ = [
    "NotImplementedYet",
    "SubmissionError",
    "has_method",
    "is_remote",
    "method",
    "to_numpy",
    "type_name",
]


def is_remote(value: Any) -> bool:
    """Does ``value`` live in the sandbox (a handle whose methods are round trips)? The
    sandbox's process machinery is imported only here and only when asked: a notebook's
    test cell (check_here, in the student's kernel) never needs it."""
    from autograder.sandbox.submission import RemoteObject

    return isinstance(value, RemoteObject)


TENSOR_TYPES = frozenset({"EagerTensor", "Tensor", "ResourceVariable", "Variable", "KerasVariable"})


def type_name(value: Any) -> str:
    """The class name of a value, also of one that lives in the sandbox (for messages)."""
    return value.type_name if is_remote(value) else type(value).__name__


def has_method(value: Any, name: str) -> bool:
    """Could ``value`` be asked ``name(...)``? An object in the sandbox is only known by its
    handle: its methods are looked up when called, so it is taken at its word."""
    return is_remote(value) or callable(getattr(value, name, None))


def to_numpy(value: Any) -> Any:
    """TensorFlow tensors (local, or living in the sandbox) become numpy arrays.

    Numpy scalars become 0-d arrays, so that ``common.returned`` accepts them; anything else is
    returned unchanged for the caller to validate.
    """
    if type_name(value) in TENSOR_TYPES:
        return np.asarray(value.numpy())
    if isinstance(value, (np.floating, np.integer)):
        return np.asarray(value)
    return value


def method(obj: Any, name: str) -> Callable[..., Any]:
    """A method of an object the submission returned, ``NotImplementedError`` reported alike.

    Through the sandbox (a RemoteObject) the runner already turns it into "not implemented
    yet"; in a notebook (check_here) the object is the real one and raises it directly.
    """
    bound = getattr(obj, name)
    if is_remote(obj):
        return bound

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return bound(*args, **kwargs)
        except NotImplementedError:
            raise NotImplementedYet(f"{type(obj).__name__}.{name}") from None

    return call
