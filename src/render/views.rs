//! The data each template receives. Money is given as exact decimal text (`"61000"`,
//! `"12345.50"`) for the `baht` filter, dates as ISO dates (`"2022-06-09"`, C.E.) for the
//! `thai_date` filter, percentages in hundredths for the `percent` filter; Markdown already
//! rendered to HTML in fields ending in `_html`.

use super::markdown::{inline_html, to_html, Place};
use super::Renderer;
use crate::model::*;
use crate::money::Baht;
use crate::report::{self, Money};
use jiff::civil::Date;
use serde_json::{json, Value};

pub(super) struct Views<'a, 's> {
    pub r: &'a Renderer<'s>,
    pub site: &'s Site,
}

fn d(date: Option<Date>) -> Value {
    date.map(|x| Value::String(x.to_string())).unwrap_or(Value::Null)
}

/// Money at a round. `spent` and `spent_to_date` are null when nothing was recorded (shown as
/// "ไม่มีข้อมูล", never zero); `unknown` counts the projects left out of a sum for that reason.
fn money_json(m: &Money) -> Value {
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
fn counts_json(c: [usize; 4]) -> Value {
    json!({"done": c[0], "in_progress": c[1], "not_started": c[2], "cancelled": c[3], "all": c.iter().sum::<usize>()})
}

/// An activity at a round: status, whether the round records it, date, spending, note.
fn activity_at_json(at: &report::ActivityAt) -> Value {
    json!({
        "status": at.status.id(),
        "recorded": at.recorded,
        "date": d(at.date),
        "spent": at.spent_recorded.then(|| at.spent.plain()),
        "spent_to_date": at.spent_to_date_recorded.then(|| at.spent_to_date.plain()),
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
    fn numerals(&self) -> crate::thai::Numerals {
        self.site.config.numerals
    }

    fn place<'p>(&'p self, page_path: &'p str, dir: &'p str) -> Place<'p> {
        Place { targets: &self.r.targets, page_path, source_dir: dir, allow_html: self.site.config.allow_html }
    }

    /// A Markdown body shown on the page at `page_path`.
    fn body(&self, source: &Source, page_path: &str) -> String {
        let dir = source_dir(source);
        to_html(&source.body, &self.place(page_path, &dir))
    }

    fn inline_list(&self, items: &[String], source: &Source, page_path: &str) -> Vec<String> {
        let dir = source_dir(source);
        let place = self.place(page_path, &dir);
        items.iter().map(|i| inline_html(i, &place)).collect()
    }

    fn measure(&self, m: &Measure, unit: Option<&str>) -> String {
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
        ctx.insert("path", path);
        ctx.insert("canonical", &format!("{}{}", cfg.base_url, crate::links::percent_encode(path)));
        ctx.insert(
            "site",
            &json!({
                "title": cfg.title,
                "parents": cfg.parents,
                "description": cfg.description,
                "base_url": cfg.base_url,
                "contact": cfg.contact,
                "numerals": match cfg.numerals { crate::thai::Numerals::Thai => "thai", _ => "arabic" },
            }),
        );
        let mut nav = vec![json!({"title": "หน้าแรก", "path": "", "current": path.is_empty()})];
        for (title, p) in &self.r.nav {
            let current = if p.ends_with('/') && self.r.sections.contains_key(p) {
                path.starts_with(p.as_str())
            } else {
                path == p
            };
            nav.push(json!({"title": title, "path": p, "current": current}));
        }
        nav.push(json!({"title": "OIT", "path": "oit/", "current": path == "oit/"}));
        ctx.insert("nav", &nav);
        let crumbs: Vec<Value> = crate::links::ancestors(path)
            .into_iter()
            .map(|a| json!({"title": self.r.titles.get(&a).cloned().unwrap_or_else(|| a.clone()), "path": a}))
            .collect();
        ctx.insert("breadcrumbs", &crumbs);
        let badges: Vec<Value> = self
            .r
            .badges
            .get(path)
            .map(|b| b.iter().map(|(c, t)| json!({"code": c, "title": t})).collect())
            .unwrap_or_default();
        ctx.insert("oit_badges", &badges);
    }

    fn plan_summary(&self, pi: usize) -> Value {
        let plan = &self.site.plans[pi];
        let rounds = &self.site.config.rounds;
        let latest = report::latest_round(plan, rounds);
        let money = report::plan_money(plan, rounds, latest.unwrap_or(rounds.len().saturating_sub(1)));
        json!({
            "title": plan.title,
            "path": plan.source.path,
            "fiscal_year": plan.fiscal_year,
            "description": plan.source.description,
            "project_count": plan.projects.len(),
            "activity_count": plan.projects.iter().map(|p| p.activities.len()).sum::<usize>(),
            "group_count": plan.groups.len(),
            "money": money_json(&money),
            "money_round": latest.and_then(|i| rounds.get(i)).map(|r| r.name.clone()),
            "reports": self.report_links(plan, None),
            "latest_report": latest.map(|latest| json!({
                "title": report_title(plan, &rounds[latest]),
                "path": format!("{}{}/", plan.source.path, rounds[latest].id),
                "round": rounds[latest].name,
            })),
        })
    }

    fn report_links(&self, plan: &Plan, current: Option<usize>) -> Vec<Value> {
        let periods = report::periods(&self.site.config, plan.fiscal_year);
        periods
            .iter()
            .map(|p| {
                json!({
                    "id": p.round.id,
                    "name": p.round.name,
                    "path": format!("{}{}/", plan.source.path, p.round.id),
                    "end": p.end.to_string(),
                    "has_data": report::has_data(plan, &p.round.id),
                    "current": Some(p.index) == current,
                })
            })
            .collect()
    }

    pub fn home(&self) -> Value {
        let home_page = self.r.sections.get("").copied().flatten().map(|i| &self.site.pages[i]);
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
    fn children(&self, path: &str) -> Vec<Value> {
        let Some(children) = self.r.children.get(path) else { return Vec::new() };
        children
            .iter()
            .map(|child| match child {
                super::Child::Plan(i) => {
                    let mut v = self.plan_summary(*i);
                    v["kind"] = json!("plan");
                    v
                }
                super::Child::Section(p) => {
                    let index = self.r.sections.get(p).copied().flatten();
                    let description = index.and_then(|i| self.site.pages[i].source.description.clone());
                    json!({"kind": "section", "title": self.r.titles.get(p), "path": p, "description": description})
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

    fn documents(&self, page: &Page) -> Vec<Value> {
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
        let page = self.r.sections.get(path).copied().flatten().map(|i| &self.site.pages[i]);
        json!({
            "page": {
                "title": self.r.titles.get(path),
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

    fn project_core(&self, plan: &Plan, pj: &Project, page_path: &str) -> Value {
        let src = &pj.source;
        let alignment: Vec<Value> = pj
            .alignment
            .iter()
            .map(|a| json!({"title": a.title, "items_html": self.inline_list(&a.items, src, page_path)}))
            .collect();
        json!({
            "title": pj.title,
            "title_has_year": pj.title.contains("ปีงบประมาณ"),
            "path": pj.source.path,
            "fiscal_year": plan.fiscal_year,
            "responsible": pj.responsible,
            "objectives_html": self.inline_list(&pj.objectives, src, page_path),
            "targets_quantitative_html": self.inline_list(&pj.targets_quantitative, src, page_path),
            "targets_qualitative_html": self.inline_list(&pj.targets_qualitative, src, page_path),
            "alignment": alignment,
            "outputs_html": self.inline_list(&pj.outputs, src, page_path),
            "outcomes_html": self.inline_list(&pj.outcomes, src, page_path),
            "sources": pj.sources.iter().map(|s| json!({"name": s.name, "amount": s.amount.plain()})).collect::<Vec<_>>(),
        })
    }

    fn project_at(&self, pi: usize, ji: usize, ri: usize, page_path: &str, number: usize) -> Value {
        let plan = &self.site.plans[pi];
        let pj = &plan.projects[ji];
        let rounds = &self.site.config.rounds;
        let ats: Vec<report::ActivityAt> = pj.activities.iter().map(|a| report::activity_at(a, rounds, ri)).collect();
        let activities: Vec<Value> = pj
            .activities
            .iter()
            .zip(&ats)
            .enumerate()
            .map(|(k, (a, at))| {
                let mut v = activity_at_json(at);
                v["number"] = json!(format!("{number}.{}", k + 1));
                v["title"] = json!(a.title);
                v["path"] = json!(a.source.path);
                v["steps"] = json!(a.steps);
                v["budget"] = json!(a.budget.as_ref().map(|b| b.value.plain()));
                v["body_html"] = json!(self.body(&a.source, page_path));
                v
            })
            .collect();
        let counts = report::status_counts(ats.iter().map(|a| a.status));
        let indicators: Vec<Value> = pj
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                let at = report::indicator_at(ind, rounds, ri);
                json!({
                    "number": k + 1,
                    "name": ind.name,
                    "target": at.target.as_ref().map(|t| self.measure(t, ind.unit.as_deref())),
                    "result": at.result.as_ref().map(|t| self.measure(t, ind.unit.as_deref())),
                    "met": at.met,
                })
            })
            .collect();
        let mut v = self.project_core(plan, pj, page_path);
        v["number"] = json!(number);
        v["activities"] = json!(activities);
        v["status_counts"] = counts_json(counts);
        v["progress"] = json!(report::project_at(pj, rounds, ri).map(|at| json!({
            "recorded": at.recorded,
            "status": at.status.map(Status::id),
            "progress": at.progress,
            "note": at.note,
        })));
        v["group"] = json!(pj.group);
        v["indicators"] = json!(indicators);
        v["money"] = money_json(&report::project_money(pj, rounds, ri));
        v["body_html"] = json!(self.body(&pj.source, page_path));
        v
    }

    pub fn plan(&self, pi: usize) -> Value {
        let plan = &self.site.plans[pi];
        let path = &plan.source.path;
        let rounds = &self.site.config.rounds;
        let ri = report::latest_round(plan, rounds).unwrap_or(rounds.len().saturating_sub(1));
        let projects: Vec<Value> = (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, path, j + 1)).collect();
        let rows = self.summary_rows(plan, &projects, ri);
        let mut summary = self.plan_summary(pi);
        summary["body_html"] = json!(self.body(&plan.source, path));
        json!({"plan": summary, "projects": projects, "rows": rows})
    }

    /// A group's page: its body, its projects (with its sub-groups' titles and subtotals) at
    /// the latest reported round, and its total.
    pub fn group(&self, pi: usize, gi: usize) -> Value {
        let plan = &self.site.plans[pi];
        let g = &plan.groups[gi];
        let path = &g.source.path;
        let rounds = &self.site.config.rounds;
        let ri = report::latest_round(plan, rounds).unwrap_or(rounds.len().saturating_sub(1));
        let all: Vec<Value> = (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, path, j + 1)).collect();
        let projects: Vec<Value> = all
            .iter()
            .zip(&plan.projects)
            .filter(|(_, p)| report::in_group(plan, p, gi))
            .map(|(v, _)| v.clone())
            .collect();
        // The rows of the plan's table that stand in this group: its sub-groups with their
        // subtotals, and its projects (the group's own header and subtotal left out).
        let rows: Vec<Value> = self
            .summary_rows(plan, &all, ri)
            .into_iter()
            .filter(|row| match row["kind"].as_str() {
                Some("project") => {
                    row["group"].as_u64().is_some_and(|g| report::group_within(plan, Some(g as usize), gi))
                }
                _ => row["path"].as_str().is_some_and(|p| p.starts_with(path.as_str()) && p != path),
            })
            .collect();
        let chain: Vec<Value> = {
            let mut v = Vec::new();
            let mut at = g.parent;
            while let Some(i) = at {
                v.push(json!({"title": plan.groups[i].title, "path": plan.groups[i].source.path}));
                at = plan.groups[i].parent;
            }
            v.reverse();
            v
        };
        json!({
            "group": {
                "title": g.title,
                "path": path,
                "body_html": self.body(&g.source, path),
                "parents": chain,
                "money": money_json(&report::group_money(plan, gi, rounds, ri)),
                "round": rounds.get(ri).map(|r| r.name.clone()),
                "projects": projects,
                "rows": rows,
                "subgroups": plan.groups.iter().filter(|x| x.parent == Some(gi)).map(|x| json!({"title": x.title, "path": x.source.path})).collect::<Vec<_>>(),
            },
            "plan": {"title": plan.title, "path": plan.source.path, "fiscal_year": plan.fiscal_year},
        })
    }

    pub fn project(&self, pi: usize, ji: usize) -> Value {
        let plan = &self.site.plans[pi];
        let pj = &plan.projects[ji];
        let path = &pj.source.path;
        let rounds = &self.site.config.rounds;
        let last = rounds.len().saturating_sub(1);
        let mut v = self.project_at(pi, ji, last, path, ji + 1);
        // Each round: money and the activities' statuses.
        let per_round: Vec<Value> = rounds
            .iter()
            .enumerate()
            .map(|(ri, r)| {
                let statuses: Vec<Value> =
                    pj.activities.iter().map(|a| activity_at_json(&report::activity_at(a, rounds, ri))).collect();
                let progress = report::project_at(pj, rounds, ri);
                json!({
                    "progress": progress.map(|at| json!({
                        "recorded": at.recorded,
                        "status": at.status.map(Status::id),
                        "progress": at.progress,
                        "note": at.note,
                    })),
                    "id": r.id,
                    "name": r.name,
                    "path": format!("{}{}/", plan.source.path, r.id),
                    "has_data": report::has_data(plan, &r.id),
                    "money": money_json(&report::project_money(pj, rounds, ri)),
                    "statuses": statuses,
                })
            })
            .collect();
        v["has_committed"] = json!(rounds.iter().any(|r| report::committed_at(pj, &r.id).is_some()));
        v["rounds"] = json!(per_round);
        let indicators: Vec<Value> = pj
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                let results: Vec<Value> = rounds
                    .iter()
                    .enumerate()
                    .map(|(ri, r)| {
                        let at = report::indicator_at(ind, rounds, ri);
                        json!({
                            "round": r.name,
                            "target": at.target.as_ref().map(|t| self.measure(t, ind.unit.as_deref())),
                            "result": at.result.as_ref().map(|t| self.measure(t, ind.unit.as_deref())),
                            "met": at.met,
                        })
                    })
                    .collect();
                let per_round = matches!(ind.target, Some(Target::PerRound(_)));
                json!({
                    "number": k + 1,
                    "name": ind.name,
                    "target": match &ind.target {
                        Some(Target::Year(t)) => Some(self.measure(t, ind.unit.as_deref())),
                        _ => None,
                    },
                    "target_per_round": per_round,
                    "results": results,
                })
            })
            .collect();
        v["indicators_by_round"] = json!(indicators);
        json!({"project": v, "plan": {"title": plan.title, "path": plan.source.path, "fiscal_year": plan.fiscal_year}})
    }

    pub fn activity(&self, pi: usize, ji: usize, ai: usize) -> Value {
        let plan = &self.site.plans[pi];
        let pj = &plan.projects[ji];
        let a = &pj.activities[ai];
        let path = &a.source.path;
        let rounds = &self.site.config.rounds;
        let per_round: Vec<Value> = report::periods(&self.site.config, plan.fiscal_year)
            .iter()
            .map(|p| {
                let mut v = activity_at_json(&report::activity_at(a, rounds, p.index));
                v["id"] = json!(p.round.id);
                v["name"] = json!(p.round.name);
                v["has_data"] = json!(plan.is_reported(&p.round.id));
                v["path"] = json!(format!("{}{}/", plan.source.path, p.round.id));
                v["start"] = json!(p.start.to_string());
                v["end"] = json!(p.end.to_string());
                v
            })
            .collect();
        let total: Baht = rounds.iter().filter_map(|r| a.spent_in(&r.id)).sum();
        json!({
            "activity": {
                "number": format!("{}.{}", ji + 1, ai + 1),
                "title": a.title,
                "steps": a.steps,
                "budget": a.budget.as_ref().map(|b| b.value.plain()),
                "spent_total": total.plain(),
                "rounds": per_round,
                "body_html": self.body(&a.source, path),
            },
            "project": {"title": pj.title, "path": pj.source.path},
            "plan": {"title": plan.title, "path": plan.source.path, "fiscal_year": plan.fiscal_year},
        })
    }

    pub fn report(&self, pi: usize, ri: usize) -> Value {
        let plan = &self.site.plans[pi];
        let rounds = &self.site.config.rounds;
        let round = &rounds[ri];
        let path = format!("{}{}/", plan.source.path, round.id);
        let periods = report::periods(&self.site.config, plan.fiscal_year);
        let period = periods.iter().find(|p| p.index == ri);
        let narrative = plan.narratives.iter().find(|n| n.round == round.id);
        let projects: Vec<Value> = (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, &path, j + 1)).collect();
        let ats: Vec<report::ActivityAt> = plan
            .projects
            .iter()
            .flat_map(|p| p.activities.iter().map(|a| report::activity_at(a, rounds, ri)))
            .collect();
        let activity_counts = report::status_counts(ats.iter().map(|a| a.status));
        let own: Vec<report::ProjectAt> =
            plan.projects.iter().filter_map(|p| report::project_at(p, rounds, ri)).collect();
        let project_counts = report::status_counts(own.iter().filter_map(|a| a.status));
        let project_no_status = own.iter().filter(|a| a.status.is_none()).count();
        let rows = self.summary_rows(plan, &projects, ri);
        json!({
            "report": {
                "title": report_title(plan, round),
                "round": {
                    "id": round.id,
                    "name": round.name,
                    "start": period.map(|p| p.start.to_string()),
                    "end": period.map(|p| p.end.to_string()),
                    "year_start": period.map(|p| p.year_start.to_string()),
                },
                "periods": periods.iter().map(|p| json!({"name": p.round.name, "start": p.start.to_string(), "end": p.end.to_string(), "current": p.index == ri})).collect::<Vec<_>>(),
                "fiscal_year": plan.fiscal_year,
                "has_data": report::has_data(plan, &round.id),
                "narrative_html": narrative.map(|n| self.body(&n.source, &path)),
                "date": d(narrative.and_then(|n| n.date)),
                "projects": projects,
                "rows": rows,
                "activity_count": ats.len(),
                "status_counts": counts_json(activity_counts),
                "own_progress_count": own.len(),
                "project_counts": counts_json(project_counts),
                "project_no_status": project_no_status,
                "totals": money_json(&report::plan_money(plan, rounds, ri)),
                "other_rounds": self.report_links(plan, Some(ri)),
            },
            "plan": {"title": plan.title, "path": plan.source.path, "fiscal_year": plan.fiscal_year},
        })
    }

    /// The rows of a report's summary table: each group's title before its projects and its
    /// subtotal after them (groups nest), and the projects (`projects`: their views, in order).
    fn summary_rows(&self, plan: &Plan, projects: &[Value], ri: usize) -> Vec<Value> {
        let rounds = &self.site.config.rounds;
        let chain = |mut g: Option<usize>| {
            let mut out = Vec::new();
            while let Some(i) = g {
                out.push(i);
                g = plan.groups[i].parent;
            }
            out.reverse();
            out
        };
        let group_row = |kind: &str, g: usize| {
            json!({
                "kind": kind,
                "title": plan.groups[g].title,
                "path": plan.groups[g].source.path,
                "depth": plan.groups[g].depth,
                "money": money_json(&report::group_money(plan, g, rounds, ri)),
            })
        };
        let mut rows = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for (p, view) in plan.projects.iter().zip(projects) {
            let wanted = chain(p.group);
            while open.last().is_some_and(|g| !wanted.contains(g)) {
                if let Some(g) = open.pop() {
                    rows.push(group_row("subtotal", g));
                }
            }
            for g in wanted {
                if !open.contains(&g) {
                    rows.push(group_row("group", g));
                    open.push(g);
                }
            }
            let mut row = view.clone();
            row["kind"] = json!("project");
            row["depth"] = json!(open.len());
            rows.push(row);
        }
        while let Some(g) = open.pop() {
            rows.push(group_row("subtotal", g));
        }
        rows
    }

    fn oit_rows(&self) -> (Vec<Value>, Vec<Value>) {
        let servings = &self.r.servings;
        let served = |code: OitCode| -> Vec<Value> {
            servings
                .iter()
                .filter(|s| s.code == code)
                .map(|s| json!({"title": s.title, "path": s.path, "date": d(s.date), "url": self.absolute(&s.path)}))
                .collect()
        };
        let groups: Vec<Value> = match &self.site.catalog {
            Some(c) => c
                .groups
                .iter()
                .map(|g| {
                    let items: Vec<Value> = g
                        .items
                        .iter()
                        .map(|i| {
                            json!({
                                "code": i.code.to_string(),
                                "title": i.title_or_unknown(),
                                "title_known": i.title.is_some(),
                                "verified": i.verified,
                                "detail": i.detail,
                                "pages": served(i.code),
                            })
                        })
                        .collect();
                    json!({"title": g.title, "items": items})
                })
                .collect(),
            None => Vec::new(),
        };
        // Codes served by pages but absent from the catalogue (or all of them, without one).
        let mut extra: Vec<OitCode> = servings
            .iter()
            .map(|s| s.code)
            .filter(|c| self.site.catalog.as_ref().is_none_or(|cat| cat.item(*c).is_none()))
            .collect();
        extra.sort();
        extra.dedup();
        let extra: Vec<Value> = extra
            .into_iter()
            .map(|c| json!({"code": c.to_string(), "title": "", "detail": null, "pages": served(c)}))
            .collect();
        (groups, extra)
    }

    /// The absolute URL of a site path, from `base_url`.
    pub(super) fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_url, crate::links::percent_encode(path))
    }

    pub fn oit(&self) -> Value {
        let (groups, extra) = self.oit_rows();
        let total: usize = groups.iter().map(|g| g["items"].as_array().map_or(0, |a| a.len())).sum();
        let served: usize = groups
            .iter()
            .flat_map(|g| g["items"].as_array().cloned().unwrap_or_default())
            .filter(|i| i["pages"].as_array().is_some_and(|p| !p.is_empty()))
            .count();
        let intro = self.site.pages.iter().find(|p| p.is_section && p.source.path == "oit/");
        json!({
            "page": {
                "title": self.r.titles.get("oit/"),
                "body_html": intro.map(|p| self.body(&p.source, "oit/")).unwrap_or_default(),
            },
            "catalog": self.site.catalog.as_ref().map(|c| json!({
                "title": c.title,
                "year": c.year,
                "body": c.body.label(),
                "unverified": c.items().filter(|i| !i.verified).count(),
            })),
            "ita_year": self.site.ita_year,
            "groups": groups,
            "extra": extra,
            "total": total,
            "served": served,
            "missing": total - served,
        })
    }

    pub fn oit_csv(&self) -> Vec<u8> {
        let (groups, extra) = self.oit_rows();
        let mut out = String::from("\u{feff}code,title,url,page_title\r\n");
        let field = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let items = groups.iter().flat_map(|g| g["items"].as_array().cloned().unwrap_or_default()).chain(extra);
        for item in items {
            let code = item["code"].as_str().unwrap_or_default();
            let title = item["title"].as_str().unwrap_or_default();
            let pages = item["pages"].as_array().cloned().unwrap_or_default();
            if pages.is_empty() {
                out.push_str(&format!("{},{},,\r\n", field(code), field(title)));
            }
            for p in pages {
                out.push_str(&format!(
                    "{},{},{},{}\r\n",
                    field(code),
                    field(title),
                    field(p["url"].as_str().unwrap_or_default()),
                    field(p["title"].as_str().unwrap_or_default())
                ));
            }
        }
        out.into_bytes()
    }

    pub fn oit_json(&self) -> Vec<u8> {
        let (groups, extra) = self.oit_rows();
        let v = json!({
            "site": self.site.config.title,
            "base_url": self.site.config.base_url,
            "catalog": self.site.catalog.as_ref().map(|c| json!({"title": c.title, "ita_year": c.year, "body": c.body.id()})),
            "groups": groups,
            "other_items": extra,
        });
        serde_json::to_vec_pretty(&v).unwrap_or_default()
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
