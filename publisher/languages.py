"""What publisher knows of languages and scripts, in one place: scripts, direction, fallbacks,
locales and digits.

Scripts are ISO 15924 codes ("Latn", "Arab", "Cyrl", "Geor", "Hang"...) from the Unicode
Script property (fontTools ships the table); digits, spaces and punctuation belong to no
script. Babel's CLDR data gives direction, date words, list words and numbering systems.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from typing import Any

# Languages written in Arabic script: their editions are set in Naskh, right to left, with
# Persian or Arabic punctuation spacing. styles/css/base.css lists the same tags (a test
# holds the two together).
ARABIC_SCRIPT = frozenset({"ar", "fa", "prs", "ps", "ur", "ckb", "sd", "ug"})
# Persian in Afghanistan (Dari) reads Persian words where the house has no Dari ones.
FALLBACKS = {"prs": "fa", "fa-af": "fa"}
_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})


def primary(language: str) -> str:
    """The language subtag: "fa" of "fa-IR", lower case."""
    return language.lower().replace("_", "-").split("-")[0]


def candidates(language: str) -> list[str]:
    """Tags to look a language up by, most specific first: fa-AF, fa, then its fallbacks."""
    tag = language.lower().replace("_", "-")
    found = [tag, primary(tag)]
    found += [FALLBACKS[t] for t in list(found) if t in FALLBACKS]
    return list(dict.fromkeys(found))


def is_arabic_script(language: str | None) -> bool:
    return bool(language) and primary(language or "") in ARABIC_SCRIPT


def is_persian(language: str | None) -> bool:
    return bool(language) and primary(language or "") in ("fa", "prs")


@cache
def script_of(char: str) -> str | None:
    """The ISO 15924 script of a character; None for digits, spaces and punctuation."""
    from fontTools import unicodedata

    script = unicodedata.script(char)
    return None if script in _NO_SCRIPT else script


def scripts(text: str) -> Counter[str]:
    """How many letters of each script a text has."""
    counts: Counter[str | None] = Counter(map(script_of, text))  # counted in C, not a loop
    counts.pop(None, None)
    return counts  # type: ignore[return-value]  # None, the one key not a str, is gone


def main_script(text: str) -> str | None:
    counts = scripts(text)
    return counts.most_common(1)[0][0] if counts else None


def direction(language: str | None, text: str = "") -> str:
    """rtl or ltr: the direction of the script the language is written in, else of the text's
    main script."""
    script = language_script(language) if language else None
    return "rtl" if is_rtl(script or main_script(text)) else "ltr"


def is_rtl(script: str | None) -> bool:
    """Whether a script (ISO 15924) runs right to left, by Unicode's data."""
    from fontTools import unicodedata

    return bool(script) and unicodedata.script_horizontal_direction(script, "LTR") == "RTL"


@cache
def language_script(language: str) -> str | None:
    """The script a language tag is written in: its own script subtag ("az-Arab"), else the
    one CLDR's likely subtags give ("fa" -> "Arab", "pa-PK" -> "Arab"), or its fallback's;
    None if unknown.

    The likely subtags are one table, where a locale's character order would load its whole
    CLDR data (and its root's): 50 ms on a build that formats no date.
    """
    from babel.core import get_global

    parts = language.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    likely: Any = get_global("likely_subtags")
    regions = [p.upper() for p in parts[1:] if len(p) in (2, 3)]
    # Dari ("prs"), which CLDR does not know, is written as Persian is.
    tags = [primary(t) for t in candidates(language)]
    for key in [f"{tags[0]}_{r}" for r in regions] + list(dict.fromkeys(tags)):
        full = likely.get(key)
        if full:
            found = next((p for p in full.split("_")[1:] if len(p) == 4), None)
            if found:
                return str(found)
    return None


def locale(language: str) -> str:
    """The Babel locale for a language tag: itself when CLDR knows it, else a fallback."""
    from babel import Locale, UnknownLocaleError

    for tag in (language, *candidates(language)[1:]):
        try:
            Locale.parse(tag.replace("-", "_"))
            return tag.replace("-", "_")
        except (UnknownLocaleError, ValueError):
            continue
    return "en"


def numbering(language: str) -> str:
    """The CLDR numbering system a language writes dates in ("arabext": Persian digits).

    Persian and Dari count in Persian digits, Egyptian Arabic in Arabic-Indic ones, and Arabic
    without a region, as CLDR has it, in Latin digits.
    """
    from babel import Locale, UnknownLocaleError

    for tag in candidates(language):
        try:
            return Locale.parse(tag.replace("-", "_")).default_numbering_system or "latn"
        except (UnknownLocaleError, ValueError):
            continue
    return "latn"


# The zero of each CLDR numbering system whose digits are one contiguous Unicode run.
_ZEROS = {
    "arab": 0x0660,
    "arabext": 0x06F0,
    "deva": 0x0966,
    "beng": 0x09E6,
    "tibt": 0x0F20,
    "mymr": 0x1040,
    "thai": 0x0E50,
    "khmr": 0x17E0,
}


def native_digits(text: str, language: str) -> str:
    """Latin digits as the language's own (Persian ۱۲۳ for fa), where its locale says so."""
    from babel import Locale

    zero = _ZEROS.get(Locale.parse(locale(language)).default_numbering_system or "latn")
    if zero is None:
        return text
    return text.translate(str.maketrans("0123456789", "".join(chr(zero + d) for d in range(10))))


def format_date(when: date, language: str) -> str:
    """A long date in the language's words and digits (Persian dates in Persian digits)."""
    from babel.dates import format_date as babel_format_date

    return native_digits(babel_format_date(when, "long", locale=locale(language)), language)


def format_names(names: tuple[str, ...], language: str) -> str:
    """Authors as the language lists them: "A, B and C", "A، B و C"."""
    from babel.lists import format_list

    return format_list(list(names), locale=locale(language)) if names else ""


# Tags CLDR names under another code: Dari is "fa_AF" in its tables.
_CLDR_NAMES = {"prs": "fa_AF"}


def language_name(language: str, in_language: str) -> str:
    """A language's name in another's words ("Persian", "فارسی", "Dari"); the tag itself
    where CLDR has no name for it."""
    from babel import Locale

    names = Locale.parse(locale(in_language)).languages
    tag = language.replace("-", "_")
    for key in (tag, _CLDR_NAMES.get(primary(language), ""), primary(language)):
        name = str(names.get(key) or "") if key else ""
        if name:
            return name[:1].upper() + name[1:]  # Russian names are lower case mid-sentence
    return language


@cache
def _identifier() -> Any:
    """Google's CLD3: its model is built into the package (no file, no network), it tells 107
    languages apart, Somali, Hausa and Uzbek among them, and reads Chinese unsegmented. Made
    once per process: it is the same model for every text."""
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4000)


# CLD3 still answers with a few withdrawn ISO 639 codes.
_WITHDRAWN = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}


def identify(text: str, reliable: bool = False) -> str | None:
    """The language a text is in (BCP-47), or None when CLD3 cannot tell; with `reliable`,
    only an answer CLD3 itself calls reliable."""
    found = _identifier().FindLanguage(" ".join(text.split()))
    language = str(found.language)
    if reliable and not found.is_reliable:
        return None
    # CLD3 calls an answer reliable from 0.7; a paragraph of Indonesian scores 0.6.
    if float(found.probability) < 0.5 or language == "und" or "-" in language:
        return None  # "-Latn" codes are romanised text, not a language to set
    return _WITHDRAWN.get(language, language)
