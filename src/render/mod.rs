//! Stage 4, render: every output file as bytes, from the model, the figures of [`crate::report`]
//! and the theme's Tera templates (built in, overridden by the site's `themes/`).
//!
//! Enters: a checked [`Site`] and its link [`Targets`]. Leaves: [`Job`]s, each an output path and
//! its bytes — pages, round reports with their open data, the OIT index and exports, feed,
//! sitemap. Writing them is [`crate::output`]'s job; `serve` keeps them in memory.

mod charts;
mod filters;
pub mod markdown;
mod oit_index;
mod open_data;
mod plans;
pub mod procurement;
pub mod search;
mod search_pages;
mod sources;
mod theme;
mod views;

pub use markdown::markdown_options;
pub use search_pages::{search_files, search_order};
pub use theme::{compile, load_templates, unused_templates};

use crate::links::Targets;
use crate::model::Site;
use include_dir::{include_dir, Dir};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The built-in theme, compiled into the binary.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template that could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template of the theme does not compile or fails to render.
    #[error("แม่แบบ (template) {template}: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// Tera's message, with the line and column.
        message: String,
    },
    /// A site template could not be read.
    #[error("อ่านแม่แบบ {path} ไม่ได้: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

fn tera_error(template: &str, e: tera::Error) -> RenderError {
    let mut message = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message.push_str(&format!(": {s}"));
        src = s.source();
    }
    RenderError::Template { template: template.to_string(), message }
}

/// One output file to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// The home page.
    Home,
    /// A folder's list page, by path.
    Section(String),
    /// A plan page.
    Plan(usize),
    /// A group page (plan, group).
    Group(usize, usize),
    /// A project page (plan, project).
    Project(usize, usize),
    /// An activity page (plan, project, activity).
    Activity(usize, usize, usize),
    /// A round report (plan, round index).
    Report(usize, usize),
    /// A round report's figures as open data (plan, round index, format).
    ReportData(usize, usize, DataFormat),
    /// A procurement register's page (register).
    Register(usize),
    /// A month's summary or the annual report of a register.
    RegisterPart(usize, procurement::Part),
    /// A month's or the year's records as open data.
    RegisterData(usize, procurement::Part, DataFormat),
    /// The `/data/` page listing every report's data files.
    DataIndex,
    /// The Atom feed of dated pages.
    Feed,
    /// The search page (`/search/`); its index is made from the other pages as they are
    /// rendered ([`search_files`]).
    Search,
    /// A plain page.
    Page(usize),
    /// The OIT index.
    Oit,
    /// The OIT URL list for the assessment system (CSV).
    OitCsv,
    /// The OIT index as JSON.
    OitJson,
    /// 404.html.
    NotFound,
    /// sitemap.xml.
    Sitemap,
    /// robots.txt.
    Robots,
}

/// The format of a report's open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// `data.json`
    Json,
    /// `data.csv`
    Csv,
}

/// Something listed on a folder's page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Child {
    /// A plan, by index.
    Plan(usize),
    /// A sub-folder, by path.
    Section(String),
    /// A plain page, by index.
    Page(usize),
    /// A procurement register, by index.
    Register(usize),
}

/// What the pages show of the site's structure besides their own content: folders, titles,
/// OIT items and menus. Made from a site's paths, titles and front matter, never from its
/// Markdown bodies, so an edit to bodies alone leaves them as they are.
#[derive(Debug)]
pub struct Tables {
    /// Folder pages: path → index of the `_index` plain page describing it, if any.
    sections: BTreeMap<String, Option<usize>>,
    /// Path → title, for breadcrumbs and lists.
    titles: BTreeMap<String, String>,
    /// Every (OIT item, serving page) pair, made once.
    servings: Vec<crate::oit::Serving>,
    /// Path → OIT items it serves.
    badges: BTreeMap<String, Vec<(String, String)>>,
    /// Folder path → what its page lists: plans, then sub-folders, then pages.
    children: std::collections::HashMap<String, Vec<Child>>,
    /// The main menu after the home page: top-level folders, then top-level pages (title, path).
    nav: Vec<(String, String)>,
}

