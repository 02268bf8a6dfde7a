//! Links in Markdown bodies: every link and image must lead somewhere in the site. The
//! findings of each body are kept in a [`LinkCache`] between the checks of `serve`.

use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{Resolved, Targets};
use crate::model::{Site, Source};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The field named by the findings about a Markdown body (its links and images).
const BODY: &str = "เนื้อหา";

/// Findings about the links of Markdown bodies, kept between checks (by `serve`) so that an
/// edit re-reads only the bodies that changed. A body is known by its shared text; the findings
/// are reused while the set of pages and files they were checked against stays the same.
#[derive(Default)]
pub struct LinkCache {
    map: Mutex<HashMap<PathBuf, CachedFindings>>,
}

/// A body as checked, the fingerprint of the targets it was checked against, and the findings.
type CachedFindings = (Arc<str>, u64, Vec<Diagnostic>);

impl LinkCache {
    /// An empty cache.
    pub fn new() -> LinkCache {
        LinkCache::default()
    }

    /// The cached findings of each body still valid, in one pass under one lock.
    fn lookup(&self, bodies: &[&Source], fingerprint: u64) -> Vec<Option<Vec<Diagnostic>>> {
        let Ok(map) = self.map.lock() else { return vec![None; bodies.len()] };
        bodies
            .iter()
            .map(|s| match map.get(&s.file) {
                Some((body, fp, found)) if Arc::ptr_eq(body, &s.body) && *fp == fingerprint => Some(found.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The link findings of every body of `site`, reusing from `cache` (when given) those of
/// bodies that have not changed.
pub(super) fn check_bodies(site: &Site, targets: &Targets, cache: Option<&LinkCache>) -> Vec<Diagnostic> {
    let bodies = crate::model::sources(site);
    let fingerprint = targets.fingerprint();
    let cached = cache.map(|c| c.lookup(&bodies, fingerprint)).unwrap_or_else(|| vec![None; bodies.len()]);
    let found: Vec<Vec<Diagnostic>> = bodies
        .par_iter()
        .zip(cached)
        .map(|(s, hit)| hit.unwrap_or_else(|| body_findings(targets, s, fingerprint, cache)))
        .collect();
    found.into_iter().flatten().collect()
}

/// The findings of `site` after an edit that changed the bodies of the files `edited` alone:
/// `found`, the findings before the edit, with those bodies' link findings made again. The
/// other checks look at front matter, file names and link targets, which such an edit leaves
/// as they were.
pub fn recheck_bodies(site: &Site, targets: &Targets, edited: &[PathBuf], found: &mut Diagnostics, cache: &LinkCache) {
    // Compared as strings: comparing paths parses them into components, for every source.
    let is_edited = |file: &Path| edited.iter().any(|e| e.as_os_str() == file.as_os_str());
    found.retain(|d| !(d.field.as_deref() == Some(BODY) && is_edited(&d.file)));
    let fingerprint = targets.fingerprint();
    for source in crate::model::sources(site).into_iter().filter(|s| is_edited(&s.file)) {
        for x in body_findings(targets, source, fingerprint, Some(cache)) {
            found.push(x);
        }
    }
    found.sort();
}

/// Checks a body's links and keeps the findings in `cache`.
fn body_findings(targets: &Targets, source: &Source, fingerprint: u64, cache: Option<&LinkCache>) -> Vec<Diagnostic> {
    let mut d = Diagnostics::new();
    check_body(targets, source, &mut d);
    let found: Vec<Diagnostic> = d.into_iter().collect();
    if let Some(cache) = cache {
        if let Ok(mut map) = cache.map.lock() {
            map.insert(source.file.clone(), (Arc::clone(&source.body), fingerprint, found.clone()));
        }
    }
    found
}

/// Every link and image in a Markdown body must lead somewhere in the site.
fn check_body(targets: &Targets, source: &Source, d: &mut Diagnostics) {
    use pulldown_cmark::{Event, Parser, Tag};
    if source.body.is_empty() {
        return;
    }
    let dir = source
        .file
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    for (event, range) in Parser::new_ext(&source.body, crate::render::markdown_options()).into_offset_iter() {
        let (dest, what) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url.to_string(), "ลิงก์"),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url.to_string(), "รูปภาพ"),
            _ => continue,
        };
        let pos = body_pos(source, range.start);
        match targets.resolve(&dest, &source.path, &dir) {
            Resolved::External | Resolved::Internal { .. } => {}
            Resolved::LeavesSite => d.push(Diagnostic::error(
                &source.file,
                pos,
                Some(BODY),
                format!("{what} \"{dest}\" ชี้ออกนอกโฟลเดอร์ของเว็บไซต์ (../)"),
            )),
            Resolved::Missing(at) => d.push(
                Diagnostic::error(
                    &source.file,
                    pos,
                    Some(BODY),
                    format!("{what} \"{dest}\" ชี้ไปยังหน้าหรือไฟล์ที่ไม่มีในเว็บไซต์ ({at})"),
                )
                .with_help("ไฟล์ให้วางใน static/ แล้วลิงก์ด้วย /ชื่อโฟลเดอร์/ชื่อไฟล์; หน้าในเว็บไซต์ลิงก์ด้วยที่อยู่ เช่น /about/contact/"),
            ),
        }
    }
}

fn body_pos(source: &Source, offset: usize) -> Pos {
    let before = &source.body[..offset.min(source.body.len())];
    let line = before.matches('\n').count() as u32;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    Pos::new(source.body_line + line, col)
}
