"""Each sample manuscript's prepared model matches the golden JSON stored beside it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from publisher import config as config_module
from publisher.model import to_json

from helpers import MANUSCRIPTS, prepare_document, sample_manuscripts


def golden_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.golden.json")


@pytest.mark.parametrize("source", sample_manuscripts(), ids=lambda p: p.name)
def test_model_matches_golden(source: Path, repo_root: Path, update_golden: bool) -> None:
    config = config_module.load(repo_root)
    got = to_json(prepare_document(source, config))
    golden = golden_path(source)
    if update_golden:
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.is_file(), f"no golden file {golden.name}; run pytest --update-golden"
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(
            difflib.unified_diff(
                want.splitlines(keepends=True),
                got.splitlines(keepends=True),
                golden.name,
                "prepare() now",
            )
        )
        pytest.fail(
            f"{source.name} no longer matches its golden file "
            f"(review, then pytest --update-golden):\n{diff}"
        )


def test_every_golden_file_has_its_manuscript() -> None:
    """A golden file left behind by a renamed manuscript would silently test nothing."""
    sources = {golden_path(s) for s in sample_manuscripts()}
    golden = set(MANUSCRIPTS.glob("*.golden.json"))
    assert golden <= sources, sorted(p.name for p in golden - sources)


def test_there_are_samples_of_both_kinds() -> None:
    assert {p.suffix for p in sample_manuscripts()} >= {".txt", ".md"}
