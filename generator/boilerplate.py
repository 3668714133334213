"""The cleaner's lexicon: site-chrome phrases, metadata labels and calendar names, as data only.

Phrases are written as a reader sees them; ``clean.py`` folds them with ``arabic.normalize``
(hamza, alef maksura, taa marbuta, tanween, case) so one spelling covers the variants.
No entry names a particular site or article: each one is chrome that many sites print.
"""

from __future__ import annotations

# Phrases that make a line site chrome. Keys are the rule names recorded in ``Dropped``.
# A line is dropped when lexicon phrases (from any category) cover every word of it, or
# when phrases of one category cover a large share of a short line; see ``clean._lexicon_rule``.
PHRASES: dict[str, tuple[str, ...]] = {
    "share": (
        "شارك", "شارك الخبر", "شارك المقال", "شارك هذا المقال", "شارك هذا الخبر", "شارك القصة",
        "شارك على", "شارك عبر", "شاركها", "مشاركة", "مشاركة الخبر", "انشر", "نشر على",
        "شارك التغطية", "شارك الحوار", "شارك المقابلة", "شارك التقرير", "شارك الصور", "شارك الفيديو", "أرسل لصديق", "نسخ الرابط", "تم نسخ الرابط", "الرابط المختصر", "رابط مختصر", "رابط الخبر",
        "فيسبوك", "فيس بوك", "تويتر", "إكس", "واتساب", "واتس اب", "واتس آب", "تيليجرام", "تلغرام",
        "تلجرام", "لينكد إن", "لينكدإن", "إنستغرام", "انستجرام", "يوتيوب", "ماسنجر", "البريد الإلكتروني",
        "share", "share this", "share this article", "share this story", "share on", "share via",
        "tweet", "pin", "email", "e-mail", "facebook", "twitter", "whatsapp", "telegram", "linkedin",
        "messenger", "reddit", "pinterest", "copy link", "link copied", "short link", "x",
    ),
    "navigation": (
        "skip to content", "skip to main content", "skip to navigation", "jump to content",
        "انتقل إلى المحتوى", "انتقل إلى المحتوى الرئيسي", "تخطى إلى المحتوى", "تخط إلى المحتوى", "تجاوز إلى المحتوى",
        "الذهاب إلى المحتوى", "زر الذهاب إلى الأعلى", "الذهاب إلى الأعلى", "العودة إلى الأعلى",
        "العودة للأعلى", "إلى الأعلى", "للأعلى", "back to top", "scroll to top", "go to top", "top",
        "الرئيسية", "الصفحة الرئيسية", "home", "menu", "القائمة", "بحث", "search", "ابحث",
        "القائمة الرئيسية", "main menu", "close", "إغلاق", "open", "previous", "next", "السابق", "التالي",
        "العودة إلى المقال", "عرض النسخة الكاملة", "النسخة الكاملة", "عرض النسخة الأصلية", "رابط المقال",
        "back to article", "view full version", "full version",
        "اكتب الكلمات الرئيسية في البحث", "اكتب كلمة البحث", "كلمة البحث", "عربي", "العربية", "english", "کوردی", "كوردي", "كردي", "kurdî", "türkçe", "فارسی", "français",
        "تخطى", "تخط", "تجاوز", "واصل القراءة", "وواصل القراءة", "تابع القراءة", "وتابع القراءة", "skip",
        "continue reading",
    ),
    "comments": (
        "leave a reply", "leave a comment", "post a comment", "add a comment", "post comment",
        "submit comment", "cancel reply", "reply", "comments", "comment", "no comments",
        "your email address will not be published", "required fields are marked",
        "اترك تعليقا", "اترك تعليق", "اترك ردا", "اترك رد", "أضف تعليق", "أضف تعليقا", "أضف تعليقك",
        "اكتب تعليقك", "التعليقات", "تعليقات", "تعليق", "لا توجد تعليقات", "إرسال التعليق", "نشر التعليق",
        "إلغاء الرد", "التعليقات مغلقة", "التعليق مغلق", "أغلق التعليق", "comments are closed",
        "comments closed", "لن يتم نشر عنوان بريدك الإلكتروني", "الحقول الإلزامية مشار إليها",
        "الحقول المطلوبة مشار إليها", "الاسم", "الموقع الإلكتروني", "name", "website", "التعليق",
        "احفظ اسمي", "احفظ اسمي وبريدي الإلكتروني", "في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي",
        "save my name", "for the next time i comment", "this site uses akismet to reduce spam",
        "يستخدم akismet", "akismet", "log in to reply", "سجل الدخول للتعليق", "عدد التعليقات",
        "اقرأ التعليقات", "قراءة التعليقات", "عرض التعليقات", "شاهد التعليقات", "read comments", "view comments",
    ),
    "donate": (
        "ادعموا", "ادعمونا", "ادعمنا", "تبرع الآن", "تبرعوا", "تبرعك", "دعمكم يساعدنا", "دعمكم يصنع الفارق",
        "ساهموا في دعم", "ساهم في دعم", "ادعم الصحافة المستقلة", "ادعم الإعلام المستقل", "donate", "donate now",
        "support us", "support independent journalism",
    ),
    "related": (
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضاً", "اقرأ كذلك", "اقرأ المزيد", "اقرأ التفاصيل", "آخر المقالات",
        "أحدث المقالات", "المزيد من المقالات",
        "اقرأ الخبر كاملا", "طالع أيضا", "شاهد أيضا", "شاهد أيضاً", "قد يهمك", "قد يهمك أيضا",
        "قد يعجبك أيضا", "قد يعجبك", "يهمك أيضا", "لمزيد من الأخبار", "المزيد من الأخبار", "مزيد من الأخبار",
        "مقالات ذات صلة", "أخبار ذات صلة", "مواضيع ذات صلة", "مواد ذات صلة", "موضوعات ذات صلة",
        "قصص ذات صلة", "ذات صلة", "مقالات مشابهة", "أخبار مشابهة", "أخبار متعلقة", "مقالات متعلقة",
        "اخترنا لك", "اخترنا لكم", "مواضيع قد تهمك", "أخبار قد تهمك", "مقالات قد تهمك", "مقالات أخرى",
        "أخبار أخرى", "المزيد من المقالات", "موضوعات مقترحة", "مقترحات", "ننصحك بقراءة", "المزيد",
        "المقال السابق", "المقال التالي", "الخبر السابق", "الخبر التالي", "المقالة السابقة", "المقالة التالية",
        "الأكثر قراءة", "الأكثر قراءة اليوم", "الأكثر مشاهدة", "الأكثر تداولا", "الأكثر تعليقا", "الأكثر رواجا",
        "الأكثر شعبية", "الأكثر مشاركة",
        "آخر الأخبار", "أحدث الأخبار", "أخبار عاجلة", "المزيد من أخبار", "مزيد من أخبار", "المزيد عن", "المزيد من",
        "المزيد حول", "اقرأ المقال الأصلي", "المقال الأصلي", "read the original", "read the original article",
        "المزيد من الصور", "المزيد من الفيديوهات", "ألبومات أخرى", "حلقات سابقة", "الحلقات السابقة",
        "previous episodes", "more episodes", "more photos", "محتوى مدعوم", "محتوى برعاية", "من شركائنا", "روابط مدعومة", "sponsored content",
        "promoted content", "promoted stories", "from our partners", "paid content",
        "read also", "also read", "read more", "see also", "read next", "read previous", "related",
        "related articles", "related posts", "related news", "related stories", "related content",
        "more stories", "more news", "more from", "you may also like", "you might also like",
        "recommended", "recommended for you", "previous article", "next article", "previous post",
        "next post", "most read", "most popular", "most viewed", "trending", "trending now",
        "latest news", "latest stories", "don't miss", "dont miss",
    ),
    "author": (
        "جميع مقالات الكاتب", "مقالات الكاتب", "المزيد من مقالات الكاتب", "مقالات أخرى للكاتب",
        "كل مقالات الكاتب", "more by this author", "more from this author", "more from the author",
        "all articles by", "all posts by", "صفحة الكاتب", "author page",
    ),
    "subscribe": (
        "اشترك", "اشترك الآن", "اشترك في النشرة", "اشترك في نشرتنا", "اشترك في النشرة البريدية",
        "النشرة البريدية", "النشرة الإخبارية", "سجل الآن", "تابعونا", "تابعنا", "تابعونا على", "تابعنا على",
        "تابع أحدث الأخبار", "عبر تطبيق", "google news", "جوجل نيوز",
        # paywalls
        "مقال مؤرشف", "هذا المقال مؤرشف", "للمشتركين فقط", "هذا المحتوى للمشتركين", "يتوجب عليك الاشتراك",
        "يجب عليك الاشتراك", "لمواصلة القراءة", "لمتابعة القراءة", "لقراءة المقال كاملا",
        "تسجيل دخول المشتركين", "إن كنتم مشتركين", "إذا كنت مشتركا", "مانع الإعلانات", "تمنع الإعلانات",
        "أداة حجب الإعلانات", "ad blocker", "adblock", "مخصص للمشتركين", "للوصول إلى هذا المقال",
        "هذا المقال مخصص للمشتركين", "subscribers only",
        "تابعوا", "تابعوا آخر الأخبار", "تابع آخر الأخبار", "لمتابعة آخر الأخبار", "انضم إلى قناتنا",
        "انضموا إلى قناتنا", "حمل التطبيق", "حمل تطبيق", "subscribe", "subscribe now", "newsletter",
        "sign up", "sign up for our newsletter", "follow us", "follow us on", "join our channel",
        "download the app", "get the app", "log in", "login", "register", "تسجيل الدخول",
        "أدخل بريدك الإلكتروني", "بريدك الإلكتروني", "enter your email", "your email address", "حمل تطبيقنا",
        "تطبيقنا متوفر", "تطبيقنا متوفر على", "download our app", "اشترك في قناتنا", "اشترك في قناتنا على",
        "اشتركوا في قناتنا", "اشتركوا في قناتنا على", "اشترك في البودكاست", "اشترك في القناة",
        "subscribe to the podcast", "انضم إلى قناتنا على", "انضموا إلى قناتنا على",
        "subscribe to our channel", "subscribe to our youtube channel", "النشرة الصباحية", "النشرة المسائية",
        "في بريدك كل صباح", "في بريدك كل يوم", "إلى بريدك كل صباح", "بالتسجيل أنت توافق على", "بالاشتراك أنت توافق على",
        "by signing up you agree to",
    ),
    "legal": (
        "جميع الحقوق محفوظة", "الحقوق محفوظة", "حقوق النشر", "حقوق الطبع", "all rights reserved",
        "copyright", "privacy policy", "سياسة الخصوصية", "terms of use", "terms of service",
        "شروط الاستخدام", "cookies", "cookie", "cookie policy", "we use cookies", "ملفات تعريف الارتباط",
        "نستخدم ملفات تعريف الارتباط", "accept", "أوافق", "موافق", "اتصل بنا", "من نحن", "contact us",
        "about us", "advertisement", "advertising", "إعلان", "إعلانات", "ads", "sponsored", "محتوى مدفوع",
        "محتوى إعلاني", "مساحة إعلانية", "مساحة اعلانية", "معايير الثقة", "معايير الثقة المتبعة لدينا", "مبادئ الثقة", "our standards",
        "trust principles", "إدارة التفضيلات", "إعدادات ملفات تعريف الارتباط", "إعدادات الخصوصية", "قبول الكل",
        "رفض الكل", "manage preferences", "cookie settings", "privacy settings", "accept all", "reject all",
        # opinion disclaimers
        "الآراء الواردة في هذا المقال", "الآراء الواردة في المقال", "تعبر عن رأي كاتبها", "تعبر عن رأي كاتبه",
        "لا تعبر بالضرورة عن رأي", "ولا تعبر بالضرورة عن رأي", "لا تعكس بالضرورة", "ولا تعكس بالضرورة",
        "the views expressed", "do not necessarily reflect", "are those of the author",
    ),
    "widget": (
        "طباعة", "اطبع", "طبع", "print", "حجم الخط", "تكبير الخط", "تصغير الخط", "font size", "text size",
        "المشاهدات", "مشاهدات", "مشاهدة", "views", "عدد المشاهدات", "عدد القراءات", "عدد الزيارات",
        "عدد المشاركات", "قراءة", "دقائق للقراءة", "دقيقة للقراءة", "دقائق", "دقيقة", "وضع القراءة",
        "استمع للمقال", "النص المسموع",
        "دقيقتان للقراءة", "دقيقتين للقراءة", "دقيقة واحدة للقراءة", "دقائق قراءة", "مدة القراءة",
        "زمن القراءة", "وقت القراءة", "min read", "minute read", "minutes read", "reading time", "استمع", "استمع للخبر",
        "استمع إلى المقال", "listen", "listen to this article", "جاري التحميل", "تحميل", "loading",
        "اضغط هنا", "انقر هنا", "click here", "tap here", "فيديو", "video", "صور", "photos", "gallery",
        "عاجل", "breaking", "breaking news", "live", "مباشر", "بث مباشر", "تحديث تلقائي", "التحديث التلقائي",
        "auto refresh", "auto-update", "تحميل المزيد", "عرض المزيد", "load more", "show more", "معرض الصور",
        "ألبوم الصور", "photo gallery", "استمع إلى الحلقة", "استمع للحلقة", "listen to the episode",
        "العدد", "رقم العدد", "issue",
        # "was this helpful?" polls and their buttons
        "هل كان هذا المقال مفيدا", "هل كان هذا الخبر مفيدا", "هل كان هذا المحتوى مفيدا", "هل أعجبك المقال",
        "هل أعجبك هذا المقال", "هل أعجبك الخبر", "was this article helpful", "was this helpful",
    ),
}

