//! Stage 1, load: the site folder → [`Site`].
//!
//! Enters: a folder with `site.yaml`, `content/` (Markdown and YAML), `static/`, optional
//! `themes/` and an OIT catalogue file. Leaves: the typed model with the position of every value
//! that a rule may point at, the chosen OIT catalogue, and the findings of reading (a file in
//! another encoding, a YAML slip explained in Thai, a field of the wrong type). Each file is read
//! and parsed once; `serve` keeps the parsed files in a [`Cache`] between loads.

mod assemble;
pub mod catalog;
mod convert;
pub mod encoding;
mod fields;
pub mod front_matter;
pub mod procurement;
pub mod sheets;
pub mod site_yaml;
pub mod yaml;

pub use convert::oit_codes;
pub use front_matter::parse_front_matter;

use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep `draft: true` files (for `serve`).
    pub include_drafts: bool,
}

/// One content file read and parsed; shared, not copied, between the loads of `serve`, so that
/// a load after an edit of one file of ten thousand costs little more than that file.
#[derive(Clone)]
struct FileIn(std::sync::Arc<FileData>);

/// What [`FileIn`] holds.
struct FileData {
    rel: PathBuf,
    /// Path relative to `content/`, with `/` separators.
    content_rel: String,
    parsed: front_matter::Parsed,
}

impl std::ops::Deref for FileIn {
    type Target = FileData;
    fn deref(&self) -> &FileData {
        &self.0
    }
}

/// Parsed content files kept between loads (by `serve`), so that a load after an edit reads and
/// parses only the files whose size or modification time changed. When the caller knows which
/// files changed ([`Cache::changed`]), the others are trusted without even a `stat`, and the
/// folder is not walked again.
#[derive(Default)]
pub struct Cache {
    files: std::sync::Mutex<std::collections::HashMap<String, (std::time::SystemTime, u64, FileIn)>>,
    /// The last walk of `content/` (content files, other files), when still valid.
    walked: std::sync::Mutex<Option<(Vec<String>, Vec<String>)>>,
    /// Content files (relative to `content/`) known to have changed since the last load;
    /// `None`: unknown, check every file.
    changed: std::sync::Mutex<Option<std::collections::HashSet<String>>>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }

    /// Says what changed before the next load: `Some(paths relative to content/)` when the
    /// watcher knows, `None` to have every file checked and the folder walked again.
    pub fn changed(&self, paths: Option<std::collections::HashSet<String>>) {
        if let Ok(mut walked) = self.walked.lock() {
            match (&paths, walked.as_mut()) {
                (Some(paths), Some((files, others))) => {
                    // Drop the changed files, and everything under a changed folder (a folder
                    // deleted or renamed away); those that still exist are added back by `walk`.
                    let gone =
                        |f: &String| paths.contains(f) || f.rmatch_indices('/').any(|(i, _)| paths.contains(&f[..i]));
                    files.retain(|f| !gone(f));
                    others.retain(|f| !gone(f));
                }
                _ => *walked = None,
            }
        }
        if let Ok(mut changed) = self.changed.lock() {
            *changed = paths;
        }
    }

    /// The walk of `content/`: the cached one brought up to date with the changed files, or a
    /// new one.
    fn walk(&self, content_dir: &Path, diags: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
        let changed = self.changed.lock().ok().and_then(|c| c.clone());
        let mut walked = match self.walked.lock() {
            Ok(w) => w,
            Err(_) => return walk(content_dir, diags),
        };
        let reuse = match (walked.as_mut(), &changed) {
            (Some((files, others)), Some(changed)) => {
                for rel in changed {
                    let path = content_dir.join(rel);
                    if path.is_dir() {
                        return self.walk_again(&mut walked, content_dir, diags);
                    }
                    // A new link or a name to refuse: the full walk says so.
                    if path.is_symlink() || rel.split('/').any(|n| crate::links::unsafe_name(n).is_some()) {
                        return self.walk_again(&mut walked, content_dir, diags);
                    }
                    let hidden = rel.split('/').any(is_hidden);
                    if path.is_file() && !hidden {
                        match content_kind(rel) {
                            Some(_) => files.push(rel.clone()),
                            None => others.push(rel.clone()),
                        }
                    }
                }
                files.sort();
                others.sort();
                true
            }
            _ => false,
        };
        if !reuse {
            return self.walk_again(&mut walked, content_dir, diags);
        }
        walked.clone().unwrap_or_default()
    }

    fn walk_again(
        &self,
        walked: &mut Option<(Vec<String>, Vec<String>)>,
        content_dir: &Path,
        diags: &mut Diagnostics,
    ) -> (Vec<String>, Vec<String>) {
        let fresh = walk(content_dir, diags);
        *walked = Some(fresh.clone());
        fresh
    }

    /// For each file, its cached parse when the watcher vouches that it did not change (no
    /// `stat` needed); `None` for the files to check.
    fn trusted_files(&self, rels: &[String]) -> Vec<Option<FileIn>> {
        let none = || vec![None; rels.len()];
        let Ok(changed) = self.changed.lock() else { return none() };
        let Some(changed) = changed.as_ref() else { return none() };
        let Ok(files) = self.files.lock() else { return none() };
        rels.iter()
            .map(|rel| if changed.contains(rel) { None } else { files.get(rel).map(|(_, _, f)| f.clone()) })
            .collect()
    }

    fn get(&self, rel: &str, meta: &std::fs::Metadata) -> Option<FileIn> {
        let files = self.files.lock().ok()?;
        let (mtime, len, file) = files.get(rel)?;
        (Some(*mtime) == meta.modified().ok() && *len == meta.len()).then(|| file.clone())
    }

    fn put(&self, rel: &str, meta: &std::fs::Metadata, file: &FileIn) {
        if let (Ok(mut files), Ok(mtime)) = (self.files.lock(), meta.modified()) {
            files.insert(rel.to_string(), (mtime, meta.len(), file.clone()));
        }
    }
}

