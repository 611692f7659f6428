"""A shelf to test the catalogue on: the samples, the corpus, an Arabic and a Georgian brief,
a Dari article and a collection, built once; and a browser to look at it with."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher import batch
from publisher import config as config_module

from helpers import EPOCH, FIXTURES, MANUSCRIPTS

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
# What this machine's Chromium needs to start headless as root without a network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
BRIEF = """title: The Monday Brief
subtitle: Speech and power, in three languages
editors: [Nadia Rahimi, Jane Doe]
date: 2024-03-18
language: en
articles:
  - keep-the-transmitters-on.md
  - corpus/05-fa-nowruz-signed-message.txt
  - corpus/08-ru-start-treaty-phone-call.txt
"""


@dataclass(frozen=True)
class Shelf:
    """A built project: its folder, its output folder and the manifest's records."""

    root: Path
    dist: Path

    @property
    def records(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(
            (self.dist / "manifest.json").read_text(encoding="utf-8")
        )["editions"]
        return data

    def slugs(self, **where: str) -> set[str]:
        return {r["slug"] for r in self.records if all(r.get(k) == v for k, v in where.items())}


def make_project(root: Path, language: str = "en") -> Path:
    """The samples and the corpus in every script the desk publishes, and a collection."""
    manuscripts = root / "manuscripts"
    (manuscripts / "corpus").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[tool.publisher]\npublication = "The Opinion Desk"\nlanguage = "{language}"\n',
        encoding="utf-8",
    )
    for sample in MANUSCRIPTS.iterdir():
        if sample.suffix in (".md", ".txt"):
            shutil.copy(sample, manuscripts / sample.name)
    shutil.copytree(MANUSCRIPTS / "images", manuscripts / "images")
    for page in (FIXTURES / "corpus").glob("*.txt"):
        shutil.copy(page, manuscripts / "corpus" / page.name)
    # The Dari page reads as Persian to the detector; its editor says what it is.
    (manuscripts / "corpus" / "09-prs-dari-fallujah-dated-title.meta.yaml").write_text(
        "language: prs\n", encoding="utf-8"
    )
    for brief in ("arabic-brief.md", "georgian-brief.md"):
        shutil.copy(FIXTURES / "pdf" / brief, manuscripts / brief)
    (manuscripts / "monday.collection.yaml").write_text(BRIEF, encoding="utf-8")
    return root


def build_shelf(
    root: Path, formats: tuple[str, ...] = ("epub", "pdf"), prune: bool = False, **overrides: Any
) -> Shelf:
    """Build a project at the tests' fixed time, as `publisher build` does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(root)
        config = config_module.load(root, **overrides)
        results = batch.build([root / "manuscripts"], config, formats, jobs=2, prune=prune)
    errors = [str(r.error) for r in results if r.error is not None]
    assert not errors, errors
    return Shelf(root, config.out_dir)


@contextmanager
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (which downloads no browser of its own)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (bash .ci/install test)")
    with sync_api.sync_playwright() as playwright:
        # Playwright gives each launch a fresh, empty profile (--user-data-dir) of its own.
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