# Labels of a link to another story's video or pictures, before a colon or bar ("شاهد: …", "فيديو | …").
# A poll's buttons, each alone on a line under its question ("هل كان هذا المقال مفيداً؟"); a quoted or punctuated
# answer ("لا.") is an interview's text.
POLL_ANSWERS = ("نعم", "لا", "yes", "no")

# Breaking-news tickers run "عاجل | …" lines above the headline: two or more in a row are a ticker.
TICKER_LABELS = ("عاجل", "خبر عاجل", "breaking")
# Editors' notes on an article ("ملاحظة المحرر: حُدّث هذا الخبر …") describe the page, not the news.
EDITOR_NOTE_LABELS = ("ملاحظة المحرر", "ملاحظة التحرير", "تنويه من المحرر", "ملاحظة المترجم", "تنويه", "تصحيح",
                      "editor's note", "editors' note", "editor’s note", "correction", "clarification")
# A wire story's note on what an update changed, alone in parentheses under the headline ("(لإضافة تفاصيل)"),
# and the update prefix of its headline ("تحديث 2-").
WIRE_NOTE_OPENERS = ("لإضافة", "لاضافة", "لتصحيح", "لتحديث", "لتعديل", "يضيف", "يصحح", "تحديث", "adds", "updates",
                     "corrects", "fixes", "recasts", "rewrites")
