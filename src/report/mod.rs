//! Stage 3, report: what each round of a fiscal year shows — statuses carried forward, spending
//! in the round and to date, commitments, what remains, progress of projects without
//! activities, indicators against the round's own target, sums through groups.
//!
//! Enters: the model. Leaves: plain figures ([`Money`], [`ActivityAt`], [`ProjectAt`]) that the
//! renderer shows and the checks compare; "not recorded" stays distinct from zero.

pub mod procurement;

use crate::model::{entry, Activity, Indicator, Measure, Plan, Project, RoundDef, SiteConfig, Status};
use crate::values::money::Baht;
use crate::values::thai;
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
    /// Whether this round's spending is known: it gives `spent`, or the activity has not
    /// started or was cancelled (and so spent nothing).
    pub spent_recorded: bool,
    /// Whether spending to date is known: some round up to this one records it, or the
    /// activity has not started or was cancelled.
    pub spent_to_date_recorded: bool,
    /// Whether some round up to this one gives `spent` for the activity itself.
    pub spent_given: bool,
    /// The round's note.
    pub note: Option<String>,
}

/// An activity at round `index` of `rounds`.
pub fn activity_at(a: &Activity, rounds: &[RoundDef], index: usize) -> ActivityAt {
    let mut status = Status::NotStarted;
    let mut status_given = false;
    let mut spent_to_date = Baht::ZERO;
    let mut spent_to_date_recorded = false;
    for r in rounds.iter().take(index + 1) {
        if let Some(s) = entry(&a.rounds, &r.id).and_then(|e| e.status) {
            status = s;
            status_given = true;
        }
        if let Some(spent) = a.spent_in(&r.id) {
            spent_to_date += spent;
            spent_to_date_recorded = true;
        }
    }
    // An activity recorded as not started or cancelled that gives no `spent` has spent
    // nothing: ๐, not "ไม่มีข้อมูล".
    let idle = status_given && matches!(status, Status::NotStarted | Status::Cancelled);
    let here = rounds.get(index).and_then(|r| entry(&a.rounds, &r.id));
    ActivityAt {
        status,
        recorded: here.is_some(),
        date: here.and_then(|e| e.date.as_ref()).map(|d| d.value),
        spent: here.and_then(|e| e.spent.as_ref()).map(|s| s.value).unwrap_or_default(),
        spent_to_date,
        spent_recorded: idle || here.is_some_and(|e| e.spent.is_some()),
        spent_to_date_recorded: idle || spent_to_date_recorded,
        spent_given: spent_to_date_recorded,
        note: here.and_then(|e| e.note.clone()),
    }
}

/// An indicator at a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorAt {
    /// The round's own target (or the last given before it).
    pub target: Option<Measure>,
    /// The result given for the round.
    pub result: Option<Measure>,
    /// Whether the result meets the round's target, when both are numbers.
    pub met: Option<bool>,
}

/// An indicator at round `index` of `rounds`, against that round's own target.
pub fn indicator_at(i: &Indicator, rounds: &[RoundDef], index: usize) -> IndicatorAt {
    let round = rounds.get(index).map(|r| r.id.as_str()).unwrap_or_default();
    let result = i.results.iter().find(|(r, _)| r.value == round).map(|(_, m)| m.clone());
    let target = i.target.as_ref().and_then(|t| t.at(rounds, index)).cloned();
    let met = match (&target, &result) {
        (Some(Measure::Number(t)), Some(Measure::Number(r))) => Some(r >= t),
        _ => None,
    };
    IndicatorAt { target, result, met }
}

