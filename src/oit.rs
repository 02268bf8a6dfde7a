//! OIT catalogues (the item lists of each ITA year and body), which page serves which item,
//! and coverage.
//!
//! A catalogue is data: the built-in ones are compiled in from `oit/`, a site may bring its own
//! (a whole list, or `base:` a built-in one plus changes). Pages find their items by what they
//! are: an item's `serves` names a plan `kind` and a page (the plan, or one round's report),
//! so a site moves to another ITA year by changing `ita_year` alone.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fields::{Map, Reader};
use crate::model::{Body, OitCode, PlanKind, RoundDef, Site, SiteConfig};
use crate::yaml::{Node, Pos, Value};
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The catalogues compiled into prongsai: ITA year (B.E.), body, file text.
pub const BUILT_IN: &[(i32, Body, &str)] = &[
    (2565, Body::Agency, include_str!("../oit/ita-2565.yaml")),
    (2566, Body::Agency, include_str!("../oit/ita-2566.yaml")),
    (2567, Body::Agency, include_str!("../oit/ita-2567.yaml")),
    (2568, Body::Agency, include_str!("../oit/ita-2568.yaml")),
    (2569, Body::Agency, include_str!("../oit/ita-2569.yaml")),
    (2569, Body::ObecSchool, include_str!("../oit/ita-2569-obec-school.yaml")),
];

/// Where a site's own catalogue is written by `prongsai oit new`.
pub const SITE_FILE: &str = "oit/catalog.yaml";

/// One assessment's list of OIT items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The assessment's title.
    pub title: String,
    /// The ITA year (B.E.) the list is for, when the file says.
    pub year: Option<i32>,
    /// Who is assessed with this list.
    pub body: Body,
    /// Where the list comes from, as the file says.
    pub source: Option<String>,
    /// Groups (indicators) of items, in order.
    pub groups: Vec<Group>,
}

/// A group of items (an indicator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Title, e.g. ตัวชี้วัดที่ ๙.๑ ข้อมูลพื้นฐาน.
    pub title: String,
    /// Items in order.
    pub items: Vec<Item>,
}

/// One OIT item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Code such as O1.
    pub code: OitCode,
    /// The official title; `None` while it is not known.
    pub title: Option<String>,
    /// What the assessor expects to find.
    pub detail: Option<String>,
    /// Whether the code and title were confirmed for this year.
    pub verified: bool,
    /// Where the item was seen.
    pub source: Option<String>,
    /// A remark of the catalogue's authors.
    pub note: Option<String>,
    /// The generated pages that serve the item.
    pub serves: Vec<Serves>,
}

impl Item {
    /// The title, or a placeholder that says it is not known yet.
    pub fn title_or_unknown(&self) -> String {
        self.title.clone().unwrap_or_else(|| "(ยังไม่ทราบชื่อข้อ)".to_string())
    }
}

/// A generated page that serves an item: a plan page or a round report of the plan of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serves {
    /// The plan's `kind`.
    pub kind: PlanKind,
    /// The round of the report; `None`: the plan page itself.
    pub round: Option<String>,
    /// Whether it is the plan of the fiscal year before the ITA year (annual results are
    /// assessed a year late).
    pub previous_year: bool,
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

    fn item_mut(&mut self, code: OitCode) -> Option<&mut Item> {
        self.groups.iter_mut().flat_map(|g| g.items.iter_mut()).find(|i| i.code == code)
    }
}

const TOP_FIELDS: &[&str] =
    &["ita_year", "year", "body", "title", "source", "note", "groups", "base", "items", "remove"];
const ITEM_FIELDS: &[&str] = &["code", "title", "detail", "verified", "source", "note", "serves", "group"];

