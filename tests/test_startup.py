"""Start-up cost: `publisher --help` and an EPUB-only build never load WeasyPrint (~0.5 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES


def imported(*args: str, cwd: Path | None = None, temp: Path | None = None) -> set[str]:
    """The modules `python -m publisher ARGS` imports, read from `-X importtime`."""
    env = {**os.environ, "TMPDIR": str(temp)} if temp else None
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "publisher", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Exception ignored" not in run.stderr, run.stderr[-2000:]
    lines = [line for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "python did not report its imports"
    return {line.rsplit("|", 1)[-1].strip() for line in lines}


def test_help_does_not_import_the_renderers() -> None:
    modules = imported("--help")
    assert "publisher.cli" in modules
    assert not {m for m in modules if m.split(".")[0] in ("weasyprint", "pypdf", "ebooklib")}


def test_epub_only_build_does_not_import_weasyprint(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.publisher]\npublication = "T"\n')
    source = tmp_path / "clarion.txt"
    source.write_bytes((FIXTURES / "corpus" / "02-en-insidevoa-clarion-caption.txt").read_bytes())
    modules = imported("build", "clarion.txt", "--format", "epub", cwd=tmp_path)
    assert (tmp_path / "dist" / "clarion.epub").is_file()
    assert "ebooklib" in modules
    assert not {m for m in modules if m.split(".")[0] == "weasyprint"}


def test_pdf_build_imports_weasyprint_and_cleans_up(tmp_path: Path) -> None:
    """The check above can see WeasyPrint when it is loaded; and the fonts WeasyPrint copies
    for the per-process house styles are deleted when each process ends, workers included."""
    (tmp_path / "pyproject.toml").write_text('[tool.publisher]\npublication = "T"\n')
    for name in ("02-en-insidevoa-clarion-caption", "05-fa-nowruz-signed-message"):
        (tmp_path / f"{name}.txt").write_bytes((FIXTURES / "corpus" / f"{name}.txt").read_bytes())
    temp = tmp_path / "temp"
    temp.mkdir()
    serial = imported(
        "build", "02-en-insidevoa-clarion-caption.txt", "--format", "pdf", cwd=tmp_path, temp=temp
    )
    assert "weasyprint" in serial
    imported("build", ".", "--format", "pdf", "--jobs", "2", "--force", cwd=tmp_path, temp=temp)
    assert sorted(p.name for p in (tmp_path / "dist").glob("*.pdf")) == [
        "02-en-insidevoa-clarion-caption.pdf",
        "05-fa-nowruz-signed-message.pdf",
    ]
    assert list(temp.iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick lookup is Linux's")
def test_quick_library_lookup_finds_what_ctypes_finds() -> None:
    """While WeasyPrint is imported, library names are looked up in the linker cache alone
    (renderers/weasy.py): for the libraries it opens, that gives what ctypes would."""
    import ctypes.util

    from publisher.renderers import weasy

    for name in ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c"):
        assert weasy.cached_library(name) == ctypes.util.find_library(name), name
    assert weasy.cached_library("publisher-no-such-library") is None
    assert weasy.load().HTML is not None


# Every declaration WeasyPrint 70 asks cffi for, and more of the same shapes.
_DECLARATIONS = (
    "PangoRectangle *",
    "unsigned int *",
    "PangoFcFontMap *",
    "hb_tag_t[100]",
    "char[]",
    "char[4]",
    "PangoLogAttr[]",
    "FcResult *",
    "FcChar8 **",
    "hb_tag_t",
    "char",
    "hb_codepoint_t",
    "hb_codepoint_t[137]",
    "unsigned int",
    "PangoLayout * *",
    "int[0]",
)


def test_cffi_types_are_made_as_cffi_makes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint asks cffi for C types by their declarations; the simple ones are answered
    without cffi's C parser (renderers/weasy.py), with the very ctype the parser gives."""
    import cffi

    from publisher.renderers import weasy

    weasy.load()
    from weasyprint.text.ffi import ffi

    assert type(ffi._parsed_types).__name__ == "_QuickTypes"

    def by_parser(declaration: str) -> object:
        with ffi._lock:
            return ffi._get_cached_btype(ffi._parser.parse_type(declaration))

    parsed = {d: by_parser(d) for d in _DECLARATIONS}

    def refused(declaration: str) -> None:
        raise AssertionError(f"parsed {declaration!r}")

    monkeypatch.setattr(ffi._parser, "parse_type", refused)
    for declaration in _DECLARATIONS:
        ffi._parsed_types.pop(declaration, None)  # asked for the first time
        assert ffi.typeof(declaration) is parsed[declaration], declaration
    made = ffi.new("hb_codepoint_t[3]", [7, 8, 9])
    assert list(made) == [7, 8, 9] and ffi.sizeof(made) == 3 * 4
    assert ffi.typeof("hb_codepoint_t[123457]") is cffi.FFI().typeof("uint32_t[123457]")
    monkeypatch.undo()
    # Other shapes go to the parser, as before: a function pointer, a qualifier, a struct tag.
    for declaration in ("int(*)(int)", "const char *", "struct _PublisherNoSuchStruct *"):
        assert weasy._modelled(ffi, declaration) is None, declaration
    assert ffi.typeof("const char *") is by_parser("const char *")
