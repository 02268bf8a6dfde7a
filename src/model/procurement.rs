//! Procurement registers (การจัดซื้อจัดจ้าง): a fiscal year's records, from which the monthly
//! summaries (แบบ สขร.๑) and the annual report are computed, as round reports are computed
//! from activities.

use super::{At, Narrative, Person, Source};
use crate::diagnostics::{CellRef, Diagnostic, Pos};
use crate::values::money::Baht;
use jiff::civil::Date;
use std::fmt;
use std::path::PathBuf;

/// A register (`type: procurement`): one fiscal year's procurements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// Its `_index` file, URL and body.
    pub source: Source,
    /// Title (default: การจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. `<year>`).
    pub title: String,
    /// Fiscal year, B.E.
    pub fiscal_year: i32,
    /// The last month the register is complete for, as written (`None`: the month of the
    /// latest record).
    pub through: Option<At<Month>>,
    /// Who keeps it.
    pub responsible: Vec<Person>,
    /// The records, in the order of their files and rows.
    pub records: Vec<Record>,
    /// The annual report's narrative (`reports/annual.md`).
    pub narrative: Option<Narrative>,
}

impl Register {
    /// The last month published: `through`, or else the month of the latest record, or else
    /// the first month of the fiscal year.
    pub fn last_month(&self) -> Month {
        self.through.as_ref().map(|t| t.value).unwrap_or_else(|| {
            self.records.iter().map(|r| r.month.value).max().unwrap_or(Month::first_of(self.fiscal_year))
        })
    }

    /// The months published, from October to [`Register::last_month`] (none after
    /// September of the fiscal year).
    pub fn months(&self) -> Vec<Month> {
        let last = self.last_month();
        Month::of_fiscal_year(self.fiscal_year).into_iter().filter(|m| *m <= last).collect()
    }

    /// Whether the year is complete (`through` is September), so its annual report is published.
    pub fn is_complete(&self) -> bool {
        self.last_month() >= Month::last_of(self.fiscal_year)
    }
}

/// What part of a register a page or a data file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisterPart {
    /// One month's summary (แบบ สขร.๑).
    Month(Month),
    /// The annual report.
    Annual,
}

impl RegisterPart {
    /// The page's folder under the register: `2569-01/` or `annual/`.
    pub fn folder(self) -> String {
        match self {
            RegisterPart::Month(m) => format!("{}/", m.id()),
            RegisterPart::Annual => "annual/".to_string(),
        }
    }

    /// The page's title, its year in the site's `numerals`: the monthly form's heading, or the
    /// annual report's.
    pub fn title(self, register: &Register, numerals: crate::values::thai::Numerals) -> String {
        numerals.digits(&match self {
            RegisterPart::Month(m) => format!("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน {m}"),
            RegisterPart::Annual => {
                format!("รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. {}", register.fiscal_year)
            }
        })
    }
}

impl Register {
    /// The pages a register has besides its own: its months up to the last published, and the
    /// annual report once the year is complete.
    pub fn parts(&self) -> Vec<RegisterPart> {
        let mut parts: Vec<RegisterPart> = self.months().into_iter().map(RegisterPart::Month).collect();
        if self.is_complete() {
            parts.push(RegisterPart::Annual);
        }
        parts
    }
}

/// A month of a year, the year in B.E.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Year, B.E.
    pub year: i32,
    /// 1–12.
    pub month: i8,
}

impl Month {
    /// October of the year before fiscal year `fy`.
    pub fn first_of(fy: i32) -> Month {
        Month { year: fy - 1, month: 10 }
    }

    /// September of fiscal year `fy`.
    pub fn last_of(fy: i32) -> Month {
        Month { year: fy, month: 9 }
    }

    /// The twelve months of fiscal year `fy`, October first.
    pub fn of_fiscal_year(fy: i32) -> Vec<Month> {
        (0..12).map(|i| Month::first_of(fy).plus(i)).collect()
    }

    /// The month `n` months later.
    pub fn plus(self, n: i32) -> Month {
        let index = self.year * 12 + i32::from(self.month) - 1 + n;
        Month { year: index.div_euclid(12), month: (index.rem_euclid(12) + 1) as i8 }
    }

    /// The fiscal year the month belongs to.
    pub fn fiscal_year(self) -> i32 {
        if self.month >= 10 {
            self.year + 1
        } else {
            self.year
        }
    }

