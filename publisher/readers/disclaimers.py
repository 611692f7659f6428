"""The wordings of disclaimers, in the desk's languages: the one thing a line's shape cannot show.

A disclaimer says that the views are the author's own, that an editorial speaks for a
government, that a translation defers to its original, that a page may be out of date. Each
wording is matched as a phrase; reported speech about views (a minister's "does not
necessarily reflect") is not matched, as the patterns anchor where a disclaimer starts.
"""

from __future__ import annotations

import re

# A disclaimer is one line, often in parentheses or italics, in one of these wordings. They are
# kept as text and only their union below is compiled: compiling each as well cost 7 ms a run.
DISCLAIMER_WORDINGS: tuple[str, ...] = (
    # Anchored at the start: a disclaimer speaks of the views; reported speech does not.
    r"^(?:the |any |all )?(?:views|opinions|views and opinions)\b.{0,160}"
    r"\b(?:do(?:es)? not|don't|doesn't|may not|are not)\b.{0,40}\b(?:necessarily\s+)?"
    r"(?:reflect|represent)",
    r"^.{0,80}\b(?:this|the) (?:article|piece|column|commentary|op-ed|blog|post|programme|"
    r"program|essay|letter)\b.{0,120}\b(?:do(?:es)? not|don't|doesn't|may not)\b.{0,40}"
    r"\bnecessarily\b",
    r"\bpreceding was an editorial\b",
    r"\b(?:this|the following) (?:is|was) an? (?:editorial|opinion piece)\b.{0,80}\bviews\b",
    r"\b(?:opinions|views) expressed (?:here |herein |in this (?:article|piece|column) )?"
    r"are (?:solely )?(?:the|those of the) (?:author|writer)",
    r"\b(?:opinions|views) (?:are|is) (?:the )?(?:author|writer)['’]?s? own\b",
    r"^(?:the |these |such )?(?:views|opinions|comments|statements)\b.{0,100}\bdo(?:es)? "
    r"not necessarily (?:reflect|represent)",
    r"^(?:the )?information (?:on|in) this (?:page|site)\b.{0,160}\b(?:does|may) not reflect",
    # A translation's notice that only the original is authoritative.
    r"^.{0,100}\b(?:translation|traducci[oó]n|traduction|tradu[cç][aã]o|traduzione|"
    r"übersetzung|перевод|переклад|ترجمه|ترجمة|ترجمہ|çeviri|tafsiri|번역)\b.{0,200}"
    r"(?:original|оригинал|اصلی|الأصلي|اصل|orijinal|asili|원문)",
    # Spanish, Portuguese, French, Italian, German, Turkish
    r"^(?:las |los |as |os |les )?(?:opiniones|opiniões|opinions|opinioni|meinungen|"
    r"görüşler)\b.{0,160}\b(?:no reflejan|não refletem|ne reflètent|non riflettono|"
    r"spiegeln nicht|yansıtmayabilir|yansıtmaz)",
    r"\b(?:responsabilidad exclusiva|responsabilité (?:exclusive )?de (?:l'|son )auteur|"
    r"responsabilidade exclusiva)\b",
    # Russian, Ukrainian
    r"мнени[ея].{0,80}(?:не обязательно|могут не совпадать|не всегда совпадают|"
    r"не отражают|может не совпадать)",
    r"точк[аи] зрения автора.{0,80}(?:не обязательно|может не совпадать|могут не совпадать)",
    r"думк[аи].{0,80}(?:може не збігатися|можуть не збігатися|не обов.язково)",
    # Persian / Dari / Urdu
    r"(?:دیدگاه|ديدگاه|نظرات|مطالب|آرای|آراء).{0,120}(?:لزوما|لزوماً|الزاما|الزاماً|ضرورتا)"
    r".{0,80}(?:بازتاب|منعکس|بیانگر|بيانگر|نشان‌دهنده|نشان دهنده|دیدگاه|ديدگاه|موضع)",
    r"(?:دیدگاه|ديدگاه|نظر)(?:‌| )?(?:های|ها)?\s+نویسنده.{0,80}(?:است|نیست|ندارد)",
    r"(?:آراء|خیالات).{0,80}(?:ضروری نہیں|متفق ہونا ضروری)",
    # Arabic
    r"(?:الآراء|الاراء|الآراء الواردة|المقال).{0,120}(?:لا تعبر|لا تعكس|لا تمثل)"
    r".{0,40}(?:بالضرورة)?",
    r"(?:يعبر|تعبر) عن رأي (?:الكاتب|كاتبه|كاتبها)",
    # Georgian, Korean
    r"(?:მოსაზრებები|შეხედულებები).{0,120}(?:არ ასახავს|შეიძლება არ ემთხვეოდეს|"
    r"არ გამოხატავს)",
    r"(?:의견|견해|정보).{0,120}반영(?:하지|되지|되어 있지|돼 있지) 않",
)

# All the wordings as one pattern: one search per line instead of one per wording.
DISCLAIMER = re.compile("|".join(f"(?:{p})" for p in DISCLAIMER_WORDINGS), re.IGNORECASE)

# Words one of which every wording above needs (lower-cased): a line with none of them states
# no disclaimer, and is told so without the pattern, which takes a sixth of the time of
# reading a scraped page. tests/test_scraped_rules.py checks it against lines made from every
# wording; a new wording needs one of its words here.
NEEDED: tuple[str, ...] = (
    "reflect", "represent", "necessarily", "editorial", "views", "expressed", " own",
    "original", "orijinal", "asili", "reflejan", "refletem", "reflètent", "riflettono",
    "spiegeln nicht", "yansitma", "responsabilid", "responsabilit",
    "оригинал", "обязательно", "совпада", "отражают", "збігатися", "обов",
    "اصل", "أصل", "لزوم", "الزام", "ضرور", "نویسنده", "لا تعبر", "لا تعكس", "لا تمثل", "عن رأي",
    "ასახავს", "ემთხვეოდეს", "გამოხატავს", "반영", "원문",
)  # fmt: skip


def states_disclaimer(text: str) -> bool:
    """Whether the text states a disclaimer in one of the wordings."""
    # Lower-cased as the pattern's IGNORECASE compares letters: it takes a Turkish İ, I and ı
    # all for an i, and the long ſ for an s.
    low = text.lower().replace("i\u0307", "i").replace("ı", "i").replace("ſ", "s")
    return any(word in low for word in NEEDED) and DISCLAIMER.search(text) is not None
