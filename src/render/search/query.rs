//! The client's algorithm in Rust, for the tests and the size benchmark.

use super::index::*;
use super::text::*;
use super::*;

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
