"""The words and shapes by which scraped page chrome, disclaimers and bylines are recognised.

These are the vocabularies of news-site templates (player labels, share bars, text-size
pickers) in the desk's languages, not the words of any one article. Matching is on whole
lines after folding case, bullets and surrounding punctuation.
"""

from __future__ import annotations

import re

# Whole lines that are site chrome in any article. Casefolded; compared after fold_line().
CHROME_PHRASES: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        # accessibility / skip links
        "Accessibility links", "Skip to main content", "Skip to content", "Skip navigation",
        "Skip to main navigation", "Skip to search", "Линки доступности",
        "Ссылки доступности", "Перейти к основному содержанию", "لینک های دسترسی",
        "لینک‌های دسترسی", "پیوندهای دسترسی", "لینک‌های قابل دسترسی", "پرش به محتوای اصلی",
        "روابط الوصول", "روابط للوصول",
        "ხელმისაწვდომობის ბმულები", "Посилання доступності",
        # banners
        "Breaking News", "Срочные новости", "Последние новости", "خبر فوری", "اخبار فوری",
        "عاجل", "أخبار عاجلة", "ცხელი ამბები", "Live", "Latest", "Trending",
        # image and media placeholders
        "Image", "Photo", "Video", "Audio", "Gallery", "Photo gallery", "Slideshow",
        "please wait", "No media source currently available", "Direct link", "Embed",
        "Share", "Print", "Email", "E-mail", "Tweet", "Facebook", "Twitter", "WhatsApp",
        "Telegram", "LinkedIn", "Reddit", "Copy link", "Share this article", "Share on Facebook",
        "Share on Twitter", "Share via Email", "Print this article", "Download", "Listen",
        "Listen to this article", "Watch", "Watch video", "Play", "Pause", "Mute", "Unmute",
        "Replay", "Full screen", "Fullscreen", "Subtitles", "Captions", "Show more",
        "Read more", "See all", "See more", "Load more", "More", "Close", "Menu", "Search",
        "Next", "Previous", "Back to top", "Top", "Home", "Subscribe", "Sign in", "Log in",
        "Follow us", "Follow", "Comments", "Comment", "Add comment", "Leave a comment",
        "Show comments", "Hide comments", "Related", "Related stories", "Related articles",
        "Related content", "More from", "Most popular", "Most read", "Most viewed",
        "Latest episodes", "Latest videos", "Episodes", "Advertisement", "Advertisements",
        "Sponsored", "Sponsored content", "Cookie settings", "Privacy policy", "Terms of use",
        "All rights reserved", "Text size", "Font size",
        # Russian / Ukrainian
        "Поделиться", "Печать", "Распечатать", "Комментарии", "Подождите",
        "Источник мультимедиа недоступен", "Прямая ссылка", "Встроить", "Реклама",
        "Смотрите также", "Читайте также", "Поділитися", "Друк", "Коментарі",
        # Persian / Dari / Arabic
        "اشتراک گذاری", "اشتراک‌گذاری", "چاپ", "نظرات", "لطفا صبر کنید", "لطفاً صبر کنید",
        "لینک مستقیم", "پیوند مستقیم", "جاسازی", "آگهی", "تبلیغات", "مطالب مرتبط",
        "شارك", "مشاركة", "طباعة", "تعليقات", "انتظر من فضلك", "رابط مباشر", "إعلان",
        "إعلانات", "مواضيع ذات صلة", "اقرأ أيضا", "اقرأ أيضاً",
        # Georgian
        "გაზიარება", "ბეჭდვა", "კომენტარები", "რეკლამა", "პირდაპირი ბმული",
    )
)

def _squashed(phrase: str) -> str:
    return re.sub(r"[\s\u200c]+", "", phrase)


# The phrases as looked up: Persian sites space and join the same words differently.
CHROME_KEYS: frozenset[str] = frozenset(_squashed(p) for p in CHROME_PHRASES)