/// Reads the whole site, reusing from `cache` (when given) the files parsed by an earlier load
/// that have not changed since. Returns `None` when there is nothing to build (no usable
/// `site.yaml`); every problem found is in `diags`.
pub fn load(root: &Path, opts: LoadOptions, cache: Option<&Cache>, diags: &mut Diagnostics) -> Option<Site> {
    let config = load_config(root, diags)?;
    let content_dir = root.join("content");
    let (files, others) = match cache {
        Some(c) => c.walk(&content_dir, diags),
        None => walk(&content_dir, diags),
    };
    // Files the watcher says did not change are taken from the cache in one pass; the rest are
    // read (and checked against the cache by size and time) in parallel.
    let trusted = cache.map(|c| c.trusted_files(&files)).unwrap_or_else(|| vec![None; files.len()]);
    let mut parsed: Vec<(Option<FileIn>, Diagnostics)> = files
        .par_iter()
        .zip(trusted)
        .map(|(rel_in_content, hit)| match hit {
            Some(file) => (Some(file), Diagnostics::new()),
            None => read_cached(root, rel_in_content, cache),
        })
        .collect();
    let mut ins = Vec::new();
    let mut unread = Vec::new();
    for ((file, d), rel) in parsed.drain(..).zip(&files) {
        match file {
            Some(f) => {
                ins.push(f);
                diags.extend(d);
            }
            None => {
                // An `_index` that could not be read says, in its one finding, that the files
                // below it wait for it.
                let (stem, is_index) = assemble::stem_of(rel);
                let note = assemble::skipped_note(&stem, &files).filter(|_| is_index);
                for x in d {
                    diags.push(match &note {
                        Some(n) if x.severity == crate::diagnostics::Severity::Error => x.with_note(n.clone()),
                        _ => x,
                    });
                }
                unread.push(rel.clone());
            }
        }
    }
    let assembled = assemble::assemble(ins, &unread, &files, opts, diags);
    let (plans, pages, mut registers) = (assembled.plans, assembled.pages, assembled.registers);
    // Spreadsheets in a register's folder hold its records; they are read, not published.
    let (sheets, others): (Vec<String>, Vec<String>) = others.into_iter().partition(|rel| {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        procurement::is_spreadsheet(name) && registers.contains_key(dir)
    });
    for rel in sheets {
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or_default().to_string();
        let records = procurement::sheet_records(root, &rel, diags);
        if let Some(register) = registers.get_mut(&dir) {
            register.records.extend(records);
        }
    }
    let mut registers: Vec<Register> = registers.into_values().collect();
    for register in &mut registers {
        procurement::sort_records(&mut register.records);
    }
    registers.sort_by(|a, b| b.fiscal_year.cmp(&a.fiscal_year).then_with(|| a.source.file.cmp(&b.source.file)));
    let mut skipped: Vec<PathBuf> = unread.iter().map(|rel| Path::new("content").join(rel)).collect();
    skipped.extend(assembled.skipped);
    let mut static_files = BTreeMap::new();
    if let Some(At { value: theme, pos }) = &config.theme {
        let dir = root.join("themes").join(theme);
        let plain_name = !theme.contains(['/', '\\']) && theme != "..";
        if !plain_name || !dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    Path::new(crate::model::SETTINGS_FILE),
                    *pos,
                    Some("theme"),
                    format!("ไม่พบโฟลเดอร์ themes/{theme}/"),
                )
                .with_help(
                    "สร้างโฟลเดอร์ themes/<ชื่อ>/templates/ สำหรับแม่แบบของหน่วยงาน หรือลบบรรทัด theme ออกเพื่อใช้แม่แบบในตัวโปรแกรม (แก้แม่แบบในตัวได้ที่ themes/default/templates/ โดยไม่ต้องมี theme)",
                ),
            );
        }
    }
    // The site's own theme folders' static files (its themes/default/, then the named theme).
    for dir in crate::model::theme_dirs(root, config.theme.as_ref().map(|t| t.value.as_str())) {
        collect_static(&dir.join("static"), "", &mut static_files, diags);
        // Templates are not published as files, but one read through a link would be.
        let templates = crate::walk::walk(root, &dir.join("templates"), |_| true, false);
        diags.extend(refused_findings(root, &templates.refused));
    }
    for rel in others {
        let source = content_dir.join(&rel);
        let size = std::fs::metadata(&source).map(|m| m.len()).unwrap_or(0);
        static_files.insert(rel.clone(), StaticFile { source, path: rel, size });
    }
    collect_static(&root.join("static"), "", &mut static_files, diags);
    let newest = plans.iter().map(|p| p.fiscal_year).max();
    let catalog = load_catalog(root, &config, newest, diags);
    let ita_year = config.ita_year.as_ref().map(|y| y.value).or(catalog.as_ref().and_then(|c| c.year)).or(newest);
    Some(Site { config, plans, pages, registers, static_files, catalog, ita_year, skipped })
}

