//! Which rendered pages the search index takes, in which order, and its files under `search/`.

use super::{search, Job, Renderer};

impl Job {
    /// Whether the page lists other pages rather than holding content of its own: the home
    /// page, a folder's list, `/data/`, `/oit/`. The search index lists these after the others
    /// ([`search_order`]).
    pub fn lists_pages(&self) -> bool {
        matches!(self, Job::Home | Job::Section(_) | Job::DataIndex | Job::Oit)
    }
}

/// The jobs in the order the search index numbers their pages: pages with content of their own
/// first, in the order of `jobs`, then the pages that list others ([`Job::lists_pages`]), so
/// that a search checks and shows the pages that hold a word before those that only list their
/// titles. Positions in `jobs`; page `k` of the index is `jobs[order[k]]`.
pub fn search_order(jobs: &[Job]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| (jobs[i].lists_pages(), i));
    order
}

/// The files of the search index (`search/…`) collected by `indexer`; `page` gives the url and
/// title of a page by its number in the index.
pub fn search_files(
    indexer: search::Indexer,
    page: impl Fn(usize) -> Option<(String, String)> + Sync,
) -> Vec<(String, Vec<u8>)> {
    indexer.files(page).into_iter().map(|(name, bytes)| (format!("search/{name}"), bytes)).collect()
}

impl Renderer<'_> {
    /// A page the search index takes: its path in the site and its title. `None` for what is
    /// not a page to be found (the 404 page, the search page, data files), or when the site has
    /// no search.
    pub fn search_target(&self, job: &Job) -> Option<(String, String)> {
        if !self.site.config.search
            || matches!(job, Job::NotFound | Job::Search)
            || !self.output_path(job).ends_with(".html")
        {
            return None;
        }
        let path = self.page_path(job);
        let title = if path.is_empty() {
            self.site.config.title.clone()
        } else {
            self.tables.titles.get(&path).cloned().unwrap_or_default()
        };
        Some((crate::links::percent_encode(&path), title))
    }
}
