//! The content model: plain data read from the site folder, with the positions that the rules
//! point at — the settings, plans with their groups, projects and activities, plain pages, static
//! files and the OIT catalogue in use. No I/O happens here; every stage reads this.

mod catalog;
mod config;
mod kinds;
mod procurement;

pub use catalog::{Catalog, Item, ItemGroup, RegisterPage, Serves};
pub use config::{default_rounds, theme_dirs, Contact, PdfMode, RoundDef, SiteConfig, SETTINGS_FILE};
pub use kinds::{Body, Measure, OitCode, PlanKind, Status, Target};
pub use procurement::{Bid, Method, Month, Place, Placed, ProcurementStatus, Record, Register, RegisterPart};

use crate::diagnostics::Pos;
use crate::values::money::Baht;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it stands in its file.
    pub pos: Pos,
}

impl<T> At<T> {
    /// A value at a position.
    pub fn new(value: T, pos: Pos) -> Self {
        At { value, pos }
    }
}

/// One file of the site's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    /// The file, relative to the site folder.
    pub file: PathBuf,
    /// The output path of its page, relative to the site root: `2565/plan/` (empty for home).
    pub path: String,
    /// Whether it is a draft.
    pub draft: bool,
    /// Order among siblings.
    pub order: Option<i64>,
    /// The Markdown body (shared, not copied, between loads of `serve`).
    pub body: std::sync::Arc<str>,
    /// The line of the file where the body starts (for positions of links in it).
    pub body_line: u32,
    /// Short description (for lists and search engines).
    pub description: Option<String>,
}

/// A plan (`type: plan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Its file, URL and body.
    pub source: Source,
    /// Title.
    pub title: String,
    /// Fiscal year, B.E.
    pub fiscal_year: i32,
    /// What plan this is, and where `kind:` was written (line 1 when it was not).
    pub kind: At<PlanKind>,
    /// OIT items served by the plan page.
    pub oit_plan: Vec<At<OitCode>>,
    /// OIT items served by each round's report, by round id.
    pub oit_rounds: Vec<(At<String>, Vec<At<OitCode>>)>,
    /// Groups between the plan and its projects (มิติ, ยุทธศาสตร์, ภารกิจ), in the order a
    /// reader meets them: each group before its sub-groups and projects.
    pub groups: Vec<Group>,
    /// Projects, in order: in the plan's own order when it has no groups, else in the order of
    /// the group tree (each project's [`Project::group`] tells where it stands).
    pub projects: Vec<Project>,
    /// Narratives of round reports (`reports/<round id>.md`).
    pub narratives: Vec<Narrative>,
    /// Who signs every round's report whose narrative names no signers of its own.
    pub signers: Vec<Signer>,
}

/// A group of projects within a plan (`type: group`); groups may nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its file, URL and body.
    pub source: Source,
    /// Title.
    pub title: String,
    /// The group it stands in (an index into [`Plan::groups`]); `None` directly under the plan.
    pub parent: Option<usize>,
    /// How deep it stands: 0 directly under the plan.
    pub depth: usize,
}

/// The narrative of one round's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    /// Its file and body.
    pub source: Source,
    /// The round id taken from the file name.
    pub round: String,
    /// An optional title.
    pub title: Option<String>,
    /// The date of the report, shown on its cover.
    pub date: Option<Date>,
    /// Who signs the report (none: the plan's signers sign it).
    pub signers: Vec<Signer>,
}

/// One who signs a round's report (ลงชื่อ … (name) position).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    /// Name, shown in brackets under the signature line.
    pub name: String,
    /// Position (ตำแหน่ง), shown under the name.
    pub position: String,
    /// What the signer signs as (ผู้รายงาน, ผู้ตรวจสอบ, ผู้อำนวยการ), after the signature line.
    pub role: Option<String>,
}

/// A person or a unit responsible for a project: a name, a unit, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Person {
    /// Name.
    pub name: Option<String>,
    /// Position.
    pub position: Option<String>,
    /// Unit (กลุ่ม/ฝ่าย).
    pub unit: Option<String>,
}

/// A group of alignment items (ความสอดคล้อง).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Alignment {
    /// The group's title.
    pub title: String,
    /// The items.
    pub items: Vec<String>,
}

/// An indicator with its target (ตัวชี้วัดและค่าเป้าหมาย).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// What is measured.
    pub name: String,
    /// The target: one for the year, or one per round (`{6m: 50, 12m: 100}`; a round without
    /// one uses the last given before it).
    pub target: Option<Target>,
    /// Unit such as ร้อยละ.
    pub unit: Option<String>,
    /// Results by round id.
    pub results: Vec<(At<String>, Measure)>,
}

/// A source of a project's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetSource {
    /// Where the money comes from.
    pub name: String,
    /// How much.
    pub amount: Baht,
}

