"""Build configuration from `[tool.publisher]` and the environment."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher import config as config_module
from publisher.errors import EXIT_CONFIG, ConfigError

from helpers import Project


def test_keys_are_read(project: Project) -> None:
    project.configure(
        'publication = "The Test Desk"\ndisclaimer = "House words."\n'
        'language = "ru"\npage_size = "Letter"'
    )
    config = project.config()
    assert config.publication == "The Test Desk"
    assert config.disclaimer_for("ru") == "House words."
    assert config.disclaimer_for(None) == "House words."
    assert config.language == "ru"
    assert config.page_size == "Letter"
    assert config.project_dir == project.root.resolve()


def test_defaults_without_a_table(tmp_path: Path) -> None:
    config = config_module.load(tmp_path)
    assert config.publication is None
    assert config.disclaimer_for("en") is None
    assert config.language == "en"
    assert config.page_size == "A4"
    assert config.out_dir == tmp_path.resolve() / "dist"


def test_disclaimer_table(project: Project) -> None:
    project.configure('[tool.publisher.disclaimer]\nen = "English."\nfa = "فارسی."')
    config = project.config()
    assert config.disclaimer_for("en") == "English."
    assert config.disclaimer_for("en-GB") == "English."
    assert config.disclaimer_for("fa") == "فارسی."
    assert config.disclaimer_for("prs") == "فارسی."
    assert config.disclaimer_for("de") is None


def test_page_size_is_case_insensitive(project: Project) -> None:
    project.configure('page_size = "letter"')
    assert project.config().page_size == "Letter"


def test_unknown_keys_are_all_named(project: Project) -> None:
    project.configure('publication = "X"\npagesize = "A4"\nlanguages = "en"\ntheme = "dark"')
    with pytest.raises(ConfigError) as caught:
        project.config()
    message = str(caught.value)
    for key in ("pagesize", "languages", "theme"):
        assert key in message
    assert "pyproject.toml" in message
    assert caught.value.exit_code == EXIT_CONFIG == 3


@pytest.mark.parametrize("size", ['"A5"', '"Legal"', "4"])
def test_bad_page_size(project: Project, size: str) -> None:
    project.configure(f"page_size = {size}")
    with pytest.raises(ConfigError, match="page_size"):
        project.config()


@pytest.mark.parametrize(
    ("table", "word"),
    [
        ('disclaimer = ["a", "b"]', "disclaimer"),
        ("publication = 3", "publication"),
        ('language = ["en"]', "language"),
    ],
)
def test_wrong_value_types(project: Project, table: str, word: str) -> None:
    project.configure(table)
    with pytest.raises(ConfigError, match=word):
        project.config()


def test_invalid_toml(project: Project) -> None:
    project.write("pyproject.toml", '[tool.publisher]\npublication = "unclosed\n')
    with pytest.raises(ConfigError) as caught:
        project.config()
    assert "pyproject.toml" in str(caught.value)
    assert "TOML" in str(caught.value)


def test_source_date_epoch_sets_the_build_time(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710374400")
    assert project.config().build_time == datetime(2024, 3, 14, tzinfo=UTC)


def test_build_time_is_now_without_source_date_epoch(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    built = project.config().build_time
    assert before <= built <= datetime.now(UTC)


def test_bad_source_date_epoch(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        project.config()


def test_config_is_frozen(project: Project) -> None:
    config = project.config()
    with pytest.raises(AttributeError):
        config.page_size = "Letter"  # type: ignore[misc]


def test_overrides_win(project: Project, tmp_path: Path) -> None:
    config = project.config(out_dir=tmp_path / "out", formats=("epub",))
    assert config.out_dir == tmp_path / "out"
    assert config.formats == ("epub",)


def test_every_mistake_is_reported_at_once(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.configure('page_size = "B5"\npdf_variant = "pdf/x"\nlanguage = 3\ncolour = "red"')
    with pytest.raises(ConfigError) as caught:
        project.config()
    lines = caught.value.lines()
    assert len(lines) == 4
    for word in ("colour", "page_size", "pdf_variant", "language"):
        assert sum(word in line for line in lines) >= 1, (word, lines)
    assert all(line.startswith("pyproject.toml: ") for line in lines)  # the cwd is the project


def test_the_cli_prints_each_config_mistake_on_its_own_line(project: Project) -> None:
    from typer.testing import CliRunner

    from publisher.cli import app

    project.configure('page_size = "B5"\nepub_embed_fonts = "yes"')
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == EXIT_CONFIG
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "page_size" in lines[0] and "epub_embed_fonts" in lines[1]


def test_formats_key_sets_what_build_makes(project: Project) -> None:
    from typer.testing import CliRunner

    from publisher.cli import app

    project.configure('formats = ["epub"]\nlanguage = "en"')
    assert project.config().formats == ("epub",)
    project.write("manuscripts/a.md", "---\ntitle: A\n---\n\nThe council met on Monday.\n")
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (project.root / "dist").glob("a.*")) == [".epub"]
    project.configure('formats = ["mobi"]')
    with pytest.raises(ConfigError, match="mobi"):
        project.config()


def test_every_field_says_which_editions_it_concerns() -> None:
    """The freshness key is derived from the fields, so none can be left out of it."""
    for field in dataclasses.fields(config_module.BuildConfig):
        assert set(field.metadata["affects"]) <= {"epub", "pdf"}, field.name
    config = config_module.BuildConfig(page_size="Letter")
    assert "page_size" in config.key_for("pdf") and "page_size" not in config.key_for("epub")
    assert "epub_embed_fonts" in config.key_for("epub")
    assert "publication" in config.key_for("epub") and "publication" in config.key_for("pdf")
