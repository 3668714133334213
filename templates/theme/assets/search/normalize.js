/* Arabic normalisation and tokenising for search: a line-by-line port of generator/arabic.py.
 *
 * The search index is built in Python with generator/arabic.py; the browser runs the typed
 * query through this file, so both sides fold spellings the same way. Keep the two in step:
 * tests/test_search.py runs this file on a word list and compares every function with Python.
 * Loaded by the search worker (importScripts) and by Node (require) in the tests.
 */
(function (root) {
  "use strict"

  // Harakat, shadda, sukun, superscript alef, Quranic annotation marks.
  function range(a, b) { const out = []; for (let c = a; c < b; c++) out.push(c); return out }
  const _DIACRITICS = [...range(0x0610, 0x061B), ...range(0x064B, 0x0660), 0x0670,
                       ...range(0x06D6, 0x06DD), ...range(0x06DF, 0x06E9),
                       ...range(0x06EA, 0x06EE)].map(c => String.fromCharCode(c)).join("")
  const _TATWEEL = "\u0640"
  // Invisible formatting characters: bidi marks and embeddings, zero-width joiners, BOM.
  const _INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u061c"

  const _CHAR_MAP = new Map(Object.entries({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",  // alef maksura and Persian/Urdu yeh
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",  // taa marbuta and heh variants
    "ؤ": "ء", "ئ": "ء",  // hamza seats: مسؤول / مسئول
    "ک": "ك", "ڪ": "ك",  // Persian keheh
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
  }))
  for (const ch of _DIACRITICS + _TATWEEL + _INVISIBLE) _CHAR_MAP.set(ch, "")

  // Loanwords that Arabic outlets spell in more than one way (ي before or after ر, غ/ج/ك for "g").
  // Keys and values are already normalised; only whole stems are replaced.
  const VARIANTS = new Map(Object.entries({
    "اميركي": "امريكي", "اميركيه": "امريكيه", "اميركيين": "امريكيين", "اميركيون": "امريكيون",
    "اميركا": "امريكا", "امريكان": "امريكا",
    "بنتاجون": "بنتاغون", "بنتاكون": "بنتاغون",
    "ماكجورك": "ماكغورك", "مكغورك": "ماكغورك", "ماكغرك": "ماكغورك",
    "كيربى": "كيربي",
    "اوستين": "اوستن",
  }))

  // Attached proclitics, longest first. The article family (ال with و ف ب ك before it, and لل)
  // is stripped for the canonical key; single-letter و ف ب ك ل only produce extra candidate forms.
  const _ARTICLE_PREFIXES = ["وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"]
  const _LETTER_PREFIXES = ["وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ك", "ل"]
  const _MIN_STEM = 2

  // Whole words (normalised) that begin with the letters of a clitic but are not clitic + word:
  // never split, and recognised after a real clitic (للبنان = ل + لبنان, not لل + بنان).
  // Only words of four letters or more are at risk: shorter ones are never split anyway.
  const WHOLE_WORDS = new Set([
    "الله",
    // places and people
    "بغداد", "بابل", "باكستان", "بريطانيا", "بيروت", "برلين", "بكين", "بلجيكا", "بولندا",
    "لبنان", "ليبيا", "لندن", "فلسطين", "فرنسا", "فنزويلا", "فيتنام", "واشنطن", "كردستان",
    "كركوك", "كندا", "كوريا", "بايدن", "بوتين", "بلينكن", "بريت", "بشار", "كيربي", "فءاد",
    // common words
    "وزير", "وزراء", "وزاره", "وزارات", "ولايه", "ولايات", "وكاله", "وجود", "وحده", "وطني",
    "وطنيه", "وثيقه", "واضح", "واسع", "وصول", "وساءل", "وفاه", "وقوع", "ورقه", "وفود",
    "فيلق", "فريق", "فصاءل", "فصيل", "فتره", "فرصه", "فرنسي", "فقط", "فوري",
    "بيان", "بيانات", "بلاد", "بلدان", "برلمان", "برلماني", "برنامج", "بحسب", "بناء", "بنيه",
    "كتاءب", "كبير", "كبيره", "كبار", "كلمه", "كامل", "كانت", "كافه", "كيفيه",
    "لجنه", "لجان", "لقاء", "لواء", "لكن", "ليست", "لحظه",
  ])

  // Word characters: letters and digits of any script (\w), Arabic letters, marks, tatweel and digits
  // in the Arabic blocks (but not Arabic punctuation: ، ؛ ؟ ۔ ٪ and the like are separators), and
  // the zero-width (non-)joiners that sit inside Persian-spelt names (خامنه‌ای).
  // (Python's \w is letters, numbers and the underscore: \p{L}\p{N}_ here.)
  const _WORD_SOURCE = "[\\p{L}\\p{N}_\\u200c\\u200d\\u0610-\\u061A\\u0620-\\u0669\\u066E-\\u06D3\\u06D5-\\u06DC\\u06DF-\\u06E8" +
                       "\\u06EA-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFD3D\\uFD40-\\uFDFF\\uFE70-\\uFEFC]+"

  // Python counts code points; JavaScript string lengths count UTF-16 units.
  function len(s) { let n = 0; for (const _ of s) n++; return n }

  function lru(fn) {
    const cache = new Map()
    return token => {
      let value = cache.get(token)
      if (value === undefined) {
        if (cache.size > 200000) cache.clear()
        value = fn(token)
        cache.set(token, value)
      }
      return value
    }
  }

  /** Fold spelling variation that does not change meaning: diacritics, tatweel, alef/yeh/heh forms, digits, case. */
  function normalize(text) {
    text = text.normalize("NFKC")  // presentation forms to letters
    let out = ""
    for (const ch of text) {
      const mapped = _CHAR_MAP.get(ch)
      out += mapped === undefined ? ch : mapped
    }
    return out.toLowerCase()
  }

  function _variant(stem) {
    const v = VARIANTS.get(stem)
    return v === undefined ? stem : v
  }

  /** [stem, definite, known]: the canonical reading of a normalised token. */
  const _split = lru(function (token) {
    if (WHOLE_WORDS.has(token))
      return [token, false, true]
    for (const prefix of _LETTER_PREFIXES)
      if (token.startsWith(prefix) && WHOLE_WORDS.has(token.slice(prefix.length)))
        return [token.slice(prefix.length), false, true]
    for (const prefix of _ARTICLE_PREFIXES)
      if (token.startsWith(prefix) && len(token) - len(prefix) >= _MIN_STEM) {
        // لل is ل + ال with the alef dropped: للقوات -> قوات.
        const rest = token.slice(prefix.length)
        if (WHOLE_WORDS.has(rest))
          return [rest, true, true]
        return [rest, true, false]
      }
    return [token, false, false]
  })

  /** One canonical form of a normalised token: article-family clitics stripped, loanword spellings unified. */
  function key(token) {
    return _variant(_split(token)[0])
  }

  /** True when the canonical reading of a normalised token carries the article (ال and its clitic forms). */
  function definite(token) {
    return _split(token)[1]
  }

  function _has(list, reading) {
    return list.some(r => r[0] === reading[0] && r[1] === reading[1])
  }

  /** Every [form, definite] reading of a normalised token, canonical first, the token itself last. */
  const readings = lru(function (token) {
    const [stem, isDefinite, known] = _split(token)
    const out = [[_variant(stem), isDefinite]]
    if (!known)
      for (const prefix of _LETTER_PREFIXES)
        if (token.startsWith(prefix) && len(token) - len(prefix) > _MIN_STEM) {
          const rest = token.slice(prefix.length)
          const reading = [key(rest), definite(rest)]
          if (!_has(out, reading))
            out.push(reading)
        }
    const whole = [_variant(token), false]
    if (!_has(out, whole))
      out.push(whole)
    return out
  })

  /** Every reading of a normalised token: itself and each clitic-stripped candidate, canonical key first. */
  const forms = lru(function (token) {
    return [...new Set(readings(token).map(([form]) => form))]
  })

  // Light suffix stemming, for search only (tagging and similarity never stem): plural and feminine endings
  // and attached pronouns, on normalised keys (ة is ه there). Longest first; one suffix is taken off, and
  // only when at least _MIN_STEM_LETTERS letters stay, all of them Arabic.
  const _SUFFIXES = ["هما", "ات", "ون", "ين", "يه", "ها", "هم", "كم", "ه"]
  const _MIN_STEM_LETTERS = 3
  const _ARABIC_LETTERS_RE = /^[\u0621-\u064a]+$/

  /** A key without its plural, feminine or pronoun ending (مستودعات -> مستودع, عراقيه -> عراق), for search;
   *  the key itself when it has none, is too short, or is not Arabic. */
  function stem(form) {
    if (!_ARABIC_LETTERS_RE.test(form))
      return form
    for (const suffix of _SUFFIXES)
      if (form.endsWith(suffix) && len(form) - len(suffix) >= _MIN_STEM_LETTERS)
        return form.slice(0, form.length - suffix.length)
    return form
  }

  /** Words of `text` as [normalised token, start, end] with offsets into the original string (UTF-16 units). */
  function tokenize(text) {
    const out = []
    for (const m of text.matchAll(new RegExp(_WORD_SOURCE, "gu"))) {
      const norm = normalize(m[0])
      if (norm)
        out.push([norm, m.index, m.index + m[0].length])
    }
    return out
  }

  const _wordKey = lru(function (word) {
    const norm = normalize(word)
    return norm ? key(norm) : ""
  })

  /** Canonical keys of every word in `text` (for similarity and indexing); the words of `tokenize`. */
  function keys(text) {
    const out = []
    for (const m of text.matchAll(new RegExp(_WORD_SOURCE, "gu"))) {
      const k = _wordKey(m[0])
      if (k)
        out.push(k)
    }
    return out
  }

  /** True when most letters of `text` are Arabic script. */
  function isArabic(text) {
    let arabic = 0, latin = 0
    for (const ch of text) {
      if (("\u0600" <= ch && ch <= "\u06ff") || ("\u0750" <= ch && ch <= "\u077f")) arabic++
      else if (ch <= "\u007f" && /[A-Za-z]/.test(ch)) latin++
    }
    return arabic > 0 && arabic >= latin
  }

  /** Keys a normalised token is indexed and looked up under: `forms` minus the unsplit whole token
   *  (a port of generator/search.py index_forms, the one rule the search index adds on top of arabic.py). */
  function indexForms(token) {
    const all = forms(token)
    const whole = _variant(token)
    return all.filter((f, i) => i === 0 || f !== whole)
  }

  const api = {
    normalize, key, definite, readings, forms, tokenize, keys, isArabic, indexForms, stem,
    VARIANTS, WHOLE_WORDS, _ARTICLE_PREFIXES, _LETTER_PREFIXES, _MIN_STEM, _SUFFIXES, _MIN_STEM_LETTERS,
  }
  if (typeof module !== "undefined" && module.exports)
    module.exports = api
  root.arabic = api
})(typeof self !== "undefined" ? self : globalThis)
