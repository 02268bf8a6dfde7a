//! Sorting parsed content files into plans (with their projects, activities and round
//! narratives) and plain pages, by the folders they stand in and the `_index` files that
//! describe those folders.

use super::{convert, front_matter, FileIn, LoadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::fields::Reader;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `a/b/_index.md` → ("a/b", true); `a/b/c.md` → ("a/b/c", false).
pub(super) fn stem_of(content_rel: &str) -> (String, bool) {
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
        let t = crate::values::digits::to_arabic_digits(part);
        (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
            .filter(|y| *y >= crate::values::thai::BE_THRESHOLD)
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

/// The kinds a file may declare with `type:`.
const TYPES: &[&str] = &["plan", "group", "project", "activity", "page", "procurement"];

/// Whether folder `dir` is `folder` or inside it (every folder is inside the root, `""`).
fn within(dir: &str, folder: &str) -> bool {
    folder.is_empty() || dir == folder || dir.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

/// How many of `all` (content files, relative to `content/`) stand in folder `stem` or below,
/// besides its `_index`.
pub(super) fn files_below(stem: &str, all: &[String]) -> usize {
    all.iter().filter(|rel| within(&dir_of(rel), stem) && stem_of(rel) != (stem.to_string(), true)).count()
}

/// The note on the one finding about an `_index` that leaves its folder without a kind.
pub(super) fn skipped_note(stem: &str, all: &[String]) -> Option<String> {
    let n = files_below(stem, all);
    let folder = if stem.is_empty() { "content/".to_string() } else { format!("content/{stem}/") };
    (n > 0).then(|| format!("ไฟล์อื่นใน {folder} ({n} ไฟล์) ยังไม่ถูกตรวจ จนกว่าจะแก้ไฟล์นี้"))
}

/// A field of an `_index` that was meant to be `type` (`Type`, `typ`, `tpye`).
fn misspelt_type(front: &crate::load::yaml::Node) -> Option<&crate::load::yaml::Key> {
    let crate::load::yaml::Value::Map(entries) = &front.value else { return None };
    entries
        .iter()
        .map(|(k, _)| k)
        .find(|k| k.name != "type" && strsim::damerau_levenshtein(&k.name.to_lowercase(), "type") <= 1)
}

/// The plan a folder belongs to: itself, or the plan above the groups it stands in.
fn plan_of(dir: &str, typed_dirs: &BTreeMap<String, String>) -> Option<String> {
    let is_type = |d: &str, t: &str| typed_dirs.get(d).is_some_and(|x| x == t);
    let mut d = dir.to_string();
    while is_type(&d, "group") {
        d = dir_of(&d);
    }
    is_type(&d, "plan").then_some(d)
}

/// Whether an `_index` fails to give its folder a kind the files in it can be judged by: a
/// `type` that is not a known kind, a misspelt `type` field, or a kind out of place (a project
/// or a group outside a plan, an activity as an `_index`).
fn leaves_folder_unknown(front: &crate::load::yaml::Node, stem: &str, typed_dirs: &BTreeMap<String, String>) -> bool {
    if front.get("type").is_none() {
        return misspelt_type(front).is_some();
    }
    match convert::type_of(front) {
        None => true,
        Some((t, _)) => {
            let in_plan = plan_of(&parent_of_index(stem), typed_dirs).is_some();
            !TYPES.contains(&t.as_str()) || t == "activity" || ((t == "project" || t == "group") && !in_plan)
        }
    }
}

/// What [`assemble`] makes of the content files.
pub(super) struct Assembled {
    /// The plans.
    pub plans: Vec<Plan>,
    /// The plain pages.
    pub pages: Vec<Page>,
    /// Procurement registers, by the folder (relative to `content/`) they stand in.
    pub registers: BTreeMap<String, Register>,
    /// Files left out because an `_index` above them could not be read or gives no usable kind.
    pub skipped: Vec<PathBuf>,
}

/// Sorts files into plans (with their projects, activities and narratives) and plain pages.
///
/// `unread` are the content files that could not be read; `all` every content file. A folder
/// whose `_index` is unread or gives no usable kind is not guessed at: the files in it and
/// below it are left out (and listed in [`Assembled::skipped`]) rather than judged as some
/// other kind, so that one slip is reported once.
pub(super) fn assemble(
    files: Vec<FileIn>,
    unread: &[String],
    all: &[String],
    opts: LoadOptions,
    diags: &mut Diagnostics,
) -> Assembled {
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
    // Folders whose kind is not known: their `_index` is unread or its type is unusable.
    let mut unknown: BTreeSet<String> =
        unread.iter().map(|rel| stem_of(rel)).filter(|(_, is_index)| *is_index).map(|(stem, _)| stem).collect();
    for f in &files {
        let (stem, is_index) = stem_of(&f.content_rel);
        let draft = convert::is_draft(&f.parsed.front) && !opts.include_drafts;
        if is_index && !draft && leaves_folder_unknown(&f.parsed.front, &stem, &typed_dirs) {
            unknown.insert(stem);
        }
    }
    let under_unknown = |stem: &str, is_index: bool| {
        let dir = if is_index { stem.to_string() } else { dir_of(stem) };
        unknown.iter().any(|u| within(&dir, u) && !(is_index && dir == *u))
    };
    let is_type = |dir: &str, t: &str| typed_dirs.get(dir).is_some_and(|x| x == t);
    let in_draft_dir = |dir: &str| {
        draft_dirs.iter().any(|d| d.is_empty() && !dir.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
    };
    let note = |d: Diagnostic, stem: &str, is_index: bool| match skipped_note(stem, all).filter(|_| is_index) {
        Some(n) => d.with_note(n),
        None => d,
    };
    let mut skipped = Vec::new();

    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    let mut projects: BTreeMap<String, Project> = BTreeMap::new();
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let mut activities: Vec<(String, Activity)> = Vec::new();
    let mut narratives: Vec<(String, Narrative)> = Vec::new();
    let mut pages = Vec::new();
    let mut registers: BTreeMap<String, Register> = BTreeMap::new();
    let mut records: Vec<(String, Vec<Record>)> = Vec::new();

    for f in &files {
        let (stem, is_index) = stem_of(&f.content_rel);
        let dir = dir_of(&f.content_rel);
        if under_unknown(&stem, is_index) {
            skipped.push(f.rel.clone());
            continue;
        }
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
        if is_index && declared.is_none() {
            if let Some(node) = front.get("type") {
                let d = Diagnostic::error(
                    &f.rel,
                    node.pos,
                    Some("type"),
                    format!("ต้องเป็นชนิดของโฟลเดอร์ เช่น plan หรือ project แต่พบ{}", node.kind_name()),
                );
                r.push(note(d, &stem, true));
                continue;
            }
            if let Some(key) = misspelt_type(front) {
                let d = Diagnostic::error(&f.rel, key.pos, Some(&key.name), format!("ไม่รู้จักช่อง \"{}\"", key.name))
                    .with_help("หมายถึง \"type\" หรือไม่? (เช่น type: project)");
                r.push(note(d, &stem, true));
                continue;
            }
        }
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
            Some(("group", pos)) => {
                if !is_index || plan_of(&parent_of_index(&stem), &typed_dirs).is_none() {
                    let d = Diagnostic::error(&f.rel, pos, Some("type"), "กลุ่ม (type: group) ต้องเป็นไฟล์ _index.md ในโฟลเดอร์ย่อยของแผนหรือของกลุ่ม เช่น content/2566/แผน/มิติที่-1/_index.md");
                    r.push(note(d, &stem, is_index));
                    continue;
                }
                if let Some(g) = convert::group(&mut r, front, source) {
                    groups.insert(stem, g);
                }
            }
            Some(("project", pos)) => {
                if !is_index || plan_of(&parent_of_index(&stem), &typed_dirs).is_none() {
                    let d = Diagnostic::error(&f.rel, pos, Some("type"), "โครงการ (type: project) ต้องเป็นไฟล์ _index.md ในโฟลเดอร์ย่อยของแผน (หรือของกลุ่มในแผน) เช่น content/2565/แผน/โครงการ/_index.md");
                    r.push(note(d, &stem, is_index));
                    continue;
                }
                if let Some(p) = convert::project(&mut r, front, source) {
                    projects.insert(stem, p);
                }
            }
            Some(("procurement", pos)) => {
                if !is_index {
                    r.error(
                        pos,
                        "type",
                        "ทะเบียนจัดซื้อจัดจ้าง (type: procurement) ต้องเป็นไฟล์ _index.md ของโฟลเดอร์ เช่น content/2569/จัดซื้อจัดจ้าง/_index.md",
                    );
                    continue;
                }
                if let Some(reg) = super::procurement::register(&mut r, front, source, folder_year(&stem)) {
                    registers.insert(stem, reg);
                }
            }
            _ if !is_index && is_type(&dir, "procurement") => {
                let file = f.rel.clone();
                records.push((dir, super::procurement::yaml_records(&mut r, front, &file)));
            }
            _ if !is_index && dir.ends_with("/reports") && is_type(&parent, "procurement") => {
                let round = stem.rsplit('/').next().unwrap_or_default().to_string();
                if round != "annual" {
                    r.error(
                        crate::diagnostics::Pos::new(1, 1),
                        "",
                        format!("ทะเบียนจัดซื้อจัดจ้างมีรายงานเดียวคือ reports/annual.md (รายงานประจำปี) แต่พบ reports/{round}"),
                    );
                    continue;
                }
                if let Some(n) = convert::narrative(&mut r, front, source, round) {
                    narratives.push((parent, n));
                }
            }
            Some(("activity", pos)) if is_index || !is_type(&dir, "project") => {
                let d =
                    Diagnostic::error(&f.rel, pos, Some("type"), "กิจกรรมต้องเป็นไฟล์ในโฟลเดอร์ของโครงการ (ไม่ใช่ _index.md)");
                r.push(note(d, &stem, is_index));
            }
            Some((t, pos)) if !["activity", "page"].contains(&t) => {
                let mut d = Diagnostic::error(&f.rel, pos, Some("type"), format!("ไม่รู้จักชนิด \"{t}\""));
                d = match crate::diagnostics::nearest(t, TYPES) {
                    Some(n) => d.with_help(format!(
                        "หมายถึง \"{n}\" หรือไม่? ชนิดที่ใช้ได้: plan, group, project, activity, page, procurement"
                    )),
                    None => d.with_help("ชนิดที่ใช้ได้: plan, group, project, activity, page, procurement"),
                };
                r.push(note(d, &stem, is_index));
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
    let mut projects: BTreeMap<String, Project> = projects
        .into_iter()
        .map(|(stem, mut p)| {
            p.activities.sort_by_key(|a| sort_key(&a.source));
            (stem, p)
        })
        .collect();
    for (stem, plan) in plans.iter_mut() {
        place_children(stem, None, 0, plan, &mut groups, &mut projects);
    }
    for (dir, n) in narratives {
        if let Some(plan) = plans.get_mut(&dir) {
            plan.narratives.push(n);
        } else if let Some(register) = registers.get_mut(&dir) {
            register.narrative = Some(n);
        }
    }
    for (dir, list) in records {
        if let Some(register) = registers.get_mut(&dir) {
            register.records.extend(list);
        }
    }
    let mut plans: Vec<Plan> = plans.into_values().collect();
    plans.sort_by(|a, b| b.fiscal_year.cmp(&a.fiscal_year).then_with(|| sort_key(&a.source).cmp(&sort_key(&b.source))));
    pages.sort_by(|a, b| {
        let ka = (a.source.order.unwrap_or(i64::MAX), std::cmp::Reverse(a.date), &a.source.file);
        let kb = (b.source.order.unwrap_or(i64::MAX), std::cmp::Reverse(b.date), &b.source.file);
        ka.cmp(&kb)
    });
    Assembled { plans, pages, registers, skipped }
}

/// Moves the groups and projects standing in folder `dir` into `plan`, in order (by `order:`,
/// then file name, groups and projects alike), each group followed by what it holds.
fn place_children(
    dir: &str,
    parent: Option<usize>,
    depth: usize,
    plan: &mut Plan,
    groups: &mut BTreeMap<String, Group>,
    projects: &mut BTreeMap<String, Project>,
) {
    enum Child {
        Group(String),
        Project(String),
    }
    let mut children: Vec<((i64, PathBuf), Child)> = groups
        .iter()
        .filter(|(stem, _)| parent_of_index(stem) == dir)
        .map(|(stem, g)| (sort_key(&g.source), Child::Group(stem.clone())))
        .chain(
            projects
                .iter()
                .filter(|(stem, _)| parent_of_index(stem) == dir)
                .map(|(stem, p)| (sort_key(&p.source), Child::Project(stem.clone()))),
        )
        .collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, child) in children {
        match child {
            Child::Group(stem) => {
                let Some(mut g) = groups.remove(&stem) else { continue };
                g.parent = parent;
                g.depth = depth;
                plan.groups.push(g);
                let index = plan.groups.len() - 1;
                place_children(&stem, Some(index), depth + 1, plan, groups, projects);
            }
            Child::Project(stem) => {
                if let Some(mut p) = projects.remove(&stem) {
                    p.group = parent;
                    plan.projects.push(p);
                }
            }
        }
    }
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
