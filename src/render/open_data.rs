//! Open data beside the pages: each round report's figures as `data.json` and `data.csv`, the
//! site-wide `/data/` index of them, and the Atom feed (`/feed.xml`) of dated pages.
//!
//! Amounts are exact decimal strings (`"61000"`, `"12345.50"`) in JSON and plain decimals in
//! CSV (UTF-8 with a BOM, so that Excel reads Thai); nothing recorded is `null` in JSON and an
//! empty cell in CSV, never zero.

use super::views::Views;
use crate::model::{report_title, Plan, Status};
use crate::report::{self, Money};
use jiff::civil::Date;
use serde_json::{json, Value};

/// The version of the data files' shape; bumped when a field changes meaning.
pub const DATA_VERSION: u32 = 1;

/// The money columns of a row: exact decimal strings, `None` where nothing was recorded.
#[derive(serde::Serialize, Default)]
struct Amounts {
    approved: Option<String>,
    spent_in_round: Option<String>,
    spent_to_date: Option<String>,
    committed: Option<String>,
    remaining: Option<String>,
}

fn money(m: &Money) -> Amounts {
    Amounts {
        approved: m.has_budget.then(|| m.approved.plain()),
        spent_in_round: m.spent_known().then(|| m.spent.plain()),
        spent_to_date: m.to_date_known().then(|| m.spent_to_date.plain()),
        committed: m.has_committed.then(|| m.committed.plain()),
        remaining: m.has_budget.then(|| m.remaining().plain()),
    }
}

/// One project or activity at a round, as open data.
#[derive(serde::Serialize)]
struct Row<'a> {
    level: &'static str,
    number: String,
    group: Option<&'a str>,
    title: &'a str,
    status: Option<&'static str>,
    progress: Option<String>,
    responsible: String,
    #[serde(flatten)]
    amounts: Amounts,
    date: Option<String>,
}

/// One row per project and per activity of a plan at round `ri`.
fn rows<'a>(plan: &'a Plan, rounds: &[crate::model::RoundDef], ri: usize) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    let round = &rounds[ri].id;
    for (j, p) in plan.projects.iter().enumerate() {
        let own = report::project_at(p, rounds, ri);
        out.push(Row {
            level: "project",
            number: format!("{}", j + 1),
            group: p.group.map(|g| plan.groups[g].title.as_str()),
            title: &p.title,
            status: own.as_ref().and_then(|o| o.status).map(Status::id),
            progress: own.as_ref().and_then(|o| o.progress).map(hundredths),
            responsible: p
                .responsible
                .iter()
                .filter_map(|r| r.name.as_deref().or(r.unit.as_deref()))
                .collect::<Vec<_>>()
                .join("; "),
            amounts: money(&report::project_money(p, rounds, ri)),
            date: None,
        });
        for (k, a) in p.activities.iter().enumerate() {
            let at = report::activity_at(a, rounds, ri);
            let committed = crate::model::entry(&a.rounds, round).and_then(|e| e.committed.as_ref()).map(|c| c.value);
            let budget = a.budget.as_ref().map(|b| b.value);
            let remaining =
                budget.map(|b| b.saturating_sub(at.spent_to_date).saturating_sub(committed.unwrap_or_default()));
            out.push(Row {
                level: "activity",
                number: format!("{}.{}", j + 1, k + 1),
                group: None,
                title: &a.title,
                status: Some(at.status.id()),
                progress: None,
                responsible: String::new(),
                amounts: Amounts {
                    approved: budget.map(|b| b.plain()),
                    spent_in_round: at.spent_recorded.then(|| at.spent.plain()),
                    spent_to_date: at.spent_to_date_recorded.then(|| at.spent_to_date.plain()),
                    committed: committed.map(|c| c.plain()),
                    remaining: remaining.map(|r| r.plain()),
                },
                date: at.date.map(|d| d.to_string()),
            });
        }
    }
    out
}

