//! The index files: one `index.json`, or bigram shards and lists of pages, collected by an
//! [`Indexer`] while the pages are rendered.

use super::bigrams::*;
use super::text::*;
use super::*;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

// ---------------------------------------------------------------------------------------------
// Pages

/// A page to be found: its title, its url (relative to the site root, as given to the client),
/// and its text ([`page_text`]), as written (the index folds it). A rendered page is added with
/// [`Indexer::add_html`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's title, shown as the result's link.
    pub title: String,
    /// Where the page is, relative to the site root: `2567/plan/`.
    pub url: String,
    /// The page's readable text.
    pub text: String,
}

/// A page as written in `index.json`: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Record {
    pub(super) text: String,
    pub(super) title: String,
    pub(super) url: String,
}

/// `meta.json` of a sharded index: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Meta {
    pub(super) list: usize,
    pub(super) pages: usize,
    pub(super) shards: u32,
    pub(super) version: u32,
}

// ---------------------------------------------------------------------------------------------
// Bigrams

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

/// What one thread keeps between pages: buffers for a page's text, its bigrams and its record
/// in the log.
#[derive(Default)]
struct Scratch {
    gather: Gather,
    bigrams: Bigrams,
    record: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

// ---------------------------------------------------------------------------------------------
// The indexer

/// Collects the search index from pages as they are rendered, from any number of threads at
/// once, without keeping their texts (but while they add up to less than the limit for one
/// `index.json`): of each page, only the numbers of the bigrams it holds, two bytes each,
/// appended to one log. Pages are numbered by the caller (below the count given to
/// [`Indexer::new`]; numbers may be left unused), and the index lists them in that order.
pub struct Indexer {
    /// Page numbers are below this.
    slots: usize,
    /// Below this many bytes of folded text, one `index.json`.
    limit: usize,
    /// A record a page: its number and the length in bytes of the rest of the record (4 bytes
    /// each, little-endian), then the `pair` numbers of its common bigrams in increasing
    /// order, two bytes each, little-endian.
    log: Mutex<Vec<u8>>,
    /// Bigrams with other characters, and the pages that hold them.
    other: Mutex<HashMap<u64, Vec<u32>>>,
    /// Bytes of folded titles and texts so far.
    folded: AtomicUsize,
    /// The texts of the pages, while the site is small enough for `index.json`.
    texts: Mutex<HashMap<u32, String>>,
}

impl Indexer {
    /// An empty index for pages numbered below `slots`, written as one `index.json` if the
    /// pages' folded titles and texts add up to fewer than `limit` bytes ([`DEFAULT_LIMIT`] is
    /// the usual limit).
    pub fn new(slots: usize, limit: usize) -> Indexer {
        Indexer {
            slots,
            limit,
            log: Mutex::default(),
            other: Mutex::default(),
            folded: AtomicUsize::new(0),
            texts: Mutex::default(),
        }
    }

    /// Adds page number `id` (below the `slots` given to [`Indexer::new`]; ignored otherwise).
    pub fn add(&self, id: usize, page: &Page) {
        if SCRATCH.with(|scratch| {
            let Scratch { bigrams, record, .. } = &mut *scratch.borrow_mut();
            self.note(id, (bigrams, record), page.title.as_bytes(), page.text.as_bytes())
        }) {
            self.keep(id, fold_space(&page.text));
        }
    }

    /// Adds the page rendered as `html`, titled `title`, as page number `id` (see
    /// [`Indexer::add`]), its text read as [`page_text`] reads it. `html` is UTF-8; bytes that
    /// are not are read as U+FFFD, as [`String::from_utf8_lossy`] reads them (so that a page's
    /// bytes need not be checked first).
    pub fn add_html(&self, id: usize, title: &str, html: &[u8]) {
        let text = SCRATCH.with(|scratch| {
            let Scratch { gather, bigrams, record } = &mut *scratch.borrow_mut();
            gather.clear();
            read_page(html, gather);
            self.note(id, (bigrams, record), title.as_bytes(), gather.as_text()).then(|| gather.page_text())
        });
        if let Some(text) = text {
            self.keep(id, text);
        }
    }