/// The site's OIT catalogue: its own file when `oit_catalog:` names one, else a built-in one.
fn load_catalog(
    root: &Path,
    config: &SiteConfig,
    newest: Option<i32>,
    diags: &mut Diagnostics,
) -> Option<crate::model::Catalog> {
    let Some(own) = &config.oit_catalog else {
        return crate::load::catalog::choose(config, None, newest, diags);
    };
    let rel = PathBuf::from(&own.value);
    let leaves = rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir));
    if leaves {
        diags.push(Diagnostic::error(
            Path::new(crate::model::SETTINGS_FILE),
            own.pos,
            Some("oit_catalog"),
            "ไฟล์ต้องอยู่ในโฟลเดอร์ของเว็บไซต์ (ห้ามใช้ ../ หรือที่อยู่เต็ม)",
        ));
        return None;
    }
    match std::fs::read(root.join(&rel)) {
        Ok(bytes) => match crate::load::encoding::decode(&bytes) {
            Ok(text) => crate::load::catalog::choose(config, Some((&rel, text)), newest, diags),
            Err(e) => {
                diags.push(crate::load::encoding::explain(&rel, &e));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(
                Path::new(crate::model::SETTINGS_FILE),
                own.pos,
                Some("oit_catalog"),
                format!("อ่านไฟล์รายการ OIT \"{}\" ไม่ได้: {e}", own.value),
            ));
            None
        }
    }
}

