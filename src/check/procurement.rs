//! The rules of a procurement register that look across a record's values and across records:
//! the agreed price against the budget and the reference price, the winner's own bid, the
//! contract date and the month against the fiscal year and `through`, an e-GP number used twice,
//! and the records that still lack what the open data set does not carry (bidders, reason).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::values::thai::Numerals;
use std::collections::HashMap;

/// Checks one register.
pub fn check(register: &Register, d: &mut Diagnostics) {
    let fy = register.fiscal_year;
    let baht = |b: crate::values::money::Baht| Numerals::Arabic.baht(b);
    let mut egp_seen: HashMap<&str, &Record> = HashMap::new();
    let mut incomplete: Vec<&Record> = Vec::new();
    for r in &register.records {
        if let Some(w) = &r.winner {
            if let Some(price) = w.value.price {
                if price > r.budget.value {
                    d.push(w.at.finding(
                        &r.file,
                        "price",
                        format!(
                            "ราคาที่ตกลงซื้อหรือจ้าง {} บาท สูงกว่าวงเงินที่จะซื้อหรือจ้าง {} บาท ({})",
                            baht(price),
                            baht(r.budget.value),
                            r.item
                        ),
                        false,
                    ));
                }
                if let Some(reference) = &r.reference_price {
                    if price > reference.value {
                        d.push(w.at.finding(
                            &r.file,
                            "price",
                            format!(
                                "ราคาที่ตกลง {} บาท สูงกว่าราคากลาง {} บาท ({}): ตรวจว่าพิมพ์ถูกต้อง หรืออธิบายเหตุผลไว้ในช่อง reason",
                                baht(price),
                                baht(reference.value),
                                r.item
                            ),
                            true,
                        ));
                    }
                }
                let own = r.bidders.iter().find(|b| same_name(&b.name, &w.value.name)).and_then(|b| b.price);
                if let Some(own) = own.filter(|own| *own != price) {
                    d.push(w.at.finding(
                        &r.file,
                        "price",
                        format!(
                            "ราคาที่ตกลงกับ {} คือ {} บาท แต่ราคาที่ผู้นี้เสนอในรายชื่อผู้เสนอราคาคือ {} บาท: ตรวจว่าตรงกัน หรือบันทึกการต่อรองราคาไว้ในช่อง reason",
                            w.value.name,
                            baht(price),
                            baht(own)
                        ),
                        true,
                    ));
                }
            }
        }
        if let Some(date) = &r.contract_date {
            let (start, end) = (crate::values::thai::fiscal_year_start(fy), crate::values::thai::fiscal_year_end(fy));
            if start.zip(end).is_some_and(|(s, e)| date.value < s || date.value > e) {
                d.push(
                    date.at
                        .finding(
                            &r.file,
                            "contract_date",
                            format!(
                                "วันที่สัญญา {} อยู่นอกปีงบประมาณ พ.ศ. {fy} (1 ตุลาคม {} – 30 กันยายน {fy})",
                                Numerals::Arabic.date(date.value),
                                fy - 1
                            ),
                            false,
                        )
                        .with_help(format!(
                            "ย้ายรายการไปไว้ในทะเบียนของปีงบประมาณ พ.ศ. {} หรือแก้วันที่",
                            r.month.value.fiscal_year().max(date_fy(date.value))
                        )),
                );
            }
        }
        if r.month.value.fiscal_year() != fy {
            d.push(r.month.at.finding(
                &r.file,
                "month",
                format!("เดือน {} ไม่อยู่ในปีงบประมาณ พ.ศ. {fy} ของทะเบียนนี้", r.month.value),
                false,
            ));
        } else if let Some(through) = &register.through {
            if r.month.value > through.value {
                d.push(
                    r.month
                        .at
                        .finding(
                            &r.file,
                            "month",
                            format!(
                                "รายการของเดือน {} อยู่หลังเดือนที่ทะเบียนครบถ้วนถึง (through: {})",
                                r.month.value, through.value
                            ),
                            false,
                        )
                        .with_help(format!(
                            "เลื่อน through ใน {} เป็นเดือน {} เมื่อข้อมูลเดือนนั้นครบแล้ว หรือตรวจเดือนของรายการนี้",
                            register.source.file.display(),
                            r.month.value.id()
                        )),
                );
            }
        }
        if let Some(egp) = &r.egp {
            match egp_seen.get(egp.value.as_str()) {
                Some(first) => {
                    let first_at = first.egp.as_ref().map(|e| e.at.describe()).unwrap_or_default();
                    d.push(egp.at.finding(
                        &r.file,
                        "egp",
                        format!(
                            "เลขที่โครงการ e-GP {} ซ้ำกับรายการ \"{}\" ใน {} {first_at}",
                            egp.value,
                            first.item,
                            first.file.display()
                        ),
                        false,
                    ));
                }
                None => {
                    egp_seen.insert(&egp.value, r);
                }
            }
        }
        if r.status != ProcurementStatus::Cancelled && (r.bidders.is_empty() || r.reason.is_none()) {
            incomplete.push(r);
        }
    }
    if !incomplete.is_empty() {
        let list: Vec<String> = incomplete
            .iter()
            .take(20)
            .map(|r| format!("{} ({} {})", r.item, r.file.display(), r.at.describe()))
            .collect();
        let more = incomplete.len().saturating_sub(20);
        let mut w = Diagnostic::warning(
            &register.source.file,
            crate::diagnostics::Pos::default(),
            None,
            format!(
                "{} รายการยังไม่มีรายชื่อผู้เสนอราคาและราคาที่เสนอ (bidders) หรือเหตุผลที่คัดเลือก (reason) ซึ่งแบบ สขร.๑ ต้องแสดง",
                incomplete.len()
            ),
        )
        .with_help("เติมคอลัมน์ \"รายชื่อผู้เสนอราคาและราคาที่เสนอ\" และ \"เหตุผลที่คัดเลือกโดยสรุป\" (ข้อมูลจากระบบ e-GP ไม่มีสองช่องนี้)");
        for line in list {
            w = w.with_note(line);
        }
        if more > 0 {
            w = w.with_note(format!("และอีก {more} รายการ"));
        }
        d.push(w);
    }
}

/// The fiscal year (B.E.) of a date.
fn date_fy(date: jiff::civil::Date) -> i32 {
    Month::of(date).fiscal_year()
}

/// Names compared as an editor would: spaces and case aside.
fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    fold(a) == fold(b)
}
