//! The views of a procurement register: the register page (the year to date, month by month,
//! totals by method), each month in the nine columns of แบบ สขร.๑ with its totals, the annual
//! report, and the open data of each (`data.json`, `data.csv` written by the csv crate).

use super::views::{d, Views};
use crate::model::{Month, Record, Register};
use crate::report::procurement::{self as figures, ShareRow, Totals};
use serde_json::{json, Value};

pub use crate::model::RegisterPart as Part;

fn totals(t: &Totals) -> Value {
    json!({
        "count": t.count,
        "cancelled": t.cancelled,
        "budget": t.budget.plain(),
        "reference": t.reference.plain(),
        "agreed": t.agreed.plain(),
        "savings": satang_text(t.savings),
        "savings_share": t.savings_share(),
        "has_savings": t.savings_base.satang() > 0,
    })
}

/// Satang as an exact decimal string with its sign (`-1250.50`).
fn satang_text(satang: i64) -> String {
    let amount = crate::values::money::Baht::from_satang(satang.abs()).plain();
    if satang < 0 {
        format!("-{amount}")
    } else {
        amount
    }
}

/// The agreed value by method as a chart (inline SVG), when there are two methods or more to
/// compare.
fn method_chart(rows: &[ShareRow], caption: &str, nf: crate::values::thai::Numerals) -> Option<String> {
    if rows.len() < 2 {
        return None;
    }
    let bars: Vec<(String, crate::values::money::Baht)> =
        rows.iter().map(|r| (r.label.clone(), r.totals.agreed)).collect();
    super::charts::shares(&bars, caption, "chart-by-method", nf)
}

fn share_rows(rows: &[ShareRow]) -> Vec<Value> {
    rows.iter()
        .map(|r| {
            json!({"label": r.label, "totals": totals(&r.totals), "count_share": r.count_share, "value_share": r.value_share})
        })
        .collect()
}

