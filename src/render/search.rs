//! Site search (`/search/`): the readable text of each page, folded so that a search finds what
//! a Thai reader means, and the index files that the theme's client (`assets/search.js`) reads.
//!
//! # How a search works
//!
//! A query matches a page when the folded query is a substring of the page's folded title or
//! text ([`fold`]: Thai digits as Arabic, ำ in one form, Latin lower-cased, whitespace as single
//! spaces). Thai is written without spaces between words, so an index of words (Pagefind,
//! elasticlunr) misses a word in the middle of a run ("การใช้จ่าย" in
//! "รายงานผลการใช้จ่ายงบประมาณ") and gives false hits for abbreviations and near words
//! ("ป.ป.ช.", "หอประชุม" for "ห้องประชุม"). A substring match has neither problem; the client
//! ranks pages where the hit is a whole word (by the browser's `Intl.Segmenter('th')`) first.
//!
//! # The files, under `search/` ([`index_files`]; format version [`FORMAT_VERSION`])
//!
//! A small site (folded text under the limit, [`DEFAULT_LIMIT`] by default) gets one file that
//! the client loads whole:
//!
//! - `index.json`: `{"pages":[{"text":…,"title":…,"url":…},…],"version":1}`.
//!
//! A larger site gets an index of bigrams (two consecutive characters of the folded text), so
//! that a query downloads only what it needs:
//!
//! - `meta.json`: `{"chunk":C,"pages":N,"shards":S,"version":1}`: S is the power of two (1 to
//!   4096) that keeps the shards near 16 KiB on average; C is how many pages of average size fit
//!   in 32 KiB (1 to 256);
//! - `b/<s>.json` for `s` in `0..S`: `{"<bigram>":<pages>,…}`, keys sorted, each bigram in shard
//!   [`shard_of`]`(bigram, S)`. `<pages>` lists the ids of the pages (their positions in the
//!   input, from 0) whose folded title or text holds the bigram, in one of two forms, whichever
//!   is shorter: an array of gaps (`[3,1,7]` is pages 3, 4 and 11: each number is added to the
//!   previous id, the first to 0), or a string, the base64 of a bitmap (page `i` is bit `i % 8`,
//!   least significant first, of byte `i / 8`);
//! - `t/<n>.json`: `[{"text":…,"title":…,"url":…},…]`, the pages `n·C` to `n·C + C − 1`.
//!
//! Titles and urls are kept with the texts rather than in `meta.json`: at 10,000 pages they
//! alone weigh more than a megabyte, and the client needs the text of a page to verify it anyway.
//!
//! The client asks for `index.json` first and for `meta.json` when it is absent. It folds the
//! query (two characters at least), takes up to [`MAX_QUERY_BIGRAMS`] of its bigrams, fetches their
//! shards, intersects the page sets, then fetches the text chunks of the candidates, four at a
//! time, in page order, and keeps the candidates whose folded title or text holds the query.
//! Before each batch it stops if it has [`MAX_RESULTS`] pages or has fetched [`TEXT_BUDGET`]
//! bytes of text, and offers to go on.
//! [`search`] is the same algorithm in Rust, used by the tests and to measure downloads.
//!
//! `url` is whatever the caller gives: the renderer gives the page's path relative to the site
//! root (`2567/plan/`, no leading slash), which the client prefixes with the search page's way
//! back to the root (the `data-root` of its form); a url that starts with `/` or a scheme is
//! used as it is.
//!
//! # Reading rendered pages
//!
//! [`page_text`] reads the HTML that prongsai itself renders: well-formed, escaped by Tera and
//! pulldown-cmark. For this narrow job (a region, a few elements to drop, tags out, six entities)
//! a hand-written scanner of about a hundred lines, aware of comments, quoted attributes and the
//! raw text of `<script>` and `<style>`, does all that is needed; an HTML5 parser such as html5ever would
//! add a large dependency tree to build a DOM that is thrown away.

use std::collections::{BTreeMap, HashMap, HashSet};

/// The version written in `index.json` and `meta.json`; the client refuses other versions.
pub const FORMAT_VERSION: u32 = 1;
/// Below this many bytes of folded text (titles and texts), one `index.json` holds everything.
pub const DEFAULT_LIMIT: usize = 1 << 20;
/// The client shows at most this many results, and stops verifying candidates once it has them.
pub const MAX_RESULTS: usize = 50;
/// The client stops fetching text chunks once it has fetched this many bytes of them.
pub const TEXT_BUDGET: usize = 512 * 1024;
/// The client looks up at most this many bigrams of a query (spread over it).
pub const MAX_QUERY_BIGRAMS: usize = 8;
/// Text chunks fetched together by the client.
const FETCH_BATCH: usize = 4;
/// Aimed size of a bigram shard: the shard count is the power of two that keeps them under it.
const SHARD_TARGET: usize = 16 * 1024;
/// Aimed size of a text chunk: as many pages of average size as fit, at least one.
const CHUNK_TARGET: usize = 32 * 1024;

