//! Links written in content: where they point in the site, so that the checks can report a
//! broken one and the renderer can write it as a path relative to the page (which works under
//! any sub-path of `base_url` and on any web server).

use std::collections::{BTreeMap, BTreeSet};

/// What the site has at each path: pages (`about/`), files (`docs/a.pdf`), and content files
/// (`about/contact.md`) mapped to their pages.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Page paths, each ending with `/` (the home page is "").
    pub pages: BTreeSet<String>,
    /// Files copied to the output.
    pub files: BTreeSet<String>,
    /// Content files (relative to `content/`) → the path of their page.
    pub sources: BTreeMap<String, String>,
    /// The path part of `base_url` (`/ita/`).
    pub base_path: String,
    /// [`Targets::fingerprint`], once asked for.
    fingerprint: std::sync::OnceLock<u64>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Outside the site (`https://`, `mailto:`) or only a fragment: left as written.
    External,
    /// A page or file of the site, by its path from the site root, plus any `?query#fragment`.
    Internal {
        /// Path from the site root (`about/`, `docs/a.pdf`).
        path: String,
        /// `?…#…` as written.
        suffix: String,
    },
    /// A path that climbs above the site's root.
    LeavesSite,
    /// Nothing of the site is there; the path it was looked for at.
    Missing(String),
}

fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with("//")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// What a path of the site keeps as it is in a URL: letters, digits, `-._~` and `/`. Everything
/// else is percent-encoded — Thai, spaces, and `#`, `?`, `%` (which would otherwise start a
/// fragment, a query or an escape) and `:` (which would make a relative link look like a scheme).
const PATH: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// Decodes `%E0%B8%81`-style escapes (Thai file names are often written encoded); text whose
/// escapes do not make UTF-8 is kept as written.
pub fn percent_decode(s: &str) -> String {
    match percent_encoding::percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// Encodes a path of the site for use in a URL: every byte but letters, digits, `-._~` and `/`
/// as `%XX`.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, PATH).to_string()
}

/// Why a file or folder name cannot be part of the site's URLs, or `None` when it can: a name
/// that begins with a URL scheme (`javascript:`, `data:`, `http:`) would turn a link to it into
/// that scheme, and a control character has no place in an address.
pub fn unsafe_name(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("มีอักขระควบคุม (U+{:04X}) ซึ่งใช้ในที่อยู่เว็บไม่ได้", c as u32));
    }
    let scheme = name.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })?;
    Some(format!("ขึ้นต้นด้วย \"{scheme}:\" ซึ่งเบราว์เซอร์อ่านเป็นชนิดของที่อยู่เว็บ (เช่น javascript: ที่สั่งให้โค้ดทำงาน)"))
}

/// Joins `rel` onto the folder `base` (both `/`-separated, no leading slash) and removes `.`
/// and `..`; `None` when `..` climbs above the root.
pub fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = rel.ends_with('/') || rel.is_empty() || rel.ends_with("/.") || rel.ends_with("/..");
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

impl Targets {
    /// Looks a normalized path up: a page (with or without its trailing `/` or `index.html`),
    /// a file, or a content file.
    fn find(&self, path: &str) -> Option<String> {
        if self.files.contains(path) {
            return Some(path.to_string());
        }
        let page = path.strip_suffix("index.html").unwrap_or(path);
        let page = if page.is_empty() || page.ends_with('/') { page.to_string() } else { format!("{page}/") };
        if self.pages.contains(&page) {
            return Some(page);
        }
        self.sources.get(path).cloned()
    }

