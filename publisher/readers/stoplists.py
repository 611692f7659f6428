"""Finds the stopword list of a page's language among the ~100 that jusText ships.

The share of a line's words that are the language's commonest function words tells prose from
menus and headlines in any language that has a list. The page's language is told by CLD3 on
its longer lines; with no confident answer, the list that covers most of those words is used.
Languages with no list (Somali, Amharic, Chinese, ...) get none, and the reader falls back on
shape alone, as jusText does in its language-independent mode.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from publisher import languages

# CLD3 codes whose English language name is not the name of jusText's list.
_ALIASES = {
    "fil": "Tagalog",
    "iw": "Hebrew",
    "he": "Hebrew",
    "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk",
    "fy": "West_Frisian",
    "ht": "Haitian",
    "prs": "Persian",
    "pnb": "Western_Panjabi",
}
# Language code -> jusText's list, as CLDR's English name spelled as a file name ("Norwegian
# Bokmål" -> Norwegian_Bokmal). Written out, not read from CLDR at each start: loading the
# English locale's names costs more than reading a page. A test checks it against CLDR.
LISTS = {
    "af": "Afrikaans",
    "an": "Aragonese",
    "ar": "Arabic",
    "ast": "Asturian",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "ceb": "Cebuano",
    "cs": "Czech",
    "cv": "Chuvash",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "io": "Ido",
    "is": "Icelandic",
    "it": "Italian",
    "jv": "Javanese",
    "ka": "Georgian",
    "kk": "Kazakh",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lah": "Western_Panjabi",
    "lb": "Luxembourgish",
    "lmo": "Lombard",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "nap": "Neapolitan",
    "nb": "Norwegian_Bokmal",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "oc": "Occitan",
    "pl": "Polish",
    "pms": "Piedmontese",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "rup": "Aromanian",
    "scn": "Sicilian",
    "sgs": "Samogitian",
    "sh": "Serbo_Croatian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "su": "Sundanese",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
    "vo": "Volapuk",
    "wa": "Walloon",
    "yo": "Yoruba",
}
FUNCTION_WORDS = 100
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _one_yeh(text: str) -> str:
    # Arabic and Persian spell yeh and kaf differently, and sites mix them: fold to one form.
    return text.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک")


def words(text: str) -> list[str]:
    """The line's words, lower-cased and with one yeh and kaf, as the lists are looked up.

    The letters are folded in the whole line at once, not word by word: they are uncased,
    and each is a letter either way, so the words found are the same. Case is folded word by
    word, as before: folding it first would split a Turkish word at İ (its fold ends in a
    combining dot, which is not a word character)."""
    return [w.casefold() for w in _WORD.findall(_one_yeh(text))]


def _folder() -> Path | None:
    # find_spec locates the package without importing it: jusText's own import pulls in lxml's
    # HTML cleaner, which the reader has no use for.
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@cache
def _names() -> tuple[str, ...]:
    folder = _folder()
    return tuple(sorted(p.stem for p in folder.glob("*.txt"))) if folder else ()


@cache
def _read(name: str) -> tuple[str, ...]:
    # One word a line, commonest first; the lists are read one at a time, as a page needs them.
    path = _folder() / f"{name}.txt"  # type: ignore[operator]
    return tuple(_one_yeh(path.read_text(encoding="utf-8").casefold()).split())


@cache
def _load(name: str) -> frozenset[str]:
    return frozenset(_read(name))


@cache
def _top(name: str) -> frozenset[str]:
    """The language's commonest hundred words: its function words. The whole lists, drawn
    from Wikipedia, also hold common nouns and names ("Mansour", "Iran")."""
    return frozenset(_read(name)[:FUNCTION_WORDS])


def _name_of(code: str) -> str | None:
    """jusText's name for a language code."""
    base = code.split("-")[0].casefold()
    return _ALIASES.get(base) or LISTS.get(base)


def lists_from_cldr() -> dict[str, str]:
    """What LISTS should hold: each code whose CLDR English name is a jusText list's."""
    from babel import Locale

    names = set(_names())
    found: dict[str, str] = {}
    for code, english in sorted(Locale("en").languages.items()):
        if "_" in code or len(code) > 3:
            continue
        ascii_name = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
        name = re.sub(r"[\s-]+", "_", ascii_name.strip())
        if name in names:
            found.setdefault(code, name)
    return found


def _best_covering(counts: Counter[str]) -> str | None:
    """The list that covers most of the words, if it covers a good share of them."""
    total = sum(counts.values())
    if not total or not _names():
        return None
    best = max(_names(), key=lambda n: sum(c for w, c in counts.items() if w in _load(n)))
    covered = sum(c for w, c in counts.items() if w in _load(best)) / total
    return best if covered >= 0.3 else None


@dataclass(frozen=True, slots=True)
class Languages:
    """What the reader knows of a page's languages."""

    code: str | None  # the language most of its longer lines are in (CLD3), if CLD3 is sure
    stoplists: tuple[frozenset[str], ...]  # one per language its longer lines are written in
    function_words: frozenset[str]  # the commonest words of those languages


def languages_of(lines: list[str]) -> Languages:
    """The languages of a page's longer lines, read in four parts: a bilingual page, an
    English statement with its Portuguese translation under it, has two stoplists."""
    long = [line for line in lines if len(line) >= 60] or lines
    size = -(-len(long) // 4)  # a quarter, rounded up
    found: dict[str, int] = {}
    for chunk in (long[k : k + size] for k in range(0, len(long), size)):
        sample = " ".join(chunk)[:3000]
        code = languages.identify(sample, reliable=True) if sample.strip() else None
        if code is not None:
            found[code] = found.get(code, 0) + len(sample)
    if not found:
        name = _best_covering(Counter(words(" ".join(long)[:3000])))
        return Languages(None, (_load(name),) if name else (), _top(name) if name else frozenset())
    ranked = sorted(found, key=lambda c: -found[c])
    names = [n for n in (_name_of(code) for code in ranked) if n in _names()]
    function = frozenset().union(*(_top(n) for n in names))
    return Languages(ranked[0], tuple(_load(n) for n in names), function)