// ---------------------------------------------------------------------------------------------
// Folding

/// Unicode `White_Space`, listed so that `search.js` can use the very same set.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Characters that do not show and are dropped by [`fold`]: soft hyphen, zero-width space (which
/// Thai writers put between words), zero-width (non-)joiner, word joiner, byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Latin letters whose case is folded: ASCII, Latin-1, Latin Extended-A and -B, Latin Extended
/// Additional.
fn is_latin(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// Folds text for matching, the same way as `fold` in `search.js`:
///
/// - Thai digits ๐–๙ become Arabic digits 0–9;
/// - nikhahit and sara aa (U+0E4D U+0E32, "ํา") become sara am (U+0E33, "ำ"), also with a
///   tone mark between them ("ํ่า" → "่ำ");
/// - two sara e ("เเ", a common typing of sara ae) become sara ae ("แ");
/// - Latin letters are lower-cased, one character at a time, when the lower case is one
///   character;
/// - soft hyphens, zero-width spaces and joiners are dropped;
/// - runs of whitespace become one space, none at either end.
pub fn fold(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // Bytes from `run` to `i` are copied as they are, in one go.
    let (mut i, mut run, mut space) = (0, 0, false);
    while i < b.len() {
        let len = match b[i] {
            b'A'..=b'Z' | b'\t'..=b'\r' | b' ' => 0,
            0..=0x7f => 1,
            // U+0E00–U+0E3F, and U+0E40–U+0E7F but for เ, nikhahit and the digits.
            0xe0 if b.get(i + 1) == Some(&0xb8) => 3,
            0xe0 if b.get(i + 1) == Some(&0xb9) && !matches!(b.get(i + 2), Some(0x80 | 0x8d | 0x90..=0x99)) => 3,
            _ => 0,
        };
        if len > 0 {
            if space {
                if !out.is_empty() {
                    out.push(' ');
                }
                space = false;
            }
            i += len;
            continue;
        }
        out.push_str(&s[run..i]);
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let rest = &s[i..];
        if is_space(c) {
            space = true;
        } else if !is_invisible(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            let mut next = rest.chars();
            match (c, next.next(), next.next()) {
                ('A'..='Z', _, _) => out.push(c.to_ascii_lowercase()),
                ('๐'..='๙', _, _) => out.push(char::from(b'0' + (c as u32 - 0xe50) as u8)),
                ('\u{e4d}', Some('\u{e32}'), _) => {
                    out.push('\u{e33}');
                    i += 3;
                }
                ('\u{e4d}', Some(tone @ '\u{e48}'..='\u{e4b}'), Some('\u{e32}')) => {
                    out.push(tone);
                    out.push('\u{e33}');
                    i += 6;
                }
                ('เ', Some('เ'), _) => {
                    out.push('แ');
                    i += 3;
                }
                _ if is_latin(c) => {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => out.push(l),
                        _ => out.push(c),
                    }
                }
                _ => out.push(c),
            }
        }
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// Runs of whitespace as one space, none at either end.
fn fold_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Page text

/// Elements whose content is not the page's text (besides `<script>` and `<style>`, whose raw
/// text the scanner skips).
const DROPPED: [&str; 5] = ["nav", "header", "footer", "template", "svg"];
/// Elements whose tags do not separate words: text on both sides runs on ("<b>การ</b>ใช้").
const INLINE: [&str; 28] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// The text gathered while scanning: in `<main>`, and everywhere outside `<head>`.
#[derive(Default)]
struct Gather {
    main: String,
    body: String,
    saw_main: bool,
    in_main: usize,
    in_head: bool,
    dropped: usize,
}

impl Gather {
    fn text(&mut self, raw: &str) {
        if self.dropped > 0 || self.in_head || raw.is_empty() {
            return;
        }
        let mut decoded = String::with_capacity(raw.len());
        decode_entities(raw, &mut decoded);
        if self.in_main > 0 {
            self.main.push_str(&decoded);
        }
        self.body.push_str(&decoded);
    }

    fn tag(&mut self, name: &str, end: bool, self_closing: bool) {
        match name {
            "head" => self.in_head = !end,
            "main" if end => self.in_main = self.in_main.saturating_sub(1),
            "main" if self.dropped == 0 => {
                self.saw_main = true;
                self.in_main += 1;
            }
            n if DROPPED.contains(&n) && end => self.dropped = self.dropped.saturating_sub(1),
            n if DROPPED.contains(&n) && !self_closing => self.dropped += 1,
            _ => {}
        }
        if !INLINE.contains(&name) {
            self.text(" ");
        }
    }
}

/// Appends `s` with the entities `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric ones decoded;
/// others stay as written.
fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semi = rest.bytes().take(12).position(|b| b == b';');
        match semi.and_then(|e| entity(&rest[1..e]).map(|c| (e, c))) {
            Some((e, c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix: u32| {
        let ok = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
        ok.then(|| u32::from_str_radix(digits, radix).ok()).flatten().filter(|&n| n != 0).and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(dec) => number(dec, 10),
            None => None,
        },
    }
}

/// The readable text of a rendered page: what is inside `<main>` if the page has one, else
/// everything outside `<head>`; without the content of `<script>`, `<style>`, `<nav>`,
/// `<header>`, `<footer>`, `<template>` and `<svg>`; tags removed (a tag other than inline ones
/// such as `<a>`, `<b>` or `<span>` separates words), comments removed, the entities `&amp;`
/// `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric ones decoded, whitespace folded to single
/// spaces. Letters are kept as written (see [`fold`] for matching).
pub fn page_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let (b, l) = (html.as_bytes(), lower.as_bytes());
    let mut g = Gather::default();
    let (mut i, mut text_from) = (0, 0);
    while let Some(off) = l[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let next = l.get(lt + 1).copied().unwrap_or(0);
        let after = |from: usize, pat: &str| lower[from..].find(pat).map_or(b.len(), |p| from + p + pat.len());
        let (end, tag) = if l[lt..].starts_with(b"<!--") {
            (after(lt + 4, "-->"), None)
        } else if next == b'!' || next == b'?' {
            (after(lt, ">"), None)
        } else if next == b'/' || next.is_ascii_alphabetic() {
            let close = next == b'/';
            let start = lt + 1 + close as usize;
            let name_end = start + l[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if name_end == start {
                (after(lt, ">"), None)
            } else {
                // Scan to the closing '>', past quoted attribute values.
                let mut j = name_end;
                let mut quote = 0u8;
                while j < b.len() && (quote != 0 || b[j] != b'>') {
                    if quote == 0 && (b[j] == b'"' || b[j] == b'\'') {
                        quote = b[j];
                    } else if b[j] == quote {
                        quote = 0;
                    }
                    j += 1;
                }
                let self_closing = !close && j > name_end && b[j - 1] == b'/';
                (j.saturating_add(1).min(b.len()), Some((&lower[start..name_end], close, self_closing)))
            }
        } else {
            // A '<' that opens no tag is text.
            i = lt + 1;
            continue;
        };
        g.text(&html[text_from..lt]);
        i = end;
        if let Some((name, close, self_closing)) = tag {
            if !close && !self_closing && (name == "script" || name == "style") {
                // Raw text: skip to the end tag, which is then read as a tag.
                i = lower[end..].find(&format!("</{name}")).map_or(b.len(), |p| end + p);
            } else {
                g.tag(name, close, self_closing);
            }
        }
        text_from = i;
    }
    g.text(&html[text_from..]);
    fold_space(if g.saw_main { &g.main } else { &g.body })
}

// ---------------------------------------------------------------------------------------------
// The index

/// A page to be found: its title, its url (relative to the site root, as given to the client),
/// and its text ([`page_text`]), as written (the index folds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's title, shown as the result's link.
    pub title: String,
    /// Where the page is, relative to the site root: `2567/plan/`.
    pub url: String,
    /// The page's readable text.
    pub text: String,
}

/// A page as written in `index.json` and the text chunks: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    text: String,
    title: String,
    url: String,
}

/// `meta.json` of a sharded index: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    chunk: usize,
    pages: usize,
    shards: u32,
    version: u32,
}