    /// Logs the bigrams of page `id`'s folded title and text; whether the page's text is to be
    /// kept (the site is still small enough for `index.json`). `record` is a buffer for the
    /// page's record.
    fn note(&self, id: usize, (b, record): (&mut Bigrams, &mut Vec<u8>), title: &[u8], text: &[u8]) -> bool {
        if id >= self.slots {
            return false;
        }
        // No bigram across the end of the title and the start of the text.
        b.add(title);
        b.add(text);
        record.clear();
        record.resize(8, 0);
        record[..4].copy_from_slice(&(id as u32).to_le_bytes());
        b.drain_common(|n| record.extend_from_slice(&(n as u16).to_le_bytes()));
        let length = record.len() as u32 - 8;
        record[4..8].copy_from_slice(&length.to_le_bytes());
        if let Ok(mut log) = self.log.lock() {
            log.extend_from_slice(record);
        }
        if !b.other.is_empty() {
            b.other.sort_unstable();
            b.other.dedup();
            if let Ok(mut map) = self.other.lock() {
                for &g in &b.other {
                    map.entry(g).or_default().push(id as u32);
                }
            }
            b.other.clear();
        }
        // Counted only while the site may still be small: once over the limit, it stays over.
        if self.folded.load(Ordering::Relaxed) >= self.limit {
            return false;
        }
        let size = folded_len(title) + folded_len(text);
        let before = self.folded.fetch_add(size, Ordering::Relaxed);
        before + size < self.limit
    }

    fn keep(&self, id: usize, text: String) {
        if let Ok(mut texts) = self.texts.lock() {
            texts.insert(id as u32, text);
        }
    }

    /// The files of the search index, with their names relative to the site's `search/`
    /// folder, sorted by name: `index.json` alone for a small site, else `meta.json`, the bigram
    /// shards `b/<s>.json` and the lists of pages `p/<n>.json` (formats in the module's
    /// documentation). `page` gives the url and title of a page added by its number (`None`
    /// leaves it out). The same pages always give the same bytes.
    pub fn files(self, page: impl Fn(usize) -> Option<(String, String)> + Sync) -> Vec<(String, Vec<u8>)> {
        self.files_sized(page, SHARD_TARGET, LIST_TARGET)
    }

    pub(super) fn files_sized(
        self,
        page: impl Fn(usize) -> Option<(String, String)> + Sync,
        shard_target: usize,
        list_target: usize,
    ) -> Vec<(String, Vec<u8>)> {
        // The log's records, by page number.
        let log = self.log.into_inner().unwrap_or_default();
        // Each record as its page number and where its bigrams are in the log.
        let mut records: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        let mut at = 0;
        while at + 8 <= log.len() {
            let word = |k: usize| u32::from_le_bytes([log[k], log[k + 1], log[k + 2], log[k + 3]]);
            let (id, length) = (word(at), word(at + 4) as usize);
            let end = (at + 8 + length).min(log.len());
            records.push((id, at + 8..end));
            at = end;
        }
        records.sort_unstable_by_key(|r| r.0);
        records.dedup_by_key(|r| r.0);
        // The pages as the client knows them: their positions in this list.
        let listed: Vec<(u32, std::ops::Range<usize>, String, String)> = records
            .into_par_iter()
            .filter_map(|(id, bigrams)| page(id as usize).map(|(url, title)| (id, bigrams, url, title)))
            .collect();
        let total = self.folded.into_inner();
        if total < self.limit {
            #[derive(serde::Serialize)]
            struct Single<'a> {
                pages: Vec<RecordRef<'a>>,
                version: u32,
            }
            let texts = self.texts.into_inner().unwrap_or_default();
            let records = listed
                .iter()
                .map(|(id, _, url, title)| RecordRef { text: texts.get(id).map_or("", String::as_str), title, url })
                .collect();
            return vec![("index.json".to_string(), json(&Single { pages: records, version: FORMAT_VERSION }))];
        }

