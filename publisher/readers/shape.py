"""Measures each line of a scraped page by evidence that needs no word list.

Length, the share of the language's stopwords, sentence punctuation, capitals, digits,
repetition on the page and script tell a paragraph from a menu item, a headline, a widget or
a footer in any language; the reader's rules are written against these measures.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from publisher.readers.lines import fold, script_of, scripts
from publisher.readers.segment import TERMINALS, Line, ends_sentence
from publisher.readers.stoplists import words

# Scripts written without spaces between words: a run of letters is several words, and each
# letter carries as much as a short Latin word does.
_UNSPACED = {
    "CJK": 3,
    "HIRAGANA": 3,
    "KATAKANA": 3,
    "THAI": 1,
    "KHMER": 1,
    "MYANMAR": 1,
    "LAO": 1,
    "TIBETAN": 1,
}
_WEIGHT = {"HANGUL": 2, "ETHIOPIC": 2, **_UNSPACED}
# Web and mail addresses: their parts are not words of the language (nor of any other).
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_SENTENCE = re.compile(rf"[{re.escape(TERMINALS)}]+[\"'”’»)\]]*(?:\s|$)|፡፡")


@dataclass(frozen=True, slots=True)
class Shape:
    words: int  # words, or for unspaced scripts an estimate from the letters
    length: int  # characters, weighted by script so that one threshold fits all scripts
    stop: float | None  # share of words that are the page language's stopwords; None: no list
    final: bool  # ends with sentence punctuation
    sentences: int  # sentence ends within the line
    capitals: float  # share of cased words that start with a capital
    digits: float  # share of digits among letters and digits
    repeats: int  # how many lines of the page read the same
    foreign: bool  # written in another script than the article's
    script: str | None  # the line's own main script


def letters_by_script(text: str) -> Counter[str]:
    """How many letters of each script a text has."""
    if text.isascii():  # the common case, without a look-up per character
        return Counter({"LATIN": sum(map(str.isalpha, text))}) if text else Counter()
    return scripts(text)


def main_script(lines: list[Line]) -> str | None:
    """The script of the article: the one with most letters in the page's longer lines."""
    counts: Counter[str] = Counter()
    for line in lines:
        weight = 3 if len(line.text) >= 80 else 1
        for script, n in letters_by_script(line.text).items():
            counts[script] += weight * n
    counts = +counts
    return counts.most_common(1)[0][0] if counts else None


def _measure(
    line: Line, stoplists: list[frozenset[str]], script: str | None, repeats: int
) -> Shape:
    text = _ADDRESS.sub(" ", line.text)
    letters = +letters_by_script(text)
    own = letters.most_common(1)[0][0] if letters else None
    alpha = sum(map(str.isalpha, text))
    length = sum(_WEIGHT.get(s, 1) * n for s, n in letters.items())
    length += len(text) - alpha - text.count(" ")  # digits and punctuation count as they are
    tokens = words(text)
    count = sum(max(1, len(t) // 2) if script_of(t[0]) in _UNSPACED else 1 for t in tokens)
    cased = [t for t in text.split() if t[:1].isalpha() and t[0].lower() != t[0].upper()]
    alnum = sum(map(str.isalnum, text))
    stop = None
    if stoplists:  # the share in whichever of the page's languages the line is written in
        stop = (
            max(sum(1 for t in tokens if t in s) for s in stoplists) / len(tokens)
            if tokens
            else 0.0
        )
    return Shape(
        words=count,
        length=length,
        stop=stop,
        final=ends_sentence(text),
        sentences=len(_SENTENCE.findall(text)),
        capitals=sum(1 for t in cased if t[0].isupper()) / len(cased) if cased else 0.0,
        digits=sum(map(str.isdigit, text)) / alnum if alnum else 0.0,
        repeats=repeats,
        foreign=bool(script and letters and script not in letters),
        script=own,
    )


def measure(lines: list[Line], stoplists: list[frozenset[str]], script: str | None) -> list[Shape]:
    """The shape of every line, in order."""
    counts = Counter(fold(line.text) for line in lines)
    return [_measure(line, stoplists, script, counts[fold(line.text)]) for line in lines]