/// Reads a catalogue file's text; problems are reported against `rel`. A site's file may say
/// `base: <year>` and list only what differs from that built-in catalogue; `default_body` is the
/// body of the base when the file does not name one.
pub fn parse_catalog(text: &str, rel: &Path, default_body: Body, diags: &mut Diagnostics) -> Option<Catalog> {
    let doc = match crate::yaml::parse(text) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::yaml(rel, &e));
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
        groups.push(Group { title: gtitle, items });
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
                    catalog.groups.push(Group { title: name.clone(), items: Vec::new() });
                    catalog.groups.len() - 1
                }
            },
            None => catalog.groups.len().saturating_sub(1),
        };
        match catalog.groups.get_mut(index) {
            Some(g) => g.items.push(item),
            None => catalog
                .groups
                .push(Group { title: "รายการเพิ่มเติม".into(), items: vec![item] }),
        }
    }
    if let Some(node) = map.get("remove") {
        for code in crate::content::oit_codes(r, node, "remove") {
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
        let Some(m) = r.map(n, field, &["plan", "report", "round", "year"]) else { continue };
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
        let (kind, round) = match (m.get("plan").is_some(), m.get("report").is_some()) {
            (true, false) => (kind_of(r, "plan"), None),
            (false, true) => {
                let round = r.required_text(&m, "round", "รอบของรายงาน (เช่น 6m)");
                (kind_of(r, "report"), round)
            }
            _ => {
                r.error(m.pos, field, "ต้องระบุอย่างใดอย่างหนึ่ง: plan: <ชนิดแผน> หรือ report: <ชนิดแผน> กับ round: <รอบ>");
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
            out.push(Serves { kind, round, previous_year });
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
            Path::new(crate::config::FILE),
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

/// A page that serves an OIT item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serving {
    /// The item.
    pub code: OitCode,
    /// The content file the page is made from.
    pub file: PathBuf,
    /// Where the code, or the plan's `kind`, was written.
    pub pos: Pos,
    /// The serving page's title.
    pub title: String,
    /// Its path in the site (`2565/plan/6m/`).
    pub path: String,
    /// Its date, if it has one.
    pub date: Option<Date>,
    /// Whether the catalogue's `serves` found the page (rather than an `oit:` in content).
    pub by_kind: bool,
}

/// The site's round that a catalogue's round id means: the round with that id, else the round
/// that ends on the same day as the default round of that id (a quarterly site's `q2` for `6m`).
pub fn resolve_round<'c>(config: &'c SiteConfig, id: &str) -> Option<&'c RoundDef> {
    if let Some(r) = config.round(id) {
        return Some(r);
    }
    let default = crate::model::default_rounds().into_iter().find(|r| r.id == id)?;
    config.rounds.iter().find(|r| r.end_month == default.end_month && r.end_day == default.end_day)
}

/// Every (item, page) pair of the site, in site order: the codes written in content (`oit:`),
/// then the pages the catalogue's `serves` finds by plan `kind` for the site's ITA year. A plan
/// that names its own items (`oit:`) takes none by kind, and an item named in a plan's `oit:` is
/// not looked for by kind. Drafts and rounds not reported yet serve nothing.
pub fn servings(site: &Site) -> Vec<Serving> {
    let mut out = Vec::new();
    let report_serving = |plan: &crate::model::Plan, def: &RoundDef, code: OitCode, pos: Pos, by_kind: bool| Serving {
        code,
        file: plan.source.file.clone(),
        pos,
        title: crate::model::report_title(plan, def),
        path: format!("{}{}/", plan.source.path, def.id),
        date: crate::thai::fiscal_date(plan.fiscal_year, def.end_month, def.end_day),
        by_kind,
    };
    let plan_serving = |plan: &crate::model::Plan, code: OitCode, pos: Pos, by_kind: bool| Serving {
        code,
        file: plan.source.file.clone(),
        pos,
        title: plan.title.clone(),
        path: plan.source.path.clone(),
        date: None,
        by_kind,
    };
    let published = || site.plans.iter().filter(|p| !p.source.draft);
    for plan in published() {
        for code in &plan.oit_plan {
            out.push(plan_serving(plan, code.value, code.pos, false));
        }
        for (round, codes) in &plan.oit_rounds {
            let Some(def) = site.config.round(&round.value).filter(|d| plan.is_reported(&d.id)) else { continue };
            for code in codes {
                out.push(report_serving(plan, def, code.value, code.pos, false));
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
                by_kind: false,
            });
        }
    }
    let (Some(catalog), Some(ita_year)) = (&site.catalog, site.ita_year) else { return out };
    let named: BTreeSet<OitCode> = published()
        .flat_map(|p| p.oit_plan.iter().chain(p.oit_rounds.iter().flat_map(|(_, c)| c.iter())))
        .map(|c| c.value)
        .collect();
    for item in catalog.items().filter(|i| !named.contains(&i.code)) {
        for s in &item.serves {
            let fiscal_year = if s.previous_year { ita_year - 1 } else { ita_year };
            let plans = published().filter(|p| {
                p.kind.value == s.kind
                    && p.fiscal_year == fiscal_year
                    && p.oit_plan.is_empty()
                    && p.oit_rounds.is_empty()
            });
            for plan in plans {
                match &s.round {
                    None => out.push(plan_serving(plan, item.code, plan.kind.pos, true)),
                    Some(round) => {
                        let Some(def) = resolve_round(&site.config, round).filter(|d| plan.is_reported(&d.id)) else {
                            continue;
                        };
                        out.push(report_serving(plan, def, item.code, plan.kind.pos, true));
                    }
                }
            }
        }
    }
    out
}

