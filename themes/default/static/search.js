// Site search (/search/?q=WORD). The index files are written by prongsai's
// src/render/search/, whose documentation describes them; fold, shardOf, queryBigrams, pageText
// and search here do what the functions of the same names there do. A plain script; its pure functions are on
// `prongsaiSearch` so that tests can run them without a browser.
var prongsaiSearch = (() => {
  'use strict';
  const VERSION = 2, MAX_SHOWN = 50, ROUND = 10, PAGE_BUDGET = 160 * 1024, MAX_BIGRAMS = 16, BATCH = 4;
  const SPACE = /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  const SPACES = new RegExp(SPACE.source, 'g');
  const DROPPED = ['nav', 'header', 'footer', 'template', 'svg'], INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo',
    'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span',
    'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);
  const NAMED = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\xa0'};
  const INVISIBLE = /[\xad\u200b-\u200d\u2060\ufeff]/, LATIN = /[A-Z\xc0-\u024f\u1e00-\u1eff]/;
  const SEG = typeof Intl === 'object' && Intl.Segmenter && new Intl.Segmenter('th', {granularity: 'word'});

  // Thai digits as Arabic, ํา as ำ, เเ as แ, Latin lower case, invisible characters out, one
  // space for any whitespace. With `withMap`, also the index in `s` of each folded UTF-16 unit.
  function foldMap(s, withMap) {
    let out = '', space = -1;
    const map = [], put = (t, at) => {
      out += t;
      if (withMap) for (let k = 0; k < t.length; k++) map.push(at);
    };
    for (let i = 0; i < s.length;) {
      const at = i, c = s[i++];
      let t = c;
      if (SPACE.test(c)) { if (space < 0) space = at; continue; }
      if (INVISIBLE.test(c)) continue;
      if (space >= 0 && out) put(' ', space);
      space = -1;
      if (c >= '๐' && c <= '๙') t = String(c.charCodeAt(0) - 0xe50);
      else if (c === '\u0e4d' && s[i] === '\u0e32') { t = '\u0e33'; i++; }
      else if (c === '\u0e4d' && s[i] >= '\u0e48' && s[i] <= '\u0e4b' && s[i + 1] === '\u0e32') { t = s[i] + '\u0e33'; i += 2; }
      else if (c === 'เ' && s[i] === 'เ') { t = 'แ'; i++; }
      else if (LATIN.test(c) && c.toLowerCase().length === 1) t = c.toLowerCase();
      put(t, at);
    }
    return withMap ? {text: out, map} : out;
  }
  const fold = s => foldMap(s, false);

  // The six named entities and numeric ones, as page_text decodes them.
  const decode = s => s.replace(/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|amp|lt|gt|quot|apos|nbsp);/g, (m, name) => {
    if (name[0] !== '#') return NAMED[name];
    const n = /[xX]/.test(name[1]) ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : m;
  });

  // The readable text of a page that prongsai rendered: its <main> (or <body>), without
  // navigation, headers, footers, templates, pictures, scripts and styles; a space where a tag
  // other than an inline one was; whitespace as single spaces.
  function pageText(html) {
    const lower = html.replace(/[A-Z]+/g, s => s.toLowerCase());
    let main = '', body = '', sawMain = false, inMain = 0, inHead = false, dropped = 0, i = 0, from = 0;
    const text = raw => {
      if (dropped > 0 || inHead || !raw) return;
      const d = decode(raw);
      if (inMain > 0) main += d;
      body += d;
    };
    const tag = (name, end, selfClosing) => {
      if (name === 'head') inHead = !end;
      else if (name === 'main' && end) inMain = Math.max(0, inMain - 1);
      else if (name === 'main' && dropped === 0) { sawMain = true; inMain++; }
      else if (DROPPED.includes(name) && end) dropped = Math.max(0, dropped - 1);
      else if (DROPPED.includes(name) && !selfClosing) dropped++;
      if (!INLINE.has(name)) text(' ');
    };
    const after = (at, pat) => { const p = lower.indexOf(pat, at); return p < 0 ? html.length : p + pat.length; };
    for (let lt = lower.indexOf('<'); lt >= 0; lt = lower.indexOf('<', i)) {
      const next = lower[lt + 1] || '';
      let end, t = null;
      if (lower.startsWith('<!--', lt)) end = after(lt + 4, '-->');
      else if (next === '!' || next === '?') end = after(lt, '>');
      else if (next === '/' || (next >= 'a' && next <= 'z')) {
        const close = next === '/', start = lt + 1 + close;
        let e = start;
        while (/[a-z0-9]/.test(lower[e] || '')) e++;
        if (e === start) end = after(lt, '>');
        else {
          let j = e, quote = '';
          for (; j < html.length && (quote || html[j] !== '>'); j++) {
            if (!quote && (html[j] === '"' || html[j] === "'")) quote = html[j];
            else if (html[j] === quote) quote = '';
          }
          end = Math.min(j + 1, html.length);
          t = [lower.slice(start, e), close, !close && j > e && html[j - 1] === '/'];
        }
      } else { i = lt + 1; continue; }
      text(html.slice(from, lt));
      i = end;
      if (t && !t[1] && !t[2] && (t[0] === 'script' || t[0] === 'style')) {
        const p = lower.indexOf('</' + t[0], end);
        i = p < 0 ? html.length : p;
      } else if (t) tag(...t);
      from = i;
    }
    text(html.slice(from));
    return (sawMain ? main : body).split(SPACES).filter(Boolean).join(' ');
  }

  function shardOf(g, n) {
    let h = 0x811c9dc5;
    for (const c of g) h = Math.imul(h ^ c.codePointAt(0), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) % Math.max(n, 1);
  }

  function queryBigrams(q) {
    const cs = Array.from(q), all = [];
    for (let i = 0; i + 1 < cs.length; i++) if (!all.includes(cs[i] + cs[i + 1])) all.push(cs[i] + cs[i + 1]);
    if (all.length <= MAX_BIGRAMS) return all;
    return Array.from({length: MAX_BIGRAMS}, (_, i) => all[Math.floor(i * (all.length - 1) / (MAX_BIGRAMS - 1))]);
  }

  // Page ids of a posting list: gaps, or a base64 bitmap.
  function ids(p) {
    const out = [];
    if (typeof p === 'string') {
      const b = atob(p);
      for (let i = 0; i < b.length * 8; i++) if (b.charCodeAt(i >> 3) >> (i & 7) & 1) out.push(i);
    } else if (p) p.reduce((id, gap) => (out.push(id + gap), id + gap), 0);
    return out;
  }

  const folded = p => [p.fl || (p.fl = fold(p.title)), p.ft || (p.ft = fold(p.text))];
  const matches = (p, q) => folded(p).some(s => s.includes(q));

  const json = r => { try { return r && JSON.parse(r.text); } catch (e) { return null; } };

  // Starts a search. load(path) gives a promise of {bytes, text} for a file by its path from the
  // site's root (search/meta.json, or a page's url as the index gives it), or null. The state it
  // returns says what was found; more(state) goes on where the round ended.
  async function search(query, load) {
    const st = {q: fold(query), hits: [], candidates: 0, checked: 0, rest: [], fetched: [], goal: ROUND, lists: {}};
    st.get = async name => {
      const e = [name, 0];
      st.fetched.push(e);
      const r = await load(name);
      if (r) e[1] = r.bytes;
      return r;
    };
    if (Array.from(st.q).length < 2) return Object.assign(st, {short: true});
    const one = await st.get('search/index.json');
    if (one) {
      const d = json(one);
      if (!d || d.version !== VERSION) return Object.assign(st, {error: true});
      st.candidates = st.checked = d.pages.length;
      st.hits = d.pages.filter(p => matches(p, st.q));
      return st;
    }
    const m = json(await st.get('search/meta.json'));
    if (!m || m.version !== VERSION) return Object.assign(st, {error: true});
    const grams = queryBigrams(st.q), shards = [...new Set(grams.map(g => shardOf(g, m.shards)))];
    const maps = (await Promise.all(shards.map(s => st.get('search/b/' + s + '.json')))).map(json);
    let cand = null;
    for (const g of grams) {
      const map = maps[shards.indexOf(shardOf(g, m.shards))], has = new Set(ids(map && map[g]));
      cand = (cand || [...has]).filter(id => has.has(id));
    }
    Object.assign(st, {list: Math.max(m.list, 1), rest: cand, candidates: cand.length});
    return more(st);
  }

  // Checks candidates against the pages themselves, a batch at a time, until the round has
  // ROUND more pages or has fetched PAGE_BUDGET bytes of pages.
  async function more(st) {
    let bytes = 0;
    while (st.rest.length && st.hits.length < st.goal && bytes < PAGE_BUDGET) {
      const batch = st.rest.splice(0, BATCH), chunk = id => Math.floor(id / st.list);
      const need = [...new Set(batch.map(chunk))].filter(n => !(n in st.lists));
      const lists = await Promise.all(need.map(n => st.get('search/p/' + n + '.json')));
      need.forEach((n, k) => { st.lists[n] = json(lists[k]) || []; });
      const entries = batch.map(id => st.lists[chunk(id)][id % st.list]);
      const pages = await Promise.all(entries.map(e => e ? st.get(e[0]) : null));
      entries.forEach((e, k) => {
        st.checked++;
        if (!e || !pages[k]) return;
        bytes += pages[k].bytes;
        const p = {url: e[0], title: e[1], text: pageText(pages[k].text)};
        if (matches(p, st.q)) st.hits.push(p);
      });
    }
    st.goal = st.hits.length + ROUND;
    return st;
  }

  // Whether s[a..b] starts and ends at word boundaries (by the browser's Thai segmenter, or else
  // with no letter or digit on either side).
  function isWhole(s, a, b) {
    if (!SEG) return !/[\p{L}\p{M}\p{N}]/u.test((s[a - 1] || '') + (s[b] || ''));
    const lo = Math.max(0, a - 30), w = s.slice(lo, b + 30), cuts = new Set([w.length]);
    for (const x of SEG.segment(w)) cuts.add(x.index);
    return cuts.has(a - lo) && cuts.has(b - lo);
  }

  function scan(s, q) {
    const r = {count: 0, first: -1, whole: -1};
    for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + q.length)) {
      if (r.first < 0) r.first = i;
      if (r.whole < 0 && r.count < 10 && isWhole(s, i, i + q.length)) r.whole = i;
      r.count++;
    }
    return r;
  }

  // Pages with a whole-word hit first, then by number of hits, then those with a hit in the
  // title, then in site order: [{page, whole, count, title, at (the hit to show in the text)}].
  function rank(pages, q) {
    return pages.map((page, i) => {
      const [h, t] = folded(page).map(s => scan(s, q));
      return {page, i, whole: h.whole >= 0 || t.whole >= 0, count: h.count + t.count, title: h.count > 0,
        at: t.whole >= 0 ? t.whole : t.first};
    }).sort((x, y) => y.whole - x.whole || y.count - x.count || y.title - x.title || x.i - y.i);
  }

  // [before, hit, after]: the text around the hit at folded position `at`, cut at spaces where
  // there are some, else never before a vowel or tone mark that follows its consonant.
  function snippet(text, at, q) {
    if (at < 0) at = 0, q = '';
    const map = foldMap(text, true).map, a = map[at] || 0, e = at + q.length < map.length ? map[at + q.length] : text.length;
    let from = Math.max(0, a - 60), to = Math.min(text.length, e + 100);
    const space = text.indexOf(' ', from), back = text.lastIndexOf(' ', to);
    if (from > 0 && space >= 0 && space < a - 10) from = space + 1;
    if (to < text.length && back > e + 20) to = back;
    while (from < a && /[\p{M}\u0e30\u0e32\u0e33\u0e45]/u.test(text[from])) from++;
    while (to < text.length && /[\p{M}\u0e30\u0e32\u0e33\u0e45]/u.test(text[to])) to++;
    return [(from ? '…' : '') + text.slice(from, a), text.slice(a, e), text.slice(e, to) + (to < text.length ? '…' : '')];
  }

  // The link of a result: an address of the web (http, https) or one from the site's root as it
  // is; anything else, read as a path of the site. A scheme such as javascript: or data: never
  // becomes a link, whatever an index holds.
  function href(url, root) {
    if (/^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url)) return url;
    return root + url.replace(/^[\s\x00-\x1f]+/, '').replace(/:/g, '%3A');
  }

  function main() {
    const form = document.querySelector('form[role=search]'), list = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    if (!form || !list || !status) return;
    const input = form.elements.q, root = form.dataset.root || '', cache = {}, button = document.createElement('button');
    const thai = document.body.classList.contains('numerals-thai');
    const num = n => n.toLocaleString('en-US').replace(/\d/g, d => thai ? '๐๑๒๓๔๕๖๗๘๙'[d] : d);
    const load = name => cache[name] || (cache[name] = fetch(href(name, root))
      .then(r => r.ok ? r.arrayBuffer() : null)
      .then(b => b && {bytes: b.byteLength, text: new TextDecoder().decode(b)})
      .catch(() => null));
    const el = (tag, text) => Object.assign(document.createElement(tag), text ? {textContent: text} : {});
    let current = 0, timer = 0;

    function show(st, q) {
      const done = !st.rest.length, n = st.hits.length;
      list.textContent = '';
      button.hidden = done || st.short || st.error;
      if (st.short || st.error) {
        status.textContent = st.error ? 'ค้นหาไม่ได้ในขณะนี้' : q.trim() ? 'พิมพ์อย่างน้อย ' + num(2) + ' ตัวอักษร' : '';
        return;
      }
      status.textContent = (n ? (done ? 'พบ ' : 'พบอย่างน้อย ') + num(n) + ' หน้า' : (done ? 'ไม่' : 'ยังไม่') + 'พบหน้าที่มีคำว่า “' + q.trim() + '”')
        + (n > MAX_SHOWN ? ' แสดง ' + num(MAX_SHOWN) + ' หน้าแรก' : '')
        + (done ? '' : ' (ตรวจแล้ว ' + num(st.checked) + ' จาก ' + num(st.candidates) + ' หน้าที่อาจมีคำนี้)');
      for (const r of rank(st.hits, st.q).slice(0, MAX_SHOWN)) {
        const a = el('a', r.page.title || r.page.url), p = el('p'), [before, hit, after] = snippet(r.page.text, r.at, st.q);
        a.href = href(r.page.url, root);
        p.append(before, ...(hit ? [el('mark', hit)] : []), after);
        const li = el('li');
        li.append(a, p);
        list.append(li);
      }
    }
    async function run(q, state) {
      const mine = ++current;
      if (Array.from(fold(q)).length > 1) status.textContent = 'กำลังค้นหา…';
      const st = state ? await more(state) : await search(q, load);
      if (mine !== current) return;
      show(st, q);
      button.onclick = () => run(q, st);
    }
    function update() {
      const q = input.value.trim();
      history.replaceState(null, '', q ? '?q=' + encodeURIComponent(q) : location.pathname);
      run(q);
    }
    Object.assign(button, {type: 'button', hidden: true, textContent: 'ค้นต่อ'});
    list.after(button);
    input.value = new URLSearchParams(location.search).get('q') || '';
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 300); });
    form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); update(); });
    if (input.value) run(input.value);
  }

  return {fold, foldMap, pageText, shardOf, queryBigrams, ids, search, more, isWhole, rank, snippet, href, main};
})();

if (typeof document !== 'undefined' && document.querySelector) prongsaiSearch.main();