WIRE_PREFIXES = ("تحديث", "update", "corrected", "مصحح")
# The end mark of a wire story or release ("(انتهى)"): not its source.
END_MARKS = ("انتهى", "انتهى الخبر", "انتهت", "end", "ends")
TEASER_LABELS = ("شاهد", "شاهدوا", "فيديو", "بالفيديو", "بالصور", "بالصور والفيديو", "صور", "watch", "video",
                 "photos", "in pictures")
# What a cookie or consent notice opens with (such a notice is a whole sentence, so it is matched by its start).
CONSENT_OPENINGS = (
    "نستخدم ملفات تعريف الارتباط", "نحن نستخدم ملفات تعريف الارتباط", "يستخدم هذا الموقع ملفات تعريف الارتباط",
    "يستخدم موقعنا ملفات تعريف الارتباط", "باستخدامك هذا الموقع", "باستمرارك في استخدام هذا الموقع",
    "we use cookies", "this website uses cookies", "this site uses cookies", "by continuing to use this site",
    "by using this site, you agree",
)
# Words that close a box of other stories inside the body ("نهاية الأكثر قراءة", "End of Most read").
INSET_END_WORDS = ("نهاية", "end of")

# Categories whose marker line ends the article when it stands at the tail (see ``clean._cut_tail``).
TAIL_MARKERS = ("related", "comments", "author")

