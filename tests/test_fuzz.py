"""Property-based fuzzing: random and mutated manuscripts through the whole pipeline.

The only exception allowed is publisher's own error type, and every EPUB produced is
well-formed and structurally sound. FUZZ_EXAMPLES sets the number of examples (the suite
runs a short session; a long one is run by hand, e.g. FUZZ_EXAMPLES=20000).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from publisher import config as config_module
from publisher import pipeline, styles
from publisher.errors import PublisherError

from helpers import MANUSCRIPTS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 100,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)

# Characters that break naive text handling: bidi marks and isolates, ZWNJ/ZWJ, combining
# marks, control characters, surrogate-range escapes, non-characters, odd spaces and breaks.
NASTY = (
    "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u0301\u0651\u064b\u00a0\u202f\u2028\u2029\ufeff\ufffe\x00\x07\x0b\x0c\x1b\x7f\x85"
    "\r\t<>&\"'`*_#[]()!-=|~\\"
)
SCRIPTS = (
    "Khamenei said talks were over. ",
    "Президенты обсудили договор. ",
    "امدادگران در ایران تلاش می‌کنند. ",
    "მთავრობამ განაცხადა. ",
    "ﻻ ﺃﺭﻳﺪ ",
    "日本語 ",
)
pieces = st.one_of(st.text(max_size=20), st.sampled_from(NASTY), st.sampled_from(SCRIPTS))
line = st.lists(pieces, max_size=12).map("".join)
lines = st.lists(line, max_size=25).map("\n".join)

MD_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "> ",
        "- ",
        "1. ",
        "* ",
        "---\n",
        "***",
        "**",
        "_",
        "`",
        "```\n",
        "[a](",
        ")",
        "![alt](",
        "images/x.png",
        "http://127.0.0.1:9/x",
        "javascript:alert(1)",
        "<script>",
        "<img src=x onerror=alert(1)>",
        "&amp;",
        "&#0;",
        "\n\n",
        "\n",
        "    ",
        "|a|b|\n|-|-|\n",
        "title: x\n",
        "date: 2024-13-45\n",
        "cover: /etc/passwd\n",
        "language: fa\n",
    ]
)
markdown = st.lists(st.one_of(MD_PIECES, pieces), max_size=40).map("".join)
front = st.sampled_from(
    [
        "",
        "---\ntitle: T\n---\n",
        "---\n",
        "---\n- a\n---\n",
        "---\ntitle: [\n---\n",
        "---\nauthors: [A, B]\nlanguage: ar\n---\n",
    ]
)


@pytest.fixture
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "Fuzz"\n', encoding="utf-8"
    )
    return root


def check_pipeline(root: Path, name: str, data: bytes) -> None:
    """Prepare and render an EPUB; only PublisherError may escape; the EPUB must be sound."""
    source = root / name
    source.write_bytes(data)
    config = config_module.load(root)
    try:
        prepared = pipeline.prepare(source, config)
        [(_, epub)] = pipeline.render(prepared, ("epub",), config, styles.load(root))
    except PublisherError:
        return
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        names = book.namelist()
        assert names[0] == "mimetype"
        assert book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        for member in names:
            if member.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                tree = etree.fromstring(book.read(member))  # raises if not well-formed
                assert not tree.xpath("//*[local-name()='script']"), member
                assert not tree.xpath("//@*[starts-with(local-name(), 'on')]"), member


@FUZZ
@given(body=lines)
def test_random_scraped_text(fuzz_project: Path, body: str) -> None:
    check_pipeline(fuzz_project, "page.txt", body.encode("utf-8", "surrogatepass"))


@FUZZ
@given(head=front, body=markdown)
def test_random_markdown(fuzz_project: Path, head: str, body: str) -> None:
    check_pipeline(fuzz_project, "op-ed.md", (head + body).encode("utf-8", "surrogatepass"))


SAMPLES = [p for p in sorted(MANUSCRIPTS.iterdir()) if p.suffix in (".txt", ".md")]


@FUZZ
@given(sample=st.sampled_from(SAMPLES), data=st.data())
def test_mutated_samples(fuzz_project: Path, sample: Path, data: st.DataObject) -> None:
    raw = bytearray(sample.read_bytes())
    for _ in range(data.draw(st.integers(1, 12), label="mutations")):
        at = data.draw(st.integers(0, max(0, len(raw) - 1)), label="at")
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and raw:
            raw[at] ^= data.draw(st.integers(1, 255))
        elif action == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del raw[at : at + data.draw(st.integers(1, 64))]
        else:
            del raw[at:]
    check_pipeline(fuzz_project, f"mutant{sample.suffix}", bytes(raw))