impl<'s> Views<'_, 's> {
    fn record(&self, r: &Record, number: usize) -> Value {
        json!({
            "number": number,
            "item": r.item,
            "kind": r.kind,
            "category": r.category,
            "source": r.source,
            "budget": r.budget.value.plain(),
            "reference_price": r.reference_price.as_ref().map(|p| p.value.plain()),
            "method": r.method.label(),
            "method_id": r.method.id(),
            "bidders": r.bidders.iter().map(|b| json!({"name": b.name, "price": b.price.map(|p| p.plain())})).collect::<Vec<_>>(),
            "winner": r.winner.as_ref().map(|w| json!({"name": w.value.name, "price": w.value.price.map(|p| p.plain())})),
            "reason": r.reason,
            "contract_number": r.contract_number,
            "contract_date": d(r.contract_date.as_ref().map(|c| c.value)),
            "status": r.status.id(),
            "status_label": r.status.label(),
            "cancelled": r.status == crate::model::ProcurementStatus::Cancelled,
            "egp": r.egp.as_ref().map(|e| e.value.clone()),
            "month": r.month.value.id(),
            "saving": r.saving_satang().map(satang_text),
        })
    }

    fn register_head(&self, register: &Register) -> Value {
        json!({
            "title": register.title,
            "path": register.source.path,
            "fiscal_year": register.fiscal_year,
            "last_month": register.last_month().to_string(),
            "complete": register.is_complete(),
            "responsible": register.responsible,
        })
    }

    /// The register's page: every month published, the year to date by method.
    pub fn register(&self, i: usize) -> Value {
        let register = &self.site.registers[i];
        let path = &register.source.path;
        let months: Vec<Value> = self.r.register_months[i]
            .iter()
            .map(|m| {
                json!({
                    "name": m.month.to_string(),
                    "path": format!("{path}{}", Part::Month(m.month).folder()),
                    "totals": totals(&m.totals),
                    "empty": m.records.is_empty(),
                })
            })
            .collect();
        let published: Vec<&Record> =
            register.records.iter().filter(|r| r.month.value <= register.last_month()).collect();
        let by_method = figures::by_method(&published);
        json!({
            "page": {"title": register.title},
            "register": self.register_head(register),
            "body_html": self.body(&register.source, path),
            "months": months,
            "totals": totals(&Totals::of(published.iter().copied())),
            "by_method": share_rows(&by_method),
            "method_chart": method_chart(&by_method, "ราคาที่ตกลงซื้อหรือจ้างตั้งแต่ต้นปี จำแนกตามวิธี", self.numerals()),
            "annual": register.is_complete().then(|| json!({
                "path": format!("{path}{}", Part::Annual.folder()),
                "title": Part::Annual.title(register, self.numerals()),
            })),
        })
    }

    /// One month's summary in the nine columns of แบบ สขร.๑.
    pub fn register_month(&self, i: usize, month: Month) -> Value {
        let register = &self.site.registers[i];
        let path = &register.source.path;
        let all = &self.r.register_months[i];
        let at = all.iter().position(|m| m.month == month).unwrap_or(0);
        let summary = &all[at];
        let neighbour = |m: Option<&figures::MonthSummary<'_>>| {
            m.map(|m| json!({"name": m.month.to_string(), "path": format!("{path}{}", Part::Month(m.month).folder())}))
        };
        let records: Vec<Value> = summary.records.iter().enumerate().map(|(n, r)| self.record(r, n + 1)).collect();
        json!({
            "page": {"title": Part::Month(month).title(register, self.numerals())},
            "register": self.register_head(register),
            "month": {"id": month.id(), "name": month.to_string()},
            "records": records,
            "totals": totals(&summary.totals),
            "previous": neighbour(at.checked_sub(1).and_then(|p| all.get(p))),
            "next": neighbour(all.get(at + 1)),
        })
    }

    /// The annual report.
    pub fn register_annual(&self, i: usize) -> Value {
        let register = &self.site.registers[i];
        let a = figures::annual(register);
        let listed: Vec<Value> = a.listed.iter().enumerate().map(|(n, r)| self.record(r, n + 1)).collect();
        let list = |rs: &[&Record]| rs.iter().enumerate().map(|(n, r)| self.record(r, n + 1)).collect::<Vec<_>>();
        let narrative = register.narrative.as_ref();
        json!({
            "page": {"title": Part::Annual.title(register, self.numerals())},
            "register": self.register_head(register),
            "totals": totals(&a.totals),
            "by_method": share_rows(&a.by_method),
            "method_chart": method_chart(&a.by_method, "ราคาที่ตกลงซื้อหรือจ้างทั้งปี จำแนกตามวิธี", self.numerals()),
            "by_month": share_rows(&a.by_month),
            "by_category": share_rows(&a.by_category),
            "cancelled": list(&a.cancelled),
            "unsigned": list(&a.unsigned),
            "records": listed,
            "capital_count": a.listed.iter().filter(|r| r.is_capital()).count(),
            "narrative_html": narrative.map(|n| self.body(&n.source, &format!("{}annual/", register.source.path))),
            "date": d(narrative.and_then(|n| n.date)),
        })
    }

    /// The records of a part, as open data.
    fn part_records(&self, i: usize, part: Part) -> Vec<&'s Record> {
        match part {
            Part::Month(m) => {
                let months = &self.r.register_months[i];
                months.iter().find(|s| s.month == m).map(|s| s.records.clone()).unwrap_or_default()
            }
            Part::Annual => {
                let annual = figures::annual(&self.site.registers[i]);
                annual.listed.into_iter().chain(annual.cancelled).collect()
            }
        }
    }

    /// `data.json` of a month or of the year.
    pub fn register_json(&self, i: usize, part: Part) -> Vec<u8> {
        let register = &self.site.registers[i];
        let records = self.part_records(i, part);
        let v = json!({
            "version": super::open_data::DATA_VERSION,
            "agency": self.site.config.title,
            "title": part.title(register, self.numerals()),
            "fiscal_year": register.fiscal_year,
            "month": match part { Part::Month(m) => Some(m.id()), Part::Annual => None },
            "url": self.absolute(&format!("{}{}", register.source.path, part.folder())),
            "records": records.iter().enumerate().map(|(n, r)| self.record(r, n + 1)).collect::<Vec<_>>(),
            "totals": totals(&Totals::of(records.iter().copied())),
        });
        serde_json::to_vec_pretty(&v).unwrap_or_default()
    }

    /// `data.csv` of a month or of the year: one row a record, the ITA data elements' order,
    /// UTF-8 with a BOM so that Excel reads Thai.
    pub fn register_csv(&self, i: usize, part: Part) -> Vec<u8> {
        let register = &self.site.registers[i];
        let records = self.part_records(i, part);
        super::open_data::excel_csv(|w| {
            let _ = w.write_record([
                "ลำดับที่",
                "ปีงบประมาณ",
                "ชื่อหน่วยงาน",
                "งานที่จัดซื้อหรือจัดจ้าง",
                "ประเภท",
                "วงเงินที่จะซื้อหรือจ้าง",
                "แหล่งที่มาของงบประมาณ",
                "หมวดงบรายจ่าย",
                "สถานะการจัดซื้อจัดจ้าง",
                "วิธีซื้อหรือจ้าง",
                "ราคากลาง",
                "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
                "ผู้ได้รับการคัดเลือก",
                "ราคาที่ตกลงซื้อหรือจ้าง",
                "เหตุผลที่คัดเลือกโดยสรุป",
                "เลขที่สัญญา",
                "วันที่สัญญา",
                "เลขที่โครงการในระบบ e-GP",
                "เดือน",
            ]);
            for (n, r) in records.iter().enumerate() {
                let bidders: Vec<String> = r
                    .bidders
                    .iter()
                    .map(|b| match b.price {
                        Some(p) => format!("{} {}", b.name, p.format()),
                        None => b.name.clone(),
                    })
                    .collect();
                let opt = |s: &Option<String>| s.clone().unwrap_or_default();
                let _ = w.write_record([
                    (n + 1).to_string(),
                    register.fiscal_year.to_string(),
                    self.site.config.title.clone(),
                    r.item.clone(),
                    opt(&r.kind),
                    r.budget.value.plain(),
                    opt(&r.source),
                    opt(&r.category),
                    r.status.label().to_string(),
                    r.method.label().to_string(),
                    r.reference_price.as_ref().map(|p| p.value.plain()).unwrap_or_default(),
                    bidders.join("\n"),
                    r.winner.as_ref().map(|w| w.value.name.clone()).unwrap_or_default(),
                    r.agreed().map(|p| p.plain()).unwrap_or_default(),
                    opt(&r.reason),
                    opt(&r.contract_number),
                    r.contract_date.as_ref().map(|c| c.value.to_string()).unwrap_or_default(),
                    r.egp.as_ref().map(|e| e.value.clone()).unwrap_or_default(),
                    r.month.value.id(),
                ]);
            }
        })
    }

    /// The register's entries of the `/data/` page.
    pub fn register_data_entries(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for register in &self.site.registers {
            for part in register.parts() {
                out.push(json!({
                    "title": part.title(register, self.numerals()),
                    "path": format!("{}{}", register.source.path, part.folder()),
                    "fiscal_year": register.fiscal_year,
                    "round": match part { Part::Month(m) => m.to_string(), Part::Annual => "ประจำปี".to_string() },
                }));
            }
        }
        out
    }

    /// The register's entries of the feed: each month on its last contract date (or its last
    /// day), the annual report on its narrative's date (or 30 September).
    pub fn register_feed_entries(&self) -> Vec<(jiff::civil::Date, String, String)> {
        let mut out = Vec::new();
        for register in &self.site.registers {
            for part in register.parts() {
                let date = match part {
                    Part::Month(m) => register
                        .records
                        .iter()
                        .filter(|r| r.month.value == m)
                        .filter_map(|r| r.contract_date.as_ref().map(|c| c.value))
                        .max()
                        .or_else(|| month_end(m)),
                    Part::Annual => register
                        .narrative
                        .as_ref()
                        .and_then(|n| n.date)
                        .or_else(|| crate::values::thai::fiscal_year_end(register.fiscal_year)),
                };
                if let Some(date) = date {
                    out.push((
                        date,
                        part.title(register, self.numerals()),
                        format!("{}{}", register.source.path, part.folder()),
                    ));
                }
            }
        }
        out
    }
}

/// The last day of a month.
fn month_end(m: Month) -> Option<jiff::civil::Date> {
    let first = jiff::civil::Date::new((m.year - crate::values::thai::BE_OFFSET) as i16, m.month, 1).ok()?;
    Some(first.last_of_month())
}