    /// The month of a date.
    pub fn of(date: Date) -> Month {
        Month { year: crate::values::thai::be_year(date), month: date.month() }
    }

    /// Reads `2569-03` (B.E.; a year below 2400 is C.E.), `03/2569`, or a Thai month and year
    /// (`มีนาคม 2569`, `มี.ค. ๖๙`).
    pub fn parse(text: &str) -> Option<Month> {
        let t = crate::values::digits::to_arabic_digits(text.trim());
        let be = |y: i32| match y {
            0..=99 => Some(y + 2500),
            2400.. => Some(y),
            1800..=2399 => Some(y + 543),
            _ => None,
        };
        let numbers =
            |a: &str, b: &str| -> Option<(i32, i32)> { Some((a.trim().parse().ok()?, b.trim().parse().ok()?)) };
        let (year, month) = if let Some((a, b)) = t.split_once('-').or_else(|| t.split_once('/')) {
            let (x, y) = numbers(a, b)?;
            if a.trim().len() == 4 {
                (be(x)?, y)
            } else {
                (be(y)?, x)
            }
        } else {
            let (name, year) = t.rsplit_once(char::is_whitespace)?;
            (be(year.trim().parse().ok()?)?, crate::values::thai::month_number(name.trim())?)
        };
        (1..=12).contains(&month).then_some(Month { year, month: month as i8 })
    }

    /// `2569-03`, as in the month page's URL.
    pub fn id(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for Month {
    /// `มีนาคม 2569`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", crate::values::thai::MONTHS[(self.month - 1) as usize], self.year)
    }
}

/// Where a value of a record was written: a line of a YAML file or a cell of a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Line and column of a YAML file.
    Line(Pos),
    /// A cell of a sheet.
    Cell(CellRef),
}

impl Place {
    /// A finding at this place: an error, or a warning when `warning` is set.
    pub fn finding(
        &self,
        file: &std::path::Path,
        field: &str,
        message: impl Into<String>,
        warning: bool,
    ) -> Diagnostic {
        let field = (!field.is_empty()).then_some(field);
        let pos = match self {
            Place::Line(pos) => *pos,
            Place::Cell(_) => Pos::default(),
        };
        let d = if warning {
            Diagnostic::warning(file, pos, field, message)
        } else {
            Diagnostic::error(file, pos, field, message)
        };
        match self {
            Place::Cell(cell) => d.with_cell(cell.clone()),
            Place::Line(_) => d,
        }
    }

    /// How an editor finds it: `บรรทัด 12` or `แผ่นงาน "ต.ค." แถว 7`.
    pub fn describe(&self) -> String {
        match self {
            Place::Line(pos) => format!("บรรทัด {}", pos.line),
            Place::Cell(cell) => crate::diagnostics::CellRef { column: None, ..cell.clone() }.to_string(),
        }
    }
}

/// A value of a record and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed<T> {
    /// The value.
    pub value: T,
    /// Where.
    pub at: Place,
}

/// How the procurement was made (วิธีซื้อหรือจ้าง).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding).
    EBidding,
    /// วิธีตลาดอิเล็กทรอนิกส์ (e-market).
    EMarket,
    /// วิธีคัดเลือก.
    Selection,
    /// วิธีเฉพาะเจาะจง.
    Specific,
    /// จ้างที่ปรึกษา.
    Consultant,
    /// จ้างออกแบบและควบคุมงาน.
    Design,
}

impl Method {
    /// Every method, in the order reports list them.
    pub const ALL: [Method; 6] =
        [Method::EBidding, Method::EMarket, Method::Selection, Method::Specific, Method::Consultant, Method::Design];

