//! PDFs printed once: a report whose PDF would come out the same as in an earlier build is
//! copied from that build's PDF instead of being printed again.
//!
//! A PDF is kept under a key (SHA-256, stable across versions of Rust) of everything its
//! printing depends on: the report's HTML; every file of the site the page loads by an address
//! of the site's own (style sheets, and the fonts and pictures they load in turn, pictures);
//! the browser (its path, size and time of change, which change with its version); this version
//! of prongsai and its print settings. The cache is a folder beside the output
//! (`.public.pdf-cache/`), not in it, so it outlives the swap of the output; after a build only
//! the PDFs that build used are kept.

use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The print settings of `printer::print_page`, part of every key.
const PRINT_SETTINGS: &str = "A4 per the print stylesheet; backgrounds; no header or footer";

/// How many files a page's styles may pull in for its key (a bound on a loop of `@import`s).
const MOST_FILES: usize = 1000;

/// PDFs of earlier builds, by key.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    browser: String,
}

impl Cache {
    /// The cache in `dir` for PDFs printed by the browser at `browser`.
    pub fn new(dir: &Path, browser: &Path) -> Cache {
        let meta = fs::metadata(browser).ok();
        let modified = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let browser = format!("{}\n{}\n{modified}", browser.display(), meta.map_or(0, |m| m.len()));
        Cache { dir: dir.to_path_buf(), browser }
    }

    /// The key of the page at `page` (a path in the output, `2565/plan/6m/index.html`) of the
    /// output folder `site`, in hexadecimal.
    pub fn key(&self, site: &Path, page: &str) -> String {
        let html = fs::read(site.join(page)).unwrap_or_default();
        self.key_of(page, &html, |rel| fs::read(site.join(rel)).ok())
    }

