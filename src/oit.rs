//! OIT catalogues (the item lists of each ITA year), which page serves which item, and
//! coverage.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::Reader;
use crate::model::{OitCode, Site, SiteConfig};
use crate::yaml::Pos;
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::path::Path;

/// The catalogues compiled into prongsai, by ITA year (B.E.).
pub const BUILT_IN: &[(i32, &str)] = &[(2565, include_str!("../oit/ita-2565.yaml"))];

/// One assessment's list of OIT items.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Catalog {
    /// The assessment's title.
    pub title: String,
    /// The ITA year of a built-in catalogue; `None` for a site's own file.
    pub year: Option<i32>,
    /// Groups (indicators) of items, in order.
    pub groups: Vec<Group>,
}

/// A group of items (an indicator).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    /// Title, e.g. ตัวชี้วัดที่ ๙.๑ ข้อมูลพื้นฐาน.
    pub title: String,
    /// Items in order.
    pub items: Vec<Item>,
}

/// One OIT item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    /// Code such as O1.
    #[serde(serialize_with = "ser_code")]
    pub code: OitCode,
    /// Title.
    pub title: String,
    /// What the assessor expects to find.
    pub detail: Option<String>,
}

fn ser_code<S: serde::Serializer>(c: &OitCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&c.to_string())
}

impl Catalog {
    /// All items in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups.iter().flat_map(|g| g.items.iter())
    }

    /// The item with this code.
    pub fn item(&self, code: OitCode) -> Option<&Item> {
        self.items().find(|i| i.code == code)
    }
}

/// Reads a catalogue file's text; problems are reported against `rel`.
pub fn parse_catalog(text: &str, rel: &Path, year: Option<i32>, diags: &mut Diagnostics) -> Option<Catalog> {
    let doc = match crate::yaml::parse(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::yaml(rel, &e));
            return None;
        }
    };
    let mut r = Reader::new(rel, diags);
    let map = r.map(&doc, "", &["title", "year", "groups"])?;
    let title = r.required_text(&map, "title", "ชื่อแบบตรวจ");
    let mut groups = Vec::new();
    let mut seen = BTreeSet::new();
    for (gi, gnode) in r.items(&map, "groups").into_iter().enumerate() {
        let gfield = format!("groups[{}]", gi + 1);
        let Some(g) = r.map(gnode, &gfield, &["title", "items"]) else { continue };
        let gtitle = r.required_text(&g, "title", "ชื่อกลุ่ม (ตัวชี้วัด)").unwrap_or_default();
        let mut items = Vec::new();
        for (ii, inode) in r.items(&g, "items").into_iter().enumerate() {
            let ifield = format!("{gfield}.items[{}]", ii + 1);
            let Some(m) = r.map(inode, &ifield, &["code", "title", "detail"]) else { continue };
            let code_text = r.required_text(&m, "code", "รหัสข้อ (เช่น O1)");
            let title = r.required_text(&m, "title", "ชื่อข้อ");
            let code_pos = m.get("code").map(|n| n.pos).unwrap_or(m.pos);
            let Some(code_text) = code_text else { continue };
            let Some(code) = OitCode::parse(&code_text) else {
                r.error(code_pos, &m.field("code"), format!("รหัส OIT ต้องเป็นตัว O ตามด้วยตัวเลข (พบ \"{code_text}\")"));
                continue;
            };
            if !seen.insert(code) {
                r.error(code_pos, &m.field("code"), format!("รหัส {code} ซ้ำในแบบตรวจ"));
                continue;
            }
            items.push(Item { code, title: title.unwrap_or_default(), detail: r.text(&m, "detail") });
        }
        groups.push(Group { title: gtitle, items });
    }
    if groups.iter().all(|g| g.items.is_empty()) {
        r.error(map.pos, "groups", "แบบตรวจต้องมีอย่างน้อยหนึ่งกลุ่มที่มีรายการ (groups: - title: ... items: ...)");
    }
    Some(Catalog { title: title?, year, groups })
}

/// A built-in catalogue by ITA year.
pub fn built_in(year: i32) -> Option<Catalog> {
    let (_, text) = BUILT_IN.iter().find(|(y, _)| *y == year)?;
    let mut diags = Diagnostics::new();
    parse_catalog(text, Path::new("oit"), Some(year), &mut diags)
}

