"""Compare the body publisher keeps of saved web pages with trafilatura's own text.

usage: python benchmarks/bench_html_body.py FOLDER_OF_HTML_PAGES [--verbose]

For each page it prints the word-shingle agreement (4-word shingles, as
/work/shared/tools/body_f1.py counts them) between trafilatura's default `extract()` text and
publisher's body (paragraphs, headings other than the title, list items, quotes), and with
--verbose the lines trafilatura kept that publisher did not: what the newsroom passes took out
(bylines, bios, notices, chrome) or what its mapping lost. A body line lost that is the
article's own text is a defect of the passes.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import trafilatura

from publisher import config as config_module
from publisher import pipeline
from publisher.model import Heading, List, Paragraph, Quote, plain_text

WORD = re.compile(r"\w+")
# What normalize rightly changes (Persian letters, ZWNJ, typographic quotes), as body_f1 folds.
FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",
        "\u0643": "\u06a9",
        "\u200c": None,
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().translate(FOLD).split())


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = WORD.findall(fold(text))
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def body_lines(blocks: tuple[object, ...], title: str) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            text = plain_text(block.content).strip()
            if text and not (isinstance(block, Heading) and text == title):
                lines.append(text)
        elif isinstance(block, Quote):
            lines += body_lines(block.blocks, title)
        elif isinstance(block, List):
            for item in block.items:
                lines += body_lines(item.blocks, title)
    return lines


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder, verbose = Path(sys.argv[1]), "--verbose" in sys.argv
    config = config_module.load(folder)
    agreement: list[float] = []
    started = time.perf_counter()
    for page in sorted(folder.glob("*.htm*")):
        theirs = trafilatura.extract(page.read_bytes()) or ""
        doc = pipeline.prepare(page, config).edition.documents[0]
        ours = body_lines(doc.blocks, doc.metadata.title or "")
        a, b = shingles(theirs), shingles("\n".join(ours))
        shared = sum((a & b).values())
        p = shared / sum(b.values()) if b else 0.0
        r = shared / sum(a.values()) if a else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        agreement.append(f)
        print(
            f"{page.name}: agreement {f:.3f} (of ours in theirs {p:.3f}, of theirs in ours {r:.3f})"
        )
        if verbose:
            kept = {fold(line) for line in ours}
            for line in theirs.splitlines():
                line = fold(line).lstrip("- ")
                if line and not any(line in k or k in line for k in kept):
                    print(f"    taken out: {line[:100]}")
    if agreement:
        print(
            f"mean agreement {sum(agreement) / len(agreement):.3f} on {len(agreement)} pages "
            f"in {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
