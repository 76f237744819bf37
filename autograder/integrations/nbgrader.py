"""An nbgrader preprocessor, in nbgrader's own style: one small job.

nbgrader's ``autograde`` executes every cell of a submission. Cells tagged
``experiment`` (figures, long training runs) teach but are not graded, and can
take minutes; this preprocessor blanks them before nbgrader's Execute step, the
same cells ``rlgrade`` skips, so both paths grade the same code.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.notebook.cells import is_experiment


class SkipExperiments(NbGraderPreprocessor):
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_experiment(cell.metadata.get("tags", [])):
            cell.source = "# experiment cell: skipped when grading (run it yourself to learn)"
            cell.outputs = []
        return cell, resources
