//! Walking a folder of the site (`content/`, `static/`, a theme) as the build may publish it:
//! a symbolic link is followed only when what it points at is inside the site folder, and a
//! name that cannot be part of a safe URL is refused. What is refused is returned, never
//! published, so that loading can say which link or file and why (the render stage, which
//! reads theme templates, simply leaves them out: loading has already stopped the build).

use std::path::{Path, PathBuf};

/// One file found by [`walk`].
#[derive(Debug, Clone)]
pub struct Found {
    /// Its path relative to the folder walked, with `/` separators.
    pub rel: String,
    /// Its path on disk (through any symbolic link above it).
    pub path: PathBuf,
}

/// Something [`walk`] left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A symbolic link whose target is outside the site folder (or inside one of its hidden
    /// folders such as `.git/`), or that points nowhere.
    Link {
        /// The link itself.
        link: PathBuf,
        /// Where it points, as the link says.
        target: PathBuf,
        /// The target does not exist.
        dangling: bool,
    },
    /// A file or folder whose name cannot be part of a URL (see [`crate::links::unsafe_name`]).
    Name {
        /// The file or folder.
        path: PathBuf,
        /// Why, in Thai.
        why: String,
    },
    /// A folder that could not be read.
    Unreadable {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        why: String,
    },
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files, sorted by path.
    pub files: Vec<Found>,
    /// What was left out.
    pub refused: Vec<Refused>,
}

/// Walks `dir` (inside the site folder `site_root`), keeping the entries whose name `keep`
/// accepts (a folder not kept is not entered). Symbolic links are followed only into the site
/// folder; names are checked for URL safety when `check_names` is set.
pub fn walk(site_root: &Path, dir: &Path, keep: impl Fn(&str) -> bool, check_names: bool) -> Walk {
    let mut out = Walk::default();
    if !dir.is_dir() {
        return out;
    }
    let root = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || keep(&e.file_name().to_string_lossy()));
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                // A link that points nowhere is a link error, not a folder that cannot be read.
                if let Ok(target) = std::fs::read_link(&path) {
                    out.refused.push(Refused::Link { link: path, target, dangling: true });
                } else {
                    let why = match e.loop_ancestor() {
                        Some(_) => "ลิงก์วนกลับไปยังโฟลเดอร์ที่อยู่เหนือขึ้นไป".to_string(),
                        None => e.to_string(),
                    };
                    out.refused.push(Refused::Unreadable { path, why });
                }
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap_or_default();
            let inside = std::fs::canonicalize(entry.path())
                .ok()
                .and_then(|real| real.strip_prefix(&root).ok().map(Path::to_path_buf))
                .is_some_and(|rel| !rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')));
            if !inside {
                out.refused.push(Refused::Link { link: entry.path().to_path_buf(), target, dangling: false });
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if check_names {
            if let Some(why) = crate::links::unsafe_name(&entry.file_name().to_string_lossy()) {
                out.refused.push(Refused::Name { path: entry.path().to_path_buf(), why });
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir || !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        out.files.push(Found { rel: rel.to_string_lossy().replace('\\', "/"), path: entry.path().to_path_buf() });
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_only_inside_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let (site, outside) = (tmp.path().join("site"), tmp.path().join("outside"));
        for d in [site.join("content/a"), site.join("shared"), site.join(".git"), outside.clone()] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(site.join("content/a/page.md"), "x").unwrap();
        fs::write(site.join("shared/logo.png"), "x").unwrap();
        fs::write(site.join(".git/config"), "x").unwrap();
        fs::write(outside.join("secret.md"), "x").unwrap();
        symlink(outside.join("secret.md"), site.join("content/a/secret.md")).unwrap();
        symlink(&outside, site.join("content/out")).unwrap();
        symlink(site.join("shared"), site.join("content/shared")).unwrap();
        symlink(site.join(".git/config"), site.join("content/config.md")).unwrap();
        symlink(site.join("nowhere"), site.join("content/gone.md")).unwrap();
        let w = walk(&site, &site.join("content"), |_| true, true);
        let rels: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/page.md", "shared/logo.png"]);
        let links: Vec<String> = w
            .refused
            .iter()
            .map(|r| match r {
                Refused::Link { link, .. } => link.file_name().unwrap().to_string_lossy().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(links.len(), 4, "{links:?}");
        for name in ["secret.md", "out", "config.md", "gone.md"] {
            assert!(links.contains(&name.to_string()), "{name} in {links:?}");
        }
    }

    #[test]
    fn unsafe_names_are_refused_with_their_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        fs::create_dir_all(content.join("data:x")).unwrap();
        fs::write(content.join("data:x/a.md"), "x").unwrap();
        fs::write(content.join("javascript:alert(7)%2F%2F.md"), "x").unwrap();
        fs::write(content.join("คำสั่ง #1?.md"), "x").unwrap();
        let w = walk(tmp.path(), &content, |_| true, true);
        let rels: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["คำสั่ง #1?.md"]);
        assert_eq!(w.refused.len(), 2, "{:?}", w.refused);
    }
}