# A one-word phrase ("مشاركة", "reply", "top", "فيسبوك") is also an ordinary word, so it only drops
# a line made solely of lexicon words (a share bar, a button); longer phrases are distinctive and
# also drop a short line they cover a large share of. These few phrases are treated like one word
# (too common inside sentences) or, for the single words, as distinctive.
WHOLE_LINE_ONLY = frozenset({
    "ذات صلة", "إلى الأعلى", "قد يعجبك", "البريد الإلكتروني", "الموقع الإلكتروني", "نشر على",
    "الحقوق محفوظة", "حقوق النشر", "آخر الأخبار", "أحدث الأخبار", "أخبار عاجلة", "بث مباشر",
    "التعليق", "المزيد",
    # names of what privacy-law news reports on: chrome only as a whole line
    "سياسة الخصوصية", "ملفات تعريف الارتباط", "شروط الاستخدام", "إعدادات الخصوصية",
})
DISTINCTIVE_WORDS = frozenset({"copyright", "newsletter", "cookies", "subscribe", "advertisement", "ادعموا", "ادعمونا",
                               "ادعمنا", "تبرعوا", "donate"})
# Words that name or point at what a button acts on ("شارك هذه المقالة", "اطبع هذه الصفحة", "share this post"):
# on a short line that opens with a lexicon phrase they complete it, but they never make chrome alone.
UI_OBJECTS = (
    "هذا", "هذه", "هذي", "المقال", "المقالة", "الخبر", "الموضوع", "الصفحة", "القصة", "التقرير", "الفيديو",
    "الصورة", "الصور", "الرابط", "المنشور", "التدوينة", "الآن", "this", "the", "article", "story", "post",
    "page", "now", "it",
)

