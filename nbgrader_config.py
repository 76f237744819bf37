"""nbgrader's course layout mapped onto this repository.

source  = solutions/    (the instructor notebooks, never released)
release = assignments/  (what students get, generated and committed)
"""

c = get_config()  # noqa: F821  (nbgrader injects get_config)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.course_id = "rl-course"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

# Training checks take longer than nbgrader's default 30 s per cell; this is the
# key that works (nbgrader issue #1463).
c.Execute.timeout = 900
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Autograde: skip the cells tagged `experiment` (as rlgrade does), then nbgrader's
# own pipeline unchanged.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    Execute,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.integrations.nbgrader import SkipExperiments  # noqa: E402

c.Autograde.autograde_preprocessors = [
    SkipExperiments,
    Execute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
