//! Stage 2, check: the contract's rules that look across fields and files, on the typed model.
//!
//! Enters: a [`Site`] and its link [`Targets`]. Leaves: findings (errors
//! stop a build, warnings do not) about rounds, OIT codes and coverage, budgets and commitments,
//! links and documents, URLs, dates and statuses, each naming the file, line, column and field.

mod body_links;
mod procurement;

pub use body_links::{recheck_bodies, LinkCache};

use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::Targets;
use crate::model::*;
use crate::report;
use crate::values::money::Baht;
use std::collections::BTreeMap;
use std::path::Path;

/// Checks the whole site against its link targets ([`Targets::of_site`]), reusing from `cache`
/// (when given) the link findings of bodies that have not changed.
pub fn check(site: &Site, targets: &Targets, cache: Option<&LinkCache>) -> Diagnostics {
    let mut d = Diagnostics::new();
    let round_ids: Vec<&str> = site.config.rounds.iter().map(|r| r.id.as_str()).collect();
    for plan in &site.plans {
        check_plan(site, plan, &round_ids, &mut d);
    }
    for page in &site.pages {
        check_page(site, page, &mut d);
    }
    for register in &site.registers {
        procurement::check(register, &mut d);
    }
    for x in body_links::check_bodies(site, targets, cache) {
        d.push(x);
    }
    check_unique_urls(site, &mut d);
    check_oit(site, &mut d);
    check_base_url(site, &mut d);
    d.sort();
    d
}

fn unknown_round(file: &Path, pos: Pos, field: &str, id: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(file, pos, Some(field), format!("ไม่รู้จักรอบ \"{id}\""));
    match crate::diagnostics::nearest(id, known) {
        Some(n) => d.with_help(format!("หมายถึง \"{n}\" หรือไม่? รอบที่ใช้ได้: {}", known.join(", "))),
        None => d.with_help(format!("รอบที่ใช้ได้ (ตาม rounds ใน site.yaml): {}", known.join(", "))),
    }
}

fn check_oit_code(site: &Site, file: &Path, code: &At<OitCode>, field: &str, d: &mut Diagnostics) {
    let Some(catalog) = &site.catalog else { return };
    if catalog.item(code.value).is_none() {
        let last = catalog.items().last().map(|i| i.code.to_string()).unwrap_or_default();
        let first = catalog.items().next().map(|i| i.code.to_string()).unwrap_or_default();
        d.push(
            Diagnostic::error(file, code.pos, Some(field), format!("ไม่มีรหัส OIT {} ใน{}", code.value, catalog.title))
                .with_help(format!("รหัสที่มีใน{}: {first}–{last}", crate::oit::describe(catalog))),
        );
    }
}

fn check_plan(site: &Site, plan: &Plan, round_ids: &[&str], d: &mut Diagnostics) {
    let file = &plan.source.file;
    for code in &plan.oit_plan {
        check_oit_code(site, file, code, "oit.plan", d);
    }
    for (round, codes) in &plan.oit_rounds {
        let field = format!("oit.{}", round.value);
        if !round_ids.contains(&round.value.as_str()) {
            d.push(unknown_round(file, round.pos, &field, &round.value, round_ids));
        }
        for code in codes {
            check_oit_code(site, file, code, &field, d);
        }
    }
    for n in &plan.narratives {
        if !round_ids.contains(&n.round.as_str()) {
            d.push(unknown_round(&n.source.file, Pos::new(1, 1), "ชื่อไฟล์", &n.round, round_ids).with_help(format!(
                "ไฟล์บรรยายของรายงานต้องชื่อตามรหัสรอบ เช่น reports/6m.md; รอบที่ใช้ได้: {}",
                round_ids.join(", ")
            )));
        }
    }
    let periods = report::periods(&site.config, plan.fiscal_year);
    for p in &plan.projects {
        check_project(site, plan, p, round_ids, &periods, d);
    }
}

