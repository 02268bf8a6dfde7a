//! The content model: plain data read from the site folder, with the positions that the
//! validation rules point at. No I/O happens here.

use crate::money::Baht;
use crate::yaml::Pos;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt;
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

/// The settings of `site.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The agency's name.
    pub title: String,
    /// The bodies the agency belongs to, shown under its name.
    pub parents: Vec<String>,
    /// A short description of the site, for search engines.
    pub description: Option<String>,
    /// The public address, always ending in `/` (`https://example.go.th/ita/`).
    pub base_url: String,
    /// Digits used in every page.
    pub numerals: crate::thai::Numerals,
    /// The ITA assessment year whose OIT catalogue the site follows (`None`: the newest fiscal
    /// year in content).
    pub ita_year: Option<At<i32>>,
    /// Which list of that year: the agencies' or the OBEC schools'.
    pub ita_body: At<Body>,
    /// A catalogue file of the site's own, relative to the site folder.
    pub oit_catalog: Option<At<String>>,
    /// The theme folder under `themes/` whose templates override the built-in ones.
    pub theme: Option<At<String>>,
    /// How to reach the agency.
    pub contact: Contact,
    /// The reporting rounds of a fiscal year, in order.
    pub rounds: Vec<RoundDef>,
    /// Whether raw HTML written in Markdown is published as is (off by default: it is shown
    /// as text, so that nobody can put a script on the agency's site by accident).
    pub allow_html: bool,
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/` (`/ita/`).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map(|(_, r)| r).unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// The round with this id.
    pub fn round(&self, id: &str) -> Option<&RoundDef> {
        self.rounds.iter().find(|r| r.id == id)
    }
}

/// The theme folders of a site, in the order they override the built-in theme: the site's
/// own `themes/default/` (overriding a built-in template needs no `theme:` key), then the theme
/// named in `site.yaml`.
pub fn theme_dirs(root: &std::path::Path, theme: Option<&str>) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("themes").join("default")];
    if let Some(t) = theme.filter(|t| *t != "default") {
        dirs.push(root.join("themes").join(t));
    }
    dirs
}

/// Contact details of the agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    /// Postal address.
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Website or social page.
    pub website: Option<String>,
}

/// One reporting round of the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundDef {
    /// The id used in content (`6m`).
    pub id: String,
    /// The name shown (`รอบ ๖ เดือน`).
    pub name: String,
    /// The month and day the round ends (`03-31`).
    pub end_month: i8,
    /// See `end_month`.
    pub end_day: i8,
}

/// The default rounds: 6, 9 and 12 months of the fiscal year.
pub fn default_rounds() -> Vec<RoundDef> {
    vec![
        RoundDef { id: "6m".into(), name: "รอบ ๖ เดือน".into(), end_month: 3, end_day: 31 },
        RoundDef { id: "9m".into(), name: "รอบ ๙ เดือน".into(), end_month: 6, end_day: 30 },
        RoundDef { id: "12m".into(), name: "รอบ ๑๒ เดือน".into(), end_month: 9, end_day: 30 },
    ]
}

/// Who is assessed: each kind of body has its own OIT list in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Body {
    /// Government agencies (หน่วยงานภาครัฐ), the default.
    #[default]
    Agency,
    /// Schools under OBEC (สถานศึกษาสังกัด สพฐ.), assessed on their own, shorter list.
    ObecSchool,
}

impl Body {
    /// Every body, in the order they are listed to editors.
    pub const ALL: [Body; 2] = [Body::Agency, Body::ObecSchool];

    /// The id written in `site.yaml` and catalogues.
    pub fn id(self) -> &'static str {
        match self {
            Body::Agency => "agency",
            Body::ObecSchool => "obec-school",
        }
    }

    /// The Thai name.
    pub fn label(self) -> &'static str {
        match self {
            Body::Agency => "หน่วยงานภาครัฐ",
            Body::ObecSchool => "สถานศึกษาสังกัด สพฐ.",
        }
    }

    /// Reads an id or a Thai name.
    pub fn parse(text: &str) -> Option<Body> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '_'], "-");
        Body::ALL.into_iter().find(|b| b.id() == lower || b.label() == t).or(match lower.as_str() {
            "school" | "obec" | "สถานศึกษา" | "โรงเรียน" => Some(Body::ObecSchool),
            "หน่วยงาน" => Some(Body::Agency),
            _ => None,
        })
    }
}

/// What a plan is, so that every year's OIT catalogue can find its pages by what they are
/// rather than by a number written in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum PlanKind {
    /// แผนปฏิบัติการป้องกันการทุจริต
    AntiCorruption,
    /// แผนปฏิบัติการ / แผนดำเนินงานและการใช้จ่ายงบประมาณประจำปี
    Operations,
    /// แผนการจัดซื้อจัดจ้าง
    Procurement,
    /// แผนการบริหารและพัฒนาทรัพยากรบุคคล
    Hr,
    /// แผนบริหารจัดการความเสี่ยงการทุจริต
    Risk,
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใส
    Integrity,
    /// Any other plan (the default).
    #[default]
    Other,
}

impl PlanKind {
    /// Every kind, in the order they are listed to editors.
    pub const ALL: [PlanKind; 7] = [
        PlanKind::AntiCorruption,
        PlanKind::Operations,
        PlanKind::Procurement,
        PlanKind::Hr,
        PlanKind::Risk,
        PlanKind::Integrity,
        PlanKind::Other,
    ];

    /// The id written in content and catalogues.
    pub fn id(self) -> &'static str {
        match self {
            PlanKind::AntiCorruption => "anti-corruption",
            PlanKind::Operations => "operations",
            PlanKind::Procurement => "procurement",
            PlanKind::Hr => "hr",
            PlanKind::Risk => "risk",
            PlanKind::Integrity => "integrity",
            PlanKind::Other => "other",
        }
    }

    /// The Thai name, also accepted as a value.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::AntiCorruption => "แผนปฏิบัติการป้องกันการทุจริต",
            PlanKind::Operations => "แผนปฏิบัติการ",
            PlanKind::Procurement => "แผนการจัดซื้อจัดจ้าง",
            PlanKind::Hr => "แผนการบริหารและพัฒนาทรัพยากรบุคคล",
            PlanKind::Risk => "แผนบริหารจัดการความเสี่ยงการทุจริต",
            PlanKind::Integrity => "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            PlanKind::Other => "อื่น ๆ",
        }
    }

    /// Reads an id or a Thai name (also the common other names of each plan).
    pub fn parse(text: &str) -> Option<PlanKind> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '_'], "-");
        PlanKind::ALL.into_iter().find(|k| k.id() == lower || k.label() == t).or(match t {
            "แผนดำเนินงาน" | "แผนปฏิบัติราชการ" | "แผนดำเนินงานและการใช้จ่ายงบประมาณประจำปี" | "แผนปฏิบัติการประจำปี" => {
                Some(PlanKind::Operations)
            }
            "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ" | "แผนการจัดหาพัสดุ" => {
                Some(PlanKind::Procurement)
            }
            "แผนการบริหารทรัพยากรบุคคล" | "แผนพัฒนาบุคลากร" => {
                Some(PlanKind::Hr)
            }
            "แผนบริหารความเสี่ยงการทุจริต" | "แผนบริหารความเสี่ยง" => {
                Some(PlanKind::Risk)
            }
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" => {
                Some(PlanKind::Integrity)
            }
            "แผนป้องกันการทุจริต" | "แผนปฏิบัติการป้องกันและปราบปรามการทุจริต" => {
                Some(PlanKind::AntiCorruption)
            }
            "อื่นๆ" => Some(PlanKind::Other),
            _ => None,
        })
    }
}

/// An OIT item code such as `O40`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OitCode(pub u32);

impl OitCode {
    /// Reads `O40` or `o40`.
    pub fn parse(text: &str) -> Option<OitCode> {
        let t = crate::thai::to_arabic_digits(text.trim());
        let rest = t.strip_prefix('O').or_else(|| t.strip_prefix('o'))?;
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest.parse().ok().map(OitCode)
    }
}

impl fmt::Display for OitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "O{}", self.0)
    }
}

/// The state of an activity at a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// ยังไม่ดำเนินการ
    NotStarted,
    /// อยู่ระหว่างดำเนินการ
    InProgress,
    /// ดำเนินการแล้ว
    Done,
    /// ยกเลิก
    Cancelled,
}

impl Status {
    /// Every status, in the order they are listed to editors.
    pub const ALL: [Status; 4] = [Status::Done, Status::InProgress, Status::NotStarted, Status::Cancelled];

    /// The id written in content.
    pub fn id(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// The Thai label.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "ยังไม่ดำเนินการ",
            Status::InProgress => "อยู่ระหว่างดำเนินการ",
            Status::Done => "ดำเนินการแล้ว",
            Status::Cancelled => "ยกเลิก",
        }
    }

    /// Reads an id or a Thai label (also the common spellings of the labels).
    pub fn parse(text: &str) -> Option<Status> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '-'], "_");
        Status::ALL.into_iter().find(|s| s.id() == lower || s.label() == t).or(match t {
            "อยู่ระหว่างการดำเนินการ" | "กำลังดำเนินการ" => {
                Some(Status::InProgress)
            }
            "ดำเนินการเสร็จแล้ว" | "เสร็จสิ้น" => {
                Some(Status::Done)
            }
            "ยังไม่ได้ดำเนินการ" => Some(Status::NotStarted),
            "ยกเลิกแล้ว" => Some(Status::Cancelled),
            _ => None,
        })
    }

    /// How far along the status is, for "a status that goes back" (cancelled is terminal).
    pub fn progress(self) -> u8 {
        match self {
            Status::NotStarted => 0,
            Status::InProgress => 1,
            Status::Done | Status::Cancelled => 2,
        }
    }
}

/// A number with its text, or free text: indicator targets and results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// A number, in hundredths (so that 80.5 compares exactly).
    Number(i64),
    /// Free text such as "เพิ่มขึ้นร้อยละ ๕".
    Text(String),
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

/// An indicator's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The same target at every round.
    Year(Measure),
    /// A target per round id, as written.
    PerRound(Vec<(At<String>, Measure)>),
}

impl Target {
    /// The target at the round `rounds[index]`: its own, or the last given before it.
    pub fn at(&self, rounds: &[RoundDef], index: usize) -> Option<&Measure> {
        match self {
            Target::Year(m) => Some(m),
            Target::PerRound(list) => rounds[..=index.min(rounds.len().saturating_sub(1))]
                .iter()
                .rev()
                .find_map(|r| list.iter().find(|(id, _)| id.value == r.id).map(|(_, m)| m)),
        }
    }
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
    /// Files from `static/` and files next to content.
    pub static_files: BTreeMap<String, StaticFile>,
    /// The OIT catalogue in use, if any.
    pub catalog: Option<crate::oit::Catalog>,
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
    out
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
        let mut c = crate::config::tests::minimal();
        c.base_url = "https://example.go.th/ita/".into();
        assert_eq!(c.base_path(), "/ita/");
        c.base_url = "https://example.go.th/".into();
        assert_eq!(c.base_path(), "/");
    }
}
