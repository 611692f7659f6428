"""`publisher check` and `build --check`: one verdict line per edition, a non-zero exit on any
error, and one validator start for a whole folder, not one per file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from publisher import checks
from publisher.checks import CHECKS, FileResult
from publisher.checks import epub as epub_checks
from publisher.cli import app
from publisher.errors import EXIT_CHECK

from helpers import FIXTURES, Project, build_editions

PERSIAN = FIXTURES / "corpus" / "05-fa-nowruz-signed-message.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


# --- the registry --------------------------------------------------------------------------


def test_each_format_is_checked_once_for_all_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[Path]] = []

    def fake(paths: list[Path], options: object = None) -> list[FileResult]:
        calls.append(paths)
        return [
            FileResult(p, errors=("bad",) if p.stem == "b" else (), summary="Fake")
            for p in reversed(paths)
        ]  # any order: results are matched by path

    monkeypatch.setitem(CHECKS, ".fake", fake)
    for name in ("a.fake", "b.fake", "sub/c.fake", ".hidden/d.fake", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    results = checks.check([tmp_path, tmp_path / "missing.fake", tmp_path / "notes.txt"])
    assert calls == [[tmp_path / "a.fake", tmp_path / "b.fake", tmp_path / "sub" / "c.fake"]]
    assert [(r.path.name, r.ok) for r in results] == [
        ("missing.fake", False),
        ("notes.txt", False),
        ("a.fake", True),
        ("b.fake", False),
        ("c.fake", True),
    ]
    assert results[0].errors == ("no such file or folder",)
    assert "not an edition" in results[1].errors[0]
    assert checks.summary_line(results[3], "b.fake") == "b.fake: FAILED (Fake)"
    assert checks.summary_line(results[2], "a.fake") == "a.fake: ok (Fake)"


def test_epubs_are_registered() -> None:
    assert CHECKS[".epub"] is epub_checks.check_many


# --- EPUBCheck and Ace as processes (faked: what is started, and how reports are read) ------


def _epubcheck_report(errors: int, warnings: int) -> dict[str, Any]:
    def message(severity: str, n: int) -> dict[str, Any]:
        return {
            "ID": "RSC-005",
            "severity": severity,
            "message": f"problem {n}",
            "locations": [{"path": "EPUB/article.xhtml", "line": 12, "column": 3}],
        }

    return {
        "checker": {"nError": errors, "nWarning": warnings},
        "messages": [message("ERROR", n) for n in range(errors)]
        + [message("WARNING", n) for n in range(warnings)],
    }


def _ace_report(violations: int) -> dict[str, Any]:
    failed = [
        {
            "earl:test": {"dct:title": "image-alt", "earl:impact": "critical"},
            "earl:result": {"earl:outcome": "fail", "dct:description": "Fix this:\nmore"},
        }
        for _ in range(violations)
    ]
    return {"assertions": [{"earl:testSubject": {"url": "article.xhtml"}, "assertions": failed}]}


class FakeProcesses:
    """Stands in for java and ace-puppeteer: records each start, writes the reports."""

    def __init__(self, epubcheck: list[dict[str, Any]], ace: list[dict[str, Any]]):
        self.epubcheck, self.ace = epubcheck, ace
        self.calls: list[list[str]] = []
        self.browser_script = ""

    def run(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(command)
        if command[0].endswith("java"):
            out, books = Path(command[5]), command[6:]
            assert command[4].endswith("EpubCheckBatch.java")
            for n, _book in enumerate(books):
                (out / f"{n}.json").write_text(json.dumps(self.epubcheck[n]))
        else:
            out = Path(command[command.index("--outdir") + 1])
            out.mkdir(parents=True)
            browser = kwargs["env"]["PUPPETEER_EXECUTABLE_PATH"]
            self.browser_script = Path(browser).read_text()
            n = int(out.name)
            (out / "report.json").write_text(json.dumps(self.ace[n]))
        return subprocess.CompletedProcess(command, 0, "", "")


@pytest.fixture
def fake_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeProcesses:
    fake = FakeProcesses(
        [_epubcheck_report(0, 0), _epubcheck_report(2, 1), _epubcheck_report(0, 0)],
        [_ace_report(0), _ace_report(0), _ace_report(1)],
    )
    tools = {
        "java": "/usr/bin/java",
        "ace-puppeteer": "/usr/bin/ace-puppeteer",
        "chromium": "/usr/bin/chromium",
    }
    monkeypatch.setattr(epub_checks.shutil, "which", lambda name: tools.get(name))
    monkeypatch.setattr(epub_checks.subprocess, "run", fake.run)
    monkeypatch.setenv("EPUBCHECK_JAR", str(tmp_path / "epubcheck.jar"))
    monkeypatch.delenv("PUPPETEER_EXECUTABLE_PATH", raising=False)
    return fake


def test_one_java_process_for_a_folder(fake_tools: FakeProcesses, tmp_path: Path) -> None:
    books = [tmp_path / f"{n}.epub" for n in range(3)]
    results = epub_checks.check_many(books)
    java = [c for c in fake_tools.calls if c[0].endswith("java")]
    assert len(java) == 1 and java[0][6:] == [str(b) for b in books]
    assert [r.summary for r in results] == [
        "EPUBCheck 0 errors, 0 warnings; Ace 0 violations",
        "EPUBCheck 2 errors, 1 warnings; Ace 0 violations",
        "EPUBCheck 0 errors, 0 warnings; Ace 1 violation",
    ]
    assert [r.ok for r in results] == [True, False, False]
    assert results[1].errors[0] == "EPUBCheck RSC-005: problem 0 (EPUB/article.xhtml:12)"
    assert results[1].warnings == ("EPUBCheck RSC-005: problem 0 (EPUB/article.xhtml:12)",)
    assert results[2].errors == ("Ace image-alt (critical): Fix this: (article.xhtml)",)


def test_ace_gets_chromium_set_up_for_a_headless_root_machine(
    fake_tools: FakeProcesses, tmp_path: Path
) -> None:
    epub_checks.check_many([tmp_path / "0.epub"])
    [ace] = [c for c in fake_tools.calls if not c[0].endswith("java")]
    assert ace[0] == "/usr/bin/ace-puppeteer"
    assert fake_tools.browser_script.startswith("#!/bin/sh\nexec /usr/bin/chromium ")
    for flag in (
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ):
        assert flag in fake_tools.browser_script


def test_without_ace_the_summary_says_so(
    fake_tools: FakeProcesses, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(epub_checks, "ace_command", lambda: None)
    [result] = epub_checks.check_many([tmp_path / "0.epub"])
    assert result.summary == "EPUBCheck 0 errors, 0 warnings; Ace not installed"
    assert result.ok


def test_without_java_every_book_fails_with_the_fix(
    fake_tools: FakeProcesses, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(epub_checks.shutil, "which", lambda name: None)
    results = epub_checks.check_many([tmp_path / "0.epub", tmp_path / "1.epub"])
    assert [r.ok for r in results] == [False, False]
    assert "Java not found" in results[0].errors[0]


# --- the command ---------------------------------------------------------------------------


def test_nothing_to_check(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == EXIT_CHECK
    assert "no editions found" in result.stderr


def test_missing_and_unknown_files_fail(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = run("check", str(tmp_path / "gone.epub"), str(tmp_path / "notes.txt"))
    assert result.exit_code == EXIT_CHECK
    assert f"{tmp_path / 'gone.epub'}: error: no such file or folder" in result.stderr
    assert "notes.txt: error: not an edition publisher checks" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 ok, 2 failed"


def _broken_copy(good: Path, target: Path) -> None:
    """The same book with an element XHTML does not allow in the article."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith("article.xhtml"):
                data = data.replace(b"<h1 ", b"<blink>x</blink><h1 ", 1)
            dst.writestr(info, data)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("java") is None or epub_checks.epubcheck_jar() is None,
    reason="EPUBCheck needs Java and the epubcheck package",
)
def test_check_a_folder(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project.write("nowruz.txt", PERSIAN.read_bytes())
    good = build_editions([source], project.root, project.root / "dist", formats=("epub",))[
        "nowruz"
    ].epub
    _broken_copy(good, project.root / "dist" / "broken.epub")
    result = run("check", "dist", "--no-ace")  # Ace: see the accessibility tests
    assert result.exit_code == EXIT_CHECK, result.output
    assert result.stdout.splitlines() == [
        "dist/broken.epub: FAILED (EPUBCheck 1 errors, 0 warnings; Ace not run)",
        "dist/nowruz.epub: ok (EPUBCheck 0 errors, 0 warnings; Ace not run)",
        "1 ok, 1 failed",
    ]
    assert "dist/broken.epub: error: EPUBCheck RSC-005" in result.stderr
    assert "nowruz" not in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("java") is None or epub_checks.epubcheck_jar() is None,
    reason="EPUBCheck needs Java and the epubcheck package",
)
def test_build_then_check(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write("nowruz.txt", PERSIAN.read_bytes())
    result = run("build", "nowruz.txt", "--format", "epub", "--check", "--no-ace")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-2:] == [
        "dist/nowruz.epub: ok (EPUBCheck 0 errors, 0 warnings; Ace not run)",
        "1 ok, 0 failed",
    ]
    assert lines[-3].startswith("1 built, 0 failed")  # the build's own summary comes first
    assert os.path.isfile(project.root / "dist" / "nowruz.epub")