/// The shard of a bigram among `shards` (FNV-1a over the code points, then the final mix of
/// MurmurHash3, modulo `shards`); `shardOf` in `search.js` computes the same.
pub fn shard_of(bigram: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in bigram.chars() {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
    }
    h = (h ^ (h >> 16)).wrapping_mul(0x85eb_ca6b);
    h = (h ^ (h >> 13)).wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h % shards.max(1)
}

/// A fast hasher for the bigram keys below (FxHash's mixing step).
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// Adds the bigrams (pairs of consecutive characters) of folded text to `into`, each as its two
/// code points in one number.
fn bigrams_of(folded: &str, into: &mut HashSet<u64, FxBuild>) {
    let mut prev = None;
    for c in folded.chars() {
        if let Some(p) = prev {
            into.insert((p as u64) << 32 | c as u64);
        }
        prev = Some(c);
    }
}

/// The bigrams of a folded query that the client looks up: the distinct ones in order of first
/// appearance, or [`MAX_QUERY_BIGRAMS`] of them spread evenly from the first to the last.
pub fn query_bigrams(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut all: Vec<String> = Vec::new();
    for w in chars.windows(2) {
        let g: String = w.iter().collect();
        if !all.contains(&g) {
            all.push(g);
        }
    }
    let n = all.len();
    if n <= MAX_QUERY_BIGRAMS {
        return all;
    }
    (0..MAX_QUERY_BIGRAMS).map(|i| all[i * (n - 1) / (MAX_QUERY_BIGRAMS - 1)].clone()).collect()
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            out.push(if k <= c.len() { BASE64[(n >> (18 - 6 * k) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn unbase64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(|b| BASE64.iter().position(|&x| x == b)) {
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

/// A posting list as JSON: gaps, or a base64 bitmap when that is shorter.
fn encode_pages(ids: &[u32], pages: usize) -> serde_json::Value {
    let mut prev = 0;
    let gaps: Vec<u32> = ids
        .iter()
        .map(|&id| {
            let gap = id - prev;
            prev = id;
            gap
        })
        .collect();
    let array_len = 2 + gaps.len().saturating_sub(1) + gaps.iter().map(|&g| digits(g)).sum::<usize>();
    let bitmap_len = 2 + pages.div_ceil(8).div_ceil(3) * 4;
    if array_len <= bitmap_len {
        return serde_json::Value::from(gaps);
    }
    let mut bitmap = vec![0u8; pages.div_ceil(8)];
    for &id in ids {
        bitmap[id as usize / 8] |= 1 << (id % 8);
    }
    serde_json::Value::from(base64(&bitmap))
}

/// Page ids from a posting list as [`encode_pages`] writes it.
fn decode_pages(v: &serde_json::Value) -> Vec<u32> {
    match v {
        serde_json::Value::String(s) => {
            let bytes = unbase64(s);
            (0..bytes.len() as u32 * 8).filter(|&i| bytes[i as usize / 8] >> (i % 8) & 1 == 1).collect()
        }
        serde_json::Value::Array(gaps) => {
            let mut id = 0;
            gaps.iter()
                .map(|g| {
                    id += g.as_u64().unwrap_or(0) as u32;
                    id
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("search index values serialize")
}

fn record(p: &Page) -> Record {
    Record { text: p.text.clone(), title: p.title.clone(), url: p.url.clone() }
}

/// The files of the search index, with their names relative to the site's `search/` folder,
/// sorted by name: `index.json` alone when the pages' folded titles and texts add up to fewer
/// than `limit` bytes ([`DEFAULT_LIMIT`] is the usual limit), else `meta.json`, the bigram
/// shards `b/<s>.json` and the text chunks `t/<n>.json` (formats in the module's
/// documentation). The same pages always give the same bytes.
pub fn index_files(pages: &[Page], limit: usize) -> Vec<(String, Vec<u8>)> {
    index_files_sized(pages, limit, SHARD_TARGET, CHUNK_TARGET)
}

fn index_files_sized(pages: &[Page], limit: usize, shard_target: usize, chunk_target: usize) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    // Posting lists: bigram → ids in increasing order; pages folded in parallel, a block at a time.
    let mut postings: HashMap<u64, Vec<u32>, FxBuild> = HashMap::default();
    let mut total = 0;
    for (b, block) in pages.chunks(1024).enumerate() {
        let grams: Vec<(usize, Vec<u64>)> = block
            .par_iter()
            .map_init(HashSet::<u64, FxBuild>::default, |seen, p| {
                let (title, text) = (fold(&p.title), fold(&p.text));
                seen.clear();
                bigrams_of(&title, seen);
                bigrams_of(&text, seen);
                (title.len() + text.len(), seen.iter().copied().collect())
            })
            .collect();
        for (k, (size, keys)) in grams.into_iter().enumerate() {
            total += size;
            for g in keys {
                postings.entry(g).or_default().push((b * 1024 + k) as u32);
            }
        }
    }
    if total < limit {
        #[derive(serde::Serialize)]
        struct Single {
            pages: Vec<Record>,
            version: u32,
        }
        let single = Single { pages: pages.iter().map(record).collect(), version: FORMAT_VERSION };
        return vec![("index.json".to_string(), json(&single))];
    }

    let key = |g: u64| [g >> 32, g & 0xffff_ffff].iter().filter_map(|&c| char::from_u32(c as u32)).collect::<String>();
    let encoded: BTreeMap<String, serde_json::Value> =
        postings.into_iter().map(|(g, ids)| (key(g), encode_pages(&ids, pages.len()))).collect();
    let size: usize = encoded.iter().map(|(k, v)| k.len() + 4 + v.to_string().len()).sum();
    let shards = size.div_ceil(shard_target).next_power_of_two().clamp(1, 4096) as u32;
    let mut by_shard: Vec<BTreeMap<&str, &serde_json::Value>> = vec![BTreeMap::new(); shards as usize];
    for (g, v) in &encoded {
        by_shard[shard_of(g, shards) as usize].insert(g, v);
    }

    let records: Vec<Vec<u8>> = pages.par_iter().map(|p| json(&record(p))).collect();
    let average = records.iter().map(Vec::len).sum::<usize>() / pages.len().max(1);
    let chunk = (chunk_target / average.max(1)).clamp(1, 256);

    let mut files =
        vec![("meta.json".to_string(), json(&Meta { chunk, pages: pages.len(), shards, version: FORMAT_VERSION }))];
    for (s, map) in by_shard.iter().enumerate() {
        files.push((format!("b/{s}.json"), json(map)));
    }
    for (n, group) in records.chunks(chunk).enumerate() {
        let mut bytes = b"[".to_vec();
        for (k, r) in group.iter().enumerate() {
            if k > 0 {
                bytes.push(b',');
            }
            bytes.extend_from_slice(r);
        }
        bytes.push(b']');
        files.push((format!("t/{n}.json"), bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

// ---------------------------------------------------------------------------------------------
// The client's algorithm

/// What [`search`] found, and what it read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The urls of the pages whose folded title or text holds the folded query, in page order
    /// (the client then ranks them; ranking needs a Thai word segmenter and is not done here).
    pub urls: Vec<String>,
    /// Pages that hold every bigram looked up, before the exact check (every page for
    /// `index.json`).
    pub candidates: usize,
    /// Candidates checked; fewer than `candidates` when [`MAX_RESULTS`] or [`TEXT_BUDGET`]
    /// stopped the search.
    pub checked: usize,
    /// The files asked for, in order, names relative to `search/`, with their sizes (0 for a
    /// file that does not exist).
    pub fetched: Vec<(String, usize)>,
}

/// Searches an index written by [`index_files`] exactly as `search.js` does, without ranking:
/// `load` gives the bytes of a file by its name relative to `search/` (`None` if absent). A
/// query shorter than two characters once folded finds nothing and reads nothing.
pub fn search(query: &str, mut load: impl FnMut(&str) -> Option<Vec<u8>>) -> Found {
    let q = fold(query);
    let mut found = Found::default();
    if q.chars().count() < 2 {
        return found;
    }
    let mut get = |name: &str, found: &mut Found| {
        let bytes = load(name);
        found.fetched.push((name.to_string(), bytes.as_ref().map_or(0, Vec::len)));
        bytes
    };
    let matches = |r: &Record| fold(&r.title).contains(&q) || fold(&r.text).contains(&q);

    if let Some(bytes) = get("index.json", &mut found) {
        #[derive(serde::Deserialize)]
        struct Single {
            pages: Vec<Record>,
            version: u32,
        }
        let single = serde_json::from_slice(&bytes).ok().filter(|s: &Single| s.version == FORMAT_VERSION);
        let single = single.unwrap_or(Single { pages: Vec::new(), version: FORMAT_VERSION });
        found.candidates = single.pages.len();
        found.checked = single.pages.len();
        found.urls = single.pages.into_iter().filter(|r| matches(r)).map(|r| r.url).collect();
        return found;
    }
    let meta = get("meta.json", &mut found).and_then(|b| serde_json::from_slice::<Meta>(&b).ok());
    let Some(meta) = meta.filter(|m| m.version == FORMAT_VERSION) else {
        return found;
    };
    let chunk = meta.chunk.max(1);
    let grams = query_bigrams(&q);
    let mut shards: Vec<u32> = Vec::new();
    for g in &grams {
        let s = shard_of(g, meta.shards);
        if !shards.contains(&s) {
            shards.push(s);
        }
    }
    let mut loaded: HashMap<u32, serde_json::Map<String, serde_json::Value>> = HashMap::new();
    for s in shards {
        let map = get(&format!("b/{s}.json"), &mut found).and_then(|b| serde_json::from_slice(&b).ok());
        loaded.insert(s, map.unwrap_or_default());
    }
    let mut candidates: Option<Vec<u32>> = None;
    for g in &grams {
        let ids = loaded[&shard_of(g, meta.shards)].get(g).map(decode_pages).unwrap_or_default();
        candidates = Some(match candidates {
            None => ids,
            Some(c) => c.into_iter().filter(|id| ids.binary_search(id).is_ok()).collect(),
        });
    }
    let candidates = candidates.unwrap_or_default();
    found.candidates = candidates.len();

    let mut chunks: Vec<usize> = candidates.iter().map(|&id| id as usize / chunk).collect();
    chunks.dedup();
    let mut text_bytes = 0;
    for batch in chunks.chunks(FETCH_BATCH) {
        if found.urls.len() >= MAX_RESULTS || text_bytes >= TEXT_BUDGET {
            break;
        }
        for &n in batch {
            let bytes = get(&format!("t/{n}.json"), &mut found).unwrap_or_default();
            text_bytes += bytes.len();
            let records: Vec<Record> = serde_json::from_slice(&bytes).unwrap_or_default();
            for &id in candidates.iter().filter(|&&id| id as usize / chunk == n) {
                found.checked += 1;
                if let Some(r) = records.get(id as usize - n * chunk).filter(|r| matches(r)) {
                    found.urls.push(r.url.clone());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, text: &str) -> Page {
        Page { title: format!("หน้า {url}"), url: url.to_string(), text: text.to_string() }
    }

    fn files_map(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().collect()
    }

    /// The sharded index of [`sample`], small shards and chunks so that it has several of each;
    /// also the JS tests' fixture.
    fn fixture() -> Vec<(String, Vec<u8>)> {
        index_files_sized(&sample(), 0, 512, 300)
    }

    /// Searches files in memory.
    fn find(files: &BTreeMap<String, Vec<u8>>, q: &str) -> Found {
        search(q, |name| files.get(name).cloned())
    }

    /// [`fold`] one character at a time, as its documentation says: the oracle of the fast one.
    fn fold_reference(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let (mut out, mut space, mut i) = (String::new(), false, 0);
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if is_space(c) {
                space = true;
                continue;
            }
            if is_invisible(c) {
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            let (n1, n2) = (chars.get(i).copied(), chars.get(i + 1).copied());
            match c {
                '๐'..='๙' => out.push(char::from_digit(c as u32 - 0xe50, 10).unwrap()),
                '\u{e4d}' if n1 == Some('\u{e32}') => {
                    out.push('\u{e33}');
                    i += 1;
                }
                '\u{e4d}' if matches!(n1, Some('\u{e48}'..='\u{e4b}')) && n2 == Some('\u{e32}') => {
                    out.push(n1.unwrap());
                    out.push('\u{e33}');
                    i += 2;
                }
                'เ' if n1 == Some('เ') => {
                    out.push('แ');
                    i += 1;
                }
                c if is_latin(c) && c.to_lowercase().count() == 1 => out.extend(c.to_lowercase()),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_folding_is_the_reference(s in "[ \t\n\u{a0}\u{200b}\u{ad}aZÉİ1๑\u{e01}-\u{e0f}\u{e30}-\u{e4f}\u{e50}-\u{e5b}\u{e7f}\u{f00}😀.]{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("ปีงบประมาณ ๒๕๖๕"), "ปีงบประมาณ 2565");
        assert_eq!(fold("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(fold("ประจ\u{e4d}\u{e32}ปี"), "ประจำปี");
        assert_eq!(fold("น\u{e4d}\u{e49}\u{e32}"), "น\u{e49}\u{e33}", "ํ้า is ้ำ");
        assert_eq!(fold("น้ำ"), "น้ำ");
        assert_eq!(fold("เเผน"), "แผน");
        assert_eq!(fold("Open DATA École ÀÉÎ İ"), "open data école àéî İ", "İ has no one-letter lower case");
        assert_eq!(fold("  การ \n\t ใช้\u{a0}\u{3000}จ่าย  "), "การ ใช้ จ่าย");
        assert_eq!(fold("การ\u{200b}ใช้จ่าย\u{ad}"), "การใช้จ่าย");
        assert_eq!(fold("ΑΒΓ"), "ΑΒΓ", "only Latin is case-folded");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn text_of_a_page() {
        let html = r#"<!DOCTYPE html><html><head><title>ไม่ใช่</title><style>p{x:1}</style></head>
<body><header class="site-header"><a href="/">สำนักงาน</a><nav><ul><li>เมนู</li></ul></nav></header>
<main id="main"><h1>รายงาน</h1><!-- ความเห็น --><p>ผล<b>การ</b>ใช้จ่าย&nbsp;A&amp;B &lt;5&gt; &quot;x&quot; &#39;y&#x27; &#3647;</p>
<script>if (a < b) { document.write("<p>สคริปต์</p>") }</script><td data-x="a>b">หนึ่ง</td><td>สอง</td>
<footer>ท้ายบทความ</footer><svg><title>ไอคอน</title></svg>ก &foo; &amp x</main>
<footer class="site-footer">ที่อยู่</footer></body></html>"#;
        assert_eq!(page_text(html), "รายงาน ผลการใช้จ่าย A&B <5> \"x\" 'y' ฿ หนึ่ง สอง ก &foo; &amp x",);
    }

    #[test]
    fn text_without_main_is_the_body() {
        let html = "<html><head><title>t</title></head><body><nav>เมนู</nav><p>หนึ่ง<br>สอง</p>\
                    <footer>ท้าย</footer></body></html>";
        assert_eq!(page_text(html), "หนึ่ง สอง");
        assert_eq!(page_text("ข้อความ <i>เอียง</i>ต่อ a < b"), "ข้อความ เอียงต่อ a < b");
        assert_eq!(page_text("<p>ไม่ปิด <scr"), "ไม่ปิด");
    }

    fn sample() -> Vec<Page> {
        vec![
            page("a/", "รายงานผลการใช้จ่ายงบประมาณ ประจำไตรมาส"),
            page("b/", "รายงานประจำปีงบประมาณ พ.ศ. 2565"),
            page("c/", "ห้องประชุม ชั้น ๒ หอพัก ขอประทานโทษ"),
            page("d/", "การประชุมที่หอประชุมใหญ่ ปีงบประมาณ ๒๕๖๕"),
            page("e/", "สำนักงาน ป.ป.ช. ประจำจังหวัด"),
            page("f/", "ป.ป.ส. กับ ส.ป.ช. และ ปปช"),
            page("g/", "Open Data และ Integrity & Transparency"),
            Page {
                title: "ศูนย์ ป.ป.ช.".to_string(), url: "h/".to_string(), text: "ข้อมูลติดต่อ".to_string()
            },
        ]
    }

    #[test]
    fn small_index_is_one_file() {
        let files = index_files(&sample(), DEFAULT_LIMIT);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "index.json");
        let v: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["pages"][1]["url"], "b/");
        assert_eq!(v["pages"][1]["text"], "รายงานประจำปีงบประมาณ พ.ศ. 2565");
        let text = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(text
            .starts_with(r#"{"pages":[{"text":"รายงานผลการใช้จ่ายงบประมาณ ประจำไตรมาส","title":"หน้า a/","url":"a/"}"#));
        let files = files_map(files);
        assert_eq!(find(&files, "การใช้จ่าย").urls, ["a/"]);
        assert_eq!(find(&files, "๒๕๖๕").urls, ["b/", "d/"]);
    }

    #[test]
    fn sharded_index_shape() {
        let pages = sample();
        let files = index_files_sized(&pages, 0, 512, 300);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let meta: serde_json::Value = serde_json::from_slice(&files_map(files.clone())["meta.json"]).unwrap();
        assert_eq!(meta["version"], 1);
        assert_eq!(meta["pages"], 8);
        let (shards, chunk) = (meta["shards"].as_u64().unwrap() as usize, meta["chunk"].as_u64().unwrap() as usize);
        assert!(shards > 1 && shards.is_power_of_two(), "{shards}");
        assert!((1..8).contains(&chunk), "{chunk}");
        let mut expected: Vec<String> = vec!["meta.json".into()];
        expected.extend((0..shards).map(|s| format!("b/{s}.json")));
        expected.extend((0..pages.len().div_ceil(chunk)).map(|n| format!("t/{n}.json")));
        expected.sort();
        assert_eq!(names, expected);
        // Every bigram is in its shard, every page in its chunk.
        for (name, bytes) in &files {
            if let Some(s) = name.strip_prefix("b/").and_then(|n| n.strip_suffix(".json")) {
                let map: BTreeMap<String, serde_json::Value> = serde_json::from_slice(bytes).unwrap();
                for g in map.keys() {
                    assert_eq!(g.chars().count(), 2);
                    assert_eq!(shard_of(g, shards as u32).to_string(), s);
                }
            }
        }
        let t1: Vec<serde_json::Value> = serde_json::from_slice(&files_map(files)["t/1.json"]).unwrap();
        assert_eq!(t1[0]["url"], pages[chunk].url);
    }

    #[test]
    fn posting_lists_round_trip_in_both_forms() {
        for (ids, pages) in [(vec![], 10), (vec![0], 1), (vec![3, 4, 11], 12), ((0..100).collect::<Vec<u32>>(), 100)] {
            let v = encode_pages(&ids, pages);
            assert_eq!(decode_pages(&v).iter().filter(|&&i| (i as usize) < pages).copied().collect::<Vec<_>>(), ids);
        }
        assert_eq!(encode_pages(&[3, 4, 11], 1000).to_string(), "[3,1,7]");
        assert_eq!(encode_pages(&(0..20).collect::<Vec<u32>>(), 20).to_string(), "\"//8P\"");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(unbase64("TWE="), b"Ma");
    }

    #[test]
    fn index_is_deterministic() {
        let pages = sample();
        for (limit, shard, chunk) in [(DEFAULT_LIMIT, SHARD_TARGET, CHUNK_TARGET), (0, 512, 300), (0, 1 << 20, 1 << 20)]
        {
            let a = index_files_sized(&pages, limit, shard, chunk);
            let b = index_files_sized(&pages, limit, shard, chunk);
            assert_eq!(a, b);
        }
    }

    /// Shards of bigrams that `tests/js/search.test.mjs` expects too.
    const SHARDS: [(&str, u32, u32); 7] = [
        ("กา", 64, 3),
        ("าร", 64, 34),
        ("ป.", 64, 1),
        ("ห้", 1024, 443),
        ("da", 1024, 892),
        ("25", 4096, 825),
        ("ำป", 7, 0),
    ];

    #[test]
    fn shard_numbers_shared_with_the_client() {
        for (g, n, s) in SHARDS {
            assert_eq!(shard_of(g, n), s, "{g} among {n}");
        }
        assert_eq!(shard_of("กา", 1), 0);
    }

    #[test]
    fn query_bigrams_spread_over_long_queries() {
        assert_eq!(query_bigrams("ป.ป.ช."), ["ป.", ".ป", ".ช", "ช."]);
        assert_eq!(query_bigrams("ก"), Vec::<String>::new());
        let long = fold("รายงานผลการดำเนินงานประจำปีงบประมาณ");
        let picked = query_bigrams(&long);
        assert_eq!(picked.len(), MAX_QUERY_BIGRAMS);
        assert_eq!(picked.first().unwrap(), "รา");
        assert_eq!(picked.last().unwrap(), "าณ");
    }

    #[test]
    fn sharded_search_finds_what_the_client_finds() {
        let files = files_map(fixture());
        let urls = |q: &str| find(&files, q).urls;
        // A word in the middle of a Thai run.
        assert_eq!(urls("การใช้จ่าย"), ["a/"]);
        assert_eq!(urls("ประจำปี"), ["b/"]);
        assert_eq!(urls("ประจ\u{e4d}\u{e32}ปี"), ["b/"], "ํา in the query");
        // A near miss is not a hit, even when every bigram is on the page.
        assert_eq!(urls("หอประชุม"), ["d/"]);
        assert_eq!(urls("ห้องประชุม"), ["c/"]);
        // Abbreviations: only pages that have them, in the title too.
        let ppc = find(&files, "ป.ป.ช.");
        assert_eq!(ppc.urls, ["e/", "h/"]);
        assert!(ppc.candidates > ppc.urls.len(), "f/ holds every bigram of ป.ป.ช. but not the word");
        // Digits both ways.
        assert_eq!(urls("๒๕๖๕"), ["b/", "d/"]);
        assert_eq!(urls("2565"), ["b/", "d/"]);
        // Latin case.
        assert_eq!(urls("open data"), ["g/"]);
        assert_eq!(urls("INTEGRITY"), ["g/"]);
        assert!(urls("ไม่มีคำนี้").is_empty());
        // Too short: nothing read.
        assert!(find(&files, " ก ").fetched.is_empty());
    }

    #[test]
    fn sharded_search_reads_only_what_it_needs() {
        let files = files_map(fixture());
        let found = find(&files, "หอประชุม");
        let names: Vec<&str> = found.fetched.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[..2], ["index.json", "meta.json"]);
        assert_eq!(found.fetched[0].1, 0, "index.json is absent");
        assert!(names.iter().filter(|n| n.starts_with("t/")).count() <= 2, "{names:?}");
        for (name, size) in &found.fetched {
            assert_eq!(*size, files.get(name).map_or(0, Vec::len), "{name}");
        }
    }

    /// The files, with their sizes, that `tests/js/search.test.mjs` expects the client to fetch
    /// from the fixture, in order.
    const FETCHES: [(&str, &str); 4] = [
        ("หอประชุม", "index.json 0, meta.json 44, b/0.json 258, b/4.json 264, b/1.json 294, b/2.json 306, b/5.json 256, t/1.json 312"),
        ("ป.ป.ช.", "index.json 0, meta.json 44, b/1.json 294, b/3.json 294, b/5.json 256, t/2.json 228, t/3.json 192"),
        ("๒๕๖๕", "index.json 0, meta.json 44, b/1.json 294, b/7.json 181, b/4.json 264, t/0.json 288, t/1.json 312"),
        ("open data", "index.json 0, meta.json 44, b/6.json 289, b/1.json 294, b/5.json 256, b/4.json 264, b/3.json 294, b/2.json 306, t/3.json 192"),
    ];

    #[test]
    fn fetches_shared_with_the_client() {
        let files = files_map(fixture());
        for (q, expected) in FETCHES {
            let fetched: Vec<String> = find(&files, q).fetched.iter().map(|(n, s)| format!("{n} {s}")).collect();
            assert_eq!(fetched.join(", "), expected, "{q}");
        }
    }

    #[test]
    fn search_stops_at_the_text_budget() {
        let long = "ข้อความ ".repeat(2000);
        let pages: Vec<Page> = (0..200).map(|i| page(&format!("p{i}/"), &format!("{long} ข้อความ {i}"))).collect();
        let files = files_map(index_files(&pages, 0));
        let found = find(&files, "ข้อความ");
        assert_eq!(found.candidates, 200);
        assert!(found.checked < 200);
        assert!(found.urls.len() >= MAX_RESULTS || found.fetched.iter().map(|(_, n)| n).sum::<usize>() >= TEXT_BUDGET);
        let text: usize = found.fetched.iter().filter(|(n, _)| n.starts_with("t/")).map(|(_, n)| n).sum();
        assert!(text < TEXT_BUDGET + FETCH_BATCH * CHUNK_TARGET * 2, "{text}");
    }

    /// The index of the JS tests' fixture: `tests/js/fixtures/search/`, written by this test
    /// with `UPDATE_SNAPSHOTS=1`.
    #[test]
    fn js_fixture_is_this_index() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/fixtures/search");
        let files = fixture();
        let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
        if update {
            let _ = std::fs::remove_dir_all(&dir);
        }
        for (name, bytes) in &files {
            let path = dir.join(name);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
            }
            let on_disk = std::fs::read(&path).unwrap_or_default();
            assert!(on_disk == *bytes, "{name} of the JS fixture differs: run with UPDATE_SNAPSHOTS=1");
        }
        let count = walk_count(&dir);
        assert_eq!(count, files.len(), "stray files in the JS fixture: run with UPDATE_SNAPSHOTS=1");
    }

    fn walk_count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { walk_count(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
}