/// Reads `site.yaml`.
pub fn load_config(root: &Path, diags: &mut Diagnostics) -> Option<crate::model::SiteConfig> {
    let path = root.join(crate::model::SETTINGS_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => match crate::load::encoding::decode(&bytes) {
            Ok(text) => crate::load::site_yaml::parse(text, diags),
            Err(e) => {
                diags.push(crate::load::encoding::explain(Path::new(crate::model::SETTINGS_FILE), &e));
                None
            }
        },
        Err(e) => {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                "ไม่พบไฟล์ site.yaml ในโฟลเดอร์ของเว็บไซต์".to_string()
            } else {
                format!("อ่านไฟล์ site.yaml ไม่ได้: {e}")
            };
            diags.push(
                Diagnostic::error(Path::new(crate::model::SETTINGS_FILE), Pos::default(), None, msg).with_help(
                    "เรียกคำสั่งในโฟลเดอร์ที่มี site.yaml หรือบอกโฟลเดอร์ด้วย --root; สร้างเว็บไซต์ใหม่ได้ด้วย prongsai init",
                ),
            );
            None
        }
    }
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn content_kind(name: &str) -> Option<bool> {
    let lower = name.to_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        Some(false)
    } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        Some(true)
    } else {
        None
    }
}

/// Content files (relative to `content/`, sorted) and other files found among them.
fn walk(content_dir: &Path, diags: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut others = Vec::new();
    let site_root = content_dir.parent().unwrap_or(content_dir);
    let found = crate::walk::walk(site_root, content_dir, |name| !is_hidden(name), true);
    diags.extend(refused_findings(site_root, &found.refused));
    for f in found.files {
        match content_kind(&f.rel) {
            Some(_) => files.push(f.rel),
            None => others.push(f.rel),
        }
    }
    (files, others)
}

/// What a walk of the site left out, as findings an editor can act on: which link and where it
/// points, or which name and why.
fn refused_findings(site_root: &Path, refused: &[crate::walk::Refused]) -> Diagnostics {
    use crate::walk::Refused;
    let shown = |p: &Path| p.strip_prefix(site_root).unwrap_or(p).to_path_buf();
    let mut out = Diagnostics::new();
    for r in refused {
        out.push(match r {
            Refused::Link { link, target, dangling } => {
                let message = if *dangling {
                    format!("ลิงก์ (symbolic link) นี้ชี้ไปที่ {} ซึ่งไม่มีอยู่", target.display())
                } else {
                    format!(
                        "ลิงก์ (symbolic link) นี้ชี้ไปที่ {} ซึ่งอยู่นอกโฟลเดอร์ของเว็บไซต์: สิ่งที่ลิงก์ชี้ไปจะไม่ถูกนำขึ้นเว็บ",
                        target.display()
                    )
                };
                Diagnostic::error(&shown(link), Pos::default(), None, message).with_help(
                    "คัดลอกไฟล์จริงมาไว้ในโฟลเดอร์ของเว็บไซต์แทนลิงก์ หรือลบลิงก์นี้ (ลิงก์ที่ชี้ไปยังไฟล์ในโฟลเดอร์ของเว็บไซต์เองใช้ได้)",
                )
            }
            Refused::Name { path, why } => {
                let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                Diagnostic::error(
                    &shown(path),
                    Pos::default(),
                    None,
                    format!("ชื่อ \"{}\" {why}: ใช้เป็นที่อยู่หน้าเว็บไม่ได้", name.escape_debug()),
                )
                .with_help("เปลี่ยนชื่อไฟล์หรือโฟลเดอร์ให้ไม่ขึ้นต้นด้วยคำตามด้วย : และไม่มีอักขระควบคุม")
            }
            Refused::Unreadable { path, why } => {
                Diagnostic::error(&shown(path), Pos::default(), None, format!("อ่านไม่ได้: {why}"))
            }
        });
    }
    out
}