    /// The id written in content.
    pub fn id(self) -> &'static str {
        match self {
            Method::EBidding => "e-bidding",
            Method::EMarket => "e-market",
            Method::Selection => "selection",
            Method::Specific => "specific",
            Method::Consultant => "consultant",
            Method::Design => "design",
        }
    }

    /// The Thai name as printed on the form.
    pub fn label(self) -> &'static str {
        match self {
            Method::EBidding => "วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
            Method::EMarket => "วิธีตลาดอิเล็กทรอนิกส์ (e-market)",
            Method::Selection => "วิธีคัดเลือก",
            Method::Specific => "วิธีเฉพาะเจาะจง",
            Method::Consultant => "จ้างที่ปรึกษา",
            Method::Design => "จ้างออกแบบและควบคุมงาน",
        }
    }

    /// Reads an id, a Thai name with or without "วิธี", or the open data set's name
    /// (`ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)`, `งานจ้างที่ปรึกษา`).
    pub fn parse(text: &str) -> Option<Method> {
        let t: String = text.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        let t = t.strip_prefix("วิธี").unwrap_or(&t).trim();
        if let Some(m) = Method::ALL.into_iter().find(|m| m.id() == t || m.id().replace('-', "") == t) {
            return Some(m);
        }
        let has = |s: &str| t.contains(s);
        Some(if has("e-bidding") || has("ebidding") || has("ประกวดราคา") {
            Method::EBidding
        } else if has("e-market") || has("emarket") || has("ตลาดอิเล็กทรอนิกส์") {
            Method::EMarket
        } else if has("ที่ปรึกษา") {
            Method::Consultant
        } else if has("ออกแบบ") || has("ควบคุมงาน") {
            Method::Design
        } else if t.starts_with("คัดเลือก") {
            Method::Selection
        } else if t.starts_with("เฉพาะเจาะจง") {
            Method::Specific
        } else {
            return None;
        })
    }
}

/// Where a procurement stands (สถานะการจัดซื้อจัดจ้าง).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ProcurementStatus {
    /// อยู่ระหว่างระยะสัญญา (the default).
    #[default]
    InContract,
    /// สิ้นสุดสัญญา.
    Completed,
    /// ยังไม่ลงนามในสัญญา.
    NotSigned,
    /// ยกเลิก.
    Cancelled,
}

impl ProcurementStatus {
    /// Every status.
    pub const ALL: [ProcurementStatus; 4] = [
        ProcurementStatus::InContract,
        ProcurementStatus::Completed,
        ProcurementStatus::NotSigned,
        ProcurementStatus::Cancelled,
    ];

    /// The id written in content.
    pub fn id(self) -> &'static str {
        match self {
            ProcurementStatus::InContract => "in_contract",
            ProcurementStatus::Completed => "completed",
            ProcurementStatus::NotSigned => "not_signed",
            ProcurementStatus::Cancelled => "cancelled",
        }
    }

    /// The Thai name.
    pub fn label(self) -> &'static str {
        match self {
            ProcurementStatus::InContract => "อยู่ระหว่างระยะสัญญา",
            ProcurementStatus::Completed => "สิ้นสุดสัญญา",
            ProcurementStatus::NotSigned => "ยังไม่ลงนามในสัญญา",
            ProcurementStatus::Cancelled => "ยกเลิก",
        }
    }

    /// Reads an id or a Thai name (`สิ้นสุดระยะสัญญา`, `ยกเลิกการดำเนินการ` as the open data
    /// and office systems write them).
    pub fn parse(text: &str) -> Option<ProcurementStatus> {
        let t = text.trim().to_lowercase().replace([' ', '-'], "_");
        if let Some(s) = ProcurementStatus::ALL.into_iter().find(|s| s.id() == t) {
            return Some(s);
        }
        let t = t.replace('_', "");
        Some(if t.starts_with("ยกเลิก") {
            ProcurementStatus::Cancelled
        } else if t.starts_with("ยังไม่ลงนาม") {
            ProcurementStatus::NotSigned
        } else if t.starts_with("สิ้นสุด") {
            ProcurementStatus::Completed
        } else if t.starts_with("อยู่ระหว่าง") {
            ProcurementStatus::InContract
        } else {
            return None;
        })
    }

    /// Whether a contract (winner, number and date) is expected.
    pub fn has_contract(self) -> bool {
        matches!(self, ProcurementStatus::InContract | ProcurementStatus::Completed)
    }
}

/// A bidder and the price offered, or the winner and the agreed price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bid {
    /// The bidder's name.
    pub name: String,
    /// The price (`None` when only the name is known).
    pub price: Option<Baht>,
}

