//! The figures of a procurement register: each month's records and totals (แบบ สขร.๑), the year
//! to date by method, and the annual report's tables — by method, month and category with
//! their shares of the year, savings against the reference price, cancelled and unsigned items,
//! and the records listed capital budget (งบลงทุน) first, then by value.
//!
//! A cancelled procurement is listed where it belongs but adds nothing to a total: it was
//! neither bought nor paid for.

use crate::model::{Method, Month, ProcurementStatus, Record, Register};
use crate::values::money::{share, Baht};

/// Sums over records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records counted (cancelled ones are not).
    pub count: usize,
    /// Σ วงเงินที่จะซื้อหรือจ้าง.
    pub budget: Baht,
    /// Σ ราคากลาง, over the records that give one.
    pub reference: Baht,
    /// Σ ราคาที่ตกลงซื้อหรือจ้าง.
    pub agreed: Baht,
    /// Σ (ราคากลาง − ราคาที่ตกลง) in satang, over the records that give both (negative when the
    /// agreed prices were above the reference prices).
    pub savings: i64,
    /// Σ ราคากลาง over the records whose saving is counted: the base of the savings' share.
    pub savings_base: Baht,
    /// Cancelled records (listed, not summed).
    pub cancelled: usize,
}

impl Totals {
    /// The totals of `records`.
    pub fn of<'a>(records: impl IntoIterator<Item = &'a Record>) -> Totals {
        let mut t = Totals::default();
        for r in records {
            t.add(r);
        }
        t
    }

    fn add(&mut self, r: &Record) {
        if r.status == ProcurementStatus::Cancelled {
            self.cancelled += 1;
            return;
        }
        self.count += 1;
        self.budget += r.budget.value;
        if let Some(reference) = &r.reference_price {
            self.reference += reference.value;
        }
        if let Some(agreed) = r.agreed() {
            self.agreed += agreed;
        }
        if let (Some(saving), Some(reference)) = (r.saving_satang(), &r.reference_price) {
            self.savings += saving;
            self.savings_base += reference.value;
        }
    }

    /// The savings as a share of the reference prices they are measured against, in hundredths
    /// of a percent.
    pub fn savings_share(&self) -> Option<i64> {
        share(self.savings, self.savings_base.satang())
    }
}

/// One month of the register.
#[derive(Debug, Clone)]
pub struct MonthSummary<'r> {
    /// The month.
    pub month: Month,
    /// Its records, in the order of their contract dates, then files and rows.
    pub records: Vec<&'r Record>,
    /// Their totals.
    pub totals: Totals,
}

/// Every month published (October to the register's last month), each with its records.
pub fn months(register: &Register) -> Vec<MonthSummary<'_>> {
    register
        .months()
        .into_iter()
        .map(|month| {
            let mut records: Vec<&Record> = register.records.iter().filter(|r| r.month.value == month).collect();
            records.sort_by_key(|r| r.contract_date.as_ref().map(|d| d.value));
            let totals = Totals::of(records.iter().copied());
            MonthSummary { month, records, totals }
        })
        .collect()
}

/// A row of a table of shares: a label, its totals, and its shares of the year's count and value.
#[derive(Debug, Clone)]
pub struct ShareRow {
    /// What the row counts (a method's Thai name, a month, a category).
    pub label: String,
    /// Its totals.
    pub totals: Totals,
    /// Its share of the year's count, in hundredths of a percent.
    pub count_share: Option<i64>,
    /// Its share of the year's agreed value, in hundredths of a percent.
    pub value_share: Option<i64>,
}

fn rows(groups: Vec<(String, Vec<&Record>)>, year: &Totals) -> Vec<ShareRow> {
    groups
        .into_iter()
        .map(|(label, records)| {
            let totals = Totals::of(records);
            ShareRow {
                label,
                count_share: share(totals.count as i64, year.count as i64),
                value_share: share(totals.agreed.satang(), year.agreed.satang()),
                totals,
            }
        })
        .collect()
}

/// The year (or the year to date) by method: every method that has a record not cancelled, in the
/// order of [`Method::ALL`].
pub fn by_method(records: &[&Record]) -> Vec<ShareRow> {
    let year = Totals::of(records.iter().copied());
    let groups = Method::ALL
        .into_iter()
        .map(|m| (m.label().to_string(), records.iter().copied().filter(|r| r.method == m).collect::<Vec<_>>()))
        .filter(|(_, rs)| !rs.is_empty())
        .collect();
    rows(groups, &year).into_iter().filter(|r| r.totals.count > 0).collect()
}

/// The annual report's figures.
#[derive(Debug, Clone)]
pub struct Annual<'r> {
    /// The year's totals.
    pub totals: Totals,
    /// By method.
    pub by_method: Vec<ShareRow>,
    /// By month, every month of the year.
    pub by_month: Vec<ShareRow>,
    /// By category (หมวดงบรายจ่าย), "ไม่ระบุหมวด" last.
    pub by_category: Vec<ShareRow>,
    /// Cancelled records.
    pub cancelled: Vec<&'r Record>,
    /// Records whose contract is not signed yet.
    pub unsigned: Vec<&'r Record>,
    /// Every record not cancelled: งบลงทุน first, then by agreed value (or budget), highest first.
    pub listed: Vec<&'r Record>,
}

/// The figures of the annual report of `register`.
pub fn annual(register: &Register) -> Annual<'_> {
    let all: Vec<&Record> = register.records.iter().collect();
    let totals = Totals::of(all.iter().copied());
    let by_month = rows(
        Month::of_fiscal_year(register.fiscal_year)
            .into_iter()
            .map(|m| (m.to_string(), all.iter().copied().filter(|r| r.month.value == m).collect()))
            .collect(),
        &totals,
    );
    let mut categories: Vec<String> = all.iter().filter_map(|r| r.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let mut groups: Vec<(String, Vec<&Record>)> = categories
        .into_iter()
        .map(|c| {
            let rs = all.iter().copied().filter(|r| r.category.as_deref() == Some(c.as_str())).collect();
            (c, rs)
        })
        .collect();
    let none: Vec<&Record> = all.iter().copied().filter(|r| r.category.is_none()).collect();
    if !none.is_empty() {
        groups.push(("ไม่ระบุหมวด".to_string(), none));
    }
    // งบลงทุน first.
    groups.sort_by_key(|(label, _)| !label.contains("งบลงทุน"));
    // A category of cancelled records alone has nothing to count.
    let by_category = rows(groups, &totals).into_iter().filter(|r| r.totals.count > 0).collect();
    let mut listed: Vec<&Record> = all.iter().copied().filter(|r| r.status != ProcurementStatus::Cancelled).collect();
    listed.sort_by_key(|r| (!r.is_capital(), std::cmp::Reverse(r.agreed().unwrap_or(r.budget.value))));
    Annual {
        by_method: by_method(&all),
        by_month,
        by_category,
        cancelled: all.iter().copied().filter(|r| r.status == ProcurementStatus::Cancelled).collect(),
        unsigned: all.iter().copied().filter(|r| r.status == ProcurementStatus::NotSigned).collect(),
        listed,
        totals,
    }
}
