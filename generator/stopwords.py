"""Words that carry no topic, as ``arabic.keys``: what similarity, event matching and tagging leave out."""

from __future__ import annotations

from . import arabic

# Words that carry no topic (function words, reporting verbs, days, calendar words), in Arabic
# and English; compared by their keys, so one spelling of each is enough.
STOP_WORDS_TEXT = """
في من على علي الى إلى عن مع أن إن ان أنه إنه انه أنها إنها كان كانت يكون تكون كانوا قد لقد لا لم لن ما
ماذا هذا هذه ذلك تلك هؤلاء هناك هنا الذي التي الذين اللذين اللتين اللواتي هو هي هم هن هما نحن أنا أنت
كما كل بعض أي او أو ثم بل لكن حتى إذا اذا إذ منذ عند عندما بين خلال بعد قبل حول ضد دون غير فقط أيضا
مثل ليس ليست تم يتم وقد فيما بينما حيث وفق وفقا بحسب حسب عبر نحو لدى لدي إلا الا أكثر اكثر أقل جدا
عليه عليها عليهم فيه فيها فيهم منه منها منهم له لها لهم به بها بهم إليه إليها اليه اليها ذاته نفسه
قال قالت يقول تقول قالوا وقال وقالت أكد أكدت أضاف أضافت وأضاف أشار أشارت ذكر ذكرت أوضح أوضحت أعلن أعلنت
اليوم أمس غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت يوم عام العام شهر الشهر
الماضي الماضية الحالي المقبل المقبلة الجاري الأول الثاني الجديد الجديدة
the a an of and or in on at to for from by with as is are was were be been that this these those it its
he she they we you his her their not no but if than then also has have had will would said says
"""
STOP_WORDS = frozenset(arabic.keys(STOP_WORDS_TEXT))
