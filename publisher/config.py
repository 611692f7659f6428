"""Builds the BuildConfig from defaults, the project's pyproject.toml and CLI flags.

This is the one module that reads the environment or a config file. Each field says which
editions it concerns (`affects`): that is what makes an edition stale when the field changes,
so a new field cannot silently stay out of the freshness key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from publisher import languages
from publisher.errors import ConfigError, ConfigErrors


class Format(StrEnum):
    EPUB = "epub"
    PDF = "pdf"


class PdfVariant(StrEnum):
    """PDF/UA-1 (tagged, accessible) by default; PDF/A-3b for archives; none claims nothing."""

    UA1 = "pdf/ua-1"
    A3B = "pdf/a-3b"
    NONE = "none"


class PageSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


FORMATS = tuple(f.value for f in Format)
PDF_VARIANTS = tuple(v.value for v in PdfVariant)
PAGE_SIZES = tuple(p.value for p in PageSize)

ALL = ("epub", "pdf")  # a field every edition is made from
NONE: tuple[str, ...] = ()  # a field that changes how a build runs, not what it makes


def _affects(formats: tuple[str, ...]) -> dict[str, Any]:
    return {"affects": formats}


@dataclass(frozen=True, slots=True)
class BuildConfig:
    project_dir: Path = field(default_factory=Path.cwd, metadata=_affects(NONE))
    publication: str | None = field(default=None, metadata=_affects(ALL))
    # Language tag (or "default") -> house disclaimer text.
    disclaimers: Mapping[str, str] = field(default_factory=dict, metadata=_affects(ALL))
    language: str = field(default="en", metadata=_affects(ALL))
    page_size: str = field(default="A4", metadata=_affects(("pdf",)))
    # Carry the house fonts inside EPUBs; off by default, so readers' own fonts apply.
    epub_embed_fonts: bool = field(default=False, metadata=_affects(("epub",)))
    pdf_variant: str = field(default="pdf/ua-1", metadata=_affects(("pdf",)))
    # Printed on both sides: each article of a brief starts on a right-hand page.
    pdf_duplex: bool = field(default=False, metadata=_affects(("pdf",)))
    out_dir: Path = field(default=Path("dist"), metadata=_affects(NONE))
    # What `build` makes when no --format is given.
    formats: tuple[str, ...] = field(default=FORMATS, metadata=_affects(NONE))
    # From SOURCE_DATE_EPOCH when set, so that rebuilds are reproducible; an input of every
    # edition only then (see `build_time_fixed`), or every build would make new editions.
    build_time: datetime = field(default_factory=lambda: datetime.now(UTC), metadata=_affects(NONE))
    # Let unexpected errors raise with their traceback instead of becoming one line.
    debug: bool = field(default=False, metadata=_affects(NONE))
    # A manuscript whose reading raised a warning (no title, two bylines...) fails.
    strict: bool = field(default=False, metadata=_affects(ALL))
    # True when SOURCE_DATE_EPOCH fixed build_time: then it is an input of every edition.
    build_time_fixed: bool = field(default=False, metadata=_affects(NONE))
    # Articles are kilobytes; a limit keeps a mistaken dump from taking the machine.
    max_manuscript_bytes: int = field(default=5_000_000, metadata=_affects(ALL))
    # A pool worker's memory ceiling in MiB; None: a share of the machine's memory.
    max_worker_mb: int | None = field(default=None, metadata=_affects(NONE))

    def disclaimer_for(self, language: str | None) -> str | None:
        """The house disclaimer in the article's language, if the house has one."""
        tags = [*(languages.candidates(language) if language else []), "default"]
        lowered = {k.lower(): v for k, v in self.disclaimers.items()}
        return next((lowered[t] for t in tags if t in lowered), None)

    def key_for(self, fmt: str) -> dict[str, Any]:
        """The fields an edition in `fmt` is made from, for its freshness key."""
        part = {f.name: getattr(self, f.name) for f in fields(self) if fmt in f.metadata["affects"]}
        part["disclaimers"] = dict(sorted(dict(self.disclaimers).items()))
        if self.build_time_fixed:  # SOURCE_DATE_EPOCH set: a new epoch is a new edition
            part["build_time"] = self.build_time.isoformat()
        return part


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