fn check_rounds(
    file: &Path,
    entries: &[RoundEntry],
    round_ids: &[&str],
    periods: &[report::Period],
    fy: i32,
    d: &mut Diagnostics,
) {
    for e in entries {
        let id = &e.round.value;
        if !round_ids.contains(&id.as_str()) {
            d.push(unknown_round(file, e.round.pos, &format!("rounds.{id}"), id, round_ids));
            continue;
        }
        let (Some(date), Some(period)) = (&e.date, periods.iter().find(|p| &p.round.id == id)) else { continue };
        let field = format!("rounds.{id}.date");
        let nf = crate::values::thai::Numerals::Thai;
        if date.value < period.year_start || date.value > periods.last().map(|p| p.end).unwrap_or(period.end) {
            d.push(
                Diagnostic::warning(
                    file,
                    date.pos,
                    Some(&field),
                    format!(
                        "วันที่ {} อยู่นอกปีงบประมาณ {} ({} – {})",
                        nf.date(date.value),
                        nf.digits(&fy.to_string()),
                        nf.date(period.year_start),
                        nf.date(periods.last().map(|p| p.end).unwrap_or(period.end))
                    ),
                )
                .in_group(crate::diagnostics::ROUND_DATE),
            );
        } else if date.value > period.end {
            d.push(
                Diagnostic::warning(
                    file,
                    date.pos,
                    Some(&field),
                    format!("วันที่ {} อยู่หลังวันสิ้นสุด{} ({})", nf.date(date.value), period.round.name, nf.date(period.end)),
                )
                .with_help("ตรวจว่าบันทึกไว้ถูกรอบหรือไม่: งานที่ทำหลังสิ้นรอบควรอยู่ในรอบถัดไป")
                .in_group(crate::diagnostics::ROUND_DATE),
            );
        }
    }
}

