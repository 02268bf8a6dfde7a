//! Reports and budgets: what each round of a fiscal year shows — statuses carried forward,
//! spending in the round and to date, what remains, indicators against their targets.

use crate::model::{entry, Activity, Indicator, Measure, Plan, Project, RoundDef, SiteConfig, Status};
use crate::money::Baht;
use crate::thai;
use jiff::civil::Date;

/// A round placed in a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The round.
    pub round: RoundDef,
    /// Its position among the rounds (0 first).
    pub index: usize,
    /// First day of the round's own period (the day after the previous round's end).
    pub start: Date,
    /// Last day of the round (reports cover the fiscal year up to it).
    pub end: Date,
    /// First day of the fiscal year.
    pub year_start: Date,
}

/// The periods of the rounds of fiscal year `fy` (B.E.).
pub fn periods(config: &SiteConfig, fy: i32) -> Vec<Period> {
    let Some(year_start) = thai::fiscal_year_start(fy) else { return Vec::new() };
    let mut start = year_start;
    let mut out = Vec::new();
    for (index, round) in config.rounds.iter().enumerate() {
        // 29 February in a common year ends on the 28th.
        let end = thai::fiscal_date(fy, round.end_month, round.end_day)
            .or_else(|| thai::fiscal_date(fy, round.end_month, round.end_day - 1));
        let Some(end) = end else { continue };
        out.push(Period { round: round.clone(), index, start, end, year_start });
        start = end.tomorrow().unwrap_or(end);
    }
    out
}

/// An activity as it stood at a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityAt {
    /// Status, carried forward from earlier rounds when this one has none.
    pub status: Status,
    /// Whether this round has its own entry.
    pub recorded: bool,
    /// When the round's work was done.
    pub date: Option<Date>,
    /// Paid within the round's own period.
    pub spent: Baht,
    /// Paid from the start of the fiscal year to the round's end.
    pub spent_to_date: Baht,
    /// Whether this round records spending (`spent`) for the activity.
    pub spent_recorded: bool,
    /// Whether any round up to this one records spending for the activity.
    pub spent_to_date_recorded: bool,
    /// The round's note.
    pub note: Option<String>,
}

/// An activity at round `index` of `rounds`.
pub fn activity_at(a: &Activity, rounds: &[RoundDef], index: usize) -> ActivityAt {
    let mut status = Status::NotStarted;
    let mut spent_to_date = Baht::ZERO;
    let mut spent_to_date_recorded = false;
    for r in rounds.iter().take(index + 1) {
        if let Some(e) = entry(&a.rounds, &r.id) {
            status = e.status.unwrap_or(status);
        }
        if let Some(spent) = a.spent_in(&r.id) {
            spent_to_date += spent;
            spent_to_date_recorded = true;
        }
    }
    let here = rounds.get(index).and_then(|r| entry(&a.rounds, &r.id));
    ActivityAt {
        status,
        recorded: here.is_some(),
        date: here.and_then(|e| e.date.as_ref()).map(|d| d.value),
        spent: here.and_then(|e| e.spent.as_ref()).map(|s| s.value).unwrap_or_default(),
        spent_to_date,
        spent_recorded: here.is_some_and(|e| e.spent.is_some()),
        spent_to_date_recorded,
        note: here.and_then(|e| e.note.clone()),
    }
}

/// An indicator at a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorAt {
    /// The result given for the round.
    pub result: Option<Measure>,
    /// Whether the result meets the target, when both are numbers.
    pub met: Option<bool>,
}

/// An indicator at a round.
pub fn indicator_at(i: &Indicator, round: &str) -> IndicatorAt {
    let result = i.results.iter().find(|(r, _)| r.value == round).map(|(_, m)| m.clone());
    let met = match (&i.target, &result) {
        (Some(Measure::Number(t)), Some(Measure::Number(r))) => Some(r >= t),
        _ => None,
    };
    IndicatorAt { result, met }
}

/// Money of a project or a plan at a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money {
    /// Approved budget (zero when none is given).
    pub approved: Baht,
    /// Whether an approved budget was given.
    pub has_budget: bool,
    /// Paid within the round's own period.
    pub spent: Baht,
    /// Paid from the start of the fiscal year to the round's end.
    pub spent_to_date: Baht,
}

impl Money {
    /// Approved minus spent to date (never below zero; overspending is an error of its own).
    pub fn remaining(&self) -> Baht {
        self.approved.saturating_sub(self.spent_to_date).max(Baht::ZERO)
    }

    /// Spent to date as a percentage of the approved budget, in hundredths.
    pub fn disbursed(&self) -> Option<i64> {
        self.spent_to_date.percent_of(self.approved)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money {
            approved: self.approved + o.approved,
            has_budget: self.has_budget || o.has_budget,
            spent: self.spent + o.spent,
            spent_to_date: self.spent_to_date + o.spent_to_date,
        }
    }
}

