//! Records from spreadsheets: every sheet of a workbook or a CSV file, one record a row, the
//! headings mapped to record fields ([`crate::load::sheets`]); the paper form's merged columns
//! (the winner with the agreed price, the contract number with its date) split when the sheet
//! has no column for the second. Each cell's place (sheet, row, heading) goes with its value.

use super::{record, split_bid, Raw, RawRecord};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::{Place, Record};
use jiff::civil::Date;
use std::path::Path;

/// The records of a spreadsheet in a register's folder (`rel` relative to `content/`): every
/// sheet of a workbook, one record a row, the first row the headings.
pub fn sheet_records(root: &Path, rel: &str, diags: &mut Diagnostics) -> Vec<Record> {
    use crate::load::sheets;
    let file = Path::new("content").join(rel);
    let path = root.join(&file);
    let read = if rel.to_lowercase().ends_with(".csv") {
        std::fs::read(&path)
            .map_err(|e| sheets::SheetError {
                message: format!("อ่านไฟล์ไม่ได้: {e}"), help: None, detail: None
            })
            .and_then(|bytes| sheets::read_csv(&bytes))
            .map(|s| vec![s])
    } else {
        sheets::read_workbook(&path)
    };
    let tables = match read {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error(&file, Pos::default(), None, e.message).with_detail(e.detail);
            diags.push(match e.help {
                Some(h) => d.with_help(h),
                None => d,
            });
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for sheet in tables {
        let fields: Vec<Option<sheets::Field>> = sheet.headings.iter().map(|h| sheets::field_of(h)).collect();
        if !fields.iter().any(|f| f.is_some_and(|f| f != sheets::Field::Number)) {
            let what = match &sheet.name {
                Some(name) => format!("แผ่นงาน \"{name}\""),
                None => "ไฟล์นี้".to_string(),
            };
            diags.push(
                Diagnostic::warning(&file, Pos::default(), None, format!("{what} ไม่มีหัวคอลัมน์ที่รู้จักในแถวแรก จึงข้ามไป"))
                    .with_help("แถวแรกต้องเป็นหัวคอลัมน์ เช่น งานที่จัดซื้อหรือจัดจ้าง, วงเงินที่จะซื้อหรือจ้าง, ราคากลาง, วิธีซื้อหรือจ้าง, ผู้ได้รับการคัดเลือก, ราคาที่ตกลงซื้อหรือจ้าง, เลขที่สัญญา, วันที่สัญญา"),
            );
            continue;
        }
        for row in &sheet.rows {
            let cell = |column: Option<&str>| crate::diagnostics::CellRef {
                sheet: sheet.name.clone(),
                row: row.number,
                column: column.map(str::to_string),
            };
            let mut raw = RawRecord::default();
            for ((value, field), heading) in row.cells.iter().zip(&fields).zip(&sheet.headings) {
                let Some(field) = field.filter(|f| *f != sheets::Field::Number) else { continue };
                let place = Place::Cell(cell(Some(heading)));
                let value = match value {
                    sheets::Cell::Empty => continue,
                    sheets::Cell::Text(t) | sheets::Cell::Number(t) => Raw::Text(t.clone()),
                    sheets::Cell::Date(d) => Raw::Date(*d),
                    sheets::Cell::Bool(b) => Raw::Text(b.to_string()),
                };
                raw.fields.push((field.key(), value, place, heading.clone()));
            }
            split_merged_columns(&mut raw);
            if let Some(record) = record(raw, &file, Place::Cell(cell(None)), diags) {
                out.push(record);
            }
        }
    }
    out
}

/// The form's merged columns, typed in one cell as on the paper form: "ผู้ได้รับการคัดเลือกและ
/// ราคาที่ตกลงซื้อหรือจ้าง" (`ร้านสมใจพาณิชย์ 11,500`) and "เลขที่และวันที่ของสัญญา…"
/// (`ข.๑๒/๒๕๖๙ ลงวันที่ 15 ม.ค. 2569`), split into their two fields when the sheet has no
/// column of its own for the second.
fn split_merged_columns(raw: &mut RawRecord) {
    let has = |raw: &RawRecord, key: &str| raw.get(key).is_some();
    if !has(raw, "price") {
        if let Some(i) = raw.fields.iter().position(|(k, ..)| *k == "winner") {
            if let (_, Raw::Text(t), place, field) = &raw.fields[i] {
                if let (name, Some(price)) = split_bid(t) {
                    let (place, field) = (place.clone(), field.clone());
                    raw.fields[i].1 = Raw::Text(name);
                    raw.fields.push(("price", Raw::Text(price), place, field));
                }
            }
        }
    }
    if !has(raw, "contract_date") {
        if let Some(i) = raw.fields.iter().position(|(k, ..)| *k == "contract_number") {
            if let (_, Raw::Text(t), place, field) = &raw.fields[i] {
                if let Some((number, date)) = split_contract(t) {
                    let (place, field) = (place.clone(), field.clone());
                    raw.fields[i].1 = Raw::Text(number);
                    raw.fields.push(("contract_date", Raw::Date(date), place, field));
                }
            }
        }
    }
}

/// `ข.๑๒/๒๕๖๙ ลงวันที่ 15 ม.ค. 2569` → (number, date): the date is the last one to four words
/// (or the last line) that read as a date.
fn split_contract(text: &str) -> Option<(String, Date)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for n in (1..=4.min(words.len().saturating_sub(1))).rev() {
        let (head, tail) = words.split_at(words.len() - n);
        if let Ok(date) = crate::values::thai::parse_date(&tail.join(" ")) {
            let mut number = head.join(" ");
            for joiner in ["ลงวันที่", "ลว.", "วันที่", "ลงวันที", "/"] {
                if let Some(n) = number.strip_suffix(joiner) {
                    number = n.trim_end().to_string();
                }
            }
            return (!number.is_empty()).then_some((number, date));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_typed_in_one_cell() {
        let (n, d) = split_contract("ข.๑๒/๒๕๖๙ ลงวันที่ 15 ม.ค. 2569").unwrap();
        assert_eq!((n.as_str(), d.to_string()), ("ข.๑๒/๒๕๖๙", "2026-01-15".into()));
        let (n, d) = split_contract("สัญญาเลขที่ 5/2569\n03/11/2568").unwrap();
        assert_eq!((n.as_str(), d.to_string()), ("สัญญาเลขที่ 5/2569", "2025-11-03".into()));
        assert_eq!(split_contract("ข.๑๒/๒๕๖๙"), None);
    }
}
