"""Plain helpers shared by the tests: where things are, throw-away projects, building editions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher import batch, pipeline
from publisher import config as config_module
from publisher.config import BuildConfig
from publisher.model import Document

REPO_ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPTS = REPO_ROOT / "manuscripts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# 2023-11-14T22:13:20Z: any fixed time will do; what matters is that it does not change.
EPOCH = "1700000000"


def sample_manuscripts() -> list[Path]:
    """The repository's sample manuscripts, whatever is there when the tests are collected."""
    return sorted(p for p in MANUSCRIPTS.iterdir() if p.is_file() and p.suffix in (".txt", ".md"))


@dataclass
class Project:
    """A throw-away project folder with its own pyproject.toml; the working directory."""

    root: Path

    def configure(self, table: str) -> None:
        """Replace the `[tool.publisher]` table's body with `table` (TOML lines)."""
        (self.root / "pyproject.toml").write_text(
            f'[project]\nname = "test-project"\n\n[tool.publisher]\n{table}\n', encoding="utf-8"
        )

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def config(self, **overrides: object) -> BuildConfig:
        return config_module.load(self.root, **overrides)

    def prepare(self, name: str, content: str | bytes) -> Document:
        """The article as its edition has it (byline, bio and disclaimer nodes included)."""
        return prepare_document(self.write(name, content), self.config())


def prepare_document(path: Path, config: BuildConfig) -> Document:
    """The one document of a single-article edition, as both renderers get it."""
    return pipeline.prepare(path, config).edition.documents[0]


def warnings_of(path: Path, config: BuildConfig) -> list[str]:
    """What preparing a manuscript warned about, as `topic: message` lines."""
    return [d.text() for d in pipeline.prepare(path, config).diagnostics.items]


@dataclass(frozen=True)
class Edition:
    """One built manuscript: its prepared model and the files written for it."""

    source: Path
    doc: Document
    epub: Path
    pdf: Path
    warnings: tuple[str, ...] = ()  # what the build warned about, as `topic: message`


def build_editions(
    sources: list[Path],
    project_dir: Path,
    out: Path,
    formats: tuple[str, ...] = ("epub", "pdf"),
    **overrides: object,
) -> dict[str, Edition]:
    """Build `sources` with the config of `project_dir` into `out`, at the fixed build time."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.chdir(project_dir)
        config = config_module.load(project_dir, out_dir=out, **overrides)
        results = batch.build(sources, config, formats)
        errors = [str(r.error) for r in results if r.error is not None]
        assert not errors, errors
        return {
            pipeline.slug_for(r.source): Edition(
                r.source,
                prepare_document(r.source, config),
                out / f"{pipeline.slug_for(r.source)}.epub",
                out / f"{pipeline.slug_for(r.source)}.pdf",
                tuple(w.text() for w in r.warnings),
            )
            for r in results
        }
