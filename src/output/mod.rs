//! Stage 5, output: writing the output folder. Every file goes into a fresh folder beside the
//! output, which replaces the output only when everything has been written: a failed build leaves
//! the previous output exactly as it was.
//!
//! All a build keeps on disk lives in one folder beside the output, `.public.new-<id>/`: the
//! files being written (`site/`, which becomes the output), the browser profile that prints the
//! PDFs (`browser/`), the previous output while it is swapped out (`old/`), and `lock`, a file
//! the build holds locked for as long as it runs. A build that is killed cannot remove its
//! folder; the next build removes every such folder whose lock it can take (and closes a
//! browser left running in it), so nothing a killed build leaves outlives the next build.

pub mod pdf;

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The name of the lock file in a build's folder.
const LOCK: &str = "lock";

/// A folder being filled, to become the output on [`Staging::commit`].
pub struct Staging {
    /// The build's own folder beside the output (`.public.new-<id>`).
    dir: PathBuf,
    /// The files of the new output, inside `dir`.
    site: PathBuf,
    target: PathBuf,
    /// The lock file, held locked for the life of the build.
    lock: Option<fs::File>,
}

/// Refuses output folders whose replacement would destroy something else: the site folder
/// itself or one above it, or a non-empty folder that is not a previous output.
pub fn check_target(root: &Path, output: &Path) -> Result<()> {
    let (root_abs, out_abs) = (real_path(root), real_path(output));
    if root_abs.starts_with(&out_abs) {
        bail!("โฟลเดอร์ผลลัพธ์ {} คือโฟลเดอร์ของเว็บไซต์หรือโฟลเดอร์ที่อยู่เหนือขึ้นไป: เลือกโฟลเดอร์อื่น เช่น public/", output.display());
    }
    // Inside content/ or static/, the output would be read back as content by the next build.
    for source in ["content", "static"] {
        if out_abs.starts_with(root_abs.join(source)) {
            bail!(
                "โฟลเดอร์ผลลัพธ์ {} อยู่ในโฟลเดอร์ {source}/ ของเว็บไซต์: การสร้างครั้งต่อไปจะอ่านผลลัพธ์กลับมาเป็นเนื้อหา — เลือกโฟลเดอร์นอก {source}/ เช่น public/",
                output.display()
            );
        }
    }
    if output.is_dir() {
        let mut entries = fs::read_dir(output).with_context(|| format!("อ่านโฟลเดอร์ {} ไม่ได้", output.display()))?;
        let is_empty = entries.next().is_none();
        let looks_like_output = output.join("index.html").is_file() || output.join("404.html").is_file();
        if !is_empty && !looks_like_output {
            bail!(
                "โฟลเดอร์ {} มีไฟล์อื่นอยู่และไม่ใช่ผลลัพธ์ของการสร้างเว็บไซต์ครั้งก่อน: prongsai จะไม่เขียนทับ (เลือกโฟลเดอร์ว่าง หรือลบเองก่อน)",
                output.display()
            );
        }
    } else if output.exists() {
        bail!("{} เป็นไฟล์ ไม่ใช่โฟลเดอร์", output.display());
    }
    Ok(())
}

/// The absolute path of `p` with links resolved, also when it does not exist yet (its nearest
/// existing folder is resolved, the rest appended).
fn real_path(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut rest = Vec::new();
    let mut at = abs.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return abs,
        }
    }
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    target.with_file_name(format!("{}{tag}-{}-{nanos}", prefix(target), std::process::id()))
}

/// What the names of a build's folders beside `target` start with (`.public.`).
fn prefix(target: &Path) -> String {
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    format!(".{name}.")
}

/// The folder beside the output folder `target` where builds keep the PDFs they printed
/// (`.public.pdf-cache` beside `public`).
pub fn pdf_cache_dir(target: &Path) -> PathBuf {
    target.with_file_name(format!("{}pdf-cache", prefix(target)))
}

/// Removes what killed builds left beside `target`: each build folder (`.public.new-*`) whose
/// lock no running build holds, after closing a browser still running in it, and folders of
/// older versions of prongsai (`.public.old-*`). When a build was killed while swapping its
/// output in, the previous output is put back first. Returns the folders removed.
pub fn clean_stale(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), prefix) = (target.parent(), prefix(target)) else { return Vec::new() };
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(&prefix) else { continue };
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let stale = if rest.starts_with("new-") {
            match fs::OpenOptions::new().write(true).open(path.join(LOCK)) {
                // No running build holds the lock.
                Ok(lock) => lock.try_lock().is_ok(),
                // No lock yet: a build that has just started, unless the folder is old (left by
                // an older version of prongsai).
                Err(_) => older_than(&path, std::time::Duration::from_secs(60)),
            }
        } else {
            // Left by an older version of prongsai, which did not lock its folders.
            rest.starts_with("old-")
        };
        if !stale {
            continue;
        }
        pdf::close_stale_browser(&path.join("browser"));
        // Killed while swapping the outputs: the previous output goes back in place.
        let previous = if rest.starts_with("new-") { path.join("old") } else { path.clone() };
        if !target.exists() && previous.is_dir() {
            let _ = fs::rename(&previous, target);
        }
        if remove_settled(&path) {
            removed.push(path);
        }
    }
    removed
}

/// Removes the folder at `path`, trying again for up to five seconds while it fails: a closed
/// browser's last processes may still be writing into its profile for a moment (longer on a
/// busy machine), and a folder that gains a file while it is being removed cannot be removed.
/// Whether it is gone.
fn remove_settled(path: &Path) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if !path.exists() || fs::remove_dir_all(path).is_ok() {
            return true;
        }
        if std::time::Instant::now() > until {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn older_than(path: &Path, age: std::time::Duration) -> bool {
    fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|e| e > age)
}