/// Items of the catalogue that no page serves.
pub fn missing<'c>(catalog: &'c Catalog, servings: &[Serving]) -> Vec<&'c Item> {
    let served: BTreeSet<OitCode> = servings.iter().map(|s| s.code).collect();
    catalog.items().filter(|i| !served.contains(&i.code)).collect()
}

/// The catalogue's name for messages: its title, or the ITA year and body.
pub fn describe(catalog: &Catalog) -> String {
    match catalog.year {
        Some(y) => format!("OIT ปี {y} ({})", catalog.body.label()),
        None => catalog.title.clone(),
    }
}

/// One line of coverage: `OIT ปี 2569 (หน่วยงานภาครัฐ): เผยแพร่แล้ว 5 จาก 26 ข้อ`.
pub fn coverage_line(catalog: &Catalog, servings: &[Serving]) -> String {
    let total = catalog.items().count();
    let missing = missing(catalog, servings).len();
    let mut line = format!("{}: เผยแพร่แล้ว {} จาก {} ข้อ", describe(catalog), total - missing, total);
    if missing > 0 {
        line.push_str(&format!(" (ยังไม่มีหน้าเผยแพร่ {missing} ข้อ: ดูรายการด้วย prongsai oit status)"));
    }
    line
}

/// The catalogue's items in its order, each with the pages that serve it or, for a missing
/// one, what the assessor expects — the text of `prongsai oit status`.
pub fn status_text(site: &Site, servings: &[Serving]) -> String {
    let Some(catalog) = &site.catalog else {
        let mut out = String::from("ไม่มีรายการ OIT สำหรับเว็บไซต์นี้ (ดูคำเตือนของ prongsai check)\n");
        let mut codes: Vec<OitCode> = servings.iter().map(|s| s.code).collect();
        codes.sort();
        codes.dedup();
        for code in codes {
            out.push_str(&format!("{code}\n"));
            for s in servings.iter().filter(|s| s.code == code) {
                out.push_str(&format!("    /{}  {}\n", s.path, s.title));
            }
        }
        return out;
    };
    let mut out = format!("{}\n{}\n", catalog.title, coverage_line(catalog, servings));
    for g in &catalog.groups {
        out.push_str(&format!("\n{}\n", g.title));
        for item in &g.items {
            let pages: Vec<&Serving> = servings.iter().filter(|s| s.code == item.code).collect();
            let mark = if pages.is_empty() { "✗" } else { "✓" };
            let unverified = if item.verified { "" } else { " [ยังไม่ยืนยัน]" };
            out.push_str(&format!("  {mark} {} {}{unverified}\n", item.code, item.title_or_unknown()));
            for s in &pages {
                out.push_str(&format!("      /{}  {}\n", s.path, s.title));
            }
            if pages.is_empty() {
                let hint = match (&item.detail, item.serves.first()) {
                    (Some(detail), _) => format!("ผู้ประเมินคาดว่าจะพบ: {detail}"),
                    (None, Some(s)) => serves_hint(s),
                    (None, None) => format!("ใส่ oit: [{}] ในหน้าที่เผยแพร่ข้อมูลนี้", item.code),
                };
                out.push_str(&format!("      → {hint}\n"));
            }
        }
    }
    out
}

/// What to write so that a page serves an item found by kind.
fn serves_hint(s: &Serves) -> String {
    let year = if s.previous_year {
        "ของปีงบประมาณก่อนปีที่ประเมิน"
    } else {
        "ของปีที่ประเมิน"
    };
    match &s.round {
        None => format!("แผนที่มี kind: {} {year}", s.kind.id()),
        Some(round) => format!("รายงานรอบ {round} ของแผนที่มี kind: {} {year} (เมื่อบันทึกผลของรอบนั้นแล้ว)", s.kind.id()),
    }
}

/// Writes a catalogue as a site's own file: the same format as the built-in ones, every item
/// marked `verified: false`, for the ITA year `year`.
pub fn to_site_file(catalog: &Catalog, from: i32, year: i32) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let thai = |n: i32| crate::thai::Numerals::Thai.digits(&n.to_string());
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
                    .map(|s| match &s.round {
                        None => format!(
                            "{{plan: {}{}}}",
                            s.kind.id(),
                            if s.previous_year { ", year: previous" } else { "" }
                        ),
                        Some(r) => format!(
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

#[cfg(test)]
mod tests {
    use super::*;

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