/// The content files `rels` (relative to `content/`) read again after an edit, when each was
/// read by an earlier load and the edit changed its Markdown body alone: their files (relative
/// to the site folder) and new bodies, the cache brought up to date. `None` when any of them is
/// new, gone, unreadable, or changed in its front matter (or in where its body starts): the
/// site must then be loaded again as a whole.
pub fn reread_bodies(root: &Path, cache: &Cache, rels: &[String]) -> Option<Vec<(PathBuf, std::sync::Arc<str>)>> {
    let mut fresh = Vec::with_capacity(rels.len());
    for rel in rels {
        let meta = std::fs::metadata(root.join("content").join(rel)).ok()?;
        let before = cache.files.lock().ok()?.get(rel).map(|(_, _, f)| f.clone())?;
        // A file read and parsed has no findings of reading: they come only with `None`.
        let (Some(after), _) = read_one(root, rel) else { return None };
        let same_front = after.parsed.front == before.parsed.front && after.parsed.body_line == before.parsed.body_line;
        if !same_front {
            return None;
        }
        fresh.push((meta, after));
    }
    let mut bodies = Vec::with_capacity(fresh.len());
    for ((meta, file), rel) in fresh.into_iter().zip(rels) {
        cache.put(rel, &meta, &file);
        bodies.push((file.rel.clone(), std::sync::Arc::clone(&file.parsed.body)));
    }
    Some(bodies)
}

fn read_cached(root: &Path, rel_in_content: &str, cache: Option<&Cache>) -> (Option<FileIn>, Diagnostics) {
    let Some(cache) = cache else { return read_one(root, rel_in_content) };
    let path = root.join("content").join(rel_in_content);
    let Ok(meta) = std::fs::metadata(&path) else { return read_one(root, rel_in_content) };
    if let Some(file) = cache.get(rel_in_content, &meta) {
        return (Some(file), Diagnostics::new());
    }
    let (file, diags) = read_one(root, rel_in_content);
    if let Some(f) = &file {
        cache.put(rel_in_content, &meta, f);
    }
    (file, diags)
}

fn read_one(root: &Path, rel_in_content: &str) -> (Option<FileIn>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let rel = Path::new("content").join(rel_in_content);
    let is_yaml = content_kind(rel_in_content) == Some(true);
    let parsed =
        crate::load::encoding::read(&root.join(&rel), &rel, &mut diags, |text| parse_front_matter(text, is_yaml));
    match parsed {
        Some(Ok(parsed)) => {
            let data = FileData { rel, content_rel: rel_in_content.to_string(), parsed };
            (Some(FileIn(std::sync::Arc::new(data))), diags)
        }
        Some(Err(e)) => {
            diags.push(e.finding(&rel));
            (None, diags)
        }
        None => (None, diags),
    }
}

/// Adds every file under `dir` to `out`, keyed by its path relative to `dir` (after `prefix`).
/// Whether a file or folder of `static/` is published: dot-files that web servers read
/// (`.htaccess`, `.well-known/`, …) are; version-control folders, system litter and editors'
/// temporary files are not.
fn served_name(name: &str) -> bool {
    const NEVER: [&str; 6] = [".git", ".svn", ".hg", ".DS_Store", ".gitkeep", ".gitignore"];
    !NEVER.contains(&name) && !name.ends_with('~') && !name.ends_with(".swp") && !name.starts_with(".#")
}

fn collect_static(dir: &Path, prefix: &str, out: &mut BTreeMap<String, StaticFile>, diags: &mut Diagnostics) {
    let Some(site_root) = site_root_of(dir) else { return };
    let found = crate::walk::walk(&site_root, dir, served_name, true);
    diags.extend(refused_findings(&site_root, &found.refused));
    for f in found.files {
        let path = format!("{prefix}{}", f.rel);
        let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
        out.insert(path.clone(), StaticFile { source: f.path, path, size });
    }
}

/// The site folder above `static/` or `themes/<name>/static/`.
fn site_root_of(dir: &Path) -> Option<PathBuf> {
    let mut up = dir.parent()?;
    if up.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "themes") {
        up = up.parent()?.parent()?;
    }
    Some(up.to_path_buf())
}