def _disclaimers(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"default": value}
    if isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    raise ValueError("disclaimer must be a string or a table of language = text")


def _choice(name: str, options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        matches = [o for o in options if str(value).lower() == o.lower()]
        if not matches:
            raise ValueError(f"{name} {value!r} is not one of {', '.join(options)}")
        return matches[0]

    return parse


def _string(name: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        return value

    return parse


def _flag(name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        return value

    return parse


def _megabytes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"max_manuscript_mb must be a positive number, not {value!r}")
    return int(value * 1_000_000)


def _mebibytes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 64:
        raise ValueError(f"max_worker_mb must be a whole number of MiB, 64 or more, not {value!r}")
    return value


def _formats(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError('formats must be a list such as ["epub", "pdf"]')
    parse = _choice("format", FORMATS)
    return tuple(dict.fromkeys(parse(v) for v in value))


# [tool.publisher] key -> (BuildConfig field, parser). Each parser raises ValueError.
_KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "publication": ("publication", _string("publication")),
    "disclaimer": ("disclaimers", _disclaimers),
    "language": ("language", _string("language")),
    "page_size": ("page_size", _choice("page_size", PAGE_SIZES)),
    "pdf_variant": ("pdf_variant", _choice("pdf_variant", PDF_VARIANTS)),
    "max_manuscript_mb": ("max_manuscript_bytes", _megabytes),
    "epub_embed_fonts": ("epub_embed_fonts", _flag("epub_embed_fonts")),
    "pdf_duplex": ("pdf_duplex", _flag("pdf_duplex")),
    "formats": ("formats", _formats),
    "max_worker_mb": ("max_worker_mb", _mebibytes),
}


def pdf_variant_named(value: Any, where: Path | str) -> str:
    """One of PDF_VARIANTS, whatever the case it was written in."""
    try:
        return _choice("pdf_variant", PDF_VARIANTS)(value)
    except ValueError as e:
        raise ConfigError(str(e), where) from e


def _table(pyproject: Path) -> dict[str, Any]:
    if not pyproject.is_file():
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"not valid TOML ({e}); fix the file", pyproject) from e
    section = data.get("tool", {}).get("publisher", {})
    if not isinstance(section, dict):
        raise ConfigError("[tool.publisher] must be a table", pyproject)
    return section


def _parse(table: dict[str, Any], pyproject: Path) -> dict[str, Any]:
    """The fields the table sets; every mistake in it is reported, not only the first."""
    errors: list[ConfigError] = []
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        errors.append(
            ConfigError(
                f"unknown key(s) in [tool.publisher]: {', '.join(unknown)}; "
                f"known keys are {', '.join(sorted(_KEYS))}",
                pyproject,
            )
        )
    values: dict[str, Any] = {}
    for key, raw in table.items():
        if key not in _KEYS:
            continue
        name, parse = _KEYS[key]
        try:
            values[name] = parse(raw)
        except ValueError as e:
            errors.append(ConfigError(f"[tool.publisher] {e}", pyproject))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ConfigErrors(errors)
    return values


def load(project_dir: Path | None = None, **overrides: Any) -> BuildConfig:
    """Read `[tool.publisher]` from the project's pyproject.toml; overrides come from the CLI."""
    project_dir = (project_dir or Path.cwd()).resolve()
    pyproject = project_dir / "pyproject.toml"
    values = _parse(_table(pyproject), pyproject)
    config = BuildConfig(
        project_dir=project_dir,
        out_dir=project_dir / "dist",
        build_time=_build_time(),
        build_time_fixed=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
        **values,
    )
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})
