//! The data each template receives. Money is given as exact decimal text (`"61000"`,
//! `"12345.50"`) for the `baht` filter, dates as ISO dates (`"2022-06-09"`, C.E.) for the
//! `thai_date` filter, percentages in hundredths for the `percent` filter; Markdown already
//! rendered to HTML in fields ending in `_html`.

use super::markdown::{inline_html, to_html, Place};
use super::Renderer;
use crate::model::*;
use crate::report::{self, Money};
use jiff::civil::Date;
use serde_json::{json, Value};

pub(super) struct Views<'a, 's> {
    pub r: &'a Renderer<'s>,
    pub site: &'s Site,
}

pub(super) fn d(date: Option<Date>) -> Value {
    date.map(|x| Value::String(x.to_string())).unwrap_or(Value::Null)
}

/// Money at a round. `spent` and `spent_to_date` are null when nothing was recorded (shown as
/// "ไม่มีข้อมูล", never zero); `unknown` counts the projects left out of a sum for that reason.
pub(super) fn money_json(m: &Money) -> Value {
    json!({
        "approved": m.approved.plain(),
        "has_budget": m.has_budget,
        "spent": m.spent_known().then(|| m.spent.plain()),
        "spent_to_date": m.to_date_known().then(|| m.spent_to_date.plain()),
        "committed": m.has_committed.then(|| m.committed.plain()),
        "remaining": m.remaining().plain(),
        "disbursed": if m.to_date_known() { m.disbursed() } else { None },
        "projects": m.projects,
        "unknown": m.unknown,
    })
}

/// `{done, in_progress, not_started, cancelled}` counts.
pub(super) fn counts_json(c: [usize; 4]) -> Value {
    json!({"done": c[0], "in_progress": c[1], "not_started": c[2], "cancelled": c[3], "all": c.iter().sum::<usize>()})
}

/// An activity at a round: status, whether the round records it, date, spending (๐ for one
/// not started or cancelled that gives none; `spent_given`: whether it gives its own), note.
pub(super) fn activity_at_json(at: &report::ActivityAt) -> Value {
    json!({
        "status": at.status.id(),
        "recorded": at.recorded,
        "date": d(at.date),
        "spent": at.spent_recorded.then(|| at.spent.plain()),
        "spent_to_date": at.spent_to_date_recorded.then(|| at.spent_to_date.plain()),
        "spent_given": at.spent_given,
        "note": at.note,
    })
}

