/* Search worker for Material's search UI: Arabic-aware, scoped to one language, index fetched lazily.
 *
 * Material's page script starts this worker (the "search" URL in the __config block of
 * templates/theme/main.html) and talks to it with Material's protocol: SETUP (Material's own,
 * tiny search_index.json: hand-written pages only) -> READY; QUERY (the typed text) -> RESULT
 * ({items: SearchItem[][]}, each item {location, title, text, score, terms}, title and text as HTML).
 *
 * The index of generated pages is written by generator/search.py into <site>/<lang prefix>search/:
 * manifest.json, postings shards s/<name>.json (sorted key ranges) and document chunks d/<n>.json.
 * Articles are numbered from the oldest (0, 1, ...), the other pages from manifest.first_other, and the
 * hand-written pages here from manifest.end.
 * A query fetches the manifest once, the shards holding its keys, then the chunks of its best
 * documents. Query words go through normalize.js, the port of generator/arabic.py that built the index.
 */
"use strict"

/* The scripts' version (`v`, set by the page) keeps this worker and its normaliser from mixing releases. */
const VERSION = new URL(self.location.href).searchParams.get("v")
importScripts(VERSION ? `normalize.js?v=${encodeURIComponent(VERSION)}` : "normalize.js")

const A = self.arabic
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3  // Material's SearchMessageType

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
const CODE = new Map([...ALPHABET].map((c, i) => [c, i]))
const LIMIT = 20                // results returned (each needs its document chunk)
const PREFIX_FACTOR = 0.6       // a key that only starts with the typed form counts less than an exact key
const PREFIX_MIN = 4            // letters a form needs to match longer keys as a prefix
const STEM_FACTOR = 0.7         // a key sharing the typed word's stem (مستودع for مستودعات)
const TYPO_MIN = 5              // letters a word needs for a key one edit away to count ...
const TYPO_FACTOR = 0.35        // ... below every exact, prefix and stem match
const NAME_FACTOR = 0.9         // pages of a taxonomy entry named in the other language
const K1 = 1.2, QUANT = 28      // as in generator/search.py (weights of hand-written pages are computed here)
const FIELD_WEIGHTS = { title: 6, text: 1 }

/* Where the index is: `index` (a path relative to the site root) in this script's query string. */
const params = new URL(self.location.href).searchParams
const ROOT = new URL("../../", self.location.href)  // this file is <site>/assets/search/worker.js
const path = params.get("index") || "search/"
const BASE = new URL(/^[\w\-./]*$/.test(path) && !path.startsWith("/") && !path.includes("..")
  ? path : "search/", ROOT)

const stats = { bytes: 0, files: 0 }  // what this worker downloaded (reported with each result)
const files = new Map()               // path -> Promise of parsed JSON
let manifest = null                   // Promise of the manifest
let extra = []                        // hand-written pages of this language, from Material's SETUP data

async function fetchJSON(url, init) {
  const res = await fetch(url, init)
  if (!res.ok)
    throw new Error(`${res.status} ${url}`)
  const buf = await res.arrayBuffer()
  stats.bytes += buf.byteLength
  stats.files += 1
  return JSON.parse(new TextDecoder().decode(buf))
}

function load(name, build) {
  if (!files.has(name)) {
    const url = new URL(name, BASE)
    url.searchParams.set("v", build)
    const promise = fetchJSON(url)
    promise.catch(() => files.delete(name))  // retry on the next query
    files.set(name, promise)
  }
  return files.get(name)
}

const indexForms = A.indexForms  // the same rule as search.index_forms in Python

function len(s) { let n = 0; for (const _ of s) n++; return n }

/* Decode a postings string (see search.encode_postings): gap-1 varints and one weight character each. */
function decode(text) {
  const out = []
  let i = 0, prev = -1
  while (i < text.length) {
    let value = 0, shift = 0, c
    do {
      c = CODE.get(text[i++])
      value += (c & 31) * 2 ** shift
      shift += 5
    } while (c >= 32)
    prev += value + 1
    out.push(prev, CODE.get(text[i++]))
  }
  return out
}