fn check_project(
    site: &Site,
    plan: &Plan,
    p: &Project,
    round_ids: &[&str],
    periods: &[report::Period],
    d: &mut Diagnostics,
) {
    let file = &p.source.file;
    let fy = plan.fiscal_year;
    check_rounds(file, &p.rounds, round_ids, periods, fy, d);
    for (i, ind) in p.indicators.iter().enumerate() {
        let targets = match &ind.target {
            Some(Target::PerRound(list)) => list.iter().map(|(r, _)| ("target", r)).collect(),
            _ => Vec::new(),
        };
        for (what, round) in ind.results.iter().map(|(r, _)| ("results", r)).chain(targets) {
            if !round_ids.contains(&round.value.as_str()) {
                let field = format!("indicators[{}].{what}.{}", i + 1, round.value);
                d.push(unknown_round(file, round.pos, &field, &round.value, round_ids));
            }
        }
    }
    // Status and progress belong to the activities of a project that has them.
    if !p.activities.is_empty() {
        for e in &p.rounds {
            let own = [("status", e.status_pos), ("progress", e.progress.as_ref().map(|x| x.pos))];
            for (key, pos) in own.into_iter().filter_map(|(k, pos)| pos.map(|p| (k, p))) {
                d.push(
                    Diagnostic::error(
                        file,
                        pos,
                        Some(&format!("rounds.{}.{key}", e.round.value)),
                        format!("โครงการนี้มีกิจกรรม {} กิจกรรม: สถานะและความก้าวหน้ามาจากกิจกรรม ไม่ใช่จากโครงการ", p.activities.len()),
                    )
                    .with_help(format!(
                        "ลบ {key} ออกจาก rounds ของโครงการ แล้วบันทึก status ในไฟล์ของแต่ละกิจกรรม (ใส่ spent และ committed ที่โครงการได้)"
                    )),
                );
            }
        }
    }
    let nf = site.config.numerals;
    let baht = |b: Baht| format!("{} บาท", nf.baht(b));
    // " และผูกพันอีก …" after a sum spent, when something is committed.
    let and_committed = |c: Baht| {
        if c > Baht::ZERO {
            format!(" และผูกพันอีก {}", baht(c))
        } else {
            String::new()
        }
    };
    // Sources must add up to the approved budget.
    if !p.sources.is_empty() {
        let sum: Baht = p.sources.iter().map(|s| s.amount).sum();
        match &p.approved {
            Some(approved) if approved.value != sum => d.push(
                Diagnostic::error(
                    file,
                    p.sources_pos,
                    Some("budget.sources"),
                    format!("แหล่งงบประมาณรวมกันได้ {} แต่งบที่ได้รับอนุมัติ (approved) คือ {}", baht(sum), baht(approved.value)),
                )
                .with_help("แก้จำนวนเงินของแต่ละแหล่ง หรือ approved ให้ตรงกัน"),
            ),
            None => d.push(Diagnostic::error(
                file,
                p.sources_pos,
                Some("budget.approved"),
                "มีแหล่งงบประมาณ (sources) แต่ไม่ได้ระบุงบที่ได้รับอนุมัติ (approved)",
            )),
            _ => {}
        }
    }
    // The project's own figure and its activities' sum must agree in every round.
    for r in &site.config.rounds {
        if let (Some(own), Some(acts)) = (p.own_spent_in(&r.id), p.activities_spent_in(&r.id)) {
            if own != acts {
                let pos = entry(&p.rounds, &r.id).and_then(|e| e.spent.as_ref()).map(|s| s.pos).unwrap_or_default();
                d.push(
                    Diagnostic::error(
                        file,
                        pos,
                        Some(&format!("rounds.{}.spent", r.id)),
                        format!("{}: โครงการบันทึกว่าใช้จ่าย {} แต่กิจกรรมรวมกันได้ {}", r.name, baht(own), baht(acts)),
                    )
                    .with_help("ให้ตัวเลขตรงกัน หรือบันทึกการใช้จ่ายไว้ที่เดียว (ที่โครงการ หรือที่กิจกรรม)"),
                );
            }
        }
    }
    if let Some(approved) = &p.approved {
        // At every round's end, what was paid so far plus what is committed fits the budget.
        let rounds = &site.config.rounds;
        let over = (0..rounds.len())
            .map(|i| (i, report::project_money(p, rounds, i)))
            .find(|(_, m)| m.spent_to_date + m.committed > approved.value);
        if let Some((i, m)) = over {
            let committed = and_committed(m.committed);
            d.push(
                Diagnostic::error(
                    file,
                    approved.pos,
                    Some("budget.approved"),
                    format!(
                        "ณ สิ้น{} ใช้จ่ายสะสม {}{committed} เกินงบที่ได้รับอนุมัติ {}",
                        rounds[i].name,
                        baht(m.spent_to_date),
                        baht(approved.value)
                    ),
                )
                .with_help("ตรวจจำนวนเงินที่ใช้จ่าย (spent) และผูกพัน (committed) ในแต่ละรอบ หรือแก้งบที่ได้รับอนุมัติ"),
            );
        }
        let allocations: Vec<(&Activity, &At<Baht>)> =
            p.activities.iter().filter_map(|a| a.budget.as_ref().map(|b| (a, b))).collect();
        let allocated: Baht = allocations.iter().map(|(_, b)| b.value).sum();
        if allocated > approved.value {
            let each: Vec<String> = allocations
                .iter()
                .map(|(a, b)| {
                    format!("{}:{}:{} ({})", a.source.file.display(), b.pos.line, b.pos.column, baht(b.value))
                })
                .collect();
            d.push(
                Diagnostic::error(
                    file,
                    approved.pos,
                    Some("budget.approved"),
                    format!(
                        "กิจกรรมได้รับจัดสรรงบ (budget) รวมกัน {} เกินงบของโครงการ {} อยู่ {}",
                        baht(allocated),
                        baht(approved.value),
                        baht(allocated - approved.value)
                    ),
                )
                .with_help(format!(
                    "แก้ช่อง budget ของกิจกรรมเหล่านี้ หรือแก้งบของโครงการ: {}",
                    each.join(", ").replace('\\', "/")
                )),
            );
        }
    }
    // An activity spends (and commits) no more than its own allocation.
    for a in &p.activities {
        let Some(budget) = &a.budget else { continue };
        let mut to_date = Baht::ZERO;
        for r in &site.config.rounds {
            let Some(e) = entry(&a.rounds, &r.id) else { continue };
            to_date += e.spent.as_ref().map(|s| s.value).unwrap_or_default();
            let committed = e.committed.as_ref().map(|c| c.value).unwrap_or_default();
            if to_date + committed > budget.value {
                let (key, pos) = match (&e.spent, &e.committed) {
                    (Some(s), _) => ("spent", s.pos),
                    (None, Some(c)) => ("committed", c.pos),
                    (None, None) => ("spent", e.round.pos),
                };
                let with_committed = and_committed(committed);
                d.push(
                    Diagnostic::error(
                        &a.source.file,
                        pos,
                        Some(&format!("rounds.{}.{key}", r.id)),
                        format!(
                            "ณ สิ้น{} กิจกรรมใช้จ่ายสะสม {}{with_committed} เกินงบที่จัดสรรให้กิจกรรม {}",
                            r.name,
                            baht(to_date),
                            baht(budget.value)
                        ),
                    )
                    .with_help(format!(
                        "ตรวจ spent และ committed ในไฟล์นี้ หรือแก้ budget ของกิจกรรม (บรรทัด {})",
                        budget.pos.line
                    )),
                );
                break;
            }
        }
    }
    for a in &p.activities {
        let afile = &a.source.file;
        check_rounds(afile, &a.rounds, round_ids, periods, fy, d);
        let mut best: Option<(Status, &RoundEntry)> = None;
        for r in &site.config.rounds {
            let Some(e) = entry(&a.rounds, &r.id) else { continue };
            let Some(status) = e.status else { continue };
            if let Some((prev, prev_entry)) = best {
                if status.progress() < prev.progress() {
                    d.push(
                        Diagnostic::warning(
                            afile,
                            e.round.pos,
                            Some(&format!("rounds.{}.status", r.id)),
                            format!(
                                "สถานะย้อนกลับ: รอบ {} เป็น \"{}\" แต่รอบนี้เป็น \"{}\"",
                                prev_entry.round.value,
                                prev.label(),
                                status.label()
                            ),
                        )
                        .in_group(crate::diagnostics::STATUS_BACK),
                    );
                }
            }
            if best.is_none_or(|(prev, _)| status.progress() >= prev.progress()) {
                best = Some((status, e));
            }
        }
    }
}