impl Tables {
    /// The tables of `site`.
    pub fn of(site: &Site) -> Tables {
        let mut sections: BTreeMap<String, Option<usize>> = BTreeMap::new();
        let own: BTreeSet<String> = site
            .plans
            .iter()
            .flat_map(|p| {
                std::iter::once(p.source.path.clone())
                    .chain(p.groups.iter().map(|x| x.source.path.clone()))
                    .chain(p.projects.iter().map(|x| x.source.path.clone()))
            })
            .chain(site.registers.iter().map(|r| r.source.path.clone()))
            .collect();
        sections.insert(String::new(), None);
        for (path, _) in crate::model::page_sources(site) {
            for a in crate::links::ancestors(&path) {
                if !own.contains(&a) {
                    sections.entry(a).or_insert(None);
                }
            }
        }
        for (i, page) in site.pages.iter().enumerate() {
            if page.is_section {
                sections.insert(page.source.path.clone(), Some(i));
            }
        }
        let mut titles = BTreeMap::new();
        for (path, index) in &sections {
            let title = match index {
                Some(i) => site.pages[*i].title.clone(),
                None if path.is_empty() => "หน้าแรก".to_string(),
                None => folder_title(site, last_segment(path)),
            };
            titles.insert(path.clone(), title);
        }
        for plan in &site.plans {
            titles.insert(plan.source.path.clone(), plan.title.clone());
            for g in &plan.groups {
                titles.insert(g.source.path.clone(), g.title.clone());
            }
            for p in &plan.projects {
                titles.insert(p.source.path.clone(), p.title.clone());
                for a in &p.activities {
                    titles.insert(a.source.path.clone(), a.title.clone());
                }
            }
            for r in site.config.rounds.iter().filter(|r| plan.is_reported(&r.id)) {
                titles.insert(format!("{}{}/", plan.source.path, r.id), crate::model::report_title(plan, r));
            }
        }
        for register in &site.registers {
            titles.insert(register.source.path.clone(), register.title.clone());
            for part in register.parts() {
                titles.insert(
                    format!("{}{}", register.source.path, part.folder()),
                    part.title(register, site.config.numerals),
                );
            }
        }
        for page in &site.pages {
            titles.entry(page.source.path.clone()).or_insert_with(|| page.title.clone());
        }
        titles.insert("oit/".into(), oit_title(site));
        let mut badges: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let servings = crate::oit::servings(site);
        for s in servings.iter().filter(|s| s.url.is_none()) {
            let title =
                site.catalog.as_ref().and_then(|c| c.item(s.code)).map(|i| i.title_or_unknown()).unwrap_or_default();
            let list = badges.entry(s.path.clone()).or_default();
            if !list.iter().any(|(c, _)| *c == s.code.to_string()) {
                list.push((s.code.to_string(), title));
            }
        }
        let nav: Vec<(String, String)> = sections
            .keys()
            .filter(|p| !p.is_empty() && parent(p).is_empty() && *p != "oit/")
            .map(|p| (titles.get(p).cloned().unwrap_or_default(), p.clone()))
            .chain(
                site.pages
                    .iter()
                    .filter(|p| !p.is_section && parent(&p.source.path).is_empty())
                    .map(|p| (p.title.clone(), p.source.path.clone())),
            )
            .take(MENU_ITEMS)
            .collect();
        let mut children: std::collections::HashMap<String, Vec<Child>> = std::collections::HashMap::new();
        for (i, plan) in site.plans.iter().enumerate() {
            children.entry(parent(&plan.source.path)).or_default().push(Child::Plan(i));
        }
        for (i, register) in site.registers.iter().enumerate() {
            children.entry(parent(&register.source.path)).or_default().push(Child::Register(i));
        }
        for p in sections.keys().filter(|p| !p.is_empty() && *p != "oit/") {
            children.entry(parent(p)).or_default().push(Child::Section(p.clone()));
        }
        for (i, page) in site.pages.iter().enumerate() {
            if !page.is_section {
                children.entry(parent(&page.source.path)).or_default().push(Child::Page(i));
            }
        }
        Tables { sections, titles, servings, badges, children, nav }
    }
}