/// Hundredths as a decimal string: 4550 → "45.5".
fn hundredths(h: i64) -> String {
    let s = format!("{}.{:02}", h / 100, h % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl Views<'_, '_> {
    /// `data.json` of plan `pi`'s report at round `ri`.
    pub fn report_json(&self, pi: usize, ri: usize) -> Vec<u8> {
        let plan = &self.site.plans[pi];
        let rounds = &self.site.config.rounds;
        let round = &rounds[ri];
        let period = report::periods(&self.site.config, plan.fiscal_year).into_iter().find(|p| p.index == ri);
        /// The whole file, serialised as it stands (no intermediate JSON tree).
        #[derive(serde::Serialize)]
        struct Data<'a> {
            version: u32,
            agency: &'a str,
            plan: &'a str,
            fiscal_year: i32,
            round: Value,
            title: String,
            url: String,
            totals: Amounts,
            rows: Vec<Row<'a>>,
            /// Who signs the report, as at its end.
            signers: &'a [crate::model::Signer],
        }
        let data = Data {
            version: DATA_VERSION,
            agency: &self.site.config.title,
            plan: &plan.title,
            fiscal_year: plan.fiscal_year,
            round: json!({"id": round.id, "name": round.name, "from": period.as_ref().map(|p| p.year_start.to_string()), "to": period.as_ref().map(|p| p.end.to_string())}),
            title: report_title(plan, round),
            url: self.absolute(&format!("{}{}/", plan.source.path, round.id)),
            totals: money(&report::plan_money(plan, rounds, ri)),
            rows: rows(plan, rounds, ri),
            signers: crate::model::report_signers(plan, &round.id),
        };
        serde_json::to_vec_pretty(&data).unwrap_or_default()
    }

    /// `data.csv` of the same figures, one row per project and activity.
    pub fn report_csv(&self, pi: usize, ri: usize) -> Vec<u8> {
        let plan = &self.site.plans[pi];
        let rounds = &self.site.config.rounds;
        super::open_data::excel_csv(|w| {
            let _ = w.write_record([
                "level",
                "number",
                "group",
                "title",
                "status",
                "progress",
                "approved",
                "spent_in_round",
                "spent_to_date",
                "committed",
                "remaining",
                "responsible",
            ]);
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            for r in rows(plan, rounds, ri) {
                let a = &r.amounts;
                let _ = w.write_record([
                    r.level.to_string(),
                    r.number.clone(),
                    r.group.map(str::to_string).unwrap_or_default(),
                    r.title.to_string(),
                    r.status.unwrap_or_default().to_string(),
                    opt(&r.progress),
                    opt(&a.approved),
                    opt(&a.spent_in_round),
                    opt(&a.spent_to_date),
                    opt(&a.committed),
                    opt(&a.remaining),
                    r.responsible.to_string(),
                ]);
            }
        })
    }

    /// The `/data/` page: every published report's data files.
    pub fn data_index(&self) -> Value {
        let rounds = &self.site.config.rounds;
        let reports: Vec<Value> = self
            .site
            .plans
            .iter()
            .flat_map(|plan| {
                rounds.iter().filter(|r| plan.is_reported(&r.id)).map(move |r| {
                    let path = format!("{}{}/", plan.source.path, r.id);
                    json!({"title": report_title(plan, r), "path": path, "fiscal_year": plan.fiscal_year, "round": r.name})
                })
            })
            .chain(self.register_data_entries())
            .collect();
        json!({"page": {"title": "ข้อมูลเปิด (Open Data)"}, "reports": reports, "version": DATA_VERSION})
    }

    /// The Atom feed: dated pages and round reports, newest first.
    pub fn feed(&self) -> Value {
        let mut entries: Vec<(Date, String, String)> = Vec::new();
        for page in self.site.pages.iter().filter(|p| !p.is_section) {
            if let Some(date) = page.date {
                entries.push((date, page.title.clone(), page.source.path.clone()));
            }
        }
        for plan in &self.site.plans {
            for (ri, r) in self.site.config.rounds.iter().enumerate() {
                if !plan.is_reported(&r.id) {
                    continue;
                }
                let narrative = plan.narratives.iter().find(|n| n.round == r.id).and_then(|n| n.date);
                let end = report::periods(&self.site.config, plan.fiscal_year)
                    .into_iter()
                    .find(|p| p.index == ri)
                    .map(|p| p.end);
                if let Some(date) = narrative.or(end) {
                    entries.push((date, report_title(plan, r), format!("{}{}/", plan.source.path, r.id)));
                }
            }
        }
        entries.extend(self.register_feed_entries());
        entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        let stamp = |d: Date| format!("{d}T00:00:00+07:00");
        let list: Vec<Value> = entries
            .iter()
            .map(|(d, title, path)| json!({"title": title, "url": self.absolute(path), "updated": stamp(*d)}))
            .collect();
        json!({
            "feed": {
                "title": self.site.config.title,
                "url": self.site.config.base_url,
                "self": self.absolute("feed.xml"),
                "updated": entries.first().map(|e| stamp(e.0)).unwrap_or_else(|| "2000-01-01T00:00:00+07:00".into()),
                "entries": list,
            }
        })
    }
}

/// A CSV file as Excel opens it with Thai intact: UTF-8 with a byte order mark, CRLF line ends,
/// every cell quoted where it must be (the csv crate); `write` writes the records.
pub(super) fn excel_csv(write: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>)) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        write(&mut w);
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_as_decimals() {
        assert_eq!(hundredths(4550), "45.5");
        assert_eq!(hundredths(10000), "100");
        assert_eq!(hundredths(5), "0.05");
    }
}