fn check_page(site: &Site, page: &Page, d: &mut Diagnostics) {
    let file = &page.source.file;
    for code in &page.oit {
        check_oit_code(site, file, code, "oit", d);
    }
    for (i, doc) in page.documents.iter().enumerate() {
        let field = format!("documents[{}].file", i + 1);
        match crate::links::document_path(&doc.file.value) {
            None => d.push(
                Diagnostic::error(
                    file,
                    doc.file.pos,
                    Some(&field),
                    format!("ที่อยู่ไฟล์ \"{}\" ออกนอกโฟลเดอร์ของเว็บไซต์", doc.file.value),
                )
                .with_help("วางไฟล์ไว้ใน static/ แล้วเขียนที่อยู่จากโฟลเดอร์ static/ เช่น docs/2565/order.pdf"),
            ),
            Some(path) if !site.static_files.contains_key(&path) => d.push(
                Diagnostic::error(file, doc.file.pos, Some(&field), format!("ไม่พบไฟล์ static/{path}"))
                    .with_help("ตรวจชื่อไฟล์ (ตัวพิมพ์เล็ก-ใหญ่ต้องตรงกัน) และว่าไฟล์อยู่ในโฟลเดอร์ static/ แล้ว"),
            ),
            Some(_) => {}
        }
    }
}

fn check_unique_urls(site: &Site, d: &mut Diagnostics) {
    let mut seen: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut all = page_sources(site);
    for plan in &site.plans {
        for r in &site.config.rounds {
            all.push((format!("{}{}/", plan.source.path, r.id), plan.source.file.clone()));
        }
    }
    for (path, file) in all {
        let key = path.to_lowercase();
        if let Some(first) = seen.get(&key) {
            let shown = format!("/{path}");
            d.push(
                Diagnostic::error(
                    &file,
                    Pos::new(1, 1),
                    None,
                    format!("หน้านี้จะถูกเขียนไปที่ {shown} ซึ่งซ้ำกับ {}", first.display()),
                )
                .with_help("เปลี่ยนชื่อไฟล์หรือโฟลเดอร์ใดโฟลเดอร์หนึ่ง (รายงานแต่ละรอบใช้ที่อยู่ <แผน>/<รหัสรอบ>/)"),
            );
        } else {
            seen.insert(key, file);
        }
    }
}

