//! OIT catalogue files → [`Catalog`]: the built-in ones (compiled in from `oit/`, by ITA year and
//! body) and a site's own (a whole list, or `base:` a built-in one plus changes), and which one
//! a site uses.

use super::fields::{Map, Reader};
use super::yaml::{Node, Pos, Value};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Body, Catalog, Item, ItemGroup, OitCode, PlanKind, RegisterPage, Serves, SiteConfig};
use std::collections::BTreeSet;
use std::path::Path;

/// The catalogues compiled into prongsai: ITA year (B.E.), body, file text.
pub const BUILT_IN: &[(i32, Body, &str)] = &[
    (2565, Body::Agency, include_str!("../../oit/ita-2565.yaml")),
    (2566, Body::Agency, include_str!("../../oit/ita-2566.yaml")),
    (2567, Body::Agency, include_str!("../../oit/ita-2567.yaml")),
    (2568, Body::Agency, include_str!("../../oit/ita-2568.yaml")),
    (2569, Body::Agency, include_str!("../../oit/ita-2569.yaml")),
    (2569, Body::ObecSchool, include_str!("../../oit/ita-2569-obec-school.yaml")),
];

/// Where a site's own catalogue is written by `prongsai oit new`.
pub const SITE_FILE: &str = "oit/catalog.yaml";

const TOP_FIELDS: &[&str] =
    &["ita_year", "year", "body", "title", "source", "note", "groups", "base", "items", "remove"];
const ITEM_FIELDS: &[&str] = &["code", "title", "detail", "verified", "source", "note", "serves", "url", "group"];

/// Reads a catalogue file's text; problems are reported against `rel`. A site's file may say
/// `base: <year>` and list only what differs from that built-in catalogue; `default_body` is the
/// body of the base when the file does not name one.
pub fn parse_catalog(text: &str, rel: &Path, default_body: Body, diags: &mut Diagnostics) -> Option<Catalog> {
    let doc = match crate::load::yaml::parse(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(e.finding(rel));
            return None;
        }
    };
    let mut r = Reader::new(rel, diags);
    let map = r.map(&doc, "", TOP_FIELDS)?;
    let year = ["ita_year", "year"].iter().find_map(|k| r.integer(&map, k)).and_then(|(y, pos)| {
        let y = i32::try_from(y).ok().filter(|y| (2400..3000).contains(y));
        if y.is_none() {
            r.error(pos, "ita_year", "ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2569");
        }
        y
    });
    let body = match map.get("body") {
        None => None,
        Some(node) => {
            let text = r.text_of(node, "body").unwrap_or_default();
            let body = Body::parse(&text);
            if body.is_none() {
                r.error(node.pos, "body", format!("ต้องเป็น agency หรือ obec-school (พบ \"{text}\")"));
            }
            body
        }
    };
    let title = r.text(&map, "title");
    let source = r.text(&map, "source");
    if let Some((base_year, pos)) = r.integer(&map, "base") {
        let body = body.unwrap_or(default_body);
        let base = i32::try_from(base_year).ok().and_then(|y| built_in(y, body));
        let Some(mut catalog) = base else {
            r.push(
                Diagnostic::error(
                    rel,
                    pos,
                    Some("base"),
                    format!("ไม่มีรายการ OIT ของปี {base_year} ({}) ในโปรแกรม", body.label()),
                )
                .with_help(format!("ปีที่มีในโปรแกรม: {}", built_in_years(body))),
            );
            return None;
        };
        if let Some(t) = title {
            catalog.title = t;
        }
        if year.is_some() {
            catalog.year = year;
        }
        if source.is_some() {
            catalog.source = source;
        }
        apply_changes(&mut r, &map, &mut catalog);
        return Some(catalog);
    }
    let title = title.or_else(|| {
        r.missing(&map, "title", "ชื่อแบบตรวจ");
        None
    });
    let mut groups = Vec::new();
    let mut seen = BTreeSet::new();
    for (gi, gnode) in r.items(&map, "groups").into_iter().enumerate() {
        let gfield = format!("groups[{}]", gi + 1);
        let Some(g) = r.map(gnode, &gfield, &["title", "items"]) else { continue };
        let gtitle = r.required_text(&g, "title", "ชื่อกลุ่ม (ตัวชี้วัด)").unwrap_or_default();
        let mut items = Vec::new();
        for (ii, inode) in r.items(&g, "items").into_iter().enumerate() {
            let ifield = format!("{gfield}.items[{}]", ii + 1);
            let Some(item) = parse_item(&mut r, inode, &ifield, None).map(|(item, _)| item) else { continue };
            if !seen.insert(item.code) {
                r.error(inode.pos, &format!("{ifield}.code"), format!("รหัส {} ซ้ำในแบบตรวจ", item.code));
                continue;
            }
            items.push(item);
        }
        groups.push(ItemGroup { title: gtitle, items });
    }
    if groups.iter().all(|g| g.items.is_empty()) {
        r.error(
            map.pos,
            "groups",
            "แบบตรวจต้องมีอย่างน้อยหนึ่งกลุ่มที่มีรายการ (groups: - title: ... items: ...) หรือระบุ base: ปีของรายการในโปรแกรม",
        );
    }
    Some(Catalog { title: title?, year, body: body.unwrap_or(default_body), source, groups })
}

