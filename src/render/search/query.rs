//! The client's algorithm in Rust, for the tests and the size benchmark.

use super::index::*;
use super::text::*;
use super::*;

/// What [`search`] found, and what it read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The urls of the pages whose folded title or text holds the folded query, in page order
    /// (the client then ranks them; ranking needs a Thai word segmenter and is not done here).
    pub urls: Vec<String>,
    /// Pages that hold every bigram looked up, before the exact check (every page for
    /// `index.json`).
    pub candidates: usize,
    /// Candidates checked; fewer than `candidates` when [`ROUND_RESULTS`] or [`PAGE_BUDGET`]
    /// ended the first round.
    pub checked: usize,
    /// The files asked for, in order, paths relative to the site root, with their sizes (0 for
    /// a file that does not exist).
    pub fetched: Vec<(String, usize)>,
}

/// Searches a site whose index [`Indexer`] wrote, exactly as `search.js` does for the first
/// screen of results, without ranking. `load` gives the bytes of a file by its path relative to
/// the site root: `search/meta.json`, or a page's url as the index gives it (`2567/plan/`,
/// percent-encoded); `None` if absent. A query shorter than two characters once folded finds
/// nothing and reads nothing.
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
    let holds = |title: &str, text: &str| fold(title).contains(&q) || fold(text).contains(&q);

    if let Some(bytes) = get("search/index.json", &mut found) {
        #[derive(serde::Deserialize)]
        struct Single {
            pages: Vec<Record>,
            version: u32,
        }
        let single = serde_json::from_slice(&bytes).ok().filter(|s: &Single| s.version == FORMAT_VERSION);
        let single = single.unwrap_or(Single { pages: Vec::new(), version: FORMAT_VERSION });
        found.candidates = single.pages.len();
        found.checked = single.pages.len();
        found.urls = single.pages.into_iter().filter(|r| holds(&r.title, &r.text)).map(|r| r.url).collect();
        return found;
    }
    let meta = get("search/meta.json", &mut found).and_then(|b| serde_json::from_slice::<Meta>(&b).ok());
    let Some(meta) = meta.filter(|m| m.version == FORMAT_VERSION) else {
        return found;
    };
    let list = meta.list.max(1);
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
        let map = get(&format!("search/b/{s}.json"), &mut found).and_then(|b| serde_json::from_slice(&b).ok());
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

    // Candidates are checked in page order, a batch at a time, against the pages themselves.
    let mut lists: HashMap<usize, Vec<(String, String)>> = HashMap::new();
    let mut page_bytes = 0;
    for batch in candidates.chunks(FETCH_BATCH) {
        if found.urls.len() >= ROUND_RESULTS || page_bytes >= PAGE_BUDGET {
            break;
        }
        for &id in batch {
            let n = id as usize / list;
            if let std::collections::hash_map::Entry::Vacant(slot) = lists.entry(n) {
                let entries = get(&format!("search/p/{n}.json"), &mut found)
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or_default();
                slot.insert(entries);
            }
        }
        for &id in batch {
            found.checked += 1;
            let Some((url, title)) = lists[&(id as usize / list)].get(id as usize % list).cloned() else { continue };
            let Some(html) = get(&url, &mut found) else { continue };
            page_bytes += html.len();
            if holds(&title, &page_text(&String::from_utf8_lossy(&html))) {
                found.urls.push(url);
            }
        }
    }
    found
}