/// Money of a project, a group or a plan at a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money {
    /// Approved budget (zero when none is given).
    pub approved: Baht,
    /// Whether an approved budget was given.
    pub has_budget: bool,
    /// Paid within the round's own period (of the projects that report it).
    pub spent: Baht,
    /// Paid from the start of the fiscal year to the round's end (of the projects that report it).
    pub spent_to_date: Baht,
    /// Committed and unpaid at the round's end (ผูกพัน).
    pub committed: Baht,
    /// Whether any commitment is recorded at the round.
    pub has_committed: bool,
    /// Projects counted in the sum.
    pub projects: usize,
    /// Of those, projects whose spending in this round is not known: nothing was recorded for
    /// them, so their spending is "ไม่มีข้อมูล", never zero.
    pub unknown: usize,
    /// Of those, projects whose spending is not known for any round up to this one.
    pub unknown_to_date: usize,
}

impl Money {
    /// Approved minus spent to date and what is committed (never below zero; overspending is
    /// an error of its own).
    pub fn remaining(&self) -> Baht {
        self.approved.saturating_sub(self.spent_to_date).saturating_sub(self.committed).max(Baht::ZERO)
    }

    /// Spent to date as a percentage of the approved budget, in hundredths.
    pub fn disbursed(&self) -> Option<i64> {
        self.spent_to_date.percent_of(self.approved)
    }

    /// Whether this round's spending is known for at least one project.
    pub fn spent_known(&self) -> bool {
        self.unknown < self.projects
    }

    /// Whether spending to date is known for at least one project.
    pub fn to_date_known(&self) -> bool {
        self.unknown_to_date < self.projects
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
            committed: self.committed + o.committed,
            has_committed: self.has_committed || o.has_committed,
            projects: self.projects + o.projects,
            unknown: self.unknown + o.unknown,
            unknown_to_date: self.unknown_to_date + o.unknown_to_date,
        }
    }
}

/// Whether a project's spending in a round is known: a project with activities spends nothing
/// in a round that records nothing; one without activities is known only by its own entry.
fn spent_known_in(p: &Project, round: &str) -> bool {
    !p.progress_on_project() || p.own_spent_in(round).is_some()
}

/// What a project has committed at a round's end: its own figure, else its activities'.
pub fn committed_at(p: &Project, round: &str) -> Option<Baht> {
    let own = entry(&p.rounds, round).and_then(|e| e.committed.as_ref()).map(|c| c.value);
    own.or_else(|| {
        let list: Vec<Baht> = p
            .activities
            .iter()
            .filter_map(|a| entry(&a.rounds, round).and_then(|e| e.committed.as_ref()).map(|c| c.value))
            .collect();
        (!list.is_empty()).then(|| list.into_iter().sum())
    })
}

/// A project's money at round `index`.
pub fn project_money(p: &Project, rounds: &[RoundDef], index: usize) -> Money {
    let upto = &rounds[..(index + 1).min(rounds.len())];
    let spent_to_date = upto.iter().map(|r| p.spent_in(&r.id)).sum();
    let here = rounds.get(index).map(|r| r.id.as_str()).unwrap_or_default();
    let committed = committed_at(p, here);
    Money {
        approved: p.approved.as_ref().map(|a| a.value).unwrap_or_default(),
        has_budget: p.approved.is_some(),
        spent: p.spent_in(here),
        spent_to_date,
        committed: committed.unwrap_or_default(),
        has_committed: committed.is_some(),
        projects: 1,
        unknown: usize::from(!spent_known_in(p, here)),
        unknown_to_date: usize::from(!upto.iter().any(|r| spent_known_in(p, &r.id))),
    }
}

/// The money of some projects at round `index`: their sum.
pub fn sum_money<'p>(projects: impl Iterator<Item = &'p Project>, rounds: &[RoundDef], index: usize) -> Money {
    projects.map(|p| project_money(p, rounds, index)).fold(Money::default(), |a, b| a + b)
}

/// A plan's money at round `index`: the sum of its projects'.
pub fn plan_money(plan: &Plan, rounds: &[RoundDef], index: usize) -> Money {
    sum_money(plan.projects.iter(), rounds, index)
}

/// Whether project `p` stands in group `g` or in one of its sub-groups.
pub fn in_group(plan: &Plan, p: &Project, g: usize) -> bool {
    group_within(plan, p.group, g)
}