# Whole-line shapes of chrome: text-size pickers, timecodes, image-ratio placeholders,
# counters, copyright footers, share bars written as one line.
CHROME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:XXS|XS|S|SM|M|MD|L|LG|XL|XXL|A\+{0,2}|A-{1,2})",
        r"(?:(?:XXS|XS|SM|MD|LG|XL|XXL)\s*){2,}",
        r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s+(?:\d{1,2}:)?\d{1,2}:\d{2})*",
        r"\d{1,2}\s*[x×:]\s*\d{1,2}\s+(?:image|photo|picture|video|bild|foto|изображение)",
        r"(?:©|\(c\)|ⓒ).{0,160}",
        r"copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b).{0,160}",
        r".{0,120}\ball rights reserved\.?",
        r"\d+\s+(?:comments?|shares?|views?|likes?)",
        r"(?:share|print|email|tweet|facebook|twitter|whatsapp|telegram|linkedin)"
        r"(?:\s*[|/·•,]?\s*(?:share|print|email|tweet|facebook|twitter|whatsapp|telegram|"
        r"linkedin|copy link))+",
        r"(?:page|стр\.?|страница)\s*\d+\s*(?:of|/|из)\s*\d+",
        r"(?:photo|image|picture|file photo|фото)\s*[:/]\s*\S.{0,60}",
        r"\d+\s*(?:min|mins|minute|minutes)\.?\s+read",
        r"(?:updated|published|posted)?\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)"
        r"\s+ago",
        r"our standards\s*:.{0,120}",
        r".{0,80}\b(?:we use cookies|this (?:site|website) uses cookies|cookie policy|"
        r"accept (?:all )?cookies)\b.{0,200}",
        r"(?:sign up|subscribe) (?:for|to) (?:our|the) (?:\w+ )?(?:newsletter|podcast|channel|"
        r"alerts?)\b.{0,80}",
        r"(?:follow|join) us on (?:facebook|twitter|x|instagram|telegram|youtube|whatsapp|"
        r"tiktok)\b.{0,60}",
        r"download (?:our|the) (?:\w+ )?app\b.{0,60}",
        r"(?:listen|watch)\s*(?:live|now)?\s*\(?\d{1,2}:\d{2}(?::\d{2})?\)?",
        r"(?:episode|ep\.?)\s*\d+",
        r"(?:\d+\s*)?(?:comments?|replies)\s*\(\d+\)",
        r"(?:your|enter your) (?:name|e-?mail|comment)\s*\*?",
        r"(?:post|submit|send) (?:a )?(?:comment|reply)",
        r"(?:login|log in|sign in|register) to (?:comment|reply).{0,40}",
    )
)

# All the shapes as one pattern: one match per line instead of one per shape.
CHROME_SHAPE = re.compile("|".join(f"(?:{p.pattern})" for p in CHROME_PATTERNS),
                          re.IGNORECASE)

# A disclaimer is one line, often in parentheses or italics, in one of these wordings.
DISCLAIMER_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
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
        # Russian
        r"мнени[ея].{0,80}(?:не обязательно|могут не совпадать|не всегда совпадают|"
        r"не отражают|может не совпадать)",
        r"точк[аи] зрения автора.{0,80}(?:не обязательно|может не совпадать|могут не совпадать)",
        # Persian / Dari
        r"(?:دیدگاه|ديدگاه|نظرات|مطالب|آرای|آراء).{0,120}(?:لزوما|لزوماً|الزاما|الزاماً|ضرورتا)"
        r".{0,80}(?:بازتاب|منعکس|بیانگر|بيانگر|نشان‌دهنده|نشان دهنده|دیدگاه|ديدگاه|موضع)",
        r"(?:دیدگاه|ديدگاه|نظر)(?:‌| )?(?:های|ها)?\s+نویسنده.{0,80}(?:است|نیست|ندارد)",
        # Arabic
        r"(?:الآراء|الاراء|الآراء الواردة|المقال).{0,120}(?:لا تعبر|لا تعكس|لا تمثل)"
        r".{0,40}(?:بالضرورة)?",
        r"(?:يعبر|تعبر) عن رأي (?:الكاتب|كاتبه|كاتبها)",
        # Georgian
        r"(?:მოსაზრებები|შეხედულებები).{0,120}(?:არ ასახავს|შეიძლება არ ემთხვეოდეს|"
        r"არ გამოხატავს)",
    )
)

# Lines that introduce a byline; group "names" holds the names.
BYLINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:by|written by|words by|story by|reporting by)\s*:?\s+(?P<names>.+)$",
        r"^(?:автор(?:ы)?|текст|от)\s*:?\s+(?P<names>.+)$",
        r"^(?:نویسنده|نوشته|به قلم|گزارش از|گزارشگر)\s*:?\s+(?P<names>.+)$",
        r"^(?:بقلم|كتب|كتبه|بواسطة|تقرير)\s*:?\s+(?P<names>.+)$",
        r"^(?:ავტორი)\s*:?\s+(?P<names>.+)$",
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
    r"^\(?(?:additional |additonal )?(?:reporting|writing)\s+by\b", re.IGNORECASE)
AUTHOR_ROLES = ("reporting", "writing")

# Words that join names in a byline, per language.
NAME_JOINERS = re.compile(r"\s*(?:,|،|;|&|\band\b|\bund\b|\bet\b|\by\b|\bи\b|\bта\b|\s+و\s+|"
                          r"\s+და\s+)\s*", re.IGNORECASE)

