//! Which page serves which OIT item, for the site's ITA year, and coverage.
//!
//! Pages find their items by what they are: an item's `serves` (in the catalogue) names a plan
//! `kind` and a page (the plan, or one round's report), so a site moves to another ITA year by
//! changing `ita_year` alone; a plain page names its items (`oit: [O1]`).

mod new;

pub use new::{to_site_file, write_site_catalog, NewError};

use crate::diagnostics::Pos;
use crate::model::{Catalog, Item, OitCode, RegisterPage, RoundDef, Serves, Site, SiteConfig};
use jiff::civil::Date;
use std::collections::BTreeSet;
use std::path::PathBuf;

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
    /// An address outside the site (the item's `url:` in the site's own list); `path` is then
    /// empty and `file` the list.
    pub url: Option<String>,
}

impl Serving {
    /// Where the page is, as `oit status` prints it: `/2569/plan/`, or the outside address.
    pub fn shown(&self) -> String {
        match &self.url {
            Some(url) => url.clone(),
            None => format!("/{}", self.path),
        }
    }
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
        date: crate::values::thai::fiscal_date(plan.fiscal_year, def.end_month, def.end_day),
        by_kind,
        url: None,
    };
    let plan_serving = |plan: &crate::model::Plan, code: OitCode, pos: Pos, by_kind: bool| Serving {
        code,
        file: plan.source.file.clone(),
        pos,
        title: plan.title.clone(),
        path: plan.source.path.clone(),
        date: None,
        by_kind,
        url: None,
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
                url: None,
            });
        }
    }
    let (Some(catalog), Some(ita_year)) = (&site.catalog, site.ita_year) else { return out };
    let named: BTreeSet<OitCode> = published()
        .flat_map(|p| p.oit_plan.iter().chain(p.oit_rounds.iter().flat_map(|(_, c)| c.iter())))
        .map(|c| c.value)
        .collect();
    for item in catalog.items() {
        if let Some(url) = &item.url {
            out.push(Serving {
                code: item.code,
                file: site.config.oit_catalog.as_ref().map(|f| PathBuf::from(&f.value)).unwrap_or_default(),
                pos: Pos::new(1, 1),
                title: item.title_or_unknown(),
                path: String::new(),
                date: None,
                by_kind: false,
                url: Some(url.clone()),
            });
        }
    }
    for item in catalog.items().filter(|i| !named.contains(&i.code)) {
        for s in &item.serves {
            let fiscal_year = if s.previous_year { ita_year - 1 } else { ita_year };
            if let Some(page) = s.register {
                out.extend(register_servings(site, page, fiscal_year, item.code));
                continue;
            }
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

/// One line on how sure the list is and where to check it, for the editor (`oit status`,
/// `check`, the preview's `/oit/`): `รายการ OIT ปี 2569 (…): ยืนยันแล้ว 16 จาก 18 ข้อ …`.
/// `built_in`: the list compiled into prongsai (gathered from public web pages) rather than the
/// site's own file.
pub fn confidence_line(catalog: &Catalog, built_in: bool) -> String {
    let total = catalog.items().count();
    let verified = catalog.items().filter(|i| i.verified).count();
    let untitled = catalog.items().filter(|i| i.title.is_none()).count();
    let mut line = format!("รายการ {}: ยืนยันแล้ว {verified} จาก {total} ข้อ", describe(catalog));
    let mut open = Vec::new();
    if verified < total {
        open.push(format!("ยังไม่ยืนยัน {} ข้อ ดูข้อที่มี [ยังไม่ยืนยัน] ใน prongsai oit status", total - verified));
    }
    if untitled > 0 {
        open.push(format!("ยังไม่ทราบชื่อ {untitled} ข้อ"));
    }
    if !open.is_empty() {
        line.push_str(&format!(" ({})", open.join(", ")));
    }
    if built_in {
        line.push_str(" — รายการในโปรแกรมรวบรวมจากเว็บไซต์ของหน่วยงานและสถานศึกษา ไม่ใช่คู่มือทางการ");
    }
    let check_with = match catalog.body {
        crate::model::Body::ObecSchool => "สำนักงานเขตพื้นที่การศึกษา (สพท.) ที่สังกัด และระบบ ITAS ของสำนักงาน ป.ป.ช.",
        crate::model::Body::Agency => "คู่มือการประเมินและระบบ ITAS ของสำนักงาน ป.ป.ช.",
    };
    line.push_str(&format!(": ตรวจรายการกับ{check_with}"));
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
                out.push_str(&format!("    {}  {}\n", s.shown(), s.title));
            }
        }
        return out;
    };
    let mut out = format!(
        "{}\n{}\n{}\n",
        catalog.title,
        coverage_line(catalog, servings),
        confidence_line(catalog, site.config.oit_catalog.is_none())
    );
    if let Some(line) = reports_without_item(site, catalog, servings) {
        out.push_str(&line);
        out.push('\n');
    }
    for g in &catalog.groups {
        out.push_str(&format!("\n{}\n", g.title));
        for item in &g.items {
            let pages: Vec<&Serving> = servings.iter().filter(|s| s.code == item.code).collect();
            let mark = if pages.is_empty() { "✗" } else { "✓" };
            let unverified = if item.verified { "" } else { " [ยังไม่ยืนยัน]" };
            out.push_str(&format!("  {mark} {} {}{unverified}\n", item.code, item.title_or_unknown()));
            for s in &pages {
                out.push_str(&format!("      {}  {}\n", s.shown(), s.title));
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

/// One line when the ITA year's anti-corruption plan has reported rounds whose reports serve no
/// item of the list (an OBEC school's list of 2569 has no 6-month report item): the editor may
/// expect one, and the list has none. A round the list takes from the year before (the annual
/// report) is left out: it is an item of next year's list.
fn reports_without_item(site: &Site, catalog: &Catalog, servings: &[Serving]) -> Option<String> {
    let ita_year = site.ita_year?;
    let served: BTreeSet<&str> = servings.iter().filter(|s| s.url.is_none()).map(|s| s.path.as_str()).collect();
    let mut rounds: Vec<&str> = Vec::new();
    let plans = site.plans.iter().filter(|p| {
        !p.source.draft && p.kind.value == crate::model::PlanKind::AntiCorruption && p.fiscal_year == ita_year
    });
    // A round the list assesses a year late (`year: previous`) is an item of next year's list.
    let next_year = |def: &RoundDef| {
        catalog.items().flat_map(|i| i.serves.iter()).any(|s| {
            s.previous_year
                && s.kind == crate::model::PlanKind::AntiCorruption
                && s.round.as_deref().and_then(|r| resolve_round(&site.config, r)).is_some_and(|r| r.id == def.id)
        })
    };
    for plan in plans {
        for def in site.config.rounds.iter().filter(|d| plan.is_reported(&d.id) && !next_year(d)) {
            let path = format!("{}{}/", plan.source.path, def.id);
            if !served.contains(path.as_str()) && !rounds.contains(&def.name.as_str()) {
                rounds.push(&def.name);
            }
        }
    }
    if rounds.is_empty() {
        return None;
    }
    Some(format!(
        "หมายเหตุ: รายการ {} ไม่มีข้อสำหรับรายงาน{}ของแผนป้องกันการทุจริต (kind: anti-corruption) ปี {ita_year} — หน้ารายงานยังเผยแพร่ในเว็บไซต์ แต่ไม่ใช่ข้อ OIT ของรายการนี้",
        describe(catalog),
        rounds.join(" ")
    ))
}

/// The pages of the procurement registers of `fiscal_year` that serve an item: the register's
/// own page, or its annual report once the year is complete.
fn register_servings(site: &Site, page: RegisterPage, fiscal_year: i32, code: OitCode) -> Vec<Serving> {
    let registers = site.registers.iter().filter(|r| !r.source.draft && r.fiscal_year == fiscal_year);
    registers
        .filter(|r| page == RegisterPage::Register || r.is_complete())
        .map(|r| {
            let (title, path) = match page {
                RegisterPage::Register => (r.title.clone(), r.source.path.clone()),
                RegisterPage::Annual => {
                    let annual = crate::model::RegisterPart::Annual;
                    (annual.title(r, site.config.numerals), format!("{}{}", r.source.path, annual.folder()))
                }
            };
            Serving {
                code,
                file: r.source.file.clone(),
                pos: Pos::new(1, 1),
                title,
                path,
                date: None,
                by_kind: true,
                url: None,
            }
        })
        .collect()
}

/// What to write so that a page serves an item found by kind.
pub fn serves_hint(s: &Serves) -> String {
    let year = if s.previous_year {
        "ของปีงบประมาณก่อนปีที่ประเมิน"
    } else {
        "ของปีที่ประเมิน"
    };
    match s.register {
        Some(RegisterPage::Register) => {
            return format!(
                "ทะเบียนจัดซื้อจัดจ้าง{year}: โฟลเดอร์ที่มี _index.md เป็น type: procurement พร้อมรายการจัดซื้อจัดจ้างใน YAML, CSV หรือ Excel (หน้าสรุปรายเดือน แบบ สขร.๑ คำนวณให้)"
            )
        }
        Some(RegisterPage::Annual) => {
            return format!(
                "รายงานประจำปีของทะเบียนจัดซื้อจัดจ้าง{year} (type: procurement ที่มี through: กันยายน ของปีนั้น)"
            )
        }
        None => {}
    }
    match &s.round {
        None => format!("แผนที่มี kind: {} {year}", s.kind.id()),
        Some(round) => format!("รายงานรอบ {round} ของแผนที่มี kind: {} {year} (เมื่อบันทึกผลของรอบนั้นแล้ว)", s.kind.id()),
    }
}