# Bylines: a label and a name on a line of their own ("كتب: علي حسين", "بقلم علي حسين", "By Ali Hussein"),
# or an agency's credit in parentheses ("(إعداد محمد علي - تحرير سها جادو)"). The labels of
# BYLINE_LABELS are verbs or nouns that also open sentences, so they need a colon or dash after them;
# BYLINE_OPENERS are followed by the name directly. ("تقرير:" and "متابعة:" open headlines too: not labels.)
BYLINE_LABELS = (
    "كتب", "كتبت", "كتبه", "كتبته", "إعداد", "اعداد", "تحرير", "مراسل", "مراسلة", "المحرر", "شعر", "رسم",
    "إعداد وتقديم", "تقديم", "تقديم وإعداد", "author", "reporter", "editor", "host", "hosted by",
)
BYLINE_OPENERS = ("بقلم", "by", "written by", "reporting by", "story by")
CREDIT_LABELS = (
    "إعداد", "اعداد", "تحرير", "تغطية", "شارك في التغطية", "ترجمة", "reporting by", "additional reporting by",
    "editing by", "writing by", "compiled by",
)

# Professions an author's bio opens with, in the box above the link to their articles ("مراسل في أربيل …").
BIO_OPENERS = (
    "مراسل", "مراسلة", "صحفي", "صحفية", "صحافي", "صحافية", "كاتب", "كاتبة", "محرر", "محررة", "باحث", "باحثة",
    "محلل", "محللة", "إعلامي", "إعلامية", "reporter", "journalist", "writer", "correspondent", "editor",
    "analyst", "researcher",
)

# Section names that sites print as a label above the headline (only dropped before the title).
SECTIONS = (
    "أخبار", "الأخبار", "آخر الأخبار", "أخبار العالم", "أخبار عربية", "أخبار دولية", "أخبار محلية",
    "أخبار العراق", "أخبار عالمية", "عربي ودولي", "عربي وعالمي", "عرب وعالم", "عربي", "دولي", "دوليات",
    "عالمي", "العالم", "محليات", "محلي", "سياسة", "السياسة", "سياسي", "اقتصاد", "الاقتصاد", "رياضة",
    "الرياضة", "ثقافة", "ثقافة وفن", "فن", "منوعات", "تقارير", "تقارير وتحقيقات", "تحقيقات", "مقالات",
    "آراء", "رأي", "الرأي", "مقالات الرأي", "صحافة", "الصحافة", "صحافة عالمية", "ترجمات", "حوارات",
    "الشرق الأوسط", "شؤون عربية", "شؤون دولية", "تكنولوجيا", "صحة", "علوم", "خاص", "حصري", "ملفات",
    "تحليل", "تحليلات", "تحليل إخباري", "تقرير", "مقابلة", "قصة خبرية", "أعمدة", "أعمدة الرأي", "كتاب الرأي",
    "زوايا", "أمن", "الأمن", "أمنية", "الاقتصادية", "السياسية", "المحلية", "الدولية", "الرياضية", "الثقافية",
    "بيانات", "بيانات صحفية", "بيانات رسمية", "بودكاست", "فيديو", "أخبار كردستان", "أخبار كوردستان",
    "news", "world", "world news", "politics", "middle east", "business", "economy", "opinion",
    "analysis", "sports", "culture", "features", "international", "local", "national",
)