/// What a project or activity recorded for one round.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoundEntry {
    /// The round id as written.
    pub round: At<String>,
    /// Status at the round (activities; projects without activities).
    pub status: Option<Status>,
    /// ร้อยละ of the work done at the round's end, in hundredths (projects without activities).
    pub progress: Option<At<i64>>,
    /// Committed and unpaid at the round's end (ผูกพัน): not cumulative.
    pub committed: Option<At<Baht>>,
    /// Where `status` was written.
    pub status_pos: Option<Pos>,
    /// When the work of the round was done.
    pub date: Option<At<Date>>,
    /// Paid within the round's own period.
    pub spent: Option<At<Baht>>,
    /// A note.
    pub note: Option<String>,
}

impl Default for At<String> {
    fn default() -> Self {
        At::new(String::new(), Pos::default())
    }
}

/// A project (`type: project`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Its file, URL and body.
    pub source: Source,
    /// Title.
    pub title: String,
    /// Responsible people.
    pub responsible: Vec<Person>,
    /// Objectives (Markdown inline).
    pub objectives: Vec<String>,
    /// Quantitative targets.
    pub targets_quantitative: Vec<String>,
    /// Qualitative targets.
    pub targets_qualitative: Vec<String>,
    /// Alignment with policies and standards.
    pub alignment: Vec<Alignment>,
    /// Outputs.
    pub outputs: Vec<String>,
    /// Outcomes.
    pub outcomes: Vec<String>,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// Approved budget.
    pub approved: Option<At<Baht>>,
    /// Sources of the budget.
    pub sources: Vec<BudgetSource>,
    /// Where `sources` was written.
    pub sources_pos: Pos,
    /// Spending, commitments and (without activities) status and progress recorded for the
    /// whole project, by round.
    pub rounds: Vec<RoundEntry>,
    /// Activities, in order.
    pub activities: Vec<Activity>,
    /// The group it stands in (an index into [`Plan::groups`]), if any.
    pub group: Option<usize>,
}

/// An activity: any other file in a project folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Its file, URL and body.
    pub source: Source,
    /// Title.
    pub title: String,
    /// Budget allocated.
    pub budget: Option<At<Baht>>,
    /// Steps.
    pub steps: Vec<String>,
    /// Per-round status, date, spending and note.
    pub rounds: Vec<RoundEntry>,
}

/// A file offered for download on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Title shown.
    pub title: String,
    /// Path under `static/` as written.
    pub file: At<String>,
}

/// A plain page (any other file under content/).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Its file, URL and body.
    pub source: Source,
    /// Title.
    pub title: String,
    /// OIT items it serves.
    pub oit: Vec<At<OitCode>>,
    /// Its date.
    pub date: Option<Date>,
    /// Files to download.
    pub documents: Vec<Document>,
    /// Whether it is an `_index` file describing its folder.
    pub is_section: bool,
}

/// A file copied to the output as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Where it is read from (absolute, or relative to the working folder).
    pub source: PathBuf,
    /// Its path in the output (`docs/2565/order.pdf`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
}

/// The whole site as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// `site.yaml`.
    pub config: SiteConfig,
    /// Plans, by fiscal year then order.
    pub plans: Vec<Plan>,
    /// Plain pages.
    pub pages: Vec<Page>,
    /// Procurement registers, by fiscal year (newest first) then file.
    pub registers: Vec<Register>,
    /// Files from `static/` and files next to content.
    pub static_files: BTreeMap<String, StaticFile>,
    /// The OIT catalogue in use, if any.
    pub catalog: Option<Catalog>,
    /// The ITA year the site's OIT items are served for: `ita_year` of `site.yaml`, else the
    /// catalogue's year, else the newest fiscal year in content.
    pub ita_year: Option<i32>,
    /// Content files left out of this load because they (or the `_index` of a folder above
    /// them) could not be read; while there are any, checks that compare files with each
    /// other are not made, so that one slip is reported once.
    pub skipped: Vec<PathBuf>,
}

impl Site {
    /// Fiscal years with plans, newest first.
    pub fn fiscal_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.plans.iter().map(|p| p.fiscal_year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }
}

/// The entry recorded for a round, if any.
pub fn entry<'a>(entries: &'a [RoundEntry], round: &str) -> Option<&'a RoundEntry> {
    entries.iter().find(|e| e.round.value == round)
}

impl Plan {
    /// Whether anything was recorded for a round anywhere in the plan: a `rounds` entry of a
    /// project or an activity, an indicator result, or the round's narrative. A round with
    /// nothing recorded is not reported yet: it has no report page and serves no OIT item.
    pub fn is_reported(&self, round: &str) -> bool {
        self.narratives.iter().any(|n| n.round == round)
            || self.projects.iter().any(|p| {
                entry(&p.rounds, round).is_some()
                    || p.activities.iter().any(|a| entry(&a.rounds, round).is_some())
                    || p.indicators.iter().any(|i| i.results.iter().any(|(r, _)| r.value == round))
            })
    }
}

impl Activity {
    /// What the activity paid within a round's own period, if it says.
    pub fn spent_in(&self, round: &str) -> Option<Baht> {
        entry(&self.rounds, round).and_then(|e| e.spent.as_ref()).map(|s| s.value)
    }
}

