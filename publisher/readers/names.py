"""Tells who wrote a scraped page: bylines, wire credits, signatures and statements' issuers.

A name is found by shape where the script has capitals (two to five capitalised words, an
initial between them) and between a role and a function word where it has none; a line of
roles, offices, desks or widget text names nobody. The phrases that introduce a byline or a
credit are in `cues`.
"""

from __future__ import annotations

import re

from publisher.readers import cues, dates
from publisher.readers.lines import script_of
from publisher.readers.segment import ends_sentence

_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "van",
    "von",
    "der",
    "de",
    "da",
    "di",
    "du",
    "la",
    "le",
    "del",
    "dos",
    "das",
    "ter",
    "ten",
    "y",
    "e",
    "ben",
    "abu",
    "ul",
    "ud",
    "zu",
}
_UNSPACED = {"CJK", "HIRAGANA", "KATAKANA"}
_INITIAL = re.compile(r"^[^\W\d_]\.$")
# Role words as a pattern that matches whole words only.
_ROLE = re.compile(rf"(?<!\w){cues.ROLE}(?!\w)", re.IGNORECASE)
# A suffix glued after an apostrophe, as Turkish writes case endings: "Kirby’ye" is Kirby.
_SUFFIX = re.compile(r"['’][a-zçğıöşü]+$")


def _has_case(word: str) -> bool:
    """Written in a script that marks names with capitals (Georgian has capitals in Unicode,
    but is not written with them)."""
    return any(
        ch.isalpha() and script_of(ch) in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN") for ch in word
    )


def _is_org(words: list[str]) -> bool:
    return any(w.casefold().strip('.,:;"“”«»') in cues.ORGANISATION_WORDS for w in words)


def looks_like_person_name(text: str, stop: frozenset[str] = frozenset()) -> bool:
    """Two to five words, no digits or sentence marks, capitalised where the script has case;
    no word of an organisation, a desk or a role, nor (uncased scripts) a function word."""
    words = text.split()
    letters = [script_of(ch) for ch in text if ch.isalpha()]
    if letters and all(s in _UNSPACED for s in letters) and len(words) == 1:
        return 2 <= len(text) <= 4  # 李明: a Chinese name is two to four characters
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    if any(ch.isdigit() for ch in text) or re.search(r"[!?:;\"“”«»()/|@#.,،؟]$", text):
        return False
    if (
        re.search(r"[!?:;\"“”«»()/|@#]", text)
        or _is_org(words)
        or _ROLE.search(text)
        or cues.UNIT.search(text)
    ):
        return False
    cased = [w for w in words if _has_case(w[0])]
    if not cased:  # Arabic, Georgian...: no capitals to go by; no function word either
        return not any(w.casefold() in stop for w in words)
    return all(w[0].isupper() or w.casefold() in _PARTICLES or "-" in w for w in cased)


def name_case(name: str) -> str:
    """AP-style capitals ("JOHN SMITH") as the name is spelled ("John Smith")."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters) and len(name.split()) > 1:
        return " ".join(
            w.capitalize() if w.casefold() not in _PARTICLES else w.lower() for w in name.split()
        )
    return name


def split_names(text: str, stop: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Names in a byline, with the outlet ("By A and B, Reuters") and roles left out."""
    text = re.split(r"\s+[|–—]\s+|\s+-\s+", text)[0]
    parts = [p.strip(" .") for p in cues.NAME_JOINERS.split(text) if p and p.strip(" .")]
    names: list[str] = []
    for part in parts:
        # "Jane Doe in Kisumu", "مریم سلطانی در ۱۴ اسفند": the name ends at a function word.
        words = part.split()
        if any(w.casefold().strip(".,") in cues.ROLE_WORDS for w in words):
            continue  # "Local Democracy Reporter": a position, not a second author
        cut = next(
            (
                i
                for i, w in enumerate(words)
                if i >= 2 and ((w.casefold() in stop and not w[:1].isupper()) or _is_org([w]))
            ),
            len(words),
        )
        part = " ".join(words[:cut])
        if looks_like_person_name(part, stop):
            names.append(name_case(part))
    return tuple(names)


def byline_names(text: str, stop: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The authors a byline or wire credit names; None if the line is neither. "By VOA News"
    is a byline that names nobody: ()."""
    credits = list(cues.CREDIT_CLAUSE.finditer(text))
    if credits and cues.CREDIT_START.match(text.strip()):
        found: list[str] = []
        for m in credits:
            if m.group("role").casefold().split()[-1] in cues.AUTHOR_ROLES:
                found += split_names(m.group("names"), stop)
        return tuple(found)
    if len(text.split()) > 20:
        return None
    for pattern in cues.BYLINE_PATTERNS:
        said = pattern.match(text.strip())
        if not said:
            continue
        part = re.split(r"\s+[|]\s+", said.group("names"))[0]
        when = dates.search(part)
        if when:  # "By A, March 3, 2020": the date is not a name
            part = part[: when[1]].rstrip(" ,،-–—")
        names = split_names(part, stop)
        if names:
            return names
        # "By VOA News" credits an organisation: a byline with no person in it. "By
        # nightfall the harbour was empty" names nobody either: it is a sentence.
        words = part.split()
        return () if _is_org(words) and len(words) <= 6 else None
    return None


def _run_after(text: str, stop: frozenset[str]) -> str | None:
    """The name that opens `text`: capitalised words and initials, or in an uncased script
    the words before the first function word."""
    words = text.strip(" ,:،").split()
    taken: list[str] = []
    for word in words[:5]:
        bare = _SUFFIX.sub("", word.strip(",:;.،")) if not _INITIAL.match(word) else word
        if _has_case(word[0]):
            if not (word[0].isupper() or _INITIAL.match(word)) or _is_org([bare]):
                break
        elif word.casefold() in stop or _is_org([bare]):
            break
        taken.append(bare)
        initial = bool(_INITIAL.match(word))
        if (bare != word.strip(",:;.،") and not initial) or word.endswith((",", ":", "،")):
            break  # a suffix or a comma ends the name
    if not taken or (len(taken) == 1 and len(taken[0]) < 3):
        return None
    return " ".join(taken)


def issuer_names(text: str, stop: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """Who issues a statement, a readout or a message that names them by role: "Statement by
    Secretary X", "بیانیه وزیر امور خارجه X", "attributable to Spokesperson X:". () when the
    role has no name after it ("Statement by the President"); None if the line is neither."""
    if len(text.split()) > 30 or ends_sentence(text):
        return None  # a sentence that mentions a statement is not its heading
    stated = cues.STATEMENT.search(text) or cues.ATTRIBUTION.search(text)
    roles = list(_ROLE.finditer(text))
    # "Secrétaire d’État, Michael R. Pompeo": a role, a comma, a name.
    leads = (
        bool(roles)
        and roles[0].start() == 0
        and len(text.split()) <= 8
        and text[roles[0].end() :].startswith(",")
    )
    if not roles or not (stated or leads):
        return None
    name = _run_after(text[roles[-1].end() :], stop)
    return (name,) if name else ()


def credit_names(text: str) -> tuple[str, ...] | None:
    """The reporter a closing credit names ("VOA reporter X prepared this report"), or None."""
    m = cues.PREPARED_BY.match(text.strip())
    if not m:
        return None
    runs: list[list[str]] = [[]]
    for word in m.group("names").split():
        capital = word[0].isupper() and not word.isupper() and "-" not in word
        if capital and not _is_org([word]):
            runs[-1].append(word.strip(",."))
        elif runs[-1]:
            runs.append([])
    found = [run for run in runs if len(run) >= 2]
    return (" ".join(found[-1]),) if found else ()