/* Index of the last shard whose first key is <= key (-1 when key sorts before every shard). */
function shardOf(firsts, key) {
  let lo = 0, hi = firsts.length - 1, ans = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (firsts[mid] <= key) { ans = mid; lo = mid + 1 } else hi = mid - 1
  }
  return ans
}

const shardMaps = new WeakMap()         // parsed shard -> Map(key -> postings string)
async function shardMap(m, n) {
  const data = await load(`s/${m.names[n]}.json`, m.build)
  let map = shardMaps.get(data)
  if (!map) {
    map = new Map()
    for (let i = 0; i < data.length; i += 2)
      map.set(data[i], data[i + 1])
    shardMaps.set(data, map)
  }
  return map
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function stripHTML(html) {
  return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim()
}

/* A query word: its typed text, lookup forms, and per form whether it may match as a prefix, and its factor.
 * Besides the word's own forms: its stem (arabic.stem), matched as a prefix, and for words of TYPO_MIN
 * letters or more, keys one edit away (typo). */
function parseQuery(query) {
  const tokens = A.tokenize(query).slice(0, 30)  // terms are bits of a 32-bit mask below
  const seen = new Set()
  const terms = []
  /* Of several words, only forms of PREFIX_MIN letters match longer keys; a single word, as it is typed, from 3
   * letters (2 for the word under the cursor). */
  const single = tokens.length === 1
  tokens.forEach(([norm, start, end]) => {
    if (seen.has(norm)) return
    seen.add(norm)
    const typing = single && end === query.length
    const prefixFrom = single ? (typing ? 2 : 3) : PREFIX_MIN
    const forms = indexForms(norm).map(form => ({ form, prefix: len(form) >= prefixFrom, factor: 1 }))
    const canonical = forms[0].form
    const stem = A.stem(canonical)
    if (stem !== canonical)
      forms.push({ form: stem, prefix: len(stem) >= PREFIX_MIN, factor: STEM_FACTOR })
    terms.push({ word: query.slice(start, end), norm, forms, typo: len(canonical) >= TYPO_MIN ? canonical : null,
                 arabic: A.isArabic(norm), latin: /[a-z]/.test(norm) })
  })
  return terms
}

/* True when b is a at most one edit away (a letter added, dropped, changed, or two neighbours swapped). */
function oneEdit(a, b) {
  const la = a.length, lb = b.length
  if (Math.abs(la - lb) > 1) return false
  let i = 0
  while (i < la && i < lb && a[i] === b[i]) i++
  if (la === lb)
    return a.slice(i + 1) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

/* Does a normalised token of a result's text match a term (exactly or as a prefix)? */
function tokenMatches(token, term) {
  const keys = indexForms(token)
  return term.forms.some(({ form, prefix }) =>
    keys.some(k => k === form || (prefix && k.startsWith(form)))) ||
    (term.typo !== null && keys.some(k => oneEdit(term.typo, k))) ||
    (term.names || []).some(name => name.includes(keys[0]))
}

/* Escape `text` and wrap the words that match a query term in <mark>; collect matched spellings. */
function highlight(text, terms, found) {
  let out = "", pos = 0
  for (const [token, start, end] of A.tokenize(text)) {
    const term = terms.find(t => tokenMatches(token, t))
    if (!term) continue
    const surface = text.slice(start, end)
    found.add(surface)
    out += escapeHTML(text.slice(pos, start)) + `<mark>${escapeHTML(surface)}</mark>`
    pos = end
  }
  return out + escapeHTML(text.slice(pos))
}

/* About SNIPPET characters of `text` around its first word that matches a query term. */
const SNIPPET = 180
function snippet(text, terms) {
  if (text.length <= SNIPPET + 20)
    return text
  const hit = A.tokenize(text).find(([token]) => terms.some(t => tokenMatches(token, t)))
  let start = hit ? Math.max(0, hit[1] - 60) : 0
  if (start > 0) {
    const space = text.indexOf(" ", start)
    start = space >= 0 && space < (hit ? hit[1] : start + 20) ? space + 1 : start
  }
  let end = Math.min(text.length, start + SNIPPET)
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end)
    end = space > start + SNIPPET / 2 ? space : end
  }
  return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "")
}

