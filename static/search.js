/* annals search: draws the results of `?q=`, and of what the reader types, on the search page.
 *
 * The index is written by `annals build` (src/render/search.rs explains
 * it): shards of posting lists by gram hash (`search/shard-N.js`) and the
 * documents in chunks (`search/docs-N.js`). Each file is a script calling
 * `annalsSearch.shard(...)` or `annalsSearch.docs(...)`, loaded with a
 * <script> tag, so search works from file:// as well as over http. Only
 * the shards of the query's grams are loaded, then only the chunks of the
 * hits shown. Products and sections are found by name, from each
 * language's `search/titles-L.js`.
 *
 * Ranking: products whose name matches, then sections whose title does
 * (each once, in the page's language), then events whose text does: the
 * page's language first, then the others' events not already shown (a
 * document names its translation's number, `c`); restatements are not in
 * the index. Events keep the timeline's order, oldest first: results read
 * as the story of the query, and the chunks load in order as the reader
 * asks for more, never all at once.
 *
 * Text reaches the page through text nodes only (never innerHTML).
 * Plain ES2017 (plus Unicode property escapes), no dependencies. */
(function () {
  'use strict';

  const box = document.getElementById('search-results');
  if (!box) return;
  const status = document.getElementById('search-status');
  const d = box.dataset;
  const PAGE = 20; // hits shown at once per group
  const SHARDS = Number(d.shards);
  const CHUNK = Number(d.chunk);

  // ---- text: folding, runs and grams, exactly as search.rs ----

  const PREFIX_MAX = 10;
  const CJK = [
    [0x2e80, 0x2fdf], [0x3005, 0x3007], [0x3021, 0x3029], [0x3038, 0x303b],
    [0x3040, 0x30ff], [0x3100, 0x312f], [0x3131, 0x318f], [0x31a0, 0x31bf],
    [0x31f0, 0x31ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa960, 0xa97f],
    [0xac00, 0xd7af], [0xf900, 0xfaff], [0xff66, 0xff9f], [0x20000, 0x3134f],
  ];
  const isCjk = (c) => {
    const cp = c.codePointAt(0);
    return CJK.some(([lo, hi]) => cp >= lo && cp <= hi);
  };
  const ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  const isWord = (c) => !isCjk(c) && ALNUM.test(c);
  const GAP = /^[\s\-\u2010\u2011]$/;

  // Full-width ASCII to ASCII, then lower case when that keeps the length:
  // the folded text has the offsets of the original.
  function foldChar(c) {
    const cp = c.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) c = String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) c = ' ';
    const l = c.toLowerCase();
    return l.length === c.length && Array.from(l).length === 1 ? l : c;
  }
  const fold = (text) => Array.from(text, foldChar).join('');

  // The CJK runs and words of a text: [{cjk, s}], folded.
  function terms(text) {
    const out = [];
    let cur = '';
    let cjk = false;
    const flush = () => {
      if (cur) out.push({ cjk, s: cur });
      cur = '';
    };
    for (const c of fold(text)) {
      const k = isCjk(c) ? true : isWord(c) ? false : null;
      if (k === null) {
        flush();
        continue;
      }
      if (k !== cjk) {
        flush();
        cjk = k;
      }
      cur += c;
    }
    flush();
    return out;
  }

  function queryGrams(ts) {
    const grams = new Set();
    for (const t of ts) {
      const chars = Array.from(t.s);
      if (!t.cjk) grams.add(chars.slice(0, PREFIX_MAX).join(''));
      else if (chars.length === 1) grams.add(t.s);
      else for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
    }
    return Array.from(grams);
  }

  // FNV-1a (32 bits) of the UTF-8 bytes, modulo the number of shards.
  const utf8 = new TextEncoder();
  function shardOf(gram) {
    let h = 0x811c9dc5;
    for (const b of utf8.encode(gram)) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h & (SHARDS - 1);
  }

  // ---- loading index files with <script> tags ----

  const pending = { shard: new Map(), docs: new Map(), titles: new Map() };
  const loaded = { shard: new Map(), docs: new Map(), titles: new Map() };

  function arrive(kind, n, data) {
    const p = pending[kind].get(n);
    if (p && !p.done) {
      p.done = true;
      p.resolve(data);
    }
  }
  window.annalsSearch = {
    shard: (n, data) => arrive('shard', n, data),
    docs: (n, data) => arrive('docs', n, data),
    titles: (lang, data) => arrive('titles', lang, data),
  };

  function load(kind, n) {
    if (!loaded[kind].has(n)) {
      loaded[kind].set(n, new Promise((resolve, reject) => {
        const p = { resolve, done: false };
        pending[kind].set(n, p);
        const s = document.createElement('script');
        s.src = `${d.index}${kind}-${n}.js?v=${d.version}`;
        const fail = () => {
          if (!p.done) {
            p.done = true;
            reject(new Error(`cannot load ${s.src}`));
          }
        };
        s.onerror = fail;
        s.onload = fail; // loaded but never called back: a stale or foreign file
        document.head.appendChild(s);
      }));
    }
    return loaded[kind].get(n);
  }

  async function docsOf(nums) {
    const chunks = Array.from(new Set(nums.map((n) => Math.floor(n / CHUNK))));
    const parts = await Promise.all(chunks.map((c) => load('docs', c)));
    const byChunk = new Map(chunks.map((c, i) => [c, parts[i]]));
    return nums.map((n) => byChunk.get(Math.floor(n / CHUNK))[n % CHUNK]);
  }

  // Documents holding every gram, ascending.
  async function candidates(grams) {
    const shards = await Promise.all(grams.map((g) => load('shard', shardOf(g))));
    const lists = grams.map((g, i) => {
      const deltas = shards[i][g] || [];
      let acc = 0;
      return deltas.map((x) => (acc += x));
    });
    lists.sort((a, b) => a.length - b.length);
    let out = lists[0];
    for (const list of lists.slice(1)) {
      const has = new Set(list);
      out = out.filter((n) => has.has(n));
    }
    return out;
  }

  // ---- checking and marking a document's text ----

  function prevChar(s, i) {
    if (i === 0) return '';
    const code = s.charCodeAt(i - 1);
    return code >= 0xdc00 && code <= 0xdfff && i >= 2 ? s.slice(i - 2, i) : s[i - 1];
  }

  // Where each term occurs in the folded text (a CJK run anywhere, a word
  // at the start of a word), merged and sorted; null when a term is missing.
  function find(folded, ts) {
    const ranges = [];
    for (const t of ts) {
      let found = false;
      for (let i = folded.indexOf(t.s); i >= 0; i = folded.indexOf(t.s, i + 1)) {
        if (!t.cjk && isWord(prevChar(folded, i))) continue;
        ranges.push([i, i + t.s.length]);
        found = true;
      }
      if (!found) return null;
    }
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    // Marks touching, or apart by one space or hyphen, become one mark.
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && (r[0] <= last[1] || GAP.test(folded.slice(last[1], r[0])))) {
        last[1] = Math.max(last[1], r[1]);
      } else merged.push(r.slice());
    }
    return merged;
  }

  // ---- drawing ----

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Avoid cutting a surrogate pair.
  const safe = (s, i) => {
    const code = s.charCodeAt(i);
    return code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
  };

  function snippet(text, ranges) {
    const p = el('p', 'search-snippet');
    const [first, firstEnd] = ranges[0];
    let start = safe(text, Math.max(0, first - 30));
    let end = safe(text, Math.min(text.length, start + 160));
    // Not in the middle of a word.
    while (start < first && isWord(text[start - 1] || '') && isWord(text[start])) start++;
    while (end > firstEnd && isWord(text[end - 1]) && isWord(text[end] || '')) end--;
    if (start > 0) p.append('…');
    let at = start;
    for (const [a, b] of ranges) {
      if (a >= end) break;
      p.append(text.slice(at, a));
      p.append(el('mark', '', text.slice(a, Math.min(b, end))));
      at = Math.min(b, end);
    }
    p.append(text.slice(at, end));
    if (end < text.length) p.append('…');
    return p;
  }

  // A document holds its event's id; its language's range gives the text's
  // language and the page's URL around the id.
  function hit(doc, range, ranges) {
    const li = el('li', 'search-hit');
    li.lang = range.tag;
    const a = el('a', 'search-link', doc.d);
    a.href = d.root + range.before + doc.i + range.after;
    li.append(a, ' ', el('span', 'search-section', doc.s), snippet(doc.t, ranges));
    return li;
  }

  // One group of results (a language range of documents), shown PAGE at a
  // time: the chunks of the next candidates are loaded and their text
  // checked until PAGE more hits are found.
  function group(heading, range, cands, ts, shownElsewhere) {
    const section = el('section', 'search-group');
    const count = el('p', 'search-count');
    const list = el('ol', 'search-hits');
    const more = el('button', 'search-more', d.tMore);
    more.type = 'button';
    section.append(el('h2', '', heading), count, list);
    let next = 0;
    let shown = 0;
    async function page() {
      more.disabled = true;
      let found = 0;
      while (found < PAGE && next < cands.length) {
        const batch = cands.slice(next, next + PAGE - found);
        next += batch.length;
        const docs = await docsOf(batch);
        for (const doc of docs) {
          const ranges = find(fold(doc.t), ts);
          if (!ranges || (await shownElsewhere(doc))) continue;
          list.append(hit(doc, range, ranges));
          found++;
        }
      }
      shown += found;
      const done = next >= cands.length;
      count.textContent = (done ? d.tCount : d.tCountMore).replace('{n}', shown);
      if (done) more.remove();
      else if (!more.parentNode) section.append(more);
      more.disabled = false;
      return shown;
    }
    more.addEventListener('click', () => page().catch(failed));
    return { section, page };
  }

  function failed(err) {
    status.textContent = d.tError;
    console.error(err);
  }

  // Document numbers by language, with the text's language and the event
  // pages' URL either side of an id:
  // `zh:0:224:zh-Hans:zh/events/:/index.html en:224:448:en:en/events/:/index.html`.
  function ranges() {
    const out = new Map();
    for (const item of (d.ranges || '').split(' ').filter(Boolean)) {
      const [lang, from, to, tag, before, after] = item.split(':');
      out.set(lang, { from: Number(from), to: Number(to), tag, before, after });
    }
    return out;
  }

  // How well a name matches: 0 all of it, 1 its start, 2 elsewhere;
  // null when it does not.
  function nameRank(name, ts, folded) {
    const f = fold(name);
    const ranges = find(f, ts);
    if (!ranges) return null;
    if (f.trim() === folded) return 0;
    return ranges[0][0] === 0 ? 1 : 2;
  }

  // Products, then sections, whose name in any language matches, each
  // once and shown in the page's language (every language names them all).
  async function titleHits(query, ts, langs) {
    const lists = await Promise.all(langs.map((l) => load('titles', l)));
    const folded = fold(query).trim();
    // Kind (products first), how well the name matches, the site's order.
    const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    const rank = new Map();
    lists.forEach((list) => list.forEach((t, order) => {
      for (const name of [t.n].concat(t.a || [])) {
        const r = nameRank(name, ts, folded);
        if (r === null) continue;
        const key = [t.k[0] === 'p' ? 0 : 1, r, order];
        const had = rank.get(t.k);
        if (!had || cmp(key, had) < 0) rank.set(t.k, key);
      }
    }));
    const byKey = new Map(lists[0].map((t) => [t.k, t]));
    return Array.from(rank)
      .sort((a, b) => cmp(a[1], b[1]))
      .map(([k]) => byKey.get(k))
      .filter(Boolean);
  }

  function titleGroup(titles) {
    const section = el('section', 'search-group');
    const list = el('ol', 'search-hits');
    for (const t of titles) {
      const li = el('li', 'search-hit');
      const a = el('a', 'search-link search-title', t.n);
      a.href = d.root + t.u;
      li.append(a, ' ', el('span', 'search-section', t.k[0] === 'p' ? d.tProduct : d.tSection));
      list.append(li);
    }
    section.append(el('h2', '', d.tPages), list);
    return section;
  }

  // Each query typed starts a new run; a run that a newer one replaced
  // draws nothing.
  let latest = 0;

  async function run(query) {
    const mine = ++latest;
    const stale = () => mine !== latest;
    const parts = [];
    const ts = terms(query);
    if (!ts.length) {
      box.replaceChildren();
      status.textContent = d.tPrompt;
      return;
    }
    status.textContent = d.tLoading;
    const langs = [d.lang].concat((d.others || '').split(' ').filter(Boolean));
    const [titles, cands] = await Promise.all([
      titleHits(query, ts, langs),
      candidates(queryGrams(ts)),
    ]);
    if (stale()) return;
    if (titles.length) parts.push(titleGroup(titles));
    const byLang = ranges();
    const own = byLang.get(d.lang);
    const ownCands = new Set(own ? cands.filter((n) => n >= own.from && n < own.to) : []);
    // An event of another language is shown when its translation in the
    // page's language is not (that one comes first, when it matches).
    const notAgain = async (doc) => {
      if (doc.c === undefined || !ownCands.has(doc.c)) return false;
      const [mine] = await docsOf([doc.c]);
      return find(fold(mine.t), ts) !== null;
    };
    const never = async () => false;
    for (const lang of langs) {
      const range = byLang.get(lang);
      if (!range) continue;
      const inRange = cands.filter((n) => n >= range.from && n < range.to);
      const ownLang = lang === d.lang;
      const g = group(ownLang ? d.tOwn : d.tOther, range, inRange, ts, ownLang ? never : notAgain);
      if ((await g.page()) > 0) parts.push(g.section);
      if (stale()) return;
    }
    box.replaceChildren(...parts);
    status.textContent = parts.length ? '' : d.tNone;
    box.dataset.state = 'done';
  }

  // The language switch keeps the query.
  const switches = Array.from(document.querySelectorAll('.langs a'), (a) => [a, a.getAttribute('href')]);
  function keep(query) {
    for (const [a, href] of switches) {
      a.setAttribute('href', query ? `${href}?q=${encodeURIComponent(query)}` : href);
    }
  }

  const query = new URLSearchParams(location.search).get('q') || '';
  const inputs = document.querySelectorAll('input[name="q"]');
  for (const input of inputs) input.value = query;
  keep(query);
  run(query).catch(failed);

  // Results follow the box as the reader types (after a pause of TYPING
  // ms), and the address follows them, so a reload or a shared link shows
  // the same; without JavaScript the box's form submits as on every page.
  const TYPING = 200;
  let timer = 0;
  for (const input of inputs) {
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const q = input.value;
        try {
          history.replaceState(null, '', q ? `?q=${encodeURIComponent(q)}` : location.pathname);
        } catch (e) {
          // Some browsers refuse to change a file:// address; results still show.
        }
        keep(q);
        run(q).catch(failed);
      }, TYPING);
    });
  }
})();
