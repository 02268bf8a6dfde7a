//! The views of plans and what they hold: plan, group, project and activity pages and the
//! round reports with their summary rows (groups, subtotals, projects).

use super::charts;
use super::views::{activity_at_json, counts_json, d, money_json, Views};
use crate::model::*;
use crate::report;
use crate::values::money::Baht;
use serde_json::{json, Value};

impl Views<'_, '_> {
    pub(super) fn plan_summary(&self, pi: usize) -> Value {
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
                    "has_data": plan.is_reported(&p.round.id),
                    "current": Some(p.index) == current,
                })
            })
            .collect()
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

    /// A project at round `ri`, numbered `number`. Only a round report shows its activities'
    /// narratives (`activity_bodies`); other pages list the activities without rendering them.
    fn project_at(
        &self,
        pi: usize,
        ji: usize,
        ri: usize,
        page_path: &str,
        number: usize,
        activity_bodies: bool,
    ) -> Value {
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
                if activity_bodies {
                    v["body_html"] = json!(self.body(&a.source, page_path));
                }
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
        let projects: Vec<Value> =
            (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, path, j + 1, false)).collect();
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
        let all: Vec<Value> =
            (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, path, j + 1, false)).collect();
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
        let mut v = self.project_at(pi, ji, last, path, ji + 1, false);
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
                    "has_data": plan.is_reported(&r.id),
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
        let projects: Vec<Value> =
            (0..plan.projects.len()).map(|j| self.project_at(pi, j, ri, &path, j + 1, true)).collect();
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
        let chart_svgs = self.report_charts(plan, ri, activity_counts, project_counts);
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
                "has_data": plan.is_reported(&round.id),
                "narrative_html": narrative.map(|n| self.body(&n.source, &path)),
                "date": d(narrative.and_then(|n| n.date)),
                "signers": report_signers(plan, &round.id),
                "projects": projects,
                "rows": rows,
                "charts": chart_svgs,
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

    /// The report's charts as inline SVG: budget per project, and statuses (of activities, or
    /// of projects that report their own).
    fn report_charts(&self, plan: &Plan, ri: usize, activities: [usize; 4], projects: [usize; 4]) -> Value {
        let rounds = &self.site.config.rounds;
        let nf = self.numerals();
        let bars: Vec<charts::BudgetBar> = plan
            .projects
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let m = report::project_money(p, rounds, ri);
                charts::BudgetBar {
                    label: format!("{}. {}", nf.digits(&(j + 1).to_string()), p.title),
                    approved: m.approved,
                    spent: m.to_date_known().then_some(m.spent_to_date),
                    committed: m.committed,
                }
            })
            .collect();
        let round = &rounds[ri].name;
        let status = if activities.iter().sum::<usize>() > 0 {
            charts::statuses(activities, "กิจกรรม", &format!("สถานะของกิจกรรม ณ สิ้น{round}"), nf)
        } else {
            charts::statuses(projects, "โครงการ", &format!("สถานะของโครงการ ณ สิ้น{round}"), nf)
        };
        json!({
            "budget": charts::budget(&bars, &format!("งบประมาณที่ได้รับอนุมัติ ใช้จ่ายสะสม และผูกพัน ของแต่ละโครงการ ณ สิ้น{round}"), nf),
            "status": status,
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
            // Only what a table row shows: a report's project views hold every activity's
            // narrative, which the summary must not copy.
            let activities: Vec<Value> = view["activities"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .map(|a| json!({"number": a["number"], "title": a["title"], "path": a["path"], "status": a["status"]}))
                        .collect()
                })
                .unwrap_or_default();
            rows.push(json!({
                "kind": "project",
                "depth": open.len(),
                "number": view["number"],
                "title": view["title"],
                "path": view["path"],
                "money": view["money"],
                "progress": view["progress"],
                "group": view["group"],
                "activities": activities,
            }));
        }
        while let Some(g) = open.pop() {
            rows.push(group_row("subtotal", g));
        }
        rows
    }
}
