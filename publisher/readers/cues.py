"""The few words that carry meaning no shape can show: bylines, credits, roles, offices, dates.

Whether a line is a menu, a widget or a headline is read from its shape (`shape`, `body`).
What a line *says* cannot be: that the views are the author's own, that it was written by
someone, that it names an office rather than a person. Those wordings are kept here, as
phrases, in the desk's languages and the major ones around them, never the words of one page.
"""

from __future__ import annotations

import re


def _any(*phrases: str) -> str:
    return "|".join(phrases)


# Lines that are page furniture by their shape alone: text-size pickers and language codes
# (a few capitals), timecodes, image-ratio placeholders, markup a scraper left, bare links,
# navigation joined by separators, breadcrumbs, rights notices.
CHROME_SHAPE = re.compile(
    r"(?:(?-i:[A-ZА-Я]{1,3}[+-]{0,2})|\d{1,3}\s*[x×]\s*\d{1,3}(?:\s+\S+)?"
    r"|(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s+(?:\d{1,2}:)?\d{1,2}:\d{2})*"
    r"|<!--.*?-->|</?[a-z][^<>]*>|(?:https?://|www\.)\S+"
    r"|[^|•·»>/]{1,40}(?:\s[|•·»>/]\s[^|•·»>/]{1,40}){2,}"
    r"|(?:©|\(c\)|ⓒ|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,200}|.{0,160}\b(?:"
    + _any(
        "all rights reserved",
        "tous droits réservés",
        "todos los derechos reservados",
        "alle rechte vorbehalten",
        "все права защищены",
        "всі права захищені",
        "جميع الحقوق محفوظة",
        "کلیه حقوق",
        "تمامی حقوق",
        "ყველა უფლება დაცულია",
        "tüm hakları saklıdır",
        "版权所有",
        "저작권",
    )
    + r").{0,160})",
    re.IGNORECASE,
)

# Lines that introduce a byline; group "names" holds the names (and maybe a date after them).
BYLINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:(?:written|posted|published|story|words|text|report(?:ed|ing)?)\s+)?(?:on\s.{4,40}?"
        r"\s)?by\s*:?\s+(?P<names>.+)$",
        # "Veröffentlicht am 5. März 2024 von Klaus Weber", "Publié le 5 mars 2024 par ..."
        r"^(?:veröffentlicht|gepostet|publié|publicado|pubblicato|publicat)(?:\s+(?:am|le|el|il|"
        r"em|on))?\s.{4,40}?\s(?:von|par|por|da|di|de)\s+(?P<names>.+)$",
        r"^(?:por|par|von|di|door|av|af|oleh|przez|kwa|yazan|autor(?:a|ka)?|auteur)\s*:?\s+"
        r"(?P<names>.+)$",
        r"^(?:автор(?:ы)?|текст|автори?)\s*:?\s+(?P<names>.+)$",
        r"^(?:نوشته شده توسط|نویسنده|نوشته|به قلم|گزارش از|گزارشگر|تحریر)\s*:?\s+(?P<names>.+)$",
        r"^(?:بقلم|كتب|كتبه|بواسطة|تقرير|إعداد)\s*:?\s+(?P<names>.+)$",
        r"^(?:ავტორი)\s*:?\s+(?P<names>.+)$",
        r"^(?:记者|記者|作者|撰文|文)\s*[:：]?\s*(?P<names>\S.*)$",
        r"^(?:🖋|✒|✍|🖊)\ufe0f?\s*(?P<names>.+)$",  # the pen that messaging channels sign with
    )
)

# A wire credit: "Reporting by A and B; Additional reporting by C; Editing by D".
CREDIT_CLAUSE = re.compile(
    r"(?P<role>(?:additional |additonal )?(?:reporting|writing|editing|compiled|compiling|"
    r"research|graphics|production|produced|translation|translated))\s+by\s+(?P<names>[^;]+)",
    re.IGNORECASE,
)
CREDIT_START = re.compile(
    r"^\(?(?:additional |additonal )?(?:reporting|writing)\s+by\b", re.IGNORECASE
)
AUTHOR_ROLES = ("reporting", "writing")

