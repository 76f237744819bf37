"""GitHub Classroom's autograding result: what `autograding-grading-reporter` reads.

The reporter takes one base64-encoded JSON per runner from `<RUNNER>_RESULTS` and sums
``tests[].score`` against ``max_score`` for the Classroom dashboard; a runner whose
``status`` is "fail" or "error" marks the workflow run failed.
"""

from __future__ import annotations

import json

from autograder.grade.results import GradeReport

STATUS = {"passed": "pass", "failed": "fail", "error": "error", "timeout": "error"}


def classroom_json(report: GradeReport) -> str:
    tests = [
        {
            "name": r.id,
            "status": STATUS[r.status],
            "score": r.score,
            "max_score": r.max_score,
            "message": r.message if r.status != "passed" else "",
            "execution_time": f"{r.seconds:.1f}s",
        }
        for r in report.results
    ]
    if report.notebook_error:
        status = "error"
    elif all(t["status"] == "pass" for t in tests):
        status = "pass"
    else:
        status = "fail"
    payload = {"version": 1, "status": status, "max_score": report.max_score, "tests": tests}
    return json.dumps(payload, indent=2, allow_nan=False)
