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
//! # The files, under `search/` ([`Indexer::files`]; format version [`FORMAT_VERSION`])
//!
//! A small site (folded text under the limit, [`DEFAULT_LIMIT`] by default) gets one file that
//! the client loads whole:
//!
//! - `index.json`: `{"pages":[{"text":…,"title":…,"url":…},…],"version":2}`.
//!
//! A larger site gets an index of bigrams (two consecutive characters of the folded text), so
//! that a query downloads only what it needs, and no copy of the pages' text: the client checks
//! a candidate against the page itself, which the reader is likely to open next anyway (and
//! which servers send compressed), so the text is stored once, in the page.
//!
//! - `meta.json`: `{"list":L,"pages":N,"shards":S,"version":2}`: S is the power of two (1 to
//!   4096) that keeps the shards near [`SHARD_TARGET`] bytes on average; L is how many pages of
//!   average url and title fit in [`LIST_TARGET`] bytes (1 to 4096);
//! - `b/<s>.json` for `s` in `0..S`: `{"<bigram>":<pages>,…}`, keys sorted, each bigram in shard
//!   [`shard_of`]`(bigram, S)`. `<pages>` lists the ids of the pages (their positions in the
//!   list of pages, from 0) whose folded title or text holds the bigram, in one of two forms,
//!   whichever is shorter: an array of gaps (`[3,1,7]` is pages 3, 4 and 11: each number is
//!   added to the previous id, the first to 0), or a string, the base64 of a bitmap (page `i` is
//!   bit `i % 8`, least significant first, of byte `i / 8`);
//! - `p/<n>.json`: `[[url,title],…]`, the pages `n·L` to `n·L + L − 1`.
//!
//! The client asks for `index.json` first and for `meta.json` when it is absent. It folds the
//! query (two characters at least), takes up to [`MAX_QUERY_BIGRAMS`] of its bigrams, fetches their
//! shards, intersects the page sets, then checks the candidates in page order, [`FETCH_BATCH`]
//! at a time: it fetches their lists and then the pages, reads each page's text as
//! [`page_text`] does and keeps the pages whose folded title or text holds the query. Before
//! each batch it ends the round if it has [`ROUND_RESULTS`] more pages or has fetched
//! [`PAGE_BUDGET`] bytes of pages, and offers to go on.
//! [`search`] is the same algorithm in Rust, used by the tests and to measure downloads.
//!
//! The [`Indexer`] takes pages as the build renders them, on any thread, and keeps of each only
//! the numbers of the bigrams it holds, two bytes each in one log (its text too while the
//! site is small enough for `index.json`; urls and titles are asked for at the end), so that
//! search costs little more than reading each page once.
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

mod bigrams;
mod index;
mod query;
mod text;

pub use index::{index_files, query_bigrams, shard_of, Indexer, Page};
pub use query::{search, Found};
pub use text::{fold, page_text};

#[allow(unused_imports)]
use std::collections::{BTreeMap, HashMap};

/// The version written in `index.json` and `meta.json`; the client refuses other versions.
pub const FORMAT_VERSION: u32 = 2;
/// Below this many bytes of folded text (titles and texts), one `index.json` holds everything.
pub const DEFAULT_LIMIT: usize = 1 << 20;
/// The client shows at most this many results.
pub const MAX_SHOWN: usize = 50;
/// A round of a sharded search ends once it has found this many more pages.
pub const ROUND_RESULTS: usize = 10;
/// A round of a sharded search ends once it has fetched this many bytes of pages.
pub const PAGE_BUDGET: usize = 160 * 1024;
/// The client looks up at most this many bigrams of a query (spread over it).
pub const MAX_QUERY_BIGRAMS: usize = 16;
/// Candidate pages checked together by the client.
pub const FETCH_BATCH: usize = 4;
/// Aimed size of a bigram shard: the shard count is the power of two that keeps them under it.
pub const SHARD_TARGET: usize = 4 * 1024;
/// Aimed size of a list of pages: as many pages of average url and title as fit, at least one.
pub const LIST_TARGET: usize = 4 * 1024;

#[cfg(test)]
mod tests;