# Bylines that name an organisation or a desk, not a person.
ORGANISATION_WORDS: frozenset[str] = frozenset(
    w.casefold()
    for w in (
        "staff", "news", "desk", "newsroom", "editors", "editorial", "board", "agency",
        "agencies", "wire", "wires", "service", "services", "reuters", "ap", "afp", "voa",
        "bbc", "rfe/rl", "rferl", "press", "associated", "correspondent", "correspondents",
        "team", "bureau", "online", "radio", "tv", "television", "بی‌بی‌سی", "بیبیسی", "times",
        "post", "journal",
        "daily", "weekly", "magazine", "media", "group", "network", "channel", "studio",
        "america", "contributors", "report", "reporters", "редакция", "служба", "агентство",
        "новости", "корреспондент", "خبرگزاری", "سرویس", "گروه", "تحریریه", "خبرنگار",
        "وكالة", "الأنباء", "فريق", "تحرير", "رادیو", "راديو", "صدای", "تلویزیون", "شبکه",
        "радио", "голос", "телеканал", "газета", "قناة", "إذاعة", "صحيفة", "რადიო",
        "ტელევიზია", "სააგენტო",
    )
)

# A line that labels itself a photo caption; group "caption" is the caption.
CAPTION_LABEL = re.compile(
    r"^(?:image caption|photo caption|caption|توضیح تصویر|شرح عکس|التعليق على الصورة|"
    r"Подпись к фото|Подпись к изображению|ფოტოს აღწერა)\s*[,،:]\s*(?P<caption>.+)$",
    re.IGNORECASE,
)

# A photo credit line: what agency or photographer the picture is from.
CREDIT = re.compile(
    r"^\(?(?:image source|photo source|picture source|photo credit|image credit|credit|"
    r"photo|photograph|file photo|picture|منبع تصویر|عکس|منبع عکس|مصدر الصورة|صورة|"
    r"Автор фото|Источник фото|Фото|ფოტო)\s*[,،:/]\s*\S.*$|^\(?(?:AP|AFP|REUTERS|Reuters|"
    r"EPA|Getty Images|AP Photo)(?:/[^)]*)?\)?$",
    re.IGNORECASE,
)

# Headings of lists of other stories; the list under them is dropped with them.
RELATED_HEADERS: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "Related", "Related stories", "Related articles", "Related content", "Related news",
        "Related topics", "Related links", "Read more", "Read also", "Also read", "See also",
        "More on this story", "More from this author", "More stories", "More news",
        "Latest episodes", "Latest videos", "Latest news", "Latest stories", "Top stories",
        "Most popular", "Most read", "Most viewed", "You may also like", "Recommended",
        "Recommended stories", "Editor's picks", "Trending now", "What to read next",
        "Читайте также", "Смотрите также", "Похожие материалы", "Другие материалы",
        "Популярное", "Самое читаемое", "Последние выпуски", "Новости по теме",
        "مطالب مرتبط", "خبرهای مرتبط", "اخبار مرتبط", "مطالب پیشنهادی", "بیشتر بخوانید",
        "پربیننده‌ترین‌ها", "پربیننده ترین ها", "پربازدیدترین", "آخرین برنامه‌ها",
        "اقرأ أيضا", "اقرأ أيضاً", "مواضيع ذات صلة", "أخبار ذات صلة", "الأكثر قراءة",
        "ასევე წაიკითხეთ", "მსგავსი სიახლეები", "ყველაზე კითხვადი",
    )
)

# A dateline's label: "Published: ...", "Posted on ...", "Updated ..." and translations.
DATE_LABEL = re.compile(
    r"^(?:published|posted|first published|date|updated|last updated|modified|"
    r"last modified|опубликовано|дата публикации|обновлено|تاریخ انتشار|منتشر شده|"
    r"به‌روزرسانی|تاريخ النشر|نشر في|آخر تحديث|გამოქვეყნდა|განახლდა)"
    r"(?:\s+on)?\s*[:：-]?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
UPDATED_LABEL = re.compile(
    r"^(?:updated|last updated|modified|last modified|обновлено|به‌روزرسانی|آخر تحديث|"
    r"განახლდა)\b", re.IGNORECASE)

# Markers that a line under a headline describes a photo.
CAPTION_MARKERS = re.compile(
    r"(?:\bphoto\b|\bfile photo\b|\bpictured\b|\bimage\b|\(AP\)|\bAP Photo\b|REUTERS/|"
    r"AFP\b|Getty|\bфото\b|عکس|صورة)",
    re.IGNORECASE,
)

# The end of a sentence, in the scripts the desk publishes.
SENTENCE_END = re.compile(r"[.!?…。؟۔!][\"'”’»)\]]*\s*$")
