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