# Line-start labels of metadata lines. Published labels win over updated ones.
DATE_LABELS_PUBLISHED = (
    "تاريخ النشر", "نشر في", "نشر بتاريخ", "نشرت في", "تم النشر", "تاريخ الإضافة", "أضيف في",
    "تاريخ الخبر", "نشر يوم", "نشر", "التاريخ", "published on", "published", "posted on", "posted", "date",
    "first published",
)
DATE_LABELS_UPDATED = (
    "آخر تحديث", "تاريخ التحديث", "تم التحديث", "محدث", "updated on", "updated", "last updated",
    "last modified", "modified",
)
# Words that make a short line, or a short part of a title line, a site's name ("بوابة حوادث اليوم", "شفق نيوز -
# …"). Words that name a publication (وكالة, صحيفة, قناة) or a number head headlines too ("وكالة الطاقة تحذر").
SITE_LINE_WORDS = ("نيوز", "news", "بوابة", "tv", "تي في", "نت", "net", "com", "أونلاين", "online",
                   "الإخباري", "الإخبارية", "الإخبارى", "بريس")
# A newspaper's name for itself: a word for a publication, its name, and an adjective of its kind ("صحيفة الأمم
# اليومية الشاملة").
PUBLICATION_WORDS = ("صحيفة", "جريدة", "مجلة", "موقع", "شبكة", "بوابة", "وكالة", "قناة", "إذاعة", "راديو")
MASTHEAD_ADJECTIVES = ("اليومية", "الشاملة", "الإلكترونية", "الالكترونية", "الأسبوعية", "المستقلة", "الإخبارية",
                       "السياسية", "الرقمية", "الفضائية", "daily", "weekly")
# A site's promotion of its own channels: a platform and a word for a channel or following it ("تغطية متواصلة على
# قناة موقعنا في تليغرام", "تابعونا عبر واتساب").
PLATFORMS = ("فيسبوك", "فيس بوك", "تويتر", "إكس", "واتساب", "واتس اب", "واتس آب", "تيليجرام", "تيليغرام", "تلغرام",
             "تلجرام", "تليغرام", "إنستغرام", "انستغرام", "انستجرام", "يوتيوب", "تيك توك", "تيكتوك", "سناب شات",
             "google news", "جوجل نيوز", "غوغل نيوز", "telegram", "whatsapp", "facebook", "twitter", "youtube",
             "instagram", "tiktok")
CHANNEL_WORDS = ("قناة", "قناتنا", "قناته", "حساب", "حسابنا", "صفحة", "صفحتنا", "مجموعة", "تابع", "تابعوا", "تابعونا",
                 "تابعنا", "انضم", "انضموا", "اشترك", "اشتركوا", "تطبيق", "تطبيقنا", "تغطية", "عبر", "channel", "account",
                 "page", "follow", "join", "subscribe", "اضغط", "إضغط", "انقر", "click")
# A disclaimer or a comment policy under the article speaks of what is published (comments, articles, opinions) and
# of the site or its editors ("التعليقات المنشورة تعبر عن آراء أصحابها ولا تعبر عن رأي الموقع").
DISCLAIMER_SUBJECTS = ("تعليق", "تعليقات", "التعليق", "التعليقات", "المقالات", "المقال", "الآراء", "آراء", "رأي",
                       "المسؤولية", "مسؤولية", "مسؤول", "الحوار", "المحتوى", "المواد", "المنشورة", "comments",
                       "comment", "opinions", "views", "content", "responsibility", "responsible")
DISCLAIMER_SITE_WORDS = ("الموقع", "موقع", "الصحيفة", "الجريدة", "إدارة", "المنصة", "نحتفظ", "يحتفظ", "تحتفظ",
                         "الناشر", "التحرير", "إخلاء", "site", "website", "publisher", "disclaimer", "reserves")
SOURCE_LABELS = ("المصدر", "المصادر", "مصدر الخبر", "مصدر", "نقلا عن", "source", "sources", "via")
KEYWORD_LABELS = (
    "كلمات دلالية", "الكلمات الدلالية", "كلمات مفتاحية", "الكلمات المفتاحية", "الوسوم", "وسوم",
    "الأوسمة", "العلامات", "هاشتاغ", "مواضيع", "المواضيع", "موضوعات", "tags", "tagged", "keywords", "topics",
)
# Particles that are not keywords when a keyword list is only separated by spaces.
KEYWORD_STOPWORDS = ("في", "من", "على", "عن", "إلى", "مع", "أو", "و", "ال", "of", "in", "the", "and")