/// Chooses the site's catalogue: its own file (text given by the loader), else the built-in one
/// of `ita_year`, else the newest built-in one not later than the newest fiscal year in content.
pub fn choose(
    config: &SiteConfig,
    own: Option<(&Path, &str)>,
    newest_fiscal_year: Option<i32>,
    diags: &mut Diagnostics,
) -> Option<Catalog> {
    if let Some((rel, text)) = own {
        return parse_catalog(text, rel, None, diags);
    }
    if let Some(year) = &config.ita_year {
        return match built_in(year.value) {
            Some(c) => Some(c),
            None => {
                let have: Vec<String> = BUILT_IN.iter().map(|(y, _)| y.to_string()).collect();
                diags.push(
                    Diagnostic::warning(
                        Path::new(crate::config::FILE),
                        year.pos,
                        Some("ita_year"),
                        format!("ยังไม่มีรายการ OIT ของปี {} ในโปรแกรม (มีของปี {})", year.value, have.join(", ")),
                    )
                    .with_help(
                        "ใส่ไฟล์รายการของหน่วยงานเองด้วย oit_catalog: oit/catalog.yaml; หน้า /oit/ จะแสดงเฉพาะหน้าที่ระบุรหัสไว้",
                    ),
                );
                None
            }
        };
    }
    let newest = newest_fiscal_year?;
    BUILT_IN.iter().filter(|(y, _)| *y <= newest).map(|(y, _)| *y).max().and_then(built_in)
}

/// A page that serves an OIT item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serving {
    /// The item.
    pub code: OitCode,
    /// Where the code was written.
    pub file: std::path::PathBuf,
    /// See `file`.
    pub pos: Pos,
    /// The serving page's title.
    pub title: String,
    /// Its path in the site (`2565/plan/6m/`).
    pub path: String,
    /// Its date, if it has one.
    pub date: Option<Date>,
}

/// Every (item, page) pair the site declares, in site order. Drafts (shown only by the
/// preview) do not serve an item.
pub fn servings(site: &Site) -> Vec<Serving> {
    let mut out = Vec::new();
    for plan in site.plans.iter().filter(|p| !p.source.draft) {
        for code in &plan.oit_plan {
            out.push(Serving {
                code: code.value,
                file: plan.source.file.clone(),
                pos: code.pos,
                title: plan.title.clone(),
                path: plan.source.path.clone(),
                date: None,
            });
        }
        for (round, codes) in &plan.oit_rounds {
            let Some(def) = site.config.round(&round.value) else { continue };
            for code in codes {
                out.push(Serving {
                    code: code.value,
                    file: plan.source.file.clone(),
                    pos: code.pos,
                    title: crate::model::report_title(plan, def),
                    path: format!("{}{}/", plan.source.path, def.id),
                    date: crate::thai::fiscal_date(plan.fiscal_year, def.end_month, def.end_day),
                });
            }
        }
    }
    for page in site.pages.iter().filter(|p| !p.source.draft) {
        for code in &page.oit {
            out.push(Serving {
                code: code.value,
                file: page.source.file.clone(),
                pos: code.pos,
                title: page.title.clone(),
                path: page.source.path.clone(),
                date: page.date,
            });
        }
    }
    out
}

/// Items of the catalogue that no page serves.
pub fn missing<'c>(catalog: &'c Catalog, servings: &[Serving]) -> Vec<&'c Item> {
    let served: BTreeSet<OitCode> = servings.iter().map(|s| s.code).collect();
    catalog.items().filter(|i| !served.contains(&i.code)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_2565_has_43_items() {
        let c = built_in(2565).expect("built-in catalogue parses");
        assert_eq!(c.items().count(), 43);
        assert_eq!(c.groups.len(), 7);
        assert!(c.item(OitCode(40)).unwrap().title.contains("๖ เดือน"));
    }

    #[test]
    fn site_catalogue_errors_name_the_field() {
        let mut d = Diagnostics::new();
        let c = parse_catalog(
            "title: x\ngroups:\n  - title: g\n    items:\n      - {code: X1, title: a}\n      - {code: O2, title: b}\n",
            Path::new("oit/catalog.yaml"),
            None,
            &mut d,
        )
        .unwrap();
        assert_eq!(c.items().count(), 1);
        assert!(d.to_string().contains("oit/catalog.yaml:5:"), "{d}");
    }
}