        // Each thread inverts the records of a run of listed pages (a whole number of bytes of
        // a bitmap), its part of each bigram's list; a bigram's parts, joined in order, are its
        // list. The pages of each bigram are counted first.
        let run = listed.len().div_ceil(rayon::current_num_threads()).next_multiple_of(8).max(8);
        let counts: Vec<Vec<u32>> = listed
            .par_chunks(run)
            .map(|chunk| {
                let mut count = vec![0u32; PAIRS];
                for (_, bigrams, _, _) in chunk {
                    for n in pairs(&log[bigrams.clone()]) {
                        count[n] += 1;
                    }
                }
                count
            })
            .collect();
        // A bigram on more than about one page in twelve is written as a bitmap (see
        // [`encode_pages`]: its gaps would take two bytes a page at least), so it is inverted
        // into one. `dense` numbers these bigrams; `slot` gives, for each bigram, where its
        // bitmap starts in a part's `bits`, or [`SPARSE`].
        let bitmap_len = 2 + listed.len().div_ceil(8).div_ceil(3) * 4;
        let bytes = run / 8;
        let mut slot = vec![SPARSE; PAIRS];
        let mut dense = 0;
        for (n, at) in slot.iter_mut().enumerate() {
            let pages: usize = counts.iter().map(|count| count[n] as usize).sum();
            if 2 * pages + 1 > bitmap_len {
                *at = (dense * bytes) as u32;
                dense += 1;
            }
        }
        let parts: Vec<Part> = listed
            .par_chunks(run)
            .zip(counts)
            .enumerate()
            .map(|(c, (chunk, count))| {
                // The other bigrams by a counting sort: the pages of each lie together, in page
                // order, in `ids`.
                let mut starts = vec![0u32; PAIRS + 1];
                for n in 0..PAIRS {
                    starts[n + 1] = starts[n] + if slot[n] == SPARSE { count[n] } else { 0 };
                }
                let mut next = starts.clone();
                let mut ids = vec![0; starts[PAIRS] as usize];
                let mut bits = vec![0u8; dense * bytes];
                for (j, (_, bigrams, _, _)) in chunk.iter().enumerate() {
                    for n in pairs(&log[bigrams.clone()]) {
                        if slot[n] == SPARSE {
                            ids[next[n] as usize] = (c * run + j) as u32;
                            next[n] += 1;
                        } else {
                            bits[slot[n] as usize + j / 8] |= 1 << (j % 8);
                        }
                    }
                }
                Part { starts, ids, bits }
            })
            .collect();
        // Each bigram with its list as JSON, in the order of their keys.
        let pages = listed.len();
        let mut encoded: Vec<(String, String)> = (0..PAIRS)
            .into_par_iter()
            .filter_map(|n| {
                let at = slot[n] as usize;
                let list = if slot[n] == SPARSE {
                    let ids = parts.iter().flat_map(|p| &p.ids[p.starts[n] as usize..p.starts[n + 1] as usize]);
                    // A bigram on no page has no list.
                    ids.clone().next()?;
                    encode_pages(ids.copied(), pages)
                } else {
                    let mut bitmap: Vec<u8> = parts.iter().flat_map(|p| &p.bits[at..at + bytes]).copied().collect();
                    bitmap.truncate(pages.div_ceil(8));
                    bitmap_json(&bitmap)
                };
                Some((unpair(n), list))
            })
            .collect();
        drop(parts);
        let position: HashMap<u32, u32> = listed.iter().enumerate().map(|(k, (id, ..))| (*id, k as u32)).collect();
        for (g, ids) in self.other.into_inner().unwrap_or_default() {
            let key: String = [g >> 32, g & 0xffff_ffff].iter().filter_map(|&c| char::from_u32(c as u32)).collect();
            let mut ids: Vec<u32> = ids.iter().filter_map(|id| position.get(id).copied()).collect();
            ids.sort_unstable();
            if !ids.is_empty() {
                encoded.push((key, encode_pages(ids.iter().copied(), listed.len())));
            }
        }
        encoded.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let size: usize = encoded.iter().map(|(k, v)| k.len() + 4 + v.len()).sum();
        let shards = size.div_ceil(shard_target).next_power_of_two().clamp(1, 4096) as u32;
        // A shard's file: its bigrams (in order) and their lists, as one JSON object.
        let mut by_shard: Vec<Vec<u8>> = vec![b"{".to_vec(); shards as usize];
        for (g, v) in &encoded {
            let file = &mut by_shard[shard_of(g, shards) as usize];
            if file.len() > 1 {
                file.push(b',');
            }
            file.extend_from_slice(&json(g));
            file.push(b':');
            file.extend_from_slice(v.as_bytes());
        }

