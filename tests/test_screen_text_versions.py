"""Errors whose message needs translating into the user's terms: Java's class file versions as Java
releases, apt's lock as "wait for the automatic updates". Text-level cases, then one real-OCR screenshot."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ocr_screens import render_text

from assistant.answer_checks import error_facts
from assistant.tools.ocr.jvm_version import java_release
from assistant.tools.ocr.reader import OcrTool
from assistant.tools.ocr.screen_text import analyze

JAVA = """\
$ java -jar report-builder.jar
Error: LinkageError occurred while loading main class org.example.report.App
        java.lang.UnsupportedClassVersionError: org/example/report/App has been compiled by a more recent version
        of the Java Runtime (class file version 65.0), this version of the Java Runtime only recognizes class
        file versions up to 52.0
"""

APT = """\
$ sudo apt-get install htop
E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1377 (apt)
N: Be aware that removing the lock file is not a solution and may break your system.
E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?
"""


def test_class_file_versions_are_java_releases() -> None:
    assert [java_release(v) for v in (52, 55, 61, 65)] == ["8", "11", "17", "21"]
    analysis = analyze(JAVA)
    assert analysis.error_type == "UnsupportedClassVersionError"
    assert "built for Java 21" in (analysis.error_message or "") and "is Java 8" in (analysis.error_message or "")
    lead = error_facts(SimpleNamespace(analysis=analysis)).lead()  # type: ignore[union-attr]
    assert "org.example.report.App was built for Java 21" in lead and "install Java 21 or newer" in lead
    assert "Java 65" not in lead


def test_apt_lock_says_which_process_and_not_to_delete_the_lock() -> None:
    analysis = analyze(APT)
    assert (analysis.kind, analysis.error_type) == ("shell_error", "Could not get lock")
    (fix,) = analysis.fixes
    assert "the other package manager (apt, process 1377)" in fix and "ps -p 1377" in fix
    assert "Do not delete the lock file" in fix
    updates = analyze("E: Could not get lock /var/lib/dpkg/lock. It is held by process 902 (unattended-upgr)")
    assert "automatic updates (unattended-upgr, process 902)" in updates.fixes[0] and "wait" in updates.fixes[0]


@pytest.mark.slow
def test_a_screenshot_of_the_java_error_leads_with_the_java_release(tmp_path: Path) -> None:
    shot = tmp_path / "java.png"
    render_text(JAVA).save(shot)
    analysis = analyze(OcrTool().read(shot).text)
    lead = error_facts(SimpleNamespace(analysis=analysis)).lead()  # type: ignore[union-attr]
    assert "UnsupportedClassVersionError" in lead and "Java 21" in lead and "Java 8" in lead