# Caption signals: a marker line ("… caption", "صورة"), a line prefix, and photo-credit words
# inside a final parenthesis.
CAPTION_MARKERS = ("caption", "photo", "image", "الصورة", "صورة", "صورة أرشيفية", "صورة تعبيرية", "انفوغراف",
                   "إنفوغراف", "انفوجراف", "إنفوجرافيك", "انفوغرافيك", "infographic")
CAPTION_PREFIXES = ("صورة", "الصورة", "صورة أرشيفية", "صورة تعبيرية", "تصوير", "عدسة", "photo", "caption", "image",
                   "صورة من", "الصور من", "الصورة من")
# What the signature of a press release's issuer opens with, on its own line after the text.
SIGNATURE_OPENINGS = (
    "المكتب الإعلامي", "مكتب الإعلام", "المركز الإعلامي", "الدائرة الإعلامية", "قسم الإعلام", "إعلام",
    "خلية الإعلام الأمني", "media office", "press office", "press service",
)

# Labels of a caption or photo credit that may also be followed by a comma ("مصدر الصورة، Getty Images").
CAPTION_LABELS = ("مصدر الصورة", "التعليق على الصورة", "تعليق الصورة", "حقوق الصورة", "الصورة من",
                  "image source", "image caption", "photo credit", "photo source")
# Openings that make a line a caption even without a colon ("صورة أرشيفية لجنود …").
CAPTION_OPENINGS = ("صورة أرشيفية", "صورة تعبيرية", "صورة من الأرشيف", "صورة من أرشيف", "file photo")
CREDIT_WORDS = (
    "صورة", "صور", "تصوير", "أرشيفية", "أرشيف", "photo", "photos", "credit", "getty", "getty images",
    "shutterstock", "afp via getty", "file photo", "archive",
)
# Photo agencies: "(رويترز)" after a line that is not a finished sentence is a photo credit
# (after a finished last paragraph it is the story's source).
PHOTO_AGENCIES = (
    "رويترز", "أ ف ب", "أ. ف. ب", "فرانس برس", "أسوشيتد برس", "الأناضول", "إي بي إيه", "غيتي", "جيتي",
    "غيتي إيميجز", "جيتي إيميجز",
    "getty", "reuters", "afp", "ap", "epa", "anadolu", "xinhua", "shutterstock",
)

# Words that open a sentence, never a dateline's place name ("في المقابل – …" is not a dateline).
NOT_PLACE_WORDS = (
    "في", "من", "على", "إلى", "عن", "مع", "حتى", "بعد", "قبل", "منذ", "لكن", "كما", "ثم", "أو", "أما",
    "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "قال", "وقال", "أكد", "وأكد", "أضاف", "وأضاف", "the", "in",
    "on", "at", "but", "and", "this", "that", "he", "she", "it", "they", "we",
)

# Words that may stand around a date on a date-only line.
WEEKDAYS = (
    "الأحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sun", "mon", "tue", "wed", "thu", "fri", "sat",
)
# A time relative to the moment the page was seen ("منذ 3 ساعات", "قبل يومين", "5 hours ago"): it
# dates nothing once scraped, so such a line is dropped. Openers, units (with their dual and plural
# forms), and the number words that may stand with them.
RELATIVE_TIME_OPENERS = ("منذ", "قبل", "نشر منذ", "نشر قبل", "تم النشر منذ", "آخر تحديث منذ", "محدث منذ")
RELATIVE_TIME_UNITS = (
    "ثانية", "ثوان", "ثواني", "ثانيتين", "ثانيتان", "دقيقة", "دقائق", "دقيقتين", "دقيقتان", "ساعة", "ساعات",
    "ساعتين", "ساعتان", "يوم", "أيام", "يومين", "يومان", "أسبوع", "أسابيع", "أسبوعين", "أسبوعان", "شهر",
    "أشهر", "شهور", "شهرين", "شهران", "سنة", "سنوات", "سنين", "سنتين", "سنتان", "عام", "أعوام", "عامين",
    "عامان", "لحظات", "لحظة",
    "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs",
    "day", "days", "week", "weeks", "month", "months", "year", "years",
)
RELATIVE_TIME_NUMBERS = (
    "واحد", "واحدة", "اثنين", "اثنتين", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع",
    "سبعة", "ثماني", "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "بضع", "بضعة", "عدة", "نحو", "حوالي",
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few",
    "about", "posted", "updated", "published",
)
RELATIVE_TIME_AGO = ("ago",)