impl Staging {
    /// A fresh folder beside `target`, after removing what killed builds left there.
    pub fn new(target: &Path) -> Result<Staging> {
        let target = if target.is_absolute() { target.to_path_buf() } else { std::env::current_dir()?.join(target) };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        clean_stale(&target);
        let dir = sibling(&target, "new");
        fs::create_dir(&dir).with_context(|| format!("สร้างโฟลเดอร์ชั่วคราว {} ไม่ได้", dir.display()))?;
        let mut staging = Staging { site: dir.join("site"), dir, target, lock: None };
        // Locked under another name, then named `lock`: a folder whose `lock` exists is locked.
        let (fresh, lock) = (staging.dir.join("lock.new"), staging.dir.join(LOCK));
        let file = fs::File::create(&fresh)
            .and_then(|f| f.try_lock().map_err(std::io::Error::from).map(|()| f))
            .and_then(|f| fs::rename(&fresh, &lock).map(|()| f))
            .with_context(|| format!("สร้างไฟล์ {} ไม่ได้", lock.display()))?;
        staging.lock = Some(file);
        fs::create_dir(&staging.site).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", staging.site.display()))?;
        Ok(staging)
    }

    /// Where a file of the output is while being written (before [`Staging::commit`]).
    pub fn path_of(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    /// The folder of the output being written.
    pub fn site_dir(&self) -> &Path {
        &self.site
    }

    /// A folder of the build's own that is not published (`browser` for the browser profile),
    /// removed with the build's folder.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The folder beside the output where PDFs of earlier builds are kept
    /// (`.public.pdf-cache`): not published, and not swapped out with the output.
    pub fn pdf_cache_dir(&self) -> PathBuf {
        pdf_cache_dir(&self.target)
    }

    /// Writes one file (`rel` uses `/`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.site.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("เขียนไฟล์ {} ไม่ได้", path.display()))
    }

    /// Copies one file from the site.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        let path = self.site.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        fs::copy(source, &path).with_context(|| format!("คัดลอก {} ไม่ได้", source.display()))?;
        Ok(())
    }

    /// Puts the new folder in place of the output. The previous output is moved into the
    /// build's folder first and removed with it; what cannot be removed now (a file open in
    /// another program) the next build removes.
    pub fn commit(self) -> Result<()> {
        let old = self.dir.join("old");
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).with_context(|| format!("ย้ายผลลัพธ์เดิม {} ไม่ได้", self.target.display()))?;
        }
        if let Err(e) = fs::rename(&self.site, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("วางผลลัพธ์ใหม่ที่ {} ไม่ได้", self.target.display()));
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// Removes the build's folder: the files written (unless committed), the browser profile,
    /// the previous output, and the lock.
    fn drop(&mut self) {
        // The lock is let go first: some systems do not remove a file that is open.
        drop(self.lock.take());
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();

        let s = Staging::new(&out).unwrap();
        s.write("a/index.html", b"new").unwrap();
        drop(s);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder removed");

        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "old output removed");
    }

    /// Names of the entries of a folder, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn the_next_build_removes_what_killed_builds_left_and_nothing_of_running_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let running = Staging::new(&out).unwrap();
        running.write("index.html", b"running").unwrap();
        // A build killed while printing: its files, its browser profile, its lock let go.
        let killed = tmp.path().join(".public.new-4242-1");
        for rel in ["site/2565/index.html", "browser/Default/Preferences", "lock"] {
            fs::create_dir_all(killed.join(rel).parent().unwrap()).unwrap();
            fs::write(killed.join(rel), "x").unwrap();
        }
        // What an older version left when killed while swapping the outputs.
        fs::create_dir_all(tmp.path().join(".public.old-4242-2/2565")).unwrap();
        // A build that has only just made its folder.
        let starting = tmp.path().join(".public.new-4243-3");
        fs::create_dir(&starting).unwrap();
        // Folders that are not a build's are left alone.
        fs::create_dir(tmp.path().join(".public-notes")).unwrap();

        let next = Staging::new(&out).unwrap();
        let ours = |s: &Staging| s.dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut left = names(tmp.path());
        left.retain(|n| *n != ours(&running) && *n != ours(&next));
        assert_eq!(left, [".public-notes", ".public.new-4243-3", "public"]);
        assert_eq!(fs::read_to_string(running.path_of("index.html")).unwrap(), "running");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(names(&next.dir), ["lock", "site"], "the lock file is not in what is published");
        next.commit().unwrap();
        assert!(running.path_of("index.html").is_file());
    }

    #[test]
    fn a_build_killed_while_swapping_outputs_gets_the_previous_output_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let killed = tmp.path().join(".public.new-4242-1");
        fs::create_dir_all(killed.join("old")).unwrap();
        fs::write(killed.join("old/index.html"), "previous").unwrap();
        fs::write(killed.join("lock"), "").unwrap();
        assert_eq!(clean_stale(&out), [killed]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn refuses_to_replace_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_target(tmp.path(), tmp.path()).is_err());
        let docs = tmp.path().join("docs");
        fs::create_dir(&docs).unwrap();
        fs::write(docs.join("thesis.docx"), "x").unwrap();
        assert!(check_target(tmp.path(), &docs).is_err());
        assert!(check_target(tmp.path(), &tmp.path().join("public")).is_ok());
        fs::create_dir(tmp.path().join("content")).unwrap();
        for inside in ["content/public", "content/a/b/out", "static/public"] {
            let e = check_target(tmp.path(), &tmp.path().join(inside)).unwrap_err().to_string();
            assert!(e.contains("อ่านผลลัพธ์กลับมาเป็นเนื้อหา"), "{inside}: {e}");
        }
        assert!(check_target(tmp.path(), &tmp.path().join("contents")).is_ok());
    }
}
