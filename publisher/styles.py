"""The styles of one build: templates, CSS, labels and fonts, looked up once and hashed.

A project's own `styles/` folder overrides the house styles file by file. A `StyleSet` is
made at the start of every build and passed down, never cached: editing `base.css` or
`labels.toml` between two builds of one process shows in the second. What is costly to make
from it (the parsed CSS, the Jinja environment) is cached by the files' digest, which
changes whenever a file does.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher import languages, memo

if TYPE_CHECKING:
    from jinja2 import Environment

HOUSE_STYLES = Path(__file__).resolve().parent / "styles"
if not HOUSE_STYLES.is_dir():  # a source checkout: styles/ sits beside publisher/
    HOUSE_STYLES = Path(__file__).resolve().parent.parent / "styles"

# The stylesheets each format links, in cascade order.
STYLESHEETS = {
    "epub": ("css/base.css", "css/epub.css"),
    "pdf": ("css/fonts.css", "css/base.css", "css/print.css"),
}
# Style files only one format reads: a change to them leaves the other format's editions fresh.
ONLY_FOR = {
    "pdf": ("templates/pdf/", "css/print.css", "css/fonts.css"),
    "epub": ("templates/epub/", "css/epub.css", "css/epub-fonts.css"),
    # The catalogue page's own files: editing them remakes the page, not the editions.
    "catalogue": ("templates/catalogue/", "css/catalogue.css", "js/"),
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FontFace:
    """One @font-face rule of a stylesheet: its family, its file, and the rule as written."""

    family: str
    file: str  # the font's file name in fonts/
    rule: str


@dataclass(frozen=True)
class StyleSet:
    """Every style file a build may use (the project's own winning), with their digests."""

    dirs: tuple[Path, ...]
    files: Mapping[str, Path]  # "css/base.css" -> the file that wins
    digests: Mapping[str, str]  # "css/base.css" -> its sha256
    label_table: Mapping[str, Mapping[str, str]]
    # Where what is made from these styles is kept between runs (see memo.py); None: nowhere.
    cache: Path | None = None

    def file(self, relative: str) -> Path:
        try:
            return self.files[relative]
        except KeyError:
            raise FileNotFoundError(f"styles/{relative}") from None

    def read(self, relative: str) -> bytes:
        return self.file(relative).read_bytes()

    def digest(self, fmt: str | None = None) -> str:
        """One hash over the files a format reads (all of them when `fmt` is None)."""
        return _digest(tuple(sorted(self.digests.items())), fmt)

    def labels(self, language: str) -> dict[str, str]:
        """Interface words (contents, page, about the author) in the edition's language."""
        merged = dict(self.label_table["en"])
        for tag in reversed(languages.candidates(language)):  # fa < prs: Dari words win
            merged.update(self.label_table.get(tag, {}))
        return merged

    def label_language(self, language: str, key: str) -> str:
        """The language a label is really in: the edition's, or English where it has none."""
        tags = languages.candidates(language)
        for candidate in tags:
            if key in self.label_table.get(candidate, {}):
                return language if candidate == tags[0] else candidate
        return "en"

    def environment(self) -> Environment:
        """The Jinja2 environment over the templates, made once per set of template files."""
        templates = {k: v for k, v in self.digests.items() if k.startswith("templates/")}
        return _environment(self.dirs, tuple(sorted(templates.items())), self.cache)

    def font_faces(self, stylesheet: str) -> list[FontFace]:
        """The @font-face rules of a stylesheet, read with tinycss2 (WeasyPrint's parser)."""
        return font_faces(self.file(stylesheet).read_text(encoding="utf-8"))


def style_dirs(project_dir: Path) -> tuple[Path, ...]:
    """Where styles are looked up: the project's own styles/ first, then the house styles."""
    own = project_dir / "styles"
    if own.is_dir() and own.resolve() != HOUSE_STYLES.resolve():
        return (own, HOUSE_STYLES)
    return (HOUSE_STYLES,)


def load(project_dir: Path, cache: Path | None = None) -> StyleSet:
    """Look every style file up and hash it (the files unchanged since the last run are not
    hashed again when there is a `cache`): once per build."""
    dirs = style_dirs(project_dir)
    files: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if "__pycache__" in relative or relative.endswith((".py", ".pyc")):
                continue
            files.setdefault(relative, path)
    digests = memo.digests(cache, files, _sha256)
    labels = tomllib.loads(files["labels.toml"].read_text(encoding="utf-8"))
    return StyleSet(dirs, files, digests, labels, cache)


@cache
def _digest(digests: tuple[tuple[str, str], ...], fmt: str | None) -> str:
    # Pure: the same file digests give the same answer, so it is worked out once per set.
    skip = tuple(
        p for other, prefixes in ONLY_FOR.items() if other != fmt and fmt for p in prefixes
    )
    digest = hashlib.sha256()
    for relative, file_digest in digests:
        if not relative.startswith(skip):
            digest.update(f"{relative}\0{file_digest}\0".encode())
    return digest.hexdigest()


@cache
def _environment(
    dirs: tuple[Path, ...], _templates: tuple[tuple[str, str], ...], cache: Path | None
) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loader = ChoiceLoader([FileSystemLoader(str(d / "templates")) for d in dirs])
    return Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
        # Compiling the templates costs a new process more than rendering them.
        bytecode_cache=memo.template_cache(cache, memo.code(sys.modules[__name__]))
        if cache
        else None,
    )


def _url(tokens: list[Any]) -> str | None:
    """The address in a `src` declaration: url(x) is one token, url("x") a function."""
    for token in tokens:
        if token.type == "url":
            return str(token.value)
        if token.type == "function" and token.lower_name == "url":
            return next((str(a.value) for a in token.arguments if a.type == "string"), None)
    return None


def font_faces(css: str) -> list[FontFace]:
    """The @font-face rules of a stylesheet's text."""
    import tinycss2

    faces: list[FontFace] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        family, url = "", None
        for decl in tinycss2.parse_blocks_contents(rule.content or [], skip_comments=True):
            if decl.type == "declaration" and decl.lower_name == "font-family":
                family = tinycss2.serialize(decl.value).strip().strip("\"'")
            elif decl.type == "declaration" and decl.lower_name == "src":
                url = _url(decl.value)
        if family:
            faces.append(FontFace(family, (url or "").rsplit("/", 1)[-1], rule.serialize()))
    return faces