/* Hand-written pages (Material's index minus generated pages), filtered to this language. */
function setupExtra(m, docs) {
  const pages = new Map()
  for (const doc of docs || []) {
    const loc = doc.location || ""
    if (!loc.startsWith(m.prefix) || m.others.some(p => loc.startsWith(p)))
      continue
    const [page] = loc.split("#")
    const entry = pages.get(page) || { url: page, title: "", text: [], fields: [] }
    const title = stripHTML(doc.title || ""), text = stripHTML(doc.text || "")
    if (page === loc) { entry.title = title; entry.text.unshift(text) } else entry.fields.push(["text", title])
    entry.fields.push(["text", text])
    pages.set(page, entry)
  }
  return [...pages.values()].map((entry, i) => {
    entry.fields.push(["title", entry.title])
    const tf = new Map()
    for (const [field, text] of entry.fields)
      for (const [token] of A.tokenize(text))
        indexForms(token).forEach((form, j) =>
          tf.set(form, (tf.get(form) || 0) + FIELD_WEIGHTS[field] * (j === 0 ? 1 : 0.5)))
    const weights = new Map()
    for (const [key, f] of tf)
      weights.set(key, Math.max(1, Math.min(63, Math.round(f * (K1 + 1) / (f + K1) * QUANT))))
    const text = entry.text.join(" ")
    return { doc: m.end + i, url: entry.url, title: entry.title, text: text.slice(0, 400), weights }
  })
}

/* Call `visit(key, postings)` for every key of the shards `lo` to `hi`. */
async function scan(m, lo, hi, visit) {
  for (let n = Math.max(0, lo); n <= hi; n++)
    for (const [key, postings] of await shardMap(m, n))
      visit(key, postings)
}

/* One term's matches: doc -> best weight (weight x factor) over its exact, prefix, stem and typo keys; and in
 * `best.sure`, the docs it matches by a key other than a typo's. */
async function lookup(m, term) {
  const best = new Map()
  best.sure = new Set()
  const add = (doc, w) => { if (!(best.get(doc) >= w)) best.set(doc, w) }
  const addAll = (postings, factor, typo = false) => {
    const p = decode(postings)
    for (let i = 0; i < p.length; i += 2) {
      add(p[i], p[i + 1] * factor)
      if (!typo) best.sure.add(p[i])
    }
  }
  await Promise.all(term.forms.map(async ({ form, prefix, factor }) => {
    const lo = Math.max(0, shardOf(m.shards, form))
    const hi = shardOf(m.shards, form + "\uffff")
    if (hi < 0) return
    if (prefix && hi - lo < m.max_range)  // a prefix spanning more shards is matched exactly
      await scan(m, lo, hi, (key, postings) => {
        if (key.startsWith(form)) addAll(postings, factor * (key === form ? 1 : PREFIX_FACTOR))
      })
    else {
      const n = shardOf(m.shards, form)
      const map = n < 0 ? null : await shardMap(m, n)
      if (map && map.has(form)) addAll(map.get(form), factor)
    }
  }))
  if (term.typo !== null) {  // keys one edit away, among those sharing the word's first three letters
    const head = term.typo.slice(0, 3)
    const lo = Math.max(0, shardOf(m.shards, head)), hi = shardOf(m.shards, head + "\uffff")
    if (hi >= 0 && hi - lo < m.max_range)
      await scan(m, lo, hi, (key, postings) => {
        if (key !== term.typo && key.startsWith(head) && oneEdit(term.typo, key)) addAll(postings, TYPO_FACTOR, true)
      })
  }
  for (const page of extra)
    for (const [key, w] of page.weights)
      for (const { form, prefix, factor } of term.forms)
        if (key === form || (prefix && key.startsWith(form))) {
          add(page.doc, w * factor * (key === form ? 1 : PREFIX_FACTOR))
          best.sure.add(page.doc)
        }
  return best
}