/// Makes pages from a site.
pub struct Renderer<'s> {
    site: &'s Site,
    tera: tera::Tera,
    targets: &'s Targets,
    /// What every page shows of the site's structure.
    tables: std::sync::Arc<Tables>,
    /// Markup added before `</body>` of every page (the preview's reload script).
    pub inject: Option<String>,
    /// Whether each round report gets a `report.pdf` beside it (the pages then link to it).
    pub pdf: bool,
    /// The editor's preview (`serve`), not the public build: the OIT index then shows the items
    /// not served yet and how sure the list is.
    pub preview: bool,
    /// Each register's months with their records and totals, made once for its pages and data.
    register_months: Vec<Vec<crate::report::procurement::MonthSummary<'s>>>,
}

/// At most this many top-level folders and pages are listed in the main menu (the home page
/// lists them all).
const MENU_ITEMS: usize = 8;

/// Makes every `path` in a page's data a URL path (percent-encoded), so that a template's
/// `{{ root }}{{ x.path }}` is a working link whatever characters the file names hold (Thai,
/// spaces, `#`, `?`, `%`). Paths never reach a template raw.
pub(super) fn url_paths(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if key == "path" => *s = crate::links::percent_encode(s),
                    other => url_paths(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(url_paths),
        _ => {}
    }
}

fn parent(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((p, _)) => format!("{p}/"),
        None => String::new(),
    }
}

fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path)
}

impl<'s> Renderer<'s> {
    /// A renderer for `site` with compiled templates and the site's link targets
    /// ([`Targets::of_site`], made once for the checks and the renderer).
    pub fn new(site: &'s Site, tera: tera::Tera, targets: &'s Targets) -> Self {
        Renderer::with_tables(site, tera, targets, std::sync::Arc::new(Tables::of(site)))
    }

    /// [`Renderer::new`] with the tables of an earlier renderer ([`Renderer::tables`]) of a site
    /// whose structure has not changed since: only Markdown bodies did (see
    /// [`crate::build::recheck_bodies`]).
    pub fn with_tables(site: &'s Site, tera: tera::Tera, targets: &'s Targets, tables: std::sync::Arc<Tables>) -> Self {
        Renderer {
            site,
            tera,
            targets,
            tables,
            inject: None,
            pdf: false,
            preview: false,
            register_months: site.registers.iter().map(crate::report::procurement::months).collect(),
        }
    }

    /// The tables of the site's structure this renderer uses.
    pub fn tables(&self) -> std::sync::Arc<Tables> {
        std::sync::Arc::clone(&self.tables)
    }

