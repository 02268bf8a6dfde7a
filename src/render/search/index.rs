//! The index files: one `index.json`, or bigram shards and text chunks.

use super::text::*;
use super::*;

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

impl Page {
    /// A rendered page with its title and path: its readable text is taken from its HTML
    /// ([`page_text`]); `None` when the bytes are not UTF-8.
    pub fn from_html(title: String, url: String, html: &[u8]) -> Option<Page> {
        let text = super::text::page_text(std::str::from_utf8(html).ok()?);
        Some(Page { title, url, text })
    }
}

/// A page as written in `index.json` and the text chunks: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Record {
    pub(super) text: String,
    pub(super) title: String,
    pub(super) url: String,
}

/// `meta.json` of a sharded index: keys in sorted order.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Meta {
    pub(super) chunk: usize,
    pub(super) pages: usize,
    pub(super) shards: u32,
    pub(super) version: u32,
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
pub(super) struct Fx(u64);

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

pub(super) type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// Adds the bigrams (pairs of consecutive characters) of folded text to `into`, each as its two
/// code points in one number.
pub(super) fn bigrams_of(folded: &str, into: &mut HashSet<u64, FxBuild>) {
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

/// A posting list as JSON: gaps, or a base64 bitmap when that is shorter.
pub(super) fn encode_pages(ids: &[u32], pages: usize) -> serde_json::Value {
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

pub(super) fn json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("search index values serialize")
}

/// A page as written, borrowed from it (the same fields and order as [`Record`], without
/// copying its text).
#[derive(serde::Serialize)]
pub(super) struct RecordRef<'a> {
    text: &'a str,
    title: &'a str,
    url: &'a str,
}

pub(super) fn record(p: &Page) -> RecordRef<'_> {
    RecordRef { text: &p.text, title: &p.title, url: &p.url }
}

/// The files of the search index, with their names relative to the site's `search/` folder,
/// sorted by name: `index.json` alone when the pages' folded titles and texts add up to fewer
/// than `limit` bytes ([`DEFAULT_LIMIT`] is the usual limit), else `meta.json`, the bigram
/// shards `b/<s>.json` and the text chunks `t/<n>.json` (formats in the module's
/// documentation). The same pages always give the same bytes.
pub fn index_files(pages: &[Page], limit: usize) -> Vec<(String, Vec<u8>)> {
    index_files_sized(pages, limit, SHARD_TARGET, CHUNK_TARGET)
}

pub(super) fn index_files_sized(
    pages: &[Page],
    limit: usize,
    shard_target: usize,
    chunk_target: usize,
) -> Vec<(String, Vec<u8>)> {
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
        struct Single<'a> {
            pages: Vec<RecordRef<'a>>,
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

    // A page's record is about as long as its fields, escaped; chunks are written straight
    // from the pages, without a copy of every record first.
    let sizes: usize = pages.iter().map(|p| json(&record(p)).len()).sum();
    let average = sizes / pages.len().max(1);
    let chunk = (chunk_target / average.max(1)).clamp(1, 256);

    let mut files =
        vec![("meta.json".to_string(), json(&Meta { chunk, pages: pages.len(), shards, version: FORMAT_VERSION }))];
    for (s, map) in by_shard.iter().enumerate() {
        files.push((format!("b/{s}.json"), json(map)));
    }
    let chunks: Vec<(String, Vec<u8>)> = pages
        .par_chunks(chunk)
        .enumerate()
        .map(|(n, group)| {
            let records: Vec<RecordRef<'_>> = group.iter().map(record).collect();
            (format!("t/{n}.json"), json(&records))
        })
        .collect();
    files.extend(chunks);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
