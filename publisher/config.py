"""Builds the BuildConfig from defaults, the project's pyproject.toml and CLI flags."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publisher.errors import ConfigError

PAGE_SIZES = ("A4", "Letter")
FORMATS = ("epub", "pdf")
# PDF/UA-1 (tagged, accessible) by default; PDF/A-3b for archives; "none" claims no standard.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "none")

# A Dari (prs) or Afghan Persian article takes the Persian (fa) house disclaimer.
_LANGUAGE_FALLBACKS = {"prs": "fa", "fa-af": "fa"}


@dataclass(frozen=True, slots=True)
class BuildConfig:
    project_dir: Path = field(default_factory=Path.cwd)
    publication: str | None = None
    # Language tag (or "default") -> house disclaimer text.
    disclaimers: Mapping[str, str] = field(default_factory=dict)
    language: str = "en"
    page_size: str = "A4"
    # Carry the house fonts inside EPUBs; off by default, so readers' own fonts apply.
    epub_embed_fonts: bool = False
    pdf_variant: str = "pdf/ua-1"
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = FORMATS
    # From SOURCE_DATE_EPOCH when set, so that rebuilds are reproducible.
    build_time: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Let unexpected errors raise with their traceback instead of becoming one line.
    debug: bool = False
    # A manuscript whose reading raised a warning (no title, two bylines...) fails.
    strict: bool = False
    # True when SOURCE_DATE_EPOCH fixed build_time: then it is an input of every edition.
    build_time_fixed: bool = False
    # Articles are kilobytes; a limit keeps a mistaken dump from taking the machine.
    max_manuscript_bytes: int = 5_000_000

    def disclaimer_for(self, language: str | None) -> str | None:
        """The house disclaimer in the article's language, if the house has one."""
        tags: list[str] = []
        if language:
            tag = language.lower()
            tags += [tag, tag.split("-")[0]]
            tags += [_LANGUAGE_FALLBACKS[t] for t in list(tags) if t in _LANGUAGE_FALLBACKS]
        tags.append("default")
        lowered = {k.lower(): v for k, v in self.disclaimers.items()}
        for tag in tags:
            if tag in lowered:
                return lowered[tag]
        return None


_KEYS = {"publication", "disclaimer", "language", "page_size", "pdf_variant",
         "max_manuscript_mb", "epub_embed_fonts"}


def _build_time() -> datetime:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError) as e:
        raise ConfigError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time; set it to whole seconds or unset it",
            "environment",
        ) from e


def _disclaimers(value: Any, where: Path) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"default": value}
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    raise ConfigError(
        "[tool.publisher] disclaimer must be a string or a table of language = text", where
    )


def pdf_variant_named(value: Any, where: Path | str) -> str:
    """One of PDF_VARIANTS, whatever the case it was written in."""
    matches = [v for v in PDF_VARIANTS if str(value).lower() == v]
    if not matches:
        raise ConfigError(
            f"pdf_variant {value!r} is not one of {', '.join(PDF_VARIANTS)}", where)
    return matches[0]


def _megabytes(value: Any, where: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"max_manuscript_mb must be a positive number, not {value!r}", where)
    return int(value * 1_000_000)


def load(project_dir: Path | None = None, **overrides: Any) -> BuildConfig:
    """Read `[tool.publisher]` from the project's pyproject.toml; overrides come from the CLI."""
    project_dir = (project_dir or Path.cwd()).resolve()
    pyproject = project_dir / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"not valid TOML ({e}); fix the file", pyproject) from e
        section = data.get("tool", {}).get("publisher", {})
        if not isinstance(section, dict):
            raise ConfigError("[tool.publisher] must be a table", pyproject)
        table = section
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key(s) in [tool.publisher]: {', '.join(unknown)}; "
            f"known keys are {', '.join(sorted(_KEYS))}",
            pyproject,
        )
    page_size = table.get("page_size", "A4")
    matches = [p for p in PAGE_SIZES if str(page_size).lower() == p.lower()]
    if not matches:
        raise ConfigError(
            f"page_size {page_size!r} is not one of {', '.join(PAGE_SIZES)}", pyproject
        )
    pdf_variant = pdf_variant_named(table.get("pdf_variant", "pdf/ua-1"), pyproject)
    for key in ("publication", "language"):
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"[tool.publisher] {key} must be a string", pyproject)
    if not isinstance(table.get("epub_embed_fonts", False), bool):
        raise ConfigError("[tool.publisher] epub_embed_fonts must be true or false", pyproject)
    config = BuildConfig(
        project_dir=project_dir,
        publication=table.get("publication"),
        disclaimers=_disclaimers(table.get("disclaimer"), pyproject),
        language=table.get("language", "en"),
        page_size=matches[0],
        epub_embed_fonts=table.get("epub_embed_fonts", False),
        pdf_variant=pdf_variant,
        out_dir=project_dir / "dist",
        build_time=_build_time(),
        build_time_fixed=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
        max_manuscript_bytes=_megabytes(table.get("max_manuscript_mb", 5), pyproject),
    )
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})