        // Each page's entry in its list, as JSON.
        let entries: Vec<Vec<u8>> = listed.par_iter().map(|(_, _, url, title)| json(&(url, title))).collect();
        let sizes: usize = entries.iter().map(|e| e.len() + 1).sum();
        let list = (list_target / (sizes / listed.len().max(1)).max(1)).clamp(1, 4096);
        let meta = Meta { list, pages: listed.len(), shards, version: FORMAT_VERSION };
        let mut files = vec![("meta.json".to_string(), json(&meta))];
        for (s, mut file) in by_shard.into_iter().enumerate() {
            file.push(b'}');
            files.push((format!("b/{s}.json"), file));
        }
        for (n, group) in entries.chunks(list).enumerate() {
            let mut file = Vec::with_capacity(group.iter().map(|e| e.len() + 1).sum::<usize>() + 1);
            file.push(b'[');
            for (k, entry) in group.iter().enumerate() {
                if k > 0 {
                    file.push(b',');
                }
                file.extend_from_slice(entry);
            }
            file.push(b']');
            files.push((format!("p/{n}.json"), file));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

/// The `pair` numbers of the common bigrams in a page's record (its bytes after the page
/// number and length), in increasing order; numbers not below [`PAIRS`], which a record never
/// holds, are left out.
fn pairs(record: &[u8]) -> impl Iterator<Item = usize> + '_ {
    record.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize).filter(|&n| n < PAIRS)
}

/// In the `slot` of [`Indexer::files`]: a bigram whose list is not inverted into a bitmap.
const SPARSE: u32 = u32::MAX;

/// One thread's part of the lists of common bigrams, for its run of pages: the pages of a
/// dense bigram are the bits of its `r` bytes in `bits` (a bitmap as [`encode_pages`] writes
/// it, `r` bytes a run), from where its `slot` says; those of another bigram `n` are
/// `ids[starts[n]..starts[n + 1]]`.
struct Part {
    starts: Vec<u32>,
    ids: Vec<u32>,
    bits: Vec<u8>,
}

/// The files of the search index of these pages (see [`Indexer::files`]), the pages numbered in
/// the order given.
pub fn index_files(pages: &[Page], limit: usize) -> Vec<(String, Vec<u8>)> {
    index_files_sized(pages, limit, SHARD_TARGET, LIST_TARGET)
}

pub(super) fn index_files_sized(
    pages: &[Page],
    limit: usize,
    shard_target: usize,
    list_target: usize,
) -> Vec<(String, Vec<u8>)> {
    let indexer = Indexer::new(pages.len(), limit);
    pages.par_iter().enumerate().for_each(|(id, p)| indexer.add(id, p));
    indexer.files_sized(|id| pages.get(id).map(|p| (p.url.clone(), p.title.clone())), shard_target, list_target)
}

// ---------------------------------------------------------------------------------------------
// Encoding

pub(super) const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            out.push(if k <= c.len() { BASE64[(n >> (18 - 6 * k) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

pub(super) fn unbase64(s: &str) -> Vec<u8> {
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

pub(super) fn digits(n: u32) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

/// A posting list (page ids in increasing order, below `pages`) as JSON: gaps, or a base64
/// bitmap when that is shorter.
pub(super) fn encode_pages(ids: impl Iterator<Item = u32> + Clone, pages: usize) -> String {
    let gaps = || {
        let mut prev = 0;
        ids.clone().map(move |id| {
            let gap = id.wrapping_sub(prev);
            prev = id;
            gap
        })
    };
    let (count, figures) = gaps().fold((0usize, 0), |(count, sum), g| (count + 1, sum + digits(g)));
    let array_len = 2 + count.saturating_sub(1) + figures;
    let bitmap_len = 2 + pages.div_ceil(8).div_ceil(3) * 4;
    if array_len <= bitmap_len {
        use std::fmt::Write;
        let mut out = String::with_capacity(array_len);
        out.push('[');
        for (k, gap) in gaps().enumerate() {
            let comma = if k > 0 { "," } else { "" };
            let _ = write!(out, "{comma}{gap}");
        }
        out.push(']');
        return out;
    }
    let mut bitmap = vec![0u8; pages.div_ceil(8)];
    for id in ids {
        if let Some(byte) = bitmap.get_mut(id as usize / 8) {
            *byte |= 1 << (id % 8);
        }
    }
    bitmap_json(&bitmap)
}

/// A bitmap of pages as [`encode_pages`] writes it: a JSON string of its base64.
fn bitmap_json(bitmap: &[u8]) -> String {
    format!("\"{}\"", base64(bitmap))
}

/// Page ids from a posting list as [`encode_pages`] writes it.
pub(super) fn decode_pages(v: &serde_json::Value) -> Vec<u32> {
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

pub(super) fn json<T: serde::Serialize + ?Sized>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("search index values serialize")
}

/// A page as written in `index.json`, borrowed (the same fields and order as [`Record`]).
#[derive(serde::Serialize)]
pub(super) struct RecordRef<'a> {
    text: &'a str,
    title: &'a str,
    url: &'a str,
}