/* Pages having every one of `maps` (doc -> weight), with the sum of their weights times `factor`. */
function every(maps, factor) {
  const out = new Map()
  if (!maps.length) return out
  for (const [doc, w] of maps[0]) {
    let sum = w
    if (maps.slice(1).every(map => map.has(doc) && (sum += map.get(doc), true)))
      out.set(doc, sum * factor / maps.length)
  }
  return out
}

/* The taxonomy's names in the other language (names.json: [other-language keys, this language's name]),
 * fetched only for a query written in the other script. */
let names = null
async function crossNames(m, terms) {
  const foreign = terms.filter(t => m.lang === "ar" ? t.latin : t.arabic)
  if (!foreign.length || !m.names_file) return
  if (!names) names = load(m.names_file, m.build)
  const table = await names
  const wanted = foreign.map(t => A.key(t.norm))
  let found = [], cover = 0
  for (const [keys, name] of table) {
    const have = keys.split(" ")
    if (!wanted.every(k => have.includes(k))) continue
    const share = wanted.length / have.length  // "Sudani" names al-Sudani better than a longer name
    if (share > cover) { found = [name]; cover = share } else if (share === cover) found.push(name)
  }
  if (!found.length) return
  const first = foreign[0]
  first.names = found.slice(0, 3).map(name => A.tokenize(name).map(([norm]) => indexForms(norm)[0]))
  first.nameTerms = first.names.map(keys => keys.map(k => ({ forms: [{ form: k, prefix: false, factor: 1 }],
                                                              typo: null })))
}

/* Per term: doc -> best weight. A term naming a taxonomy entry in the other language also matches the pages
 * holding every word of that entry's name in this language. */
async function match(m, terms) {
  await crossNames(m, terms)
  return Promise.all(terms.map(async term => {
    const best = await lookup(m, term)
    for (const words of term.nameTerms || []) {
      const found = every(await Promise.all(words.map(w => lookup(m, w))), NAME_FACTOR)
      for (const [doc, w] of found) {
        if (!(best.get(doc) >= w)) best.set(doc, w)
        best.sure.add(doc)
      }
    }
    return best
  }))
}

async function search(query) {
  if (!manifest)
    return { items: [] }
  const m = await manifest
  const terms = parseQuery(query)
  if (!terms.length)
    return { items: [] }
  const matches = await match(m, terms)
  const total = m.docs + extra.length
  const idf = matches.map(best => Math.log(1 + (total - best.size + 0.5) / (best.size + 0.5)))

  /* All terms must match; when no page has them all, rank pages by the terms they have. */
  const scores = new Map(), present = new Map(), sure = new Map()
  matches.forEach((best, t) => {
    for (const [doc, w] of best) {
      scores.set(doc, (scores.get(doc) || 0) + idf[t] * w / QUANT)
      present.set(doc, (present.get(doc) || 0) | (1 << t))
      if (best.sure.has(doc)) sure.set(doc, (sure.get(doc) || 0) + 1)
    }
  })
  const all = (1 << terms.length) - 1
  let docs = [...scores.keys()]
  const complete = docs.filter(doc => present.get(doc) === all)
  const partial = !complete.length && terms.length > 1 && docs.length > 0  // no page has all the words
  if (complete.length) docs = complete
  /* Pages with more of the words first, then with more of them as typed (not one edit away), then by score; ties:
   * newest articles first, then the other pages in index order, then hand-written pages. */
  const count = doc => { let n = 0; for (let b = present.get(doc); b; b &= b - 1) n++; return n }
  const typed = doc => sure.get(doc) || 0
  const rank = doc => doc < m.first_other ? m.first_other - doc : doc + 1
  docs.sort((a, b) => count(b) - count(a) || typed(b) - typed(a) || scores.get(b) - scores.get(a) ||
    rank(a) - rank(b))
  docs = docs.slice(0, LIMIT)

  /* Fetch the document chunks of the results, then render them as Material's items. */
  const chunks = new Map()
  await Promise.all([...new Set(docs.filter(d => d < m.end).map(d => Math.floor(d / m.chunk)))]
    .map(async c => chunks.set(c, await load(`d/${c}.json`, m.build))))
  const items = docs.map(doc => {
    let url, title, text
    if (doc < m.end)
      [url, title, text] = chunks.get(Math.floor(doc / m.chunk))[doc % m.chunk]
    else
      ({ url, title, text } = extra[doc - m.end])
    const found = new Set()
    const item = {
      location: url,
      title: highlight(title, terms, found),
      text: highlight(snippet(text, terms), terms, found),
      score: scores.get(doc),
      terms: {}
    }
    terms.forEach((term, t) => { item.terms[term.word] = !!(present.get(doc) & (1 << t)) })
    for (const surface of found)  // original spellings, so that the page highlights them (?h=)
      if (!(surface in item.terms)) item.terms[surface] = true
    return [item]
  })
  return { items, partial, stats: { ...stats }, terms }
}