DATE_FILLERS = ("م", "هـ", "ه", "ص", "الموافق", "gmt", "utc", "at", "on", "am", "pm", "عام", "سنة", "يوم",
                "بتوقيت", "غرينتش", "جرينتش", "غرينيتش", "جرينيتش", "مكة", "بغداد", "القدس", "المكرمة", "في",
                "بتاريخ", "ميلادي", "هجري", "مساء", "صباحا", "ظهرا", "الساعة")

# Month names dateparser does not know, mapped to ones it does (Levantine/Iraqi and Maghrebi
# Gregorian months). The Egyptian/Gulf names and English names are dateparser's own.
MONTH_ALIASES = {
    "كانون الثاني": "يناير", "شباط": "فبراير", "آذار": "مارس", "اذار": "مارس", "نيسان": "أبريل",
    "أيار": "مايو", "ايار": "مايو", "حزيران": "يونيو", "تموز": "يوليو", "آب": "أغسطس", "اب": "أغسطس",
    "أيلول": "سبتمبر", "ايلول": "سبتمبر", "تشرين الأول": "أكتوبر", "تشرين الاول": "أكتوبر",
    "تشرين الثاني": "نوفمبر", "كانون الأول": "ديسمبر", "كانون الاول": "ديسمبر",
    "جانفي": "يناير", "فيفري": "فبراير", "أفريل": "أبريل", "افريل": "أبريل", "ماي": "مايو",
    "جوان": "يونيو", "جويلية": "يوليو", "جويلة": "يوليو", "أوت": "أغسطس", "اوت": "أغسطس",
    "يوليوز": "يوليو", "غشت": "أغسطس", "شتنبر": "سبتمبر", "نونبر": "نوفمبر", "دجنبر": "ديسمبر",
    "كانون ثاني": "يناير", "تشرين أول": "أكتوبر", "تشرين اول": "أكتوبر", "تشرين ثاني": "نوفمبر",
    "كانون أول": "ديسمبر", "كانون اول": "ديسمبر", "أغسطوس": "أغسطس",
}
# Gregorian month names (Arabic and English, with common spellings), numbered 1..12.
GREGORIAN_MONTHS = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Hijri months, numbered 1..12 (several spellings per month).
HIJRI_MONTHS = {
    "محرم": 1, "المحرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع أول": 3, "ربيع اول": 3,
    "ربيع آخر": 4, "ربيع اخر": 4, "ربيع ثاني": 4, "جمادى أولى": 5, "جمادى اولى": 5, "جمادى آخر": 6,
    "جمادى اخر": 6, "جمادى ثانية": 6, "ربيع الآخر": 4,
    "ربيع الاخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5, "جمادى الاولى": 5, "جمادى الأول": 5,
    "جمادى الآخرة": 6, "جمادى الاخرة": 6, "جمادى الثانية": 6, "جمادى الآخر": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
}

# Function words: prose is full of them, menus, link bars, headline lists and tickers have few.
# Written bare; a line's words are also tested without an attached و, ف, ب or ل.
FUNCTION_WORDS = (
    "في", "من", "على", "إلى", "عن", "مع", "أن", "إن", "أنه", "إنه", "أنها", "التي", "الذي", "الذين",
    "اللذين", "اللتين", "هذا", "هذه", "ذلك", "تلك", "هؤلاء", "كان", "كانت", "يكون", "تكون", "قد", "لقد",
    "لم", "لن", "ما", "لا", "بين", "بعد", "قبل", "حتى", "أو", "ثم", "كما", "هو", "هي", "هم", "كل", "عند",
    "منذ", "خلال", "حيث", "إذ", "إذا", "لكن", "لكن", "غير", "أي", "عبر", "نحو", "ضد", "حول", "وفق", "له",
    "لها", "لهم", "به", "بها", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "إليه", "إليها", "وقال",
    "قال", "وأضاف", "أضاف", "وأكد", "أكد", "وأشار", "أشار", "أوضح", "وأوضح", "ليس", "ليست", "يتم", "تم",
    "the", "of", "and", "to", "in", "is", "was", "that", "for", "on", "with", "as", "by", "at", "from",
    "it", "he", "she", "they", "has", "have", "had", "be", "been", "which", "who", "said",
)