    /// Every file to produce.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Oit,
            Job::OitCsv,
            Job::OitJson,
            Job::NotFound,
            Job::Sitemap,
            Job::Robots,
            Job::Feed,
            Job::DataIndex,
        ];
        if self.site.config.search {
            jobs.push(Job::Search);
        }
        jobs.extend(
            self.tables.sections.keys().filter(|p| !p.is_empty() && *p != "oit/").map(|p| Job::Section(p.clone())),
        );
        for (pi, plan) in self.site.plans.iter().enumerate() {
            jobs.push(Job::Plan(pi));
            // A round with nothing recorded is not reported yet: no page.
            for (ri, round) in self.site.config.rounds.iter().enumerate() {
                if plan.is_reported(&round.id) {
                    jobs.push(Job::Report(pi, ri));
                    jobs.push(Job::ReportData(pi, ri, DataFormat::Json));
                    jobs.push(Job::ReportData(pi, ri, DataFormat::Csv));
                }
            }
            jobs.extend((0..plan.groups.len()).map(|gi| Job::Group(pi, gi)));
            for (ji, p) in plan.projects.iter().enumerate() {
                jobs.push(Job::Project(pi, ji));
                for ai in 0..p.activities.len() {
                    jobs.push(Job::Activity(pi, ji, ai));
                }
            }
        }
        for (i, page) in self.site.pages.iter().enumerate() {
            if !page.is_section {
                jobs.push(Job::Page(i));
            }
        }
        for (i, register) in self.site.registers.iter().enumerate() {
            jobs.push(Job::Register(i));
            for part in register.parts() {
                jobs.push(Job::RegisterPart(i, part));
                jobs.push(Job::RegisterData(i, part, DataFormat::Json));
                jobs.push(Job::RegisterData(i, part, DataFormat::Csv));
            }
        }
        jobs
    }

    /// The output path of a job, relative to the output folder.
    pub fn output_path(&self, job: &Job) -> String {
        let page = |p: &str| format!("{p}index.html");
        match job {
            Job::Home => "index.html".into(),
            Job::Section(p) => page(p),
            Job::Plan(i) => page(&self.site.plans[*i].source.path),
            Job::Group(i, g) => page(&self.site.plans[*i].groups[*g].source.path),
            Job::Project(i, j) => page(&self.site.plans[*i].projects[*j].source.path),
            Job::Activity(i, j, k) => page(&self.site.plans[*i].projects[*j].activities[*k].source.path),
            Job::Report(i, r) => {
                format!("{}{}/index.html", self.site.plans[*i].source.path, self.site.config.rounds[*r].id)
            }
            Job::Page(i) => page(&self.site.pages[*i].source.path),
            Job::Oit => "oit/index.html".into(),
            Job::OitCsv => "oit/urls.csv".into(),
            Job::OitJson => "oit/index.json".into(),
            Job::NotFound => "404.html".into(),
            Job::ReportData(i, r, f) => format!(
                "{}{}/{}",
                self.site.plans[*i].source.path,
                self.site.config.rounds[*r].id,
                if *f == DataFormat::Json { "data.json" } else { "data.csv" }
            ),
            Job::Register(i) => page(&self.site.registers[*i].source.path),
            Job::RegisterPart(i, part) => format!("{}{}index.html", self.site.registers[*i].source.path, part.folder()),
            Job::RegisterData(i, part, f) => format!(
                "{}{}{}",
                self.site.registers[*i].source.path,
                part.folder(),
                if *f == DataFormat::Json { "data.json" } else { "data.csv" }
            ),
            Job::DataIndex => "data/index.html".into(),
            Job::Feed => "feed.xml".into(),
            Job::Search => "search/index.html".into(),
            Job::Sitemap => "sitemap.xml".into(),
            Job::Robots => "robots.txt".into(),
        }
    }

    /// The site path of a job's page (`2565/plan/`), for HTML pages.
    fn page_path(&self, job: &Job) -> String {
        let out = self.output_path(job);
        out.strip_suffix("index.html").map(str::to_string).unwrap_or_default()
    }

    /// Renders one job to bytes.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, RenderError> {
        let v = views::Views { r: self, site: self.site };
        let (template, ctx) = match job {
            Job::OitCsv => return Ok(v.oit_csv()),
            Job::OitJson => return Ok(v.oit_json()),
            Job::Robots => return Ok(v.robots().into_bytes()),
            Job::ReportData(i, r, DataFormat::Json) => return Ok(v.report_json(*i, *r)),
            Job::ReportData(i, r, DataFormat::Csv) => return Ok(v.report_csv(*i, *r)),
            Job::RegisterData(i, part, DataFormat::Json) => return Ok(v.register_json(*i, *part)),
            Job::RegisterData(i, part, DataFormat::Csv) => return Ok(v.register_csv(*i, *part)),
            Job::Register(i) => ("procurement.html", v.register(*i)),
            Job::RegisterPart(i, procurement::Part::Month(m)) => ("procurement_month.html", v.register_month(*i, *m)),
            Job::RegisterPart(i, procurement::Part::Annual) => ("procurement_annual.html", v.register_annual(*i)),
            Job::Feed => ("feed.xml", v.feed()),
            Job::DataIndex => ("data.html", v.data_index()),
            Job::Search => ("search.html", serde_json::json!({"page": {"title": "ค้นหา"}})),
            Job::Sitemap => ("sitemap.xml", v.sitemap()),
            Job::Home => ("index.html", v.home()),
            Job::Section(p) => ("section.html", v.section(p)),
            Job::Plan(i) => ("plan.html", v.plan(*i)),
            Job::Group(i, g) => ("group.html", v.group(*i, *g)),
            Job::Project(i, j) => ("project.html", v.project(*i, *j)),
            Job::Activity(i, j, k) => ("activity.html", v.activity(*i, *j, *k)),
            Job::Report(i, r) => ("report.html", v.report(*i, *r)),
            Job::Page(i) => ("page.html", v.page(*i)),
            Job::Oit => ("oit.html", v.oit()),
            Job::NotFound => ("404.html", serde_json::json!({})),
        };
        let path = if matches!(job, Job::NotFound) { String::new() } else { self.page_path(job) };
        let mut ctx = ctx;
        url_paths(&mut ctx);
        let mut context = tera::Context::from_serialize(&ctx).map_err(|e| tera_error(template, e))?;
        v.common(&path, matches!(job, Job::NotFound), &mut context);
        let mut html: Vec<u8> = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, &context, &mut html).map_err(|e| tera_error(template, e))?;
        if template.ends_with(".html") {
            self.add_injected(&mut html);
        }
        Ok(html)
    }

    /// Adds [`Renderer::inject`] (when set) before `</body>` of the page `html`.
    pub fn add_injected(&self, html: &mut Vec<u8>) {
        if let Some(inject) = &self.inject {
            let at = html.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
            html.splice(at..at, inject.bytes());
        }
    }

    /// A fingerprint of everything every page shows besides its own content: titles and paths
    /// of all pages (navigation, breadcrumbs, link targets), OIT badges, files offered for
    /// download. When it changes, every page is rendered again.
    pub fn structure_fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.tables.titles.hash(&mut h);
        self.tables.badges.hash(&mut h);
        self.tables.sections.hash(&mut h);
        for serving in &self.tables.servings {
            (serving.code, &serving.path, &serving.url, serving.date.map(|d| d.to_string())).hash(&mut h);
        }
        for (path, f) in &self.site.static_files {
            (path, f.size).hash(&mut h);
        }
        // The feed lists dated pages and reports by their dates.
        for page in &self.site.pages {
            page.date.map(|d| d.to_string()).hash(&mut h);
        }
        for plan in &self.site.plans {
            for n in &plan.narratives {
                n.date.map(|d| d.to_string()).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The round reports to print to PDF: (the report's page, its `report.pdf`, as output paths;
    /// the file the report comes from: its narrative `reports/<round>.md`, else its plan).
    pub fn pdf_jobs(&self) -> Vec<(String, String, PathBuf)> {
        self.pdf_jobs_of(&self.jobs())
    }

    /// [`Renderer::pdf_jobs`] among `jobs`, this renderer's [`Renderer::jobs`].
    pub fn pdf_jobs_of(&self, jobs: &[Job]) -> Vec<(String, String, PathBuf)> {
        jobs.iter()
            .filter_map(|j| {
                let source = match j {
                    Job::Report(i, r) => {
                        let plan = &self.site.plans[*i];
                        let round = &self.site.config.rounds[*r].id;
                        let narrative = plan.narratives.iter().find(|n| n.round == *round);
                        narrative.map_or(&plan.source.file, |n| &n.source.file).clone()
                    }
                    Job::RegisterPart(i, part) => {
                        let register = &self.site.registers[*i];
                        match (part, &register.narrative) {
                            (procurement::Part::Annual, Some(n)) => n.source.file.clone(),
                            _ => register.source.file.clone(),
                        }
                    }
                    _ => return None,
                };
                let page = self.page_path(j);
                Some((format!("{page}index.html"), format!("{page}report.pdf"), source))
            })
            .collect()
    }

    /// The paths of the theme's own static files (fonts, CSS), under `assets/`.
    pub fn theme_assets() -> Vec<(String, &'static [u8])> {
        let mut out = Vec::new();
        if let Some(dir) = DEFAULT_THEME.get_dir("static") {
            collect_assets(dir, &mut out);
        }
        out
    }
}

fn collect_assets(dir: &Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
        out.push((format!("assets/{rel}"), f.contents()));
    }
    for d in dir.dirs() {
        collect_assets(d, out);
    }
}

fn folder_title(site: &Site, name: &str) -> String {
    let digits = crate::values::digits::to_arabic_digits(name);
    if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
        return format!("ปีงบประมาณ พ.ศ. {}", site.config.numerals.digits(&digits));
    }
    name.replace(['-', '_'], " ")
}

fn oit_title(site: &Site) -> String {
    site.pages
        .iter()
        .find(|p| p.is_section && p.source.path == "oit/")
        .map(|p| p.title.clone())
        .or_else(|| site.catalog.as_ref().map(|c| c.title.clone()))
        .unwrap_or_else(|| "การเปิดเผยข้อมูลสาธารณะ (OIT)".to_string())
}