/// A project's money at round `index`.
pub fn project_money(p: &Project, rounds: &[RoundDef], index: usize) -> Money {
    let spent_to_date = rounds.iter().take(index + 1).map(|r| p.spent_in(&r.id)).sum();
    Money {
        approved: p.approved.as_ref().map(|a| a.value).unwrap_or_default(),
        has_budget: p.approved.is_some(),
        spent: rounds.get(index).map(|r| p.spent_in(&r.id)).unwrap_or_default(),
        spent_to_date,
    }
}

/// A plan's money at round `index`: the sum of its projects'.
pub fn plan_money(plan: &Plan, rounds: &[RoundDef], index: usize) -> Money {
    plan.projects.iter().map(|p| project_money(p, rounds, index)).fold(Money::default(), |a, b| a + b)
}

/// Whether anything was recorded for a round in a plan: a narrative, an entry of a project or
/// of an activity, or an indicator result.
pub fn has_data(plan: &Plan, round: &str) -> bool {
    plan.is_reported(round)
}

/// The index of the latest round with data; `None` when no round is reported yet.
pub fn latest_round(plan: &Plan, rounds: &[RoundDef]) -> Option<usize> {
    rounds.iter().rposition(|r| plan.is_reported(&r.id))
}

/// Counts of activities by status at a round: (done, in progress, not started, cancelled).
pub fn status_counts(activities: &[ActivityAt]) -> [usize; 4] {
    let mut c = [0; 4];
    for a in activities {
        let i = match a.status {
            Status::Done => 0,
            Status::InProgress => 1,
            Status::NotStarted => 2,
            Status::Cancelled => 3,
        };
        c[i] += 1;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{At, RoundEntry, Source};
    use crate::yaml::Pos;

    fn rounds() -> Vec<RoundDef> {
        crate::model::default_rounds()
    }

    fn entry_of(round: &str, status: Option<Status>, spent: Option<i64>) -> RoundEntry {
        RoundEntry {
            round: At::new(round.into(), Pos::default()),
            status,
            date: None,
            spent: spent.map(|s| At::new(Baht::from_satang(s), Pos::default())),
            note: None,
        }
    }

    fn activity(entries: Vec<RoundEntry>) -> Activity {
        Activity { source: Source::default(), title: "ก".into(), budget: None, steps: vec![], rounds: entries }
    }

    #[test]
    fn periods_of_2565() {
        let c = crate::config::tests::minimal();
        let p = periods(&c, 2565);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].start, Date::new(2021, 10, 1).unwrap());
        assert_eq!(p[0].end, Date::new(2022, 3, 31).unwrap());
        assert_eq!(p[1].start, Date::new(2022, 4, 1).unwrap());
        assert_eq!(p[2].end, Date::new(2022, 9, 30).unwrap());
    }

    #[test]
    fn status_carries_forward_and_spending_accumulates() {
        let a = activity(vec![
            entry_of("6m", Some(Status::InProgress), Some(500_000)),
            entry_of("12m", None, Some(1_000_050)),
        ]);
        let r = rounds();
        let at9 = activity_at(&a, &r, 1);
        assert_eq!(at9.status, Status::InProgress);
        assert!(!at9.recorded);
        assert_eq!(at9.spent, Baht::ZERO);
        assert_eq!(at9.spent_to_date, Baht::from_satang(500_000));
        let at12 = activity_at(&a, &r, 2);
        assert_eq!(at12.spent_to_date, Baht::from_satang(1_500_050));
        assert_eq!(activity_at(&activity(vec![]), &r, 2).status, Status::NotStarted);
    }

    #[test]
    fn project_money_prefers_its_own_figure() {
        let mut p = Project {
            source: Source::default(),
            title: "x".into(),
            responsible: vec![],
            objectives: vec![],
            targets_quantitative: vec![],
            targets_qualitative: vec![],
            alignment: vec![],
            outputs: vec![],
            outcomes: vec![],
            indicators: vec![],
            approved: Some(At::new(Baht::from_baht(100_000), Pos::default())),
            sources: vec![],
            sources_pos: Pos::default(),
            rounds: vec![entry_of("6m", None, Some(6_100_000))],
            activities: vec![activity(vec![entry_of("9m", Some(Status::Done), Some(250))])],
        };
        let r = rounds();
        let m6 = project_money(&p, &r, 0);
        assert_eq!((m6.spent, m6.remaining()), (Baht::from_baht(61_000), Baht::from_baht(39_000)));
        assert_eq!(m6.disbursed(), Some(6100));
        let m9 = project_money(&p, &r, 1);
        assert_eq!(m9.spent, Baht::from_satang(250));
        assert_eq!(m9.spent_to_date, Baht::from_satang(6_100_250));
        p.approved = None;
        assert_eq!(project_money(&p, &r, 1).disbursed(), None);
    }
}
