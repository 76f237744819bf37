"""nbgrader's course layout mapped onto this repository.

source   = solutions/    (the instructor notebooks, never released)
release  = release/      (nbgrader's own output: generate_assignment writes it, git-ignored)
assignments/             (what students get, committed: `rlgrade release` copies it from
                          release/ and `rlgrade release --check` keeps it in sync)
submitted/, autograded/, feedback/, gradebook.db, grades.csv: nbgrader's defaults, ignored
exchange: $RLGRADE_NBGRADER_EXCHANGE, or exchange/ beside this file (release_assignment,
          fetch_assignment, submit and collect go through it; a course on a shared server
          sets the variable to a folder every student can reach)
"""

import os

c = get_config()  # noqa: F821  (nbgrader injects get_config)

c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.course_id = "rl-course"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"

_exchange = os.environ.get("RLGRADE_NBGRADER_EXCHANGE") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "exchange"
)
c.Exchange.root = _exchange

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