    /// Resolves `dest` written in the body of the page at `page_path` whose source file lies in
    /// the content folder `source_dir` (relative to `content/`).
    pub fn resolve(&self, dest: &str, page_path: &str, source_dir: &str) -> Resolved {
        let dest = dest.trim();
        if is_external(dest) {
            return Resolved::External;
        }
        // A file named with `#` or `?` (คำสั่ง #1?.md), written as it is named.
        if dest.contains(['?', '#']) {
            if let Ok(path) = self.resolve_path(&percent_decode(dest), page_path, source_dir) {
                return Resolved::Internal { path, suffix: String::new() };
            }
        }
        let cut = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path_part, suffix) = (percent_decode(&dest[..cut]), dest[cut..].to_string());
        match self.resolve_path(&path_part, page_path, source_dir) {
            Ok(path) => Resolved::Internal { path, suffix },
            Err(other) => other,
        }
    }

    /// The site path that the (decoded) `path_part` of a link names, or why there is none.
    fn resolve_path(&self, path_part: &str, page_path: &str, source_dir: &str) -> Result<String, Resolved> {
        if let Some(abs) = path_part.strip_prefix('/') {
            let base = self.base_path.trim_matches('/');
            let abs = match abs.strip_prefix(base).filter(|_| !base.is_empty()) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.trim_start_matches('/'),
                _ => abs,
            };
            let Some(norm) = normalize("", abs) else { return Err(Resolved::LeavesSite) };
            let norm = if path_part.ends_with('/') && !norm.is_empty() && !norm.ends_with('/') {
                format!("{norm}/")
            } else {
                norm
            };
            return self.find(&norm).ok_or(Resolved::Missing(format!("/{norm}")));
        }
        // Relative: first as a browser would read it from the page, then from the source file's
        // folder (a photo saved next to the Markdown file), then from static/.
        let Some(from_page) = normalize(page_path, path_part) else { return Err(Resolved::LeavesSite) };
        if let Some(path) = self.find(&from_page) {
            return Ok(path);
        }
        let Some(from_source) = normalize(source_dir, path_part) else { return Err(Resolved::LeavesSite) };
        if let Some(path) = self.find(&from_source) {
            return Ok(path);
        }
        normalize("", path_part).and_then(|p| self.find(&p)).ok_or(Resolved::Missing(format!("/{from_page}")))
    }
}

/// The path from the page at `from` (a folder path such as `2565/plan/`) to `to` (a path
/// from the site root), percent-encoded: `../../about/`.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.split('/').filter(|p| !p.is_empty()).count();
    let up = "../".repeat(depth);
    let rel = format!("{up}{to}");
    if rel.is_empty() {
        "./".to_string()
    } else {
        percent_encode(&rel)
    }
}

impl Targets {
    /// Everything a link in `site` may point at.
    pub fn of_site(site: &crate::model::Site) -> Targets {
        let mut t = Targets { base_path: site.config.base_path(), ..Targets::default() };
        t.pages.insert(String::new());
        t.pages.insert("oit/".to_string());
        for (path, file) in crate::model::page_sources(site) {
            for ancestor in ancestors(&path) {
                t.pages.insert(ancestor);
            }
            if let Ok(rel) = file.strip_prefix("content") {
                t.sources.insert(rel.to_string_lossy().replace('\\', "/"), path.clone());
            }
            t.pages.insert(path);
        }
        for plan in &site.plans {
            // A round not reported yet has no report page.
            for r in site.config.rounds.iter().filter(|r| plan.is_reported(&r.id)) {
                t.pages.insert(format!("{}{}/", plan.source.path, r.id));
            }
        }
        for register in &site.registers {
            for part in register.parts() {
                t.pages.insert(format!("{}{}", register.source.path, part.folder()));
            }
        }
        t.files.extend(site.static_files.keys().cloned());
        t
    }
}

impl Targets {
    /// A fingerprint of all targets: link findings stay valid while it does not change.
    /// Computed once (a pass over every target), when first asked for: the targets are not
    /// to change after that.
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&self.pages, &self.files, &self.sources, &self.base_path).hash(&mut h);
            h.finish()
        })
    }
}