/// A `base_url` still the example's ends up in urls.csv, the sitemap and the feed: say so.
fn check_base_url(site: &Site, d: &mut Diagnostics) {
    let host = site.config.base_url.split("://").nth(1).unwrap_or_default().split('/').next().unwrap_or_default();
    let example = host == "example.go.th" || host.ends_with(".example") || host.starts_with("example.");
    if example {
        d.push(
            Diagnostic::warning(
                Path::new(SETTINGS_FILE),
                Pos::new(1, 1),
                Some("base_url"),
                format!(
                    "base_url ยังเป็นที่อยู่ตัวอย่าง ({}) ซึ่งจะไปอยู่ใน urls.csv แผนผังเว็บไซต์ และ feed.xml",
                    site.config.base_url
                ),
            )
            .with_help("ใส่ที่อยู่เว็บไซต์จริงของหน่วยงานก่อนเผยแพร่ เช่น base_url: https://www.หน่วยงาน.go.th/ita/"),
        );
    }
}

/// The site-wide OIT findings: coverage as one summary line, items whose title is not known,
/// and an ITA year far from the content.
fn check_oit(site: &Site, d: &mut Diagnostics) {
    let settings = Path::new(crate::model::SETTINGS_FILE);
    let year_pos = site.config.ita_year.as_ref().map(|y| y.pos).unwrap_or(Pos::new(1, 1));
    if let (Some(ita), Some(newest)) = (site.ita_year, site.fiscal_years().first().copied()) {
        if (ita - newest).abs() > 1 {
            d.push(
                Diagnostic::warning(
                    settings,
                    year_pos,
                    Some("ita_year"),
                    format!("ปีที่ประเมิน (ITA) {ita} ห่างจากปีงบประมาณล่าสุดในเนื้อหา ({newest}) เกินหนึ่งปี"),
                )
                .with_help(format!(
                    "ITA ปี {ita} ดูแผนของปีงบประมาณ {ita} และรายงานผลของปี {}: แก้ ita_year ให้ตรงกับปีที่จะประเมิน",
                    ita - 1
                )),
            );
        }
    }
    let Some(catalog) = &site.catalog else { return };
    let untitled: Vec<String> = catalog.items().filter(|i| i.title.is_none()).map(|i| i.code.to_string()).collect();
    if !untitled.is_empty() {
        let help = match (&site.config.oit_catalog, catalog.year) {
            // The site's own list: the title goes into it, at the item.
            (Some(own), _) => format!(
                "เมื่อทราบชื่อแล้ว แก้ title: null ของข้อ {} ในไฟล์ {} เป็นชื่อตามประกาศ — ดู docs/oit.md",
                untitled.join(", "),
                own.value
            ),
            // A built-in list: a site file that changes only those items.
            (None, Some(y)) => format!(
                "เมื่อทราบชื่อแล้ว ใส่ในไฟล์รายการของหน่วยงาน {file} (และ oit_catalog: {file} ใน site.yaml): base: {y} / items: / - {{code: {}, title: ชื่อข้อตามประกาศ}} — ดู docs/oit.md",
                untitled[0],
                file = crate::load::catalog::SITE_FILE
            ),
            (None, None) => "ใส่ชื่อข้อตามประกาศในไฟล์รายการของหน่วยงาน — ดู docs/oit.md".to_string(),
        };
        d.push(
            Diagnostic::warning(
                settings,
                year_pos,
                Some("ita_year"),
                format!("{} ยังไม่ทราบชื่อทางการของข้อ {}", crate::oit::describe(catalog), untitled.join(", ")),
            )
            .with_help(help),
        );
    }
    let servings = crate::oit::servings(site);
    if !crate::oit::missing(catalog, &servings).is_empty() {
        d.push(
            Diagnostic::warning(settings, Pos::default(), None, crate::oit::coverage_line(catalog, &servings))
                .in_group(COVERAGE),
        );
    }
}

pub use crate::diagnostics::COVERAGE;