# A closing line saying who prepared the report ("X prepared this report", in many
# languages). Group "names" is the stretch that holds the reporter's name.
PREPARED_BY = re.compile(
    r"^(?P<names>.{3,80}?)\s+(?:"
    + _any(
        r"prepared this (?:report|story)",
        r"reported this story",
        r"a (?:préparé|réalisé) ce (?:reportage|rapport)",
        r"preparó este (?:informe|reportaje)",
        r"preparou (?:esta|este) (?:reportagem|relatório)",
        r"подготовил[аи]? (?:этот )?материал",
        r"ayaa (?:warbixintan|warbixinta) (?:ka )?(?:diyaarisay|diyaariyey|soo diyaarisay)",
        r"ne (?:ya|ta) (?:hada|aiko da) (?:wannan )?rahoto(?:n)?",
        r"aliandaa (?:ripoti|taarifa) hii",
        r"bu haberi hazırladı",
        r"این گزارش را تهیه کرده",
        r"أعد(?:ت)? (?:هذا )?التقرير",
    )
    + r")\.?$",
    re.IGNORECASE,
)

# Words that join names in a byline, per language.
NAME_JOINERS = re.compile(
    r"\s*(?:,|،|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|\bта\b|"
    r"\s+و\s+|\s+და\s+|、|和)\s*",
    re.IGNORECASE,
)

# Words that name an organisation, a desk or a role, never a person: "VOA News", "Staff
# Writer", "Local Democracy Reporter" are not authors.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    w.casefold()
    for w in (
        "staff",
        "news",
        "desk",
        "newsroom",
        "editors",
        "editorial",
        "board",
        "agency",
        "agencies",
        "wire",
        "wires",
        "service",
        "services",
        "reuters",
        "ap",
        "afp",
        "voa",
        "bbc",
        "rfe/rl",
        "rferl",
        "press",
        "associated",
        "team",
        "bureau",
        "online",
        "radio",
        "tv",
        "television",
        "times",
        "post",
        "journal",
        "daily",
        "weekly",
        "magazine",
        "media",
        "group",
        "network",
        "channel",
        "studio",
        "contributors",
        "report",
        "blog",
        "website",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "editor",
        "columnist",
        "contributor",
        "producer",
        "analyst",
        "department",
        "office",
        "ministry",
        "embassy",
        "government",
        "center",
        "centre",
        "university",
        "council",
        "редакция",
        "служба",
        "агентство",
        "новости",
        "корреспондент",
        "радио",
        "голос",
        "телеканал",
        "газета",
        "خبرگزاری",
        "سرویس",
        "گروه",
        "تحریریه",
        "خبرنگار",
        "رادیو",
        "صدای",
        "تلویزیون",
        "شبکه",
        "وكالة",
        "الأنباء",
        "فريق",
        "تحرير",
        "راديو",
        "قناة",
        "إذاعة",
        "صحيفة",
        "მოამბე",
        "რადიო",
        "ტელევიზია",
        "სააგენტო",
    )
)

# The ones that name a position on a desk: "By A, Staff Writer" names one author.
ROLE_WORDS: frozenset[str] = frozenset(
    (
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "editor",
        "columnist",
        "contributor",
        "producer",
        "analyst",
        "корреспондент",
        "خبرنگار",
    )
)

# An issuer's role before their name: "Secretary of State X", "وزير الخارجية X", "Balozi X".
ROLE = (
    r"(?:secretary(?: of state| general)?|minister|ambassador|spokes(?:person|man|woman)|"
    r"president|prime minister|director|chairman|chair|governor|mayor|"
    r"secr[ée]taire(?: d.[ée]tat)?|ministre|ambassadeur|porte-parole|pr[ée]sident|"
    r"secretari[oa](?: de estado)?|secret[áa]ri[oa]|ministr[oa]|embajador|embaixador|portavoz|"
    r"vocero|porta-voz|presidente|bakan[ıi]?|büyükelçi(?:si)?|sözcü(?:sü)?|başkan[ıi]?|"
    r"balozi|waziri|msemaji|rais|госсекретар[ья]|министр|посол|пресс-секретар[ья]|президент|"
    r"وزیر(?: امور)?(?: خارجه| خارجہ)?|وزير(?: الخارجية)?|لوزير(?: الخارجية)?|سفیر|سفير|"
    r"سخنگو(?:ی)?|ترجمان|المتحدث(?: باسم)?|رئیس(?: جمهور)?|الرئيس|صدر)"
)