fn source_dir(s: &Source) -> String {
    s.file
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

impl<'a, 's> Views<'a, 's> {
    pub(super) fn numerals(&self) -> crate::values::thai::Numerals {
        self.site.config.numerals
    }

    pub(super) fn place<'p>(&'p self, page_path: &'p str, dir: &'p str) -> Place<'p> {
        Place { targets: self.r.targets, page_path, source_dir: dir, allow_html: self.site.config.allow_html }
    }

    /// A Markdown body shown on the page at `page_path`.
    pub(super) fn body(&self, source: &Source, page_path: &str) -> String {
        let dir = source_dir(source);
        to_html(&source.body, &self.place(page_path, &dir))
    }

    pub(super) fn inline_list(&self, items: &[String], source: &Source, page_path: &str) -> Vec<String> {
        let dir = source_dir(source);
        let place = self.place(page_path, &dir);
        items.iter().map(|i| inline_html(i, &place)).collect()
    }

    pub(super) fn measure(&self, m: &Measure, unit: Option<&str>) -> String {
        let value = match m {
            Measure::Number(h) => self.numerals().percent(*h),
            Measure::Text(t) => return t.clone(),
        };
        match unit {
            Some(u) if u.starts_with("ร้อยละ") => format!("{u} {value}"),
            Some(u) => format!("{value} {u}"),
            None => value,
        }
    }

    /// What every page receives: the site, where the page is, navigation.
    pub fn common(&self, path: &str, absolute_root: bool, ctx: &mut tera::Context) {
        let cfg = &self.site.config;
        // 404.html is served at any depth, so its links start from the site's own path.
        let root = if absolute_root { cfg.base_path() } else { crate::links::relative(path, "") };
        ctx.insert("root", &root);
        // Paths given to templates are URL paths (see `url_paths`).
        let url = crate::links::percent_encode;
        ctx.insert("path", &url(path));
        ctx.insert("pdf", &self.r.pdf);
        ctx.insert("search", &cfg.search);
        ctx.insert("canonical", &format!("{}{}", cfg.base_url, crate::links::percent_encode(path)));
        ctx.insert(
            "site",
            &json!({
                "title": cfg.title,
                "parents": cfg.parents,
                "description": cfg.description,
                "base_url": cfg.base_url,
                "contact": cfg.contact,
                "numerals": match cfg.numerals { crate::values::thai::Numerals::Thai => "thai", _ => "arabic" },
            }),
        );
        let mut nav = vec![json!({"title": "หน้าแรก", "path": "", "current": path.is_empty()})];
        for (title, p) in &self.r.tables.nav {
            let current = if p.ends_with('/') && self.r.tables.sections.contains_key(p) {
                path.starts_with(p.as_str())
            } else {
                path == p
            };
            nav.push(json!({"title": title, "path": url(p), "current": current}));
        }
        nav.push(json!({"title": "OIT", "path": "oit/", "current": path == "oit/"}));
        ctx.insert("nav", &nav);
        let crumbs: Vec<Value> = crate::links::ancestors(path)
            .into_iter()
            .map(|a| json!({"title": self.r.tables.titles.get(&a).cloned().unwrap_or_else(|| a.clone()), "path": url(&a)}))
            .collect();
        ctx.insert("breadcrumbs", &crumbs);
        let badges: Vec<Value> = self
            .r
            .tables
            .badges
            .get(path)
            .map(|b| b.iter().map(|(c, t)| json!({"code": c, "title": t})).collect())
            .unwrap_or_default();
        ctx.insert("oit_badges", &badges);
    }

    pub fn home(&self) -> Value {
        let home_page = self.r.tables.sections.get("").copied().flatten().map(|i| &self.site.pages[i]);
        let years: Vec<Value> = self
            .site
            .fiscal_years()
            .into_iter()
            .map(|fy| {
                let plans: Vec<Value> = self
                    .site
                    .plans
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.fiscal_year == fy)
                    .map(|(i, _)| self.plan_summary(i))
                    .collect();
                let rounds = &self.site.config.rounds;
                let total = self
                    .site
                    .plans
                    .iter()
                    .filter(|p| p.fiscal_year == fy)
                    .map(|p| {
                        let ri = report::latest_round(p, rounds).unwrap_or(rounds.len().saturating_sub(1));
                        report::plan_money(p, rounds, ri)
                    })
                    .fold(Money::default(), |a, b| a + b);
                json!({"year": fy, "plans": plans, "money": money_json(&total)})
            })
            .collect();
        let latest_pages: Vec<Value> = self
            .site
            .pages
            .iter()
            .filter(|p| !p.is_section && p.date.is_some())
            .take(10)
            .map(|p| json!({"title": p.title, "path": p.source.path, "date": d(p.date)}))
            .collect();
        json!({
            "page": {
                "title": home_page.map(|p| p.title.clone()).unwrap_or_else(|| self.site.config.title.clone()),
                "body_html": home_page.map(|p| self.body(&p.source, "")).unwrap_or_default(),
                "documents": home_page.map(|p| self.documents(p)).unwrap_or_default(),
            },
            "years": years,
            "newest_year": years.first(),
            "children": self.children(""),
            "latest_pages": latest_pages,
        })
    }

    /// Direct children of a folder page: plans, sub-folders and pages.
    pub(super) fn children(&self, path: &str) -> Vec<Value> {
        let Some(children) = self.r.tables.children.get(path) else { return Vec::new() };
        children
            .iter()
            .map(|child| match child {
                super::Child::Plan(i) => {
                    let mut v = self.plan_summary(*i);
                    v["kind"] = json!("plan");
                    v
                }
                super::Child::Section(p) => {
                    let index = self.r.tables.sections.get(p).copied().flatten();
                    let description = index.and_then(|i| self.site.pages[i].source.description.clone());
                    json!({"kind": "section", "title": self.r.tables.titles.get(p), "path": p, "description": description})
                }
                super::Child::Register(i) => {
                    let register = &self.site.registers[*i];
                    json!({
                        "kind": "page",
                        "title": register.title,
                        "path": register.source.path,
                        "date": null,
                        "description": register.source.description,
                    })
                }
                super::Child::Page(i) => {
                    let page = &self.site.pages[*i];
                    json!({
                        "kind": "page",
                        "title": page.title,
                        "path": page.source.path,
                        "date": d(page.date),
                        "description": page.source.description,
                    })
                }
            })
            .collect()
    }

    pub(super) fn documents(&self, page: &Page) -> Vec<Value> {
        page.documents
            .iter()
            .filter_map(|doc| {
                let path = crate::links::document_path(&doc.file.value)?;
                let file = self.site.static_files.get(&path)?;
                let ext = path.rsplit_once('.').map(|(_, e)| e.to_uppercase()).unwrap_or_default();
                Some(json!({"title": doc.title, "path": path, "type": ext, "size": human_size(file.size)}))
            })
            .collect()
    }

    pub fn section(&self, path: &str) -> Value {
        let page = self.r.tables.sections.get(path).copied().flatten().map(|i| &self.site.pages[i]);
        json!({
            "page": {
                "title": self.r.tables.titles.get(path),
                "body_html": page.map(|p| self.body(&p.source, path)).unwrap_or_default(),
                "documents": page.map(|p| self.documents(p)).unwrap_or_default(),
                "date": d(page.and_then(|p| p.date)),
            },
            "children": self.children(path),
        })
    }

    pub fn page(&self, i: usize) -> Value {
        let page = &self.site.pages[i];
        let path = &page.source.path;
        json!({
            "page": {
                "title": page.title,
                "body_html": self.body(&page.source, path),
                "documents": self.documents(page),
                "date": d(page.date),
                "description": page.source.description,
            },
        })
    }

    pub fn sitemap(&self) -> Value {
        let mut urls: Vec<String> = self
            .r
            .jobs()
            .iter()
            .filter(|j| {
                !matches!(
                    j,
                    super::Job::NotFound
                        | super::Job::Sitemap
                        | super::Job::Robots
                        | super::Job::OitCsv
                        | super::Job::OitJson
                        | super::Job::Feed
                        | super::Job::ReportData(..)
                )
            })
            .map(|j| self.absolute(&self.r.page_path(j)))
            .collect();
        urls.sort();
        json!({"urls": urls})
    }

    pub fn robots(&self) -> String {
        format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", self.site.config.base_url)
    }
}

/// `1536` → `1.5 KB`, in Arabic digits (templates apply `digits`).
fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    if bytes < KB {
        format!("{bytes} ไบต์")
    } else if bytes < KB * KB {
        format!("{:.1} KB", bytes as f64 / KB as f64)
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}