/// `items:` (replace or add by code) and `remove:` of a site catalogue built on a base.
fn apply_changes(r: &mut Reader<'_>, map: &Map<'_>, catalog: &mut Catalog) {
    for (ii, inode) in r.items(map, "items").into_iter().enumerate() {
        let field = format!("items[{}]", ii + 1);
        let base = code_of(inode).and_then(|c| catalog.item(c).cloned());
        let Some((item, group)) = parse_item(r, inode, &field, base.as_ref()) else { continue };
        if let Some(existing) = catalog.item_mut(item.code) {
            *existing = item;
            continue;
        }
        let index = match &group {
            Some(name) => match catalog.groups.iter().position(|g| g.title == *name) {
                Some(i) => i,
                None => {
                    catalog.groups.push(ItemGroup { title: name.clone(), items: Vec::new() });
                    catalog.groups.len() - 1
                }
            },
            None => catalog.groups.len().saturating_sub(1),
        };
        match catalog.groups.get_mut(index) {
            Some(g) => g.items.push(item),
            None => catalog
                .groups
                .push(ItemGroup { title: "รายการเพิ่มเติม".into(), items: vec![item] }),
        }
    }
    if let Some(node) = map.get("remove") {
        for code in crate::load::oit_codes(r, node, "remove") {
            let before = catalog.items().count();
            for g in &mut catalog.groups {
                g.items.retain(|i| i.code != code.value);
            }
            if catalog.items().count() == before {
                r.error(code.pos, "remove", format!("ไม่มีข้อ {} ในรายการที่ใช้เป็นฐาน", code.value));
            }
        }
        catalog.groups.retain(|g| !g.items.is_empty());
    }
}

fn code_of(node: &Node) -> Option<OitCode> {
    match node.get("code").map(|n| &n.value) {
        Some(Value::Scalar { text, .. }) => OitCode::parse(text),
        _ => None,
    }
}

