"""The `publisher` command as a user runs it: help, inspect, build, and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from publisher.cli import app
from publisher.model import from_json

from helpers import FIXTURES, Project

GOOD = (FIXTURES / "corpus" / "02-en-insidevoa-clarion-caption.txt").read_bytes()

BAD_INPUTS = [
    pytest.param("notes.docx", b"PK\x03\x04 a word file", ".docx", id="unknown-type"),
    pytest.param(
        "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG", id="binary-renamed-txt"
    ),
    pytest.param("garbage.txt", b"\xff\xfe\xfa", "UTF", id="undecodable-bytes"),
    pytest.param("empty.txt", b"  \n\n \t\n", "empty", id="whitespace-only"),
    pytest.param(
        "fm.md", b"---\ntitle: [unclosed\n---\nbody", "front matter", id="invalid-front-matter"
    ),
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def editions(folder: Path) -> list[str]:
    """The editions in an output folder (build records beside them are not editions)."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".epub", ".pdf"))


def leftovers(folder: Path) -> list[str]:
    """Files a build must not leave behind: temporary or partial outputs."""
    if not folder.exists():
        return []
    return sorted(
        p.name for p in folder.rglob("*") if re.search(r"\.(?:tmp|part|partial)$|~$", p.name)
    )


def assert_one_line_error(result: Result, name: str, problem: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert problem in lines[0]
    assert "Traceback" not in result.output


# --- help and inspect ----------------------------------------------------------------------


def test_help_lists_the_commands(runner: CliRunner) -> None:
    result = run(runner, "--help")
    assert result.exit_code == 0
    described = {}
    for line in result.stdout.splitlines():
        words = line.strip(" │|").split(maxsplit=1)
        if words and words[0] in ("build", "inspect"):
            described[words[0]] = words[1].strip(" │|") if len(words) > 1 else ""
    assert set(described) == {"build", "inspect"}
    assert all(len(text) > 10 for text in described.values()), described


def test_version(runner: CliRunner) -> None:
    from publisher import __version__

    result = run(runner, "--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_inspect_prints_the_model(runner: CliRunner, project: Project) -> None:
    project.write("clarion.txt", GOOD)
    result = run(runner, "inspect", "clarion.txt")
    assert result.exit_code == 0, result.output
    doc = from_json(result.stdout)
    assert doc.metadata.title == "VOA Wins Two Clarion Awards"
    assert json.loads(result.stdout)["model_version"] == 2
    assert result.stdout.endswith("}\n")


# --- build ---------------------------------------------------------------------------------


def test_build_writes_both_formats(runner: CliRunner, project: Project) -> None:
    project.write("manuscripts/clarion.txt", GOOD)
    result = run(runner, "build")
    assert result.exit_code == 0, result.output
    assert editions(project.root / "dist") == ["clarion.epub", "clarion.pdf"]
    assert "1 built, 0 failed" in result.stdout


def test_build_one_format(runner: CliRunner, project: Project) -> None:
    project.write("clarion.txt", GOOD)
    result = run(runner, "build", "clarion.txt", "--format", "epub")
    assert result.exit_code == 0, result.output
    assert editions(project.root / "dist") == ["clarion.epub"]


def test_build_out_folder(runner: CliRunner, project: Project, tmp_path: Path) -> None:
    project.write("clarion.txt", GOOD)
    out = tmp_path / "elsewhere"
    result = run(runner, "build", "clarion.txt", "--format", "epub", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert editions(out) == ["clarion.epub"]
    assert not (project.root / "dist").exists()


def test_unknown_format(runner: CliRunner, project: Project) -> None:
    project.write("clarion.txt", GOOD)
    result = run(runner, "build", "clarion.txt", "--format", "docx")
    assert result.exit_code == 2
    assert "docx" in result.stderr
    assert not (project.root / "dist").exists()


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "problem"), BAD_INPUTS)
def test_inspect_bad_input(
    runner: CliRunner, project: Project, name: str, content: bytes, problem: str
) -> None:
    project.write(name, content)
    result = run(runner, "inspect", name)
    assert result.exit_code == 4
    assert_one_line_error(result, name, problem)
    assert result.stdout == ""


@pytest.mark.parametrize(("name", "content", "problem"), BAD_INPUTS)
def test_build_bad_input(
    runner: CliRunner, project: Project, name: str, content: bytes, problem: str
) -> None:
    project.write(name, content)
    out = project.root / "out"
    result = run(runner, "build", name, "--out", str(out))
    assert result.exit_code == 4
    assert_one_line_error(result, name, problem)
    assert "0 built, 1 failed" in result.stdout
    assert leftovers(out) == []
    assert editions(out) == []


@pytest.mark.parametrize(("name", "content", "problem"), BAD_INPUTS)
def test_batch_with_one_bad_manuscript(
    runner: CliRunner, project: Project, name: str, content: bytes, problem: str
) -> None:
    good = project.write("clarion.txt", GOOD)
    bad = project.write(name, content)
    out = project.root / "out"
    result = run(runner, "build", str(good), str(bad), "--out", str(out))
    assert result.exit_code == 4
    assert_one_line_error(result, name, problem)
    assert "1 built, 1 failed" in result.stdout
    assert editions(out) == ["clarion.epub", "clarion.pdf"]
    assert leftovers(out) == []


def test_legacy_encoding_is_read_with_a_warning(runner: CliRunner, project: Project) -> None:
    project.write(
        "latin.txt",
        "Breakfast Served Late\n\nCaf\u00e9 au lait et cr\u00e8me "
        "br\u00fbl\u00e9e pour tout le monde ce matin.\n".encode("cp1252"),
    )
    result = run(runner, "inspect", "latin.txt")
    assert result.exit_code == 0, result.output
    assert "Caf\u00e9 au lait et cr\u00e8me br\u00fbl\u00e9e" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "UTF-8" in line]
    assert len(warnings) == 1
    assert "latin.txt" in warnings[0]