/* The text of a page's article (its HTML without tags, scripts and styles). */
function articleText(html) {
  const start = html.indexOf("<article"), end = html.lastIndexOf("</article>")
  const inner = start >= 0 && end > start ? html.slice(start, end) : html
  return stripHTML(inner.replace(/<(script|style|nav)\b[\s\S]*?<\/\1>/gi, " ").replace(/<h1\b[\s\S]*?<\/h1>/i, " "))
}

/* Snippets at the match: for the first results whose snippet holds none of the words (a match deep in the
 * body), fetch the page and show the passage around the first matching word. Sent as a second RESULT
 * (`update`) after the first one, so the bytes before the first result do not grow. */
const PASSAGES = 3
async function passages(data) {
  const terms = data.terms
  const wanted = data.items.map(([item]) => item).filter(item => !item.text.includes("<mark>")).slice(0, PASSAGES)
  if (!wanted.length) return false
  let changed = false
  await Promise.all(wanted.map(async item => {
    try {
      const res = await fetch(new URL(item.location, ROOT))
      if (!res.ok) return
      const text = articleText(await res.text())
      const found = new Set()
      const passage = highlight(snippet(text, terms), terms, found)
      if (!passage.includes("<mark>")) return
      item.text = passage
      for (const surface of found)
        if (!(surface in item.terms)) item.terms[surface] = true
      changed = true
    } catch (err) { /* the first snippet stays */ }
  }))
  return changed
}

/* Answer only the latest query: a query typed while an older one waits for the network replaces it. */
let pending = null, busy = false
async function pump() {
  if (busy) return
  busy = true
  while (pending !== null) {
    const query = pending
    pending = null
    let data
    try {
      data = await search(query)
    } catch (err) {
      console.warn(`Search failed: ${query}`, err)
      data = { items: [] }
    }
    if (pending !== null) continue
    const { terms, ...shown } = data
    postMessage({ type: RESULT, data: shown })
    if (terms && await passages(data) && pending === null)
      postMessage({ type: RESULT, data: { ...shown, update: true } })
  }
  busy = false
}

addEventListener("message", async ev => {
  const message = ev.data
  switch (message.type) {
    case SETUP:
      manifest = fetchJSON(new URL("manifest.json", BASE), { cache: "no-cache" })
      try {
        extra = setupExtra(await manifest, message.data && message.data.docs)
      } catch (err) {
        console.warn("Search index unavailable", err)
        manifest = null
      }
      postMessage({ type: READY })
      break
    case QUERY:
      pending = String(message.data || "")
      pump()
      break
  }
})