/// One item; fields not given are taken from `base` (an item of a base catalogue being
/// changed). Also returns the `group:` it asks to be put in.
fn parse_item(r: &mut Reader<'_>, node: &Node, field: &str, base: Option<&Item>) -> Option<(Item, Option<String>)> {
    let m = r.map(node, field, ITEM_FIELDS)?;
    let code_text = r.required_text(&m, "code", "รหัสข้อ (เช่น O1)")?;
    let code_pos = m.get("code").map(|n| n.pos).unwrap_or(m.pos);
    let Some(code) = OitCode::parse(&code_text) else {
        r.error(code_pos, &m.field("code"), format!("รหัส OIT ต้องเป็นตัว O ตามด้วยตัวเลข (พบ \"{code_text}\")"));
        return None;
    };
    let title = r.text(&m, "title");
    let verified = match m.get("verified") {
        Some(_) => r.flag(&m, "verified"),
        // An editor who writes a title confirms it; otherwise the base's word stands.
        None => base.map(|b| b.verified || title.is_some()).unwrap_or(true),
    };
    let serves = match m.get("serves") {
        Some(node) => parse_serves(r, node, &m.field("serves")),
        None => base.map(|b| b.serves.clone()).unwrap_or_default(),
    };
    let url = r.text(&m, "url").and_then(|u| {
        let u = u.trim().to_string();
        if u.starts_with("https://") || u.starts_with("http://") {
            Some(u)
        } else {
            let pos = m.get("url").map(|n| n.pos).unwrap_or(m.pos);
            r.error(pos, &m.field("url"), format!("url ต้องเป็นที่อยู่เต็มที่ขึ้นต้นด้วย https:// (พบ \"{u}\")"));
            None
        }
    });
    let keep = |own: Option<String>, of_base: fn(&Item) -> &Option<String>| {
        own.or_else(|| base.and_then(|b| of_base(b).clone()))
    };
    let item = Item {
        code,
        title: keep(title, |b| &b.title),
        detail: keep(r.text(&m, "detail"), |b| &b.detail),
        verified,
        source: keep(r.text(&m, "source"), |b| &b.source),
        note: keep(r.text(&m, "note"), |b| &b.note),
        serves,
        url: keep(url, |b| &b.url),
    };
    Some((item, r.text(&m, "group")))
}

/// `serves:` — one `{plan: kind}` / `{report: kind, round: id, year: previous}` or a list.
fn parse_serves(r: &mut Reader<'_>, node: &Node, field: &str) -> Vec<Serves> {
    let nodes: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut out = Vec::new();
    for n in nodes {
        let Some(m) = r.map(n, field, &["plan", "report", "round", "year", "procurement"]) else { continue };
        let kind_of = |r: &mut Reader<'_>, key: &str| {
            let text = r.text(&m, key)?;
            let kind = PlanKind::parse(&text);
            if kind.is_none() {
                let ids: Vec<&str> = PlanKind::ALL.iter().map(|k| k.id()).collect();
                r.error(
                    m.get(key).map(|n| n.pos).unwrap_or(m.pos),
                    &m.field(key),
                    format!("ไม่รู้จักชนิดแผน \"{text}\" (ที่ใช้ได้: {})", ids.join(", ")),
                );
            }
            kind
        };
        let mut register = None;
        let (kind, round) = match (m.get("plan").is_some(), m.get("report").is_some(), m.get("procurement")) {
            (true, false, None) => (kind_of(r, "plan"), None),
            (false, true, None) => {
                let round = r.required_text(&m, "round", "รอบของรายงาน (เช่น 6m)");
                (kind_of(r, "report"), round)
            }
            (false, false, Some(node)) => {
                let text = r.text_of(node, &m.field("procurement")).unwrap_or_default();
                register = [RegisterPage::Register, RegisterPage::Annual].into_iter().find(|p| p.id() == text.trim());
                if register.is_none() {
                    r.error(
                        node.pos,
                        &m.field("procurement"),
                        format!("ต้องเป็น register (หน้าทะเบียนจัดซื้อจัดจ้าง) หรือ annual (รายงานประจำปี) (พบ \"{text}\")"),
                    );
                    continue;
                }
                (Some(PlanKind::Procurement), None)
            }
            _ => {
                r.error(
                    m.pos,
                    field,
                    "ต้องระบุอย่างใดอย่างหนึ่ง: plan: <ชนิดแผน>, report: <ชนิดแผน> กับ round: <รอบ> หรือ procurement: register|annual",
                );
                continue;
            }
        };
        let previous_year = match r.text(&m, "year").as_deref().map(str::trim) {
            None | Some("current") => false,
            Some("previous") => true,
            Some(other) => {
                r.error(
                    m.get("year").map(|n| n.pos).unwrap_or(m.pos),
                    &m.field("year"),
                    format!("ต้องเป็น previous (แผนของปีงบประมาณก่อนปีที่ประเมิน) หรือ current (พบ \"{other}\")"),
                );
                false
            }
        };
        if let Some(kind) = kind {
            out.push(Serves { register, kind, round, previous_year });
        }
    }
    out
}

