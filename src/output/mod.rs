//! Stage 5, output: writing the output folder. Every file goes into a fresh folder beside the
//! output, which replaces the output only when everything has been written: a failed build leaves
//! the previous output exactly as it was.

pub mod pdf;

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// A folder being filled, to become the output on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
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
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    target.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

impl Staging {
    /// A fresh folder beside `target`.
    pub fn new(target: &Path) -> Result<Staging> {
        let target = if target.is_absolute() { target.to_path_buf() } else { std::env::current_dir()?.join(target) };
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        let dir = sibling(&target, "new");
        fs::create_dir(&dir).with_context(|| format!("สร้างโฟลเดอร์ชั่วคราว {} ไม่ได้", dir.display()))?;
        Ok(Staging { dir, target, committed: false })
    }

    /// Where a file of the output is while being written (before [`Staging::commit`]).
    pub fn path_of(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes one file (`rel` uses `/`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("เขียนไฟล์ {} ไม่ได้", path.display()))
    }

    /// Copies one file from the site.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        fs::copy(source, &path).with_context(|| format!("คัดลอก {} ไม่ได้", source.display()))?;
        Ok(())
    }

    /// Puts the new folder in place of the output.
    pub fn commit(mut self) -> Result<()> {
        let old = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).with_context(|| format!("ย้ายผลลัพธ์เดิม {} ไม่ได้", self.target.display()))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| format!("วางผลลัพธ์ใหม่ที่ {} ไม่ได้", self.target.display()));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old).with_context(|| format!("ลบผลลัพธ์เดิม {} ไม่ได้", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
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
