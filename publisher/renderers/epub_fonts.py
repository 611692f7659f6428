"""The house fonts an EPUB carries when the config embeds them: only the faces its scripts need."""

from __future__ import annotations

from lxml import etree

from publisher import languages
from publisher.renderers import cover
from publisher.styles import StyleSet

_LATIN_FACES = (
    "NotoSerif-Regular.ttf",
    "NotoSerif-Italic.ttf",
    "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)
# Latin words in a Persian or Georgian edition (a name, an acronym) are set upright.
_LATIN_UPRIGHT = ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf")
_SCRIPT_FACES = {
    "arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "georgian": ("NotoSerifGeorgian-Regular.ttf", "NotoSerifGeorgian-Bold.ttf"),
}


def font_files(language: str, shown: str) -> list[str]:
    """The house font files this edition's scripts need, and no others."""
    main = (
        "arabic"
        if languages.is_arabic_script(language)
        else "georgian"
        if languages.primary(language) == "ka"
        else "latin"
    )
    scripts = {cover.face_script(c) for c in shown} | {main}
    files: list[str] = []
    for script in ("arabic", "georgian"):
        if script in scripts:
            files += _SCRIPT_FACES[script]
    if "latin" in scripts:
        files += _LATIN_FACES if main == "latin" else _LATIN_UPRIGHT
    return files


def fonts(styles: StyleSet, language: str, pages: list[bytes]) -> list[tuple[str, str, str, bytes]]:
    """The book's font files and the @font-face rules that name them (from the house
    epub-fonts.css), as (id, file name, media type, bytes)."""
    shown = "".join("".join(etree.fromstring(page).itertext()) for page in pages)
    files = font_files(language, shown)
    rules = [face.rule for face in styles.font_faces("css/epub-fonts.css") if face.file in files]
    css = (
        "/* House fonts (SIL Open Font License 1.1), only the faces this edition needs. */\n"
        + "\n".join(rules)
        + "\n"
    )
    faces = [
        (f"font-{n}", f"fonts/{name}", "font/ttf", styles.read(f"fonts/{name}"))
        for n, name in enumerate(files, start=1)
    ]
    return [("fonts-css", "css/fonts.css", "text/css", css.encode()), *faces]