/// Whether group `inner` (`None`: the plan itself) is group `g` or stands inside it.
pub fn group_within(plan: &Plan, inner: Option<usize>, g: usize) -> bool {
    let mut at = inner;
    while let Some(i) = at {
        if i == g {
            return true;
        }
        at = plan.groups.get(i).and_then(|x| x.parent);
    }
    false
}

/// A group's money at round `index`: the sum of the projects in it and its sub-groups.
pub fn group_money(plan: &Plan, g: usize, rounds: &[RoundDef], index: usize) -> Money {
    sum_money(plan.projects.iter().filter(|p| in_group(plan, p, g)), rounds, index)
}

/// A project without activities as it stood at a round: its own status and ร้อยละ, when the
/// round records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectAt {
    /// Whether the round has an entry for the project.
    pub recorded: bool,
    /// Status at the round's end.
    pub status: Option<Status>,
    /// ร้อยละ of the work done, in hundredths.
    pub progress: Option<i64>,
    /// The round's note.
    pub note: Option<String>,
}

/// The progress of a project that records it on itself (no activities); `None` for a project
/// whose activities carry it.
pub fn project_at(p: &Project, rounds: &[RoundDef], index: usize) -> Option<ProjectAt> {
    if !p.progress_on_project() {
        return None;
    }
    let here = rounds.get(index).and_then(|r| entry(&p.rounds, &r.id));
    Some(ProjectAt {
        recorded: here.is_some(),
        status: here.and_then(|e| e.status),
        progress: here.and_then(|e| e.progress.as_ref()).map(|x| x.value),
        note: here.and_then(|e| e.note.clone()),
    })
}

/// The index of the latest round with data; `None` when no round is reported yet.
pub fn latest_round(plan: &Plan, rounds: &[RoundDef]) -> Option<usize> {
    rounds.iter().rposition(|r| plan.is_reported(&r.id))
}

/// Counts by status: (done, in progress, not started, cancelled).
pub fn status_counts(statuses: impl IntoIterator<Item = Status>) -> [usize; 4] {
    let mut c = [0; 4];
    for s in statuses {
        let i = match s {
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
    use crate::diagnostics::Pos;
    use crate::model::{At, RoundEntry, Source};

    fn rounds() -> Vec<RoundDef> {
        crate::model::default_rounds()
    }

    fn entry_of(round: &str, status: Option<Status>, spent: Option<i64>) -> RoundEntry {
        RoundEntry {
            round: At::new(round.into(), Pos::default()),
            status,
            date: None,
            spent: spent.map(|s| At::new(Baht::from_satang(s), Pos::default())),
            ..RoundEntry::default()
        }
    }

    fn activity(entries: Vec<RoundEntry>) -> Activity {
        Activity { source: Source::default(), title: "ก".into(), budget: None, steps: vec![], rounds: entries }
    }

    #[test]
    fn periods_of_2565() {
        let c = crate::load::site_yaml::tests::minimal();
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
    fn report_an_activity_not_started_or_cancelled_has_spent_nothing() {
        let r = rounds();
        for status in [Status::NotStarted, Status::Cancelled] {
            let a = activity(vec![entry_of("6m", Some(status), None)]);
            for i in 0..3 {
                let at = activity_at(&a, &r, i);
                assert!(at.spent_recorded && at.spent_to_date_recorded, "{status:?} at {i}");
                assert_eq!((at.spent, at.spent_to_date), (Baht::ZERO, Baht::ZERO));
                assert!(!at.spent_given);
            }
        }
        // In progress without `spent`, or nothing recorded at all: not known.
        let a = activity(vec![entry_of("6m", Some(Status::InProgress), None)]);
        assert!(!activity_at(&a, &r, 0).spent_recorded);
        assert!(!activity_at(&activity(vec![]), &r, 0).spent_to_date_recorded);
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
            group: None,
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
