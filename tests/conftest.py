"""Shared fixtures: the repository, throw-away projects, and one build of the sample manuscripts."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import EPOCH, FIXTURES, REPO_ROOT, Edition, Project, build_editions, sample_manuscripts
from shelf_helpers import Shelf, build_shelf, make_project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite manuscripts/*.golden.json from the current output.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI points the root logger at its (test) stderr; give other tests theirs back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _fixed_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test builds at the same instant unless it says otherwise."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty project (no house disclaimer) that is the current directory."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    made = Project(root)
    made.configure('publication = "The Test Desk"\nlanguage = "en"')
    return made


@pytest.fixture(scope="session")
def sample_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Edition]:
    """Every sample manuscript built once, EPUB and PDF, with the repository's config."""
    out = tmp_path_factory.mktemp("dist")
    return build_editions(sample_manuscripts(), REPO_ROOT, out)


@pytest.fixture(scope="session")
def persian_edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    """A right-to-left edition: the signed Persian message, built in its own project."""
    root = tmp_path_factory.mktemp("persian")
    (root / "pyproject.toml").write_text(
        '[tool.publisher]\npublication = "The Test Desk"\n', encoding="utf-8"
    )
    source = root / "nowruz.txt"
    source.write_bytes((FIXTURES / "corpus" / "05-fa-nowruz-signed-message.txt").read_bytes())
    return build_editions([source], root, root / "dist")["nowruz"]


@pytest.fixture(scope="session")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Shelf:
    """The catalogue's shelf (tests/shelf_helpers.py): every script, a collection; built once."""
    return build_shelf(make_project(tmp_path_factory.mktemp("shelf")))
