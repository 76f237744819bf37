"""JUnit XML, which every CI system (GitHub Actions, GitLab) can display."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from autograder.grade.results import GradeReport
from autograder.reports.format import points


def junit_xml(report: GradeReport) -> str:
    failures = sum(r.status == "failed" for r in report.results)
    errors = sum(r.status in ("error", "timeout") for r in report.results)
    suite = ET.Element(
        "testsuite",
        name=f"rlgrade.{report.assignment}",
        tests=str(len(report.results)),
        failures=str(failures),
        errors=str(errors),
        time=f"{report.seconds:.3f}",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="score", value=f"{report.score:g}")
    ET.SubElement(props, "property", name="max_score", value=f"{report.max_score:g}")
    for r in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{report.assignment}.{r.visibility}",
            name=r.id,
            time=f"{r.seconds:.3f}",
        )
        ET.SubElement(
            case, "system-out"
        ).text = f"{points(r.score)}/{points(r.max_score)} points. {r.message}"
        if r.status == "failed":
            ET.SubElement(case, "failure", message=r.message.splitlines()[0][:200]).text = r.message
        elif r.status in ("error", "timeout"):
            ET.SubElement(case, "error", message=f"{r.status}: {r.message[:200]}").text = r.message
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