# A statement that names its issuer: "Statement by X", "بیانیه X", "Tamko la X".
STATEMENT = re.compile(
    r"(?:^|\s)(?:"
    + _any(
        r"(?:press )?statement(?: by| from| of)?",
        r"remarks(?: by)?",
        r"message(?: from| by)?",
        r"readout",
        r"d[ée]claraci[oó]n(?: de(?:l)?)?",
        r"d[ée]claration(?: de| du)?",
        r"declara[cç][aã]o(?: d[oa])?",
        r"comunicado",
        r"erklärung",
        r"açıklama(?:sı)?",
        r"tamko la",
        r"taarifa ya",
        r"заявление",
        r"заява",
        r"обращение",
        r"بیانیه",
        r"اعلامیه",
        r"اعلامیۀ",
        r"پیام",
        r"بيان",
        r"بیان",
        r"پیغام",
        r"განცხადება",
        r"성명",
    )
    + r")(?=\s|$)",
    re.IGNORECASE,
)
# "The below is attributable to Spokesperson X:", in the languages of translated readouts.
ATTRIBUTION = re.compile(
    r"(?:attributable to|attributed to|atribuirse al?|attribu[ée]es? à|atribu[íi]d[ao]s? a|"
    r"atıfla|приписыва|منسوب|يُنسب|ینسب)",
    re.IGNORECASE,
)

# Letterhead lines: an office, a department, a ministry is not a headline or an author.
UNIT = re.compile(
    r"(?:^|\s)(?:office|department|ministry|embassy|bureau|consulate|oficina|departamento|"
    r"ministerio|embajada|département|ministère|ambassade|escritório|ministério|embaixada|"
    r"ofisi|bakanlığı|büyükelçiliği|управление|министерство|посольство|департамент|"
    r"دفتر|وزارت|سفارت|مكتب|وزارة|سفارة|محکمہ|wizara|ubalozi)(?=[\s,.-]|$)",
    re.IGNORECASE,
)

# A line that labels itself a photo caption; group "caption" is the caption.
CAPTION_LABEL = re.compile(
    r"^(?:image caption|photo caption|caption|توضیح تصویر|شرح عکس|التعليق على الصورة|"
    r"Подпись к фото|Подпись к изображению|ფოტოს აღწერა)\s*[,،:]\s*(?P<caption>.+)$",
    re.IGNORECASE,
)

# A photo credit, alone on a line or closing a caption: which agency or photographer.
CREDIT = re.compile(
    r"(?:^|[\s(])(?:image source|photo source|picture source|photo credit|image credit|credit|"
    r"photo|photograph|file photo|picture|foto|منبع تصویر|عکس|منبع عکس|مصدر الصورة|صورة|"
    r"Автор фото|Источник фото|Фото|ფოტო)\s*[,،:/]\s*\S[^.!?]{0,60}$|^\(?(?:AP|AFP|REUTERS|"
    r"Reuters|EPA|Getty Images|AP Photo)(?:/[^)]*)?\)?$",
    re.IGNORECASE,
)

# A dateline's label: "Published: ...", "Posted on ...", "Updated ..." and translations.
DATE_LABEL = re.compile(
    r"^(?:published|posted|first published|date|updated|last updated|modified|"
    r"last modified|publicado|actualizado|publié(?: le)?|mis à jour(?: le)?|veröffentlicht|"
    r"aktualisiert|yayınlanma|güncelleme|опубликовано|дата публикации|обновлено|"
    r"تاریخ انتشار|منتشر شده|به‌روزرسانی|تاريخ النشر|نشر في|آخر تحديث|გამოქვეყნდა|"
    r"განახლდა|发布时间|更新时间)(?:\s+on)?\s*[:：-]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
UPDATED_LABEL = re.compile(
    r"^(?:updated|last updated|modified|last modified|actualizado|mis à jour|aktualisiert|"
    r"güncelleme|обновлено|به‌روزرسانی|آخر تحديث|განახლდა|更新时间)\b",
    re.IGNORECASE,
)
