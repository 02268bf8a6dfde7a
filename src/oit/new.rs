//! `prongsai oit new`: a site's own catalogue for a year that is not built in, started from a
//! built-in year with every item marked unverified.

use crate::load::catalog::{built_in, built_in_years, SITE_FILE};
use crate::model::{Body, Catalog};
use std::path::{Path, PathBuf};

/// Writes a catalogue as a site's own file: the same format as the built-in ones, every item
/// marked `verified: false`, for the ITA year `year`.
pub fn to_site_file(catalog: &Catalog, from: i32, year: i32) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let thai = |n: i32| crate::values::thai::Numerals::Thai.digits(&n.to_string());
    let title = catalog.title.replace(&thai(from), &thai(year)).replace(&from.to_string(), &year.to_string());
    let mut out = format!(
        "# รายการ OIT ของปี {year} ({body}) เริ่มจากรายการปี {from} ที่มีในโปรแกรม\n\
         # ทุกข้อยังไม่ยืนยัน (verified: false): เมื่อ ป.ป.ช. ประกาศรายการของปี {year} แล้ว ให้แก้รหัส ชื่อ และกลุ่ม\n\
         # ให้ตรงตามประกาศ เพิ่มหรือลบข้อได้ แล้วเปลี่ยนเป็น verified: true\n\
         # title: null คือข้อที่ยังไม่ทราบชื่อ; serves บอกว่าหน้าแผนหรือรายงานรอบใดเผยแพร่ข้อนั้น (ดู docs/oit.md)\n\
         ita_year: {year}\nbody: {}\ntitle: {}\n",
        catalog.body.id(),
        q(&title),
        body = catalog.body.label(),
    );
    out.push_str(&format!("source: {}\n", q(&format!("รายการปี {from} ในโปรแกรม prongsai (ยังไม่ตรวจกับประกาศปี {year})"))));
    out.push_str("groups:\n");
    for g in &catalog.groups {
        out.push_str(&format!("  - title: {}\n    items:\n", q(&g.title)));
        for i in &g.items {
            out.push_str(&format!("      - code: {}\n", i.code));
            out.push_str(&format!("        title: {}\n", i.title.as_deref().map(q).unwrap_or_else(|| "null".into())));
            if let Some(d) = &i.detail {
                out.push_str(&format!("        detail: {}\n", q(d)));
            }
            out.push_str("        verified: false\n");
            if let Some(n) = &i.note {
                out.push_str(&format!("        note: {}\n", q(n)));
            }
            if !i.serves.is_empty() {
                let list: Vec<String> = i
                    .serves
                    .iter()
                    .map(|s| match (&s.register, &s.round) {
                        (Some(page), _) => format!(
                            "{{procurement: {}{}}}",
                            page.id(),
                            if s.previous_year { ", year: previous" } else { "" }
                        ),
                        (None, None) => format!(
                            "{{plan: {}{}}}",
                            s.kind.id(),
                            if s.previous_year { ", year: previous" } else { "" }
                        ),
                        (None, Some(r)) => format!(
                            "{{report: {}, round: {}{}}}",
                            s.kind.id(),
                            q(r),
                            if s.previous_year { ", year: previous" } else { "" }
                        ),
                    })
                    .collect();
                out.push_str(&format!("        serves: [{}]\n", list.join(", ")));
            }
        }
    }
    out
}

/// Why `prongsai oit new` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The base year has no built-in list.
    #[error("ไม่มีรายการ OIT ของปี {year} ({body}) ในโปรแกรม (ปีที่มี: {have})")]
    NoBase {
        /// The year asked for.
        year: i32,
        /// The body's Thai name.
        body: &'static str,
        /// The years there are.
        have: String,
    },
    /// The file is there already.
    #[error("มีไฟล์ {0} อยู่แล้ว: ไม่เขียนทับ (ย้ายหรือลบไฟล์เดิมก่อน หากต้องการเริ่มใหม่)")]
    Exists(String),
    /// Writing failed.
    #[error("เขียนไฟล์ {path} ไม่ได้: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// `prongsai oit new`: writes `oit/catalog.yaml` under `root` for the ITA year `year`, from the
/// built-in list of `from`, never over an existing file. Returns the file's path relative to
/// `root`.
pub fn write_site_catalog(root: &Path, year: i32, from: i32, body: Body) -> Result<PathBuf, NewError> {
    let base = built_in(from, body).ok_or_else(|| NewError::NoBase {
        year: from,
        body: body.label(),
        have: built_in_years(body),
    })?;
    let rel = PathBuf::from(SITE_FILE);
    let path = root.join(&rel);
    if path.exists() {
        return Err(NewError::Exists(path.display().to_string()));
    }
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
        std::io::Write::write_all(&mut f, to_site_file(&base, from, year).as_bytes())
    };
    write().map_err(|source| NewError::Write { path: path.display().to_string(), source })?;
    Ok(rel)
}
