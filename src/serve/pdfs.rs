//! The preview's round report PDFs: the preview never prints, but when the PDF cache of the
//! site's default output (`.public.pdf-cache`, see `output::pdf::cache`) holds a PDF for a
//! report as the report is now, the preview serves that PDF at the report's `report.pdf` and
//! the report's page links to it, as a build's would. Otherwise the page has no link.
//!
//! "As the report is now" is decided as a build decides it: by the key of the page a build
//! would write (with its PDF link, without the preview's reload script, the public view), with
//! the files it loads read from the preview's memory.

use crate::build;
use crate::model::{PdfMode, Site};
use crate::output::pdf::cache::Cache;
use crate::render::{Job, Renderer};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The PDFs the preview serves: a report's `report.pdf` (a path in the output) → the file in
/// the cache.
pub(super) type Pdfs = HashMap<String, PathBuf>;

/// The pages and files of the preview, by path in the output.
pub(super) type Files = HashMap<String, Arc<Vec<u8>>>;

/// The cache a build of the site at `root` into its default output would use: `None` when PDFs
/// are off, no browser is found, or no build has kept a PDF there.
pub(super) fn cache_of(root: &Path, site: &Site) -> Option<Cache> {
    if site.config.pdf.value == PdfMode::Off {
        return None;
    }
    let dir = crate::output::pdf_cache_dir(&build::default_output(root));
    if !dir.is_dir() {
        return None;
    }
    crate::output::pdf::find_browser().map(|browser| Cache::new(&dir, &browser))
}

/// What the preview knows of the files this rebuild.
pub(super) struct Held<'h> {
    /// The pages and assets held in memory.
    pub(super) files: &'h mut Files,
    /// The site's files copied as they are, read from disk.
    pub(super) statics: &'h HashMap<String, PathBuf>,
    /// The pages rendered by this rebuild (the others are as the previous one left them).
    pub(super) fresh: &'h HashSet<String>,
    /// The PDFs the previous rebuild served.
    pub(super) before: &'h Pdfs,
}

/// Decides which reports the preview serves a PDF for, and gives their pages in `held.files`
/// their link. A report rendered by this rebuild is looked up in `cache`; one that was not
/// keeps what it had, unless its PDF has gone from the cache (its page then loses its link).
/// `jobs` and `paths` are the site's jobs and their output paths, in the same order.
pub(super) fn offer(
    renderer: &mut Renderer<'_>,
    (jobs, paths): (&[Job], &[String]),
    cache: Option<&Cache>,
    held: Held<'_>,
) -> Pdfs {
    let reports: HashMap<String, String> =
        renderer.pdf_jobs_of(jobs).into_iter().map(|(page, pdf, _)| (page, pdf)).collect();
    let mut offered = Pdfs::new();
    let mut decide = Vec::new();
    for (job, page) in jobs.iter().zip(paths) {
        let Some(pdf) = reports.get(page) else { continue };
        let fresh = held.fresh.contains(page);
        match held.before.get(pdf) {
            Some(kept) if !fresh && kept.is_file() && cache.is_some() => {
                offered.insert(pdf.clone(), kept.clone());
            }
            Some(_) if !fresh => decide.push((job, page.clone(), pdf, false)),
            _ if fresh => decide.push((job, page.clone(), pdf, true)),
            _ => {}
        }
    }
    let found = match cache {
        Some(cache) => lookup(renderer, cache, &decide, held.files, held.statics),
        None => decide.iter().map(|_| None).collect(),
    };
    for ((job, page, pdf, fresh), found) in decide.into_iter().zip(found) {
        match found {
            Some((mut html, kept)) => {
                renderer.add_injected(&mut html);
                held.files.insert(page, Arc::new(html));
                offered.insert(pdf.clone(), kept);
            }
            // A page that linked to a PDF no longer there is rendered again, without the link.
            None if !fresh => {
                if let Ok(html) = renderer.render(job) {
                    held.files.insert(page, Arc::new(html));
                }
            }
            None => {}
        }
    }
    offered
}

/// For each report of `decide`, the page a build would write and the PDF `cache` keeps for it,
/// when it keeps one.
fn lookup(
    renderer: &mut Renderer<'_>,
    cache: &Cache,
    decide: &[(&Job, String, &String, bool)],
    files: &Files,
    statics: &HashMap<String, PathBuf>,
) -> Vec<Option<(Vec<u8>, PathBuf)>> {
    let read = |rel: &str| -> Option<Vec<u8>> {
        files.get(rel).map(|b| b.to_vec()).or_else(|| statics.get(rel).and_then(|p| std::fs::read(p).ok()))
    };
    let (inject, preview, pdf) = (renderer.inject.take(), renderer.preview, renderer.pdf);
    renderer.preview = false;
    renderer.pdf = true;
    let built: &Renderer<'_> = renderer;
    let found = decide
        .par_iter()
        .map(|(job, page, _, _)| {
            let html = built.render(job).ok()?;
            let kept = cache.kept(&cache.key_of(page, &html, read))?;
            Some((html, kept))
        })
        .collect();
    renderer.inject = inject;
    renderer.preview = preview;
    renderer.pdf = pdf;
    found
}