/// A built-in catalogue by ITA year and body.
pub fn built_in(year: i32, body: Body) -> Option<Catalog> {
    let (_, _, text) = BUILT_IN.iter().find(|(y, b, _)| *y == year && *b == body)?;
    let mut diags = Diagnostics::new();
    parse_catalog(text, Path::new("oit"), body, &mut diags)
}

/// The built-in years of a body, as a list for messages (`2565, 2566, …`).
pub fn built_in_years(body: Body) -> String {
    let years: Vec<String> = BUILT_IN.iter().filter(|(_, b, _)| *b == body).map(|(y, _, _)| y.to_string()).collect();
    years.join(", ")
}

/// The newest built-in year of a body.
pub fn newest_built_in(body: Body) -> Option<i32> {
    BUILT_IN.iter().filter(|(_, b, _)| *b == body).map(|(y, _, _)| *y).max()
}

/// Chooses the site's catalogue: its own file (text given by the loader), else the built-in
/// one of the ITA year (`ita_year`, or else `default_year`: the newest fiscal year in content)
/// and body. When there is none, says once what to do, and the site builds without OIT checks.
pub fn choose(
    config: &SiteConfig,
    own: Option<(&Path, &str)>,
    default_year: Option<i32>,
    diags: &mut Diagnostics,
) -> Option<Catalog> {
    let body = config.ita_body.value;
    if let Some((rel, text)) = own {
        return parse_catalog(text, rel, body, diags);
    }
    let year = config.ita_year.as_ref().map(|y| y.value).or(default_year);
    let Some(year) = year else {
        return newest_built_in(body).and_then(|y| built_in(y, body));
    };
    if let Some(c) = built_in(year, body) {
        return Some(c);
    }
    let pos = config.ita_year.as_ref().map(|y| y.pos).unwrap_or(Pos::new(1, 1));
    let how = if config.ita_year.is_some() {
        String::new()
    } else {
        format!(" (ไม่ได้ระบุ ita_year จึงใช้ปีงบประมาณล่าสุดในเนื้อหา คือ {year})")
    };
    let from = newest_built_in(body).filter(|y| *y < year).or(newest_built_in(body)).unwrap_or(year);
    let body_arg = if body == Body::Agency { String::new() } else { format!(" --body {}", body.id()) };
    diags.push(
        Diagnostic::warning(
            Path::new(crate::model::SETTINGS_FILE),
            pos,
            Some("ita_year"),
            format!(
                "ยังไม่มีรายการ OIT ของปี {year} ({}) ในโปรแกรม{how}: สร้างเว็บไซต์ต่อไปได้ แต่ยังไม่ตรวจรหัส OIT",
                body.label()
            ),
        )
        .with_help(format!(
            "เริ่มรายการของปี {year} จากรายการปี {from} ด้วยคำสั่ง prongsai oit new --year {year} --from {from}{body_arg} \
             แล้วเพิ่มบรรทัด oit_catalog: {SITE_FILE} ใน site.yaml; เมื่อ ป.ป.ช. ประกาศรายการของปี {year} ให้แก้ไฟล์นั้นตามประกาศ"
        )),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oit::to_site_file;

    #[test]
    fn built_in_catalogues_parse_cleanly() {
        for (year, body, text) in BUILT_IN {
            let mut d = Diagnostics::new();
            let c = parse_catalog(text, Path::new("oit"), *body, &mut d).expect("parses");
            assert!(d.is_empty(), "{year} {body:?}: {d}");
            assert_eq!(c.year, Some(*year));
            assert_eq!(c.body, *body);
            // Codes run O1, O2, … without a gap.
            let codes: Vec<u32> = c.items().map(|i| i.code.0).collect();
            assert_eq!(codes, (1..=codes.len() as u32).collect::<Vec<_>>(), "{year}");
        }
    }

    #[test]
    fn item_counts_and_the_anti_corruption_items_of_each_year() {
        let ac = |year, body| {
            let c = built_in(year, body).unwrap();
            let find = |round: Option<&str>, previous| {
                c.items()
                    .find(|i| {
                        i.serves.iter().any(|s| {
                            s.kind == PlanKind::AntiCorruption
                                && s.round.as_deref() == round
                                && s.previous_year == previous
                        })
                    })
                    .map(|i| i.code.to_string())
            };
            (c.items().count(), find(None, false), find(Some("6m"), false), find(Some("12m"), true))
        };
        let o = |s: &str| Some(s.to_string());
        assert_eq!(ac(2565, Body::Agency), (43, o("O39"), o("O40"), o("O41")));
        assert_eq!(ac(2566, Body::Agency), (43, o("O36"), o("O37"), o("O38")));
        assert_eq!(ac(2568, Body::Agency), (28, o("O25"), None, o("O26")));
        assert_eq!(ac(2569, Body::Agency), (26, o("O23"), None, o("O24")));
        assert_eq!(ac(2569, Body::ObecSchool), (18, o("O17"), None, None));
    }

    #[test]
    fn site_catalogue_errors_name_the_field() {
        let mut d = Diagnostics::new();
        let c = parse_catalog(
            "title: x\ngroups:\n  - title: g\n    items:\n      - {code: X1, title: a}\n      - {code: O2, title: b, serves: {plan: budget}}\n",
            Path::new("oit/catalog.yaml"),
            Body::Agency,
            &mut d,
        )
        .unwrap();
        assert_eq!(c.items().count(), 1);
        let text = d.to_string();
        assert!(text.contains("oit/catalog.yaml:5:"), "{text}");
        assert!(text.contains("oit/catalog.yaml:6:") && text.contains("budget"), "{text}");
    }

    #[test]
    fn a_base_catalogue_with_changes() {
        let mut d = Diagnostics::new();
        let c = parse_catalog(
            "base: 2569\nitems:\n  - {code: O7, title: รายงานผลการดำเนินงานประจำปี}\n  - {code: O27, title: ข้อใหม่, group: กลุ่มใหม่}\nremove: [O25]\n",
            Path::new("oit/catalog.yaml"),
            Body::Agency,
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d}");
        assert_eq!(c.year, Some(2569));
        assert_eq!(c.item(OitCode(7)).unwrap().title.as_deref(), Some("รายงานผลการดำเนินงานประจำปี"));
        assert!(c.item(OitCode(7)).unwrap().verified);
        // Fields not given stay as in the base: O23 still serves the plan.
        assert_eq!(c.item(OitCode(23)).unwrap().serves[0].kind, PlanKind::AntiCorruption);
        assert!(c.item(OitCode(25)).is_none());
        assert_eq!(c.groups.last().unwrap().title, "กลุ่มใหม่");
        assert_eq!(c.items().count(), 26);

        let mut d = Diagnostics::new();
        assert!(parse_catalog("base: 2501\n", Path::new("c.yaml"), Body::Agency, &mut d).is_none());
        assert!(d.to_string().contains("c.yaml:1:7"), "{d}");
    }

    #[test]
    fn a_site_file_reads_back_as_the_same_list_unverified() {
        let base = built_in(2569, Body::Agency).unwrap();
        let text = to_site_file(&base, 2569, 2570);
        let mut d = Diagnostics::new();
        let c = parse_catalog(&text, Path::new("oit/catalog.yaml"), Body::Agency, &mut d).unwrap();
        assert!(d.is_empty(), "{d}\n{text}");
        assert_eq!(c.year, Some(2570));
        assert!(c.title.contains("๒๕๗๐"), "{}", c.title);
        assert!(c.items().all(|i| !i.verified));
        let strip = |c: &Catalog| c.items().map(|i| (i.code, i.title.clone(), i.serves.clone())).collect::<Vec<_>>();
        assert_eq!(strip(&c), strip(&base));
    }
}