/// A `documents` file as a path under `static/`; `None` when it leaves the site folder.
pub fn document_path(file: &str) -> Option<String> {
    let f = file.trim().replace('\\', "/");
    if f.contains("://") || f.starts_with("../") || f.contains("/../") || f == ".." {
        return None;
    }
    let f = f.trim_start_matches('/');
    let f = f.strip_prefix("static/").unwrap_or(f);
    normalize("", f)
}

/// The folders above a page path: `a/b/c/` → `a/`, `a/b/`.
pub fn ancestors(path: &str) -> Vec<String> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len()).map(|n| format!("{}/", parts[..n].join("/"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let mut t = Targets { base_path: "/ita/".into(), ..Targets::default() };
        t.pages.extend(["".into(), "about/".into(), "about/contact/".into(), "2565/plan/".into()]);
        t.files.extend(["docs/a.pdf".into(), "about/photo.jpg".into()]);
        t.sources.insert("about/contact.md".into(), "about/contact/".into());
        t
    }

    #[test]
    fn resolves_like_an_editor_means() {
        let t = targets();
        let internal = |p: &str| Resolved::Internal { path: p.into(), suffix: String::new() };
        assert_eq!(t.resolve("https://x.go.th", "about/", "about"), Resolved::External);
        assert_eq!(t.resolve("#top", "about/", "about"), Resolved::External);
        assert_eq!(t.resolve("/about/contact", "", ""), internal("about/contact/"));
        assert_eq!(t.resolve("/ita/about/", "", ""), internal("about/"));
        assert_eq!(t.resolve("/docs/a.pdf", "2565/plan/", "2565/plan"), internal("docs/a.pdf"));
        assert_eq!(t.resolve("photo.jpg", "about/contact/", "about"), internal("about/photo.jpg"));
        assert_eq!(t.resolve("contact.md", "about/", "about"), internal("about/contact/"));
        assert_eq!(t.resolve("docs/a.pdf", "about/contact/", "about"), internal("docs/a.pdf"));
        assert_eq!(t.resolve("../../../../x", "about/", "about"), Resolved::LeavesSite);
        assert!(matches!(t.resolve("/nope/", "", ""), Resolved::Missing(_)));
        assert_eq!(
            t.resolve("/about/#ติดต่อ", "", ""),
            Resolved::Internal { path: "about/".into(), suffix: "#ติดต่อ".into() }
        );
    }

    #[test]
    fn relative_paths_and_encoding() {
        assert_eq!(relative("2565/plan/", "about/"), "../../about/");
        assert_eq!(relative("", "about/"), "about/");
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("a/", "เอกสาร.pdf"), "../%E0%B9%80%E0%B8%AD%E0%B8%81%E0%B8%AA%E0%B8%B2%E0%B8%A3.pdf");
        assert_eq!(percent_decode("%E0%B8%81"), "ก");
        assert_eq!(percent_decode("%กข"), "%กข");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%41"), "aA", "an escape at the very end");
        assert_eq!(percent_decode("a%4"), "a%4", "a cut escape stays as written");
        assert_eq!(relative("", "คำสั่ง #1?/"), "%E0%B8%84%E0%B8%B3%E0%B8%AA%E0%B8%B1%E0%B9%88%E0%B8%87%20%231%3F/");
        assert_eq!(percent_encode("a/100%/javascript:x"), "a/100%25/javascript%3Ax");
        for name in ["คำสั่ง #1?.md", "100%.md", "a b.pdf", "ข่าว", "v2.0:final"] {
            assert_eq!(percent_decode(&percent_encode(name)), name);
        }
    }

    #[test]
    fn names_that_cannot_be_urls() {
        for bad in ["javascript:alert(7)%2F%2F.md", "data:x.md", "HTTP:x", "ab\tc.md", "a\u{7f}"] {
            assert!(unsafe_name(bad).is_some(), "{bad}");
        }
        for good in ["คำสั่ง #1?.md", "100%.md", "เวลา 10:30.md", "a b.md", "2565", "-x:y"] {
            assert!(unsafe_name(good).is_none(), "{good}");
        }
    }
}