impl Project {
    /// Whether progress is recorded on the project itself (it has no activities).
    pub fn progress_on_project(&self) -> bool {
        self.activities.is_empty()
    }

    /// The project's own record of spending in a round, if it gives one.
    pub fn own_spent_in(&self, round: &str) -> Option<Baht> {
        entry(&self.rounds, round).and_then(|e| e.spent.as_ref()).map(|s| s.value)
    }

    /// The sum of what the activities say they spent in a round, if any of them says.
    pub fn activities_spent_in(&self, round: &str) -> Option<Baht> {
        let spent: Vec<Baht> = self.activities.iter().filter_map(|a| a.spent_in(round)).collect();
        (!spent.is_empty()).then(|| spent.into_iter().sum())
    }

    /// What the project spent in a round: its own figure when given, else its activities'.
    pub fn spent_in(&self, round: &str) -> Baht {
        self.own_spent_in(round).or_else(|| self.activities_spent_in(round)).unwrap_or_default()
    }
}

/// Every page written from a content file, with its path and file: plans, projects, activities
/// and plain pages (not the pages made from them: reports, folders, the OIT index).
pub fn page_sources(site: &Site) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for plan in &site.plans {
        out.push((plan.source.path.clone(), plan.source.file.clone()));
        for g in &plan.groups {
            out.push((g.source.path.clone(), g.source.file.clone()));
        }
        for p in &plan.projects {
            out.push((p.source.path.clone(), p.source.file.clone()));
            for a in &p.activities {
                out.push((a.source.path.clone(), a.source.file.clone()));
            }
        }
    }
    for page in &site.pages {
        out.push((page.source.path.clone(), page.source.file.clone()));
    }
    for register in &site.registers {
        out.push((register.source.path.clone(), register.source.file.clone()));
    }
    out
}

/// The source of every page, plan part and register of `site` (plans with their narratives,
/// groups, projects and activities; pages; registers with their narratives).
pub fn sources(site: &Site) -> Vec<&Source> {
    let mut out = Vec::new();
    for plan in &site.plans {
        out.push(&plan.source);
        out.extend(plan.narratives.iter().map(|n| &n.source));
        out.extend(plan.groups.iter().map(|g| &g.source));
        for p in &plan.projects {
            out.push(&p.source);
            out.extend(p.activities.iter().map(|a| &a.source));
        }
    }
    out.extend(site.pages.iter().map(|p| &p.source));
    for register in &site.registers {
        out.push(&register.source);
        out.extend(register.narrative.iter().map(|n| &n.source));
    }
    out
}

/// [`sources`], to change in place.
pub fn sources_mut(site: &mut Site) -> Vec<&mut Source> {
    let mut out = Vec::new();
    for plan in &mut site.plans {
        out.push(&mut plan.source);
        out.extend(plan.narratives.iter_mut().map(|n| &mut n.source));
        out.extend(plan.groups.iter_mut().map(|g| &mut g.source));
        for p in &mut plan.projects {
            out.push(&mut p.source);
            out.extend(p.activities.iter_mut().map(|a| &mut a.source));
        }
    }
    out.extend(site.pages.iter_mut().map(|p| &mut p.source));
    for register in &mut site.registers {
        out.push(&mut register.source);
        out.extend(register.narrative.iter_mut().map(|n| &mut n.source));
    }
    out
}

/// Who signs a plan's report for a round: the narrative's signers, else the plan's.
pub fn report_signers<'p>(plan: &'p Plan, round: &str) -> &'p [Signer] {
    match plan.narratives.iter().find(|n| n.round == round) {
        Some(n) if !n.signers.is_empty() => &n.signers,
        _ => &plan.signers,
    }
}

/// The title of a plan's report for a round: the narrative's own title, or one made from the
/// plan's title and the round's name.
pub fn report_title(plan: &Plan, round: &RoundDef) -> String {
    plan.narratives
        .iter()
        .find(|n| n.round == round.id)
        .and_then(|n| n.title.clone())
        .unwrap_or_else(|| format!("รายงานผลการดำเนินงานตาม{} {}", plan.title, round.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_ids_and_thai() {
        assert_eq!(Status::parse("done"), Some(Status::Done));
        assert_eq!(Status::parse("in_progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("ดำเนินการแล้ว"), Some(Status::Done));
        assert_eq!(Status::parse("อยู่ระหว่างการดำเนินการ"), Some(Status::InProgress));
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn oit_codes() {
        assert_eq!(OitCode::parse("o40"), Some(OitCode(40)));
        assert_eq!(OitCode::parse("O๔๐").map(|c| c.to_string()), Some("O40".into()));
        assert_eq!(OitCode::parse("40"), None);
        assert_eq!(OitCode::parse("OX"), None);
    }

    #[test]
    fn base_path_of_sub_path_site() {
        let mut c = crate::load::site_yaml::tests::minimal();
        c.base_url = "https://example.go.th/ita/".into();
        assert_eq!(c.base_path(), "/ita/");
        c.base_url = "https://example.go.th/".into();
        assert_eq!(c.base_path(), "/");
    }
}