def test_failed_rebuild_keeps_the_previous_edition(runner: CliRunner, project: Project) -> None:
    path = project.write("clarion.txt", GOOD)
    out = project.root / "out"
    assert run(runner, "build", "clarion.txt", "-f", "epub", "-o", str(out)).exit_code == 0
    before = (out / "clarion.epub").read_bytes()
    path.write_bytes(b"  \n")
    result = run(runner, "build", "clarion.txt", "-f", "epub", "-o", str(out))
    assert result.exit_code == 4
    assert (out / "clarion.epub").read_bytes() == before
    assert leftovers(out) == []


def test_missing_file(runner: CliRunner, project: Project) -> None:
    result = run(runner, "build", "nowhere.txt")
    assert result.exit_code == 4
    assert_one_line_error(result, "nowhere.txt", "no such file")


def test_folder_without_manuscripts(runner: CliRunner, project: Project) -> None:
    (project.root / "manuscripts").mkdir()
    result = run(runner, "build")
    assert result.exit_code == 4
    assert "no manuscripts" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["inspect", "clarion.txt"], ["build", "clarion.txt"]])
def test_unknown_config_key(runner: CliRunner, project: Project, command: list[str]) -> None:
    project.write("clarion.txt", GOOD)
    project.configure('publication = "X"\npage_sise = "A4"')
    result = run(runner, *command)
    assert result.exit_code == 3
    assert_one_line_error(result, "pyproject.toml", "page_sise")
    assert not (project.root / "dist").exists()


def test_invalid_config(runner: CliRunner, project: Project) -> None:
    project.write("clarion.txt", GOOD)
    project.write("pyproject.toml", "[tool.publisher\n")
    result = run(runner, "build", "clarion.txt")
    assert result.exit_code == 3
    assert_one_line_error(result, "pyproject.toml", "TOML")


@pytest.mark.parametrize("command", ["inspect", "build"])
def test_impossible_front_matter_date(runner: CliRunner, project: Project, command: str) -> None:
    project.write("dated.md", "---\ntitle: T\ndate: 2024-13-45\n---\n\nBody text.\n")
    result = run(runner, command, "dated.md")
    assert result.exit_code == 4
    assert_one_line_error(result, "dated.md", "date")


def test_a_warning_names_its_file_once(runner: CliRunner, project: Project) -> None:
    project.write("a.md", "---\ntitle: A\nlanguage: en\nhue: red\n---\n\nThe council met.\n")
    result = run(runner, "build", "a.md", "--format", "epub")
    assert result.exit_code == 0, result.output
    [line] = [w for w in result.stderr.splitlines() if "warning" in w]
    assert line == "a.md: warning: front matter: key(s) ignored: hue"


def test_a_bug_in_a_renderer_shows_its_traceback_and_spares_the_rest(
    runner: CliRunner, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publisher.errors import EXIT_BUG
    from publisher.renderers import epub

    real = epub.render

    def broken(job):  # type: ignore[no-untyped-def]
        if job.edition.slug == "bad":
            return 1 / 0
        return real(job)

    monkeypatch.setattr(epub, "render", broken)
    project.write("bad.md", "---\ntitle: Bad\n---\n\nText.\n")
    project.write("good.md", "---\ntitle: Good\n---\n\nText.\n")
    result = run(runner, "build", "bad.md", "good.md", "--format", "epub", "--jobs", "1")
    assert result.exit_code == EXIT_BUG
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
    assert "bad.md: internal error (ZeroDivisionError: division by zero)" in result.stderr
    assert editions(project.root / "dist") == ["good.epub"]