/// One procurement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The file it was read from, relative to the site folder.
    pub file: PathBuf,
    /// Where the record starts (its `- item:` line, or its row).
    pub at: Place,
    /// งานที่จัดซื้อหรือจัดจ้าง.
    pub item: String,
    /// ซื้อ, จ้าง or เช่า.
    pub kind: Option<String>,
    /// วงเงินที่จะซื้อหรือจ้าง.
    pub budget: Placed<Baht>,
    /// แหล่งที่มาของงบประมาณ.
    pub source: Option<String>,
    /// หมวดงบรายจ่าย (งบลงทุน, งบดำเนินงาน, …).
    pub category: Option<String>,
    /// ราคากลาง.
    pub reference_price: Option<Placed<Baht>>,
    /// วิธีซื้อหรือจ้าง.
    pub method: Method,
    /// รายชื่อผู้เสนอราคาและราคาที่เสนอ.
    pub bidders: Vec<Bid>,
    /// ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง, and where the price was written.
    pub winner: Option<Placed<Bid>>,
    /// เหตุผลที่คัดเลือกโดยสรุป.
    pub reason: Option<String>,
    /// เลขที่สัญญาหรือข้อตกลง.
    pub contract_number: Option<String>,
    /// วันที่ของสัญญาหรือข้อตกลง.
    pub contract_date: Option<Placed<Date>>,
    /// สถานะการจัดซื้อจัดจ้าง.
    pub status: ProcurementStatus,
    /// เลขที่โครงการในระบบ e-GP.
    pub egp: Option<Placed<String>>,
    /// The month whose summary lists it: `month:`, or else the contract date's month.
    pub month: Placed<Month>,
}

impl Record {
    /// The agreed price, when there is one and the procurement was not cancelled.
    pub fn agreed(&self) -> Option<Baht> {
        (self.status != ProcurementStatus::Cancelled)
            .then(|| self.winner.as_ref().and_then(|w| w.value.price))
            .flatten()
    }

    /// ราคากลาง − ราคาที่ตกลง, where both are given (may be negative: an agreed price over the
    /// reference price), in satang.
    pub fn saving_satang(&self) -> Option<i64> {
        let reference = self.reference_price.as_ref()?.value;
        Some(reference.satang() - self.agreed()?.satang())
    }

    /// Whether the record is of the capital budget (งบลงทุน), listed first in the annual report.
    pub fn is_capital(&self) -> bool {
        self.category.as_deref().is_some_and(|c| c.replace(' ', "").contains("งบลงทุน"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_as_offices_write_them() {
        let m = |y, m| Some(Month { year: y, month: m });
        assert_eq!(Month::parse("2569-03"), m(2569, 3));
        assert_eq!(Month::parse("๒๕๖๙-๐๓"), m(2569, 3));
        assert_eq!(Month::parse("2026-03"), m(2569, 3));
        assert_eq!(Month::parse("03/2569"), m(2569, 3));
        assert_eq!(Month::parse("มีนาคม 2569"), m(2569, 3));
        assert_eq!(Month::parse("มี.ค. 69"), m(2569, 3));
        assert_eq!(Month::parse("2569-13"), None);
        assert_eq!(Month::parse("มีนา"), None);
        assert_eq!(Month::first_of(2569).plus(3), Month { year: 2569, month: 1 });
        assert_eq!(Month::of_fiscal_year(2569).last(), Some(&Month::last_of(2569)));
        assert_eq!(Month { year: 2568, month: 10 }.fiscal_year(), 2569);
        assert_eq!(Month { year: 2569, month: 1 }.to_string(), "มกราคม 2569");
    }

    #[test]
    fn methods_and_statuses_by_any_name() {
        for (text, m) in [
            ("specific", Method::Specific),
            ("วิธีเฉพาะเจาะจง", Method::Specific),
            ("เฉพาะเจาะจง", Method::Specific),
            ("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", Method::EBidding),
            ("E-Bidding", Method::EBidding),
            ("ตลาดอิเล็กทรอนิกส์ (e-market)", Method::EMarket),
            ("วิธีคัดเลือก", Method::Selection),
            ("งานจ้างที่ปรึกษา", Method::Consultant),
            ("งานจ้างออกแบบและควบคุมงาน", Method::Design),
        ] {
            assert_eq!(Method::parse(text), Some(m), "{text}");
        }
        assert_eq!(Method::parse("สอบราคาพิเศษ"), None);
        assert_eq!(ProcurementStatus::parse("สิ้นสุดระยะสัญญา"), Some(ProcurementStatus::Completed));
        assert_eq!(ProcurementStatus::parse("ยกเลิกการดำเนินการ"), Some(ProcurementStatus::Cancelled));
        assert_eq!(ProcurementStatus::parse("not signed"), Some(ProcurementStatus::NotSigned));
        assert_eq!(ProcurementStatus::parse("done"), None);
    }
}
