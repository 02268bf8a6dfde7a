//! Sorting parsed content files into plans (with their projects, activities and round
//! narratives) and plain pages, by the folders they stand in and the `_index` files that
//! describe those folders.

use super::{convert, front_matter, FileIn, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::Reader;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `a/b/_index.md` → ("a/b", true); `a/b/c.md` → ("a/b/c", false).
fn stem_of(content_rel: &str) -> (String, bool) {
    let without_ext = match content_rel.rfind('.') {
        Some(i) if !content_rel[i..].contains('/') => &content_rel[..i],
        _ => content_rel,
    };
    match without_ext.rsplit_once('/') {
        Some((dir, "_index")) => (dir.to_string(), true),
        None if without_ext == "_index" => (String::new(), true),
        _ => (without_ext.to_string(), false),
    }
}

fn dir_of(content_rel: &str) -> String {
    content_rel.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default()
}

fn url_path(stem: &str) -> String {
    if stem.is_empty() {
        String::new()
    } else {
        format!("{stem}/")
    }
}

/// The nearest folder at or above `dir` named by a four-digit B.E. year.
fn folder_year(dir: &str) -> Option<i32> {
    dir.rsplit('/').find_map(|part| {
        let t = crate::thai::to_arabic_digits(part);
        (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
            .filter(|y| *y >= crate::thai::BE_THRESHOLD)
    })
}

/// The file's source; its body is shared with the parsed file, not copied.
fn source_of(rel: &Path, stem: &str, parsed: &front_matter::Parsed) -> Source {
    Source {
        file: rel.to_path_buf(),
        path: url_path(stem),
        draft: false,
        order: None,
        body: std::sync::Arc::clone(&parsed.body),
        body_line: parsed.body_line,
        description: None,
    }
}

fn sort_key(s: &Source) -> (i64, PathBuf) {
    (s.order.unwrap_or(i64::MAX), s.file.clone())
}

/// Sorts files into plans (with their projects, activities and narratives) and plain pages.
pub(super) fn assemble(files: Vec<FileIn>, opts: LoadOptions, diags: &mut Diagnostics) -> (Vec<Plan>, Vec<Page>) {
    // Folders described by an `_index` with a type.
    let mut typed_dirs: BTreeMap<String, String> = BTreeMap::new();
    let mut draft_dirs: BTreeSet<String> = BTreeSet::new();
    for f in &files {
        let (stem, is_index) = stem_of(&f.content_rel);
        if is_index {
            if let Some((t, _)) = convert::type_of(&f.parsed.front) {
                typed_dirs.insert(stem.clone(), t);
            }
            if convert::is_draft(&f.parsed.front) && !opts.include_drafts {
                draft_dirs.insert(stem);
            }
        }
    }
    let is_type = |dir: &str, t: &str| typed_dirs.get(dir).is_some_and(|x| x == t);
    let in_draft_dir = |dir: &str| {
        draft_dirs.iter().any(|d| d.is_empty() && !dir.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
    };

    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    let mut projects: BTreeMap<String, Project> = BTreeMap::new();
    let mut activities: Vec<(String, Activity)> = Vec::new();
    let mut narratives: Vec<(String, Narrative)> = Vec::new();
    let mut pages = Vec::new();

    for f in &files {
        let (stem, is_index) = stem_of(&f.content_rel);
        let dir = dir_of(&f.content_rel);
        if !opts.include_drafts
            && (convert::is_draft(&f.parsed.front)
                || (!is_index && in_draft_dir(&dir))
                || (is_index && in_draft_dir(&stem)))
        {
            continue;
        }
        let source = source_of(&f.rel, &stem, &f.parsed);
        let front = &f.parsed.front;
        let mut r = Reader::new(&f.rel, diags);
        let declared = convert::type_of(front);
        let parent = dir_of(&dir);
        match declared.as_ref().map(|(t, p)| (t.as_str(), *p)) {
            Some(("plan", pos)) => {
                if !is_index {
                    r.error(
                        pos,
                        "type",
                        "แผน (type: plan) ต้องเป็นไฟล์ _index.md ของโฟลเดอร์แผน เช่น content/2565/แผน/_index.md",
                    );
                    continue;
                }
                if let Some(p) = convert::plan(&mut r, front, source, folder_year(&stem)) {
                    plans.insert(stem, p);
                }
            }
            Some(("project", pos)) => {
                if !is_index || !is_type(&parent_of_index(&stem), "plan") {
                    r.error(pos, "type", "โครงการ (type: project) ต้องเป็นไฟล์ _index.md ในโฟลเดอร์ย่อยของแผน เช่น content/2565/แผน/โครงการ/_index.md");
                    continue;
                }
                if let Some(p) = convert::project(&mut r, front, source) {
                    projects.insert(stem, p);
                }
            }
            Some(("activity", pos)) if is_index || !is_type(&dir, "project") => {
                r.error(pos, "type", "กิจกรรมต้องเป็นไฟล์ในโฟลเดอร์ของโครงการ (ไม่ใช่ _index.md)");
            }
            Some((t, pos)) if !["activity", "page"].contains(&t) => {
                let mut d = Diagnostic::error(&f.rel, pos, Some("type"), format!("ไม่รู้จักชนิด \"{t}\""));
                d = match crate::fields::nearest(t, &["plan", "project", "activity", "page"]) {
                    Some(n) => d.with_help(format!("หมายถึง \"{n}\" หรือไม่? ชนิดที่ใช้ได้: plan, project, activity, page")),
                    None => d.with_help("ชนิดที่ใช้ได้: plan, project, activity, page"),
                };
                r.push(d);
            }
            _ if !is_index && is_type(&dir, "project") && declared.as_ref().is_none_or(|(t, _)| t == "activity") => {
                if let Some(a) = convert::activity(&mut r, front, source) {
                    activities.push((dir, a));
                }
            }
            _ if !is_index && dir.ends_with("/reports") && is_type(&parent, "plan") => {
                let round = stem.rsplit('/').next().unwrap_or_default().to_string();
                if let Some(n) = convert::narrative(&mut r, front, source, round) {
                    narratives.push((parent, n));
                }
            }
            _ => {
                if let Some(p) = convert::page(&mut r, front, source, is_index) {
                    pages.push(p);
                }
            }
        }
    }

    for (dir, a) in activities {
        if let Some(p) = projects.get_mut(&dir) {
            p.activities.push(a);
        }
    }
    for (stem, mut p) in projects {
        p.activities.sort_by_key(|a| sort_key(&a.source));
        if let Some(plan) = plans.get_mut(&parent_of_index(&stem)) {
            plan.projects.push(p);
        }
    }
    for (dir, n) in narratives {
        if let Some(plan) = plans.get_mut(&dir) {
            plan.narratives.push(n);
        }
    }
    let mut plans: Vec<Plan> = plans.into_values().collect();
    for p in &mut plans {
        p.projects.sort_by_key(|x| sort_key(&x.source));
    }
    plans.sort_by(|a, b| b.fiscal_year.cmp(&a.fiscal_year).then_with(|| sort_key(&a.source).cmp(&sort_key(&b.source))));
    pages.sort_by(|a, b| {
        let ka = (a.source.order.unwrap_or(i64::MAX), std::cmp::Reverse(a.date), &a.source.file);
        let kb = (b.source.order.unwrap_or(i64::MAX), std::cmp::Reverse(b.date), &b.source.file);
        ka.cmp(&kb)
    });
    (plans, pages)
}

/// The folder above an `_index`'s folder.
fn parent_of_index(stem: &str) -> String {
    dir_of(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_urls() {
        assert_eq!(stem_of("2565/plan/_index.md"), ("2565/plan".into(), true));
        assert_eq!(stem_of("_index.yaml"), ("".into(), true));
        assert_eq!(stem_of("about/contact.md"), ("about/contact".into(), false));
        assert_eq!(url_path("about/contact"), "about/contact/");
        assert_eq!(folder_year("2565/plan/proj"), Some(2565));
        assert_eq!(folder_year("plans/x"), None);
        assert_eq!(folder_year("1999/x"), None);
    }
}