    /// The key of the page at `page` whose HTML is `html` (as a build writes it), with the
    /// files it loads read by `file` (a path in the output → its bytes, `None` when missing):
    /// from the output folder for a build ([`Cache::key`]), from memory for the preview.
    pub fn key_of(&self, page: &str, html: &[u8], file: impl Fn(&str) -> Option<Vec<u8>>) -> String {
        let mut hash = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        part(b"prongsai report.pdf");
        part(env!("CARGO_PKG_VERSION").as_bytes());
        part(PRINT_SETTINGS.as_bytes());
        part(self.browser.as_bytes());
        part(page.as_bytes());
        part(html);
        for (rel, bytes) in loaded_files(page, &String::from_utf8_lossy(html), file) {
            part(rel.as_bytes());
            match bytes {
                Some(bytes) => part(&bytes),
                None => part(b"\0missing"),
            }
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The PDF kept under `key`, when the cache holds it whole (with its notes).
    pub fn kept(&self, key: &str) -> Option<PathBuf> {
        let pdf = self.pdf(key);
        (self.notes(key).is_file() && pdf.is_file()).then_some(pdf)
    }

    fn pdf(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.pdf"))
    }

    fn notes(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.left-out"))
    }

    /// Copies the PDF kept under `key` to `to`, and returns what its report left out; `None`
    /// when there is none (or it cannot be copied).
    pub fn take(&self, key: &str, to: &Path) -> Option<Vec<String>> {
        let notes = fs::read_to_string(self.notes(key)).ok()?;
        fs::copy(self.pdf(key), to).ok()?;
        Some(notes.lines().map(str::to_string).filter(|l| !l.is_empty()).collect())
    }

    /// Keeps the PDF at `from` under `key`, with what its report left out. A PDF that cannot be
    /// kept is printed again next time.
    pub fn keep(&self, key: &str, from: &Path, left_out: &[String]) {
        let _ = fs::create_dir_all(&self.dir);
        // Written under other names first: a key with both files is complete.
        let (pdf, notes) = (self.dir.join(format!("{key}.pdf.new")), self.dir.join(format!("{key}.left-out.new")));
        let ok = fs::copy(from, &pdf).is_ok()
            && fs::write(&notes, left_out.join("\n")).is_ok()
            && fs::rename(&pdf, self.pdf(key)).is_ok()
            && fs::rename(&notes, self.notes(key)).is_ok();
        if !ok {
            let _ = fs::remove_file(&pdf);
            let _ = fs::remove_file(&notes);
            let _ = fs::remove_file(self.notes(key));
        }
    }

    /// Removes every PDF but those kept under `used`.
    pub fn keep_only(&self, used: &[String]) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let key = name.split('.').next().unwrap_or_default();
            if !used.iter().any(|u| u == key) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The files of the output that the page at `page` loads, with the style sheets' own files in
/// turn, read by `file`: each file's path in the output and its bytes (`None` when missing),
/// in a fixed order.
fn loaded_files(page: &str, html: &str, file: impl Fn(&str) -> Option<Vec<u8>>) -> Vec<(String, Option<Vec<u8>>)> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = super::scan::own_addresses(html).iter().filter_map(|a| resolve(page, a)).collect();
    let mut out = Vec::new();
    while let Some(rel) = queue.pop() {
        if !seen.insert(rel.clone()) || seen.len() > MOST_FILES {
            continue;
        }
        let bytes = file(&rel);
        if rel.to_ascii_lowercase().ends_with(".css") {
            if let Some(css) = &bytes {
                let css = String::from_utf8_lossy(css);
                queue.extend(super::scan::own_style_addresses(&css).iter().filter_map(|a| resolve(&rel, a)));
            }
        }
        out.push((rel, bytes));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The path in the output of the file at `address` as written in the file at `from` (a path in
/// the output): `../style.css` from `2565/a/index.html` is `2565/style.css`, `/a.png` is `a.png`.
/// `None` for an address that leaves the output.
fn resolve(from: &str, address: &str) -> Option<String> {
    let address = address.split(['?', '#']).next().unwrap_or_default();
    if address.is_empty() {
        return None;
    }
    let address = crate::links::percent_decode(address).replace('\\', "/");
    let mut parts: Vec<String> = Vec::new();
    let joined = match address.strip_prefix('/') {
        Some(rooted) => PathBuf::from(rooted),
        None => Path::new(from).parent().unwrap_or(Path::new("")).join(&address),
    };
    for c in joined.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().to_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        write(
            "2565/a/6m/index.html",
            "<link rel=\"stylesheet\" href=\"../../../css/style.css?v=1\"><img src=\"/images/ภาพ.png\"><a href=\"/other/\">x</a>",
        );
        write("css/style.css", "@import 'print.css'; body { background: url(\"../fonts/sarabun.woff2\") }");
        write("css/print.css", "@page { size: A4 }");
        write("fonts/sarabun.woff2", "font");
        write("images/ภาพ.png", "png");
        write("other/index.html", "another page");
        write("2565/a/9m/index.html", "another report");
        dir
    }

    #[test]
    fn the_key_follows_the_page_and_what_it_loads_and_nothing_else() {
        let dir = site();
        let (site, page) = (dir.path(), "2565/a/6m/index.html");
        let cache = Cache::new(&site.join("cache"), Path::new("/nonexistent/browser"));
        let key = cache.key(site, page);
        assert_eq!(key.len(), 64);
        assert_eq!(cache.key(site, page), key, "the same files give the same key");

        let change = |rel: &str, text: &str| {
            let before = fs::read(site.join(rel)).unwrap();
            fs::write(site.join(rel), text).unwrap();
            let changed = cache.key(site, page);
            fs::write(site.join(rel), before).unwrap();
            assert_eq!(cache.key(site, page), key, "{rel} put back");
            changed
        };
        for rel in ["2565/a/6m/index.html", "css/style.css", "css/print.css", "fonts/sarabun.woff2", "images/ภาพ.png"]
        {
            assert_ne!(change(rel, "changed"), key, "{rel} changes the key");
        }
        for rel in ["other/index.html", "2565/a/9m/index.html"] {
            assert_eq!(change(rel, "changed"), key, "{rel} is not part of the report");
        }
        let other_browser = Cache::new(&site.join("cache"), Path::new("/nonexistent/other-browser"));
        assert_ne!(other_browser.key(site, page), key, "another browser prints anew");
    }

    #[test]
    fn the_key_from_memory_is_the_key_from_the_output_folder() {
        let dir = site();
        let (site, page) = (dir.path(), "2565/a/6m/index.html");
        let cache = Cache::new(&site.join("cache"), Path::new("/nonexistent/browser"));
        let held: std::collections::HashMap<&str, Vec<u8>> =
            ["css/style.css", "css/print.css", "fonts/sarabun.woff2", "images/ภาพ.png"]
                .into_iter()
                .map(|rel| (rel, fs::read(site.join(rel)).unwrap()))
                .collect();
        let html = fs::read(site.join(page)).unwrap();
        let from_memory = cache.key_of(page, &html, |rel| held.get(rel).cloned());
        assert_eq!(from_memory, cache.key(site, page));
        assert_ne!(cache.key_of(page, b"<p>other</p>", |rel| held.get(rel).cloned()), from_memory);
    }

    #[test]
    fn a_pdf_is_kept_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(&dir.path().join("cache"), Path::new("/nonexistent/browser"));
        let pdf = dir.path().join("report.pdf");
        fs::write(&pdf, "%PDF").unwrap();
        assert_eq!(cache.kept("aa"), None);
        cache.keep("aa", &pdf, &[]);
        let kept = cache.kept("aa").expect("kept");
        assert_eq!(fs::read(&kept).unwrap(), b"%PDF");
        fs::remove_file(dir.path().join("cache/aa.left-out")).unwrap();
        assert_eq!(cache.kept("aa"), None, "without its notes a PDF is not whole");
    }

    #[test]
    fn addresses_resolve_inside_the_output_only() {
        assert_eq!(resolve("2565/a/index.html", "../style.css").as_deref(), Some("2565/style.css"));
        assert_eq!(resolve("2565/a/index.html", "/css/a%20b.css?v=2").as_deref(), Some("css/a b.css"));
        assert_eq!(resolve("css/style.css", "fonts/a.woff2#x").as_deref(), Some("css/fonts/a.woff2"));
        assert_eq!(resolve("index.html", "../../etc/passwd"), None);
        assert_eq!(resolve("index.html", "#top"), None);
    }

    #[test]
    fn only_the_pdfs_used_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(&dir.path().join("cache"), Path::new("/nonexistent/browser"));
        let pdf = dir.path().join("report.pdf");
        fs::write(&pdf, "%PDF").unwrap();
        cache.keep("aa", &pdf, &["http://example.com/a.png".to_string()]);
        cache.keep("bb", &pdf, &[]);
        let copy = dir.path().join("copy.pdf");
        assert_eq!(cache.take("aa", &copy), Some(vec!["http://example.com/a.png".to_string()]));
        assert_eq!(fs::read(&copy).unwrap(), b"%PDF");
        assert_eq!(cache.take("cc", &copy), None);
        cache.keep_only(&["bb".to_string()]);
        assert_eq!(cache.take("aa", &copy), None);
        assert_eq!(cache.take("bb", &copy), Some(vec![]));
    }
}
