//! Procurement registers: the register's `_index` (`type: procurement`) and its records, from
//! YAML lists (`records:`) and from spreadsheets (one row each). Both kinds of file are first
//! turned into the same raw record — field key → value and where it was written — so that one
//! reader checks every value the same way and names the place as the editor sees it: a line
//! of the YAML file, or a sheet, row and column heading.

use crate::diagnostics::Diagnostics;
use crate::load::fields::{Map, Reader};
use crate::load::yaml::{Node, Value};
use crate::model::*;
use crate::values::money::Baht;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

mod sheet;

pub use sheet::sheet_records;

/// The fields of a record, as written in YAML and as spreadsheet headings (after mapping).
pub const RECORD_KEYS: &[&str] = &[
    "item",
    "kind",
    "budget",
    "source",
    "category",
    "reference_price",
    "method",
    "bidders",
    "winner",
    "reason",
    "contract",
    "status",
    "egp",
    "month",
];

/// The register's `_index` file.
pub fn register(r: &mut Reader<'_>, front: &Node, source: Source, folder_year: Option<i32>) -> Option<Register> {
    let map =
        r.map(front, "", &["type", "title", "draft", "order", "description", "fiscal_year", "through", "responsible"])?;
    let mut source = source;
    super::convert::common(r, &map, &mut source);
    let fiscal_year = super::convert::fiscal_year(
        r,
        &map,
        folder_year,
        "ไม่รู้ปีงบประมาณของทะเบียนจัดซื้อจัดจ้าง: ใส่ fiscal_year: 2569 หรือวางไว้ในโฟลเดอร์ที่ตั้งชื่อเป็นปี พ.ศ. เช่น content/2569/",
    )?;
    let title = r.text(&map, "title").filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        format!(
            "การจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {}",
            crate::values::thai::Numerals::Thai.digits(&fiscal_year.to_string())
        )
    });
    let through = map.get("through").and_then(|node| {
        let text = r.text_of(node, "through")?;
        match Month::parse(&text) {
            Some(m) => Some(At::new(m, node.pos)),
            None => {
                r.value_error(
                    node,
                    "through",
                    format!("ต้องเป็นเดือนและปี พ.ศ. เช่น 2569-03 หรือ มีนาคม 2569 (พบ \"{text}\")"),
                );
                None
            }
        }
    });
    let responsible = r
        .items(&map, "responsible")
        .into_iter()
        .enumerate()
        .filter_map(|(i, node)| super::convert::person(r, node, &format!("responsible[{}]", i + 1)))
        .collect();
    Some(Register { source, title, fiscal_year, through, responsible, records: Vec::new(), narrative: None })
}

/// A value of a raw record.
#[derive(Debug, Clone)]
pub(super) enum Raw {
    /// Text as typed (a number cell as its exact decimal text).
    Text(String),
    /// A date (a date cell of a spreadsheet).
    Date(Date),
    /// Bidders with their prices as typed.
    Bids(Vec<(String, Option<String>)>),
}

/// A record before its values are checked: each field's raw value and where it was written.
#[derive(Debug, Default)]
pub(super) struct RawRecord {
    /// `(key, value, place, field name as shown to the editor)`.
    pub fields: Vec<(&'static str, Raw, Place, String)>,
}

impl RawRecord {
    fn get(&self, key: &str) -> Option<&(&'static str, Raw, Place, String)> {
        self.fields.iter().find(|(k, ..)| *k == key)
    }
}

/// The records of a YAML or Markdown file in a register's folder (`records:`).
pub fn yaml_records(r: &mut Reader<'_>, front: &Node, file: &Path) -> Vec<Record> {
    let Some(map) = r.map(front, "", &["type", "title", "draft", "description", "records"]) else { return Vec::new() };
    let Some(list) = map.get("records") else {
        r.error(map.pos, "records", "ไฟล์ในโฟลเดอร์ทะเบียนจัดซื้อจัดจ้างต้องมีรายการ records: (หนึ่งรายการต่อการจัดซื้อจัดจ้างหนึ่งครั้ง)");
        return Vec::new();
    };
    let items: Vec<&Node> = match &list.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![list],
    };
    let mut out = Vec::new();
    for (i, node) in items.into_iter().enumerate() {
        let prefix = format!("records[{}]", i + 1);
        let Some(m) = r.map(node, &prefix, RECORD_KEYS) else { continue };
        let raw = raw_of_yaml(r, &m);
        let mut found = Diagnostics::new();
        if let Some(rec) = record(raw, file, Place::Line(node.pos), &mut found) {
            out.push(rec);
        }
        for d in found {
            r.push(d);
        }
    }
    out
}

fn raw_of_yaml(r: &mut Reader<'_>, m: &Map<'_>) -> RawRecord {
    let mut raw = RawRecord::default();
    for (k, node) in m.entries() {
        if node.value == Value::Null {
            continue;
        }
        let field = m.field(&k.name);
        match k.name.as_str() {
            "bidders" => {
                let items: Vec<&Node> = match &node.value {
                    Value::Seq(items) => items.iter().collect(),
                    _ => vec![node],
                };
                let mut bids = Vec::new();
                for (i, b) in items.into_iter().enumerate() {
                    let f = format!("{field}[{}]", i + 1);
                    match &b.value {
                        Value::Scalar { text, .. } => bids.push(split_bid(text)),
                        _ => {
                            let Some(bm) = r.map(b, &f, &["name", "price"]) else { continue };
                            let Some(name) = r.text(&bm, "name") else {
                                r.missing(&bm, "name", "ชื่อผู้เสนอราคา");
                                continue;
                            };
                            bids.push((name, r.text(&bm, "price")));
                        }
                    }
                }
                raw.fields.push(("bidders", Raw::Bids(bids), Place::Line(node.pos), field));
            }
            "winner" => pair(r, node, &field, [("name", "winner"), ("price", "price")], &mut raw),
            "contract" => pair(r, node, &field, [("number", "contract_number"), ("date", "contract_date")], &mut raw),
            other => {
                if let Some(key) = RECORD_KEYS.iter().find(|k| **k == other) {
                    text(r, node, key, field, &mut raw);
                }
            }
        }
    }
    raw
}

/// Adds a YAML value to the raw record as text under `key`.
fn text(r: &mut Reader<'_>, node: &Node, key: &'static str, field: String, raw: &mut RawRecord) {
    if let Some(t) = r.text_of(node, &field) {
        raw.fields.push((key, Raw::Text(t), Place::Line(node.pos), field));
    }
}

/// A field written as a map of two parts (`winner: {name, price}`, `contract: {number, date}`),
/// each added under its record key; written as plain text, it is the first part.
fn pair(r: &mut Reader<'_>, node: &Node, field: &str, parts: [(&str, &'static str); 2], raw: &mut RawRecord) {
    if !matches!(node.value, Value::Map(_)) {
        return text(r, node, parts[0].1, field.to_string(), raw);
    }
    let names = [parts[0].0, parts[1].0];
    let Some(m) = r.map(node, field, &names) else { return };
    for (sub, key) in parts {
        if let Some(n) = m.get(sub) {
            text(r, n, key, m.field(sub), raw);
        }
    }
}

/// `ร้านสมใจพาณิชย์ 11,500` → (name, price text): the price is the last word when it reads as an
/// amount (with or without "บาท").
pub(super) fn split_bid(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    let without_unit = t.strip_suffix("บาท").or_else(|| t.strip_suffix("บ.")).unwrap_or(t).trim_end();
    if let Some((name, last)) = without_unit.rsplit_once(char::is_whitespace) {
        let last = last.trim_matches(|c| c == '(' || c == ')');
        if Baht::parse(last).is_ok() && !name.trim().is_empty() {
            return (name.trim().to_string(), Some(last.to_string()));
        }
    }
    (t.to_string(), None)
}

/// Checks a raw record's values and makes the record; every problem goes to `diags` at its
/// place. `None` when a required value is missing or wrong.
pub(super) fn record(raw: RawRecord, file: &Path, at: Place, diags: &mut Diagnostics) -> Option<Record> {
    let mut ok = true;
    let mut error = |place: &Place, field: &str, message: String, help: Option<String>| {
        let d = place.finding(file, field, message, false);
        diags.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    };
    let text = |key: &str| match raw.get(key) {
        Some((_, Raw::Text(t), ..)) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        _ => None,
    };
    let place_of = |key: &str| raw.get(key).map(|(_, _, p, f)| (p.clone(), f.clone()));
    // A value that is missing is reported at the record: its first line, or its whole row.
    let missing = match &at {
        Place::Cell(c) => Place::Cell(crate::diagnostics::CellRef { column: None, ..c.clone() }),
        p => p.clone(),
    };
    let item = text("item");
    if item.is_none() {
        ok = false;
        error(&missing, "item", "ต้องมีชื่องานที่จัดซื้อหรือจัดจ้าง (item) แต่ไม่พบหรือเว้นว่างไว้".into(), None);
    }
    let budget = money(&raw, "budget", &mut error);
    if budget.is_none() {
        ok = false;
        if raw.get("budget").is_none() {
            error(&missing, "budget", "ต้องมีวงเงินที่จะซื้อหรือจ้าง (budget) แต่ไม่พบหรือเว้นว่างไว้".into(), None);
        }
    }
    let reference_price = money(&raw, "reference_price", &mut error);
    let status = match place_of("status").zip(text("status")) {
        None => ProcurementStatus::default(),
        Some(((place, field), t)) => ProcurementStatus::parse(&t).unwrap_or_else(|| {
            ok = false;
            let ids: Vec<&str> = ProcurementStatus::ALL.iter().map(|s| s.id()).collect();
            let near = crate::diagnostics::nearest(&t, &ids).map(|n| format!("หมายถึง \"{n}\" หรือไม่? ")).unwrap_or_default();
            error(
                &place,
                &field,
                format!("ไม่รู้จักสถานะการจัดซื้อจัดจ้าง \"{t}\""),
                Some(format!(
                    "{near}สถานะที่ใช้ได้: in_contract (อยู่ระหว่างระยะสัญญา), completed (สิ้นสุดสัญญา), not_signed (ยังไม่ลงนามในสัญญา), cancelled (ยกเลิก)"
                )),
            );
            ProcurementStatus::default()
        }),
    };
    let method = match place_of("method").zip(text("method")) {
        None => {
            ok = false;
            error(&missing, "method", "ต้องมีวิธีซื้อหรือจ้าง (method) แต่ไม่พบหรือเว้นว่างไว้".into(), Some(methods_help()));
            None
        }
        Some(((place, field), t)) => {
            let m = Method::parse(&t);
            if m.is_none() {
                ok = false;
                let mut names: Vec<&str> = Method::ALL.iter().map(|m| m.id()).collect();
                names.extend(Method::ALL.iter().map(|m| m.label()));
                let near = crate::diagnostics::nearest(&t, &names)
                    .map(|n| format!("หมายถึง \"{n}\" หรือไม่? "))
                    .unwrap_or_default();
                error(&place, &field, format!("ไม่รู้จักวิธีซื้อหรือจ้าง \"{t}\""), Some(format!("{near}{}", methods_help())));
            }
            m
        }
    };
    let bidders: Vec<Bid> = match raw.get("bidders") {
        Some((_, Raw::Bids(bids), place, field)) => bids
            .iter()
            .map(|(name, price)| {
                let price = match price.as_deref().map(Baht::parse) {
                    Some(Ok(b)) => Some(b),
                    Some(Err(e)) => {
                        error(place, field, format!("ราคาที่ {name} เสนอ: {e}"), None);
                        None
                    }
                    None => None,
                };
                Bid { name: name.clone(), price }
            })
            .collect(),
        Some((_, Raw::Text(t), ..)) => t
            .split(['\n', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (name, price) = split_bid(s);
                Bid { name, price: price.and_then(|p| Baht::parse(&p).ok()) }
            })
            .collect(),
        _ => Vec::new(),
    };
    let price = money(&raw, "price", &mut error);
    let winner_name = text("winner");
    let winner = match (winner_name, price) {
        (Some(name), price) => {
            let at =
                price.as_ref().map(|p| p.at.clone()).or_else(|| place_of("winner").map(|p| p.0)).unwrap_or(at.clone());
            Some(Placed { value: Bid { name, price: price.map(|p| p.value) }, at })
        }
        (None, Some(p)) => {
            ok = false;
            error(&p.at, "winner", "มีราคาที่ตกลงซื้อหรือจ้าง แต่ไม่มีชื่อผู้ได้รับการคัดเลือก (winner)".into(), None);
            None
        }
        (None, None) => None,
    };
    let contract_number = text("contract_number");
    let contract_date = match raw.get("contract_date") {
        Some((_, Raw::Date(d), place, _)) => Some(Placed { value: *d, at: place.clone() }),
        Some((_, Raw::Text(t), place, field)) if !t.trim().is_empty() => match crate::values::thai::parse_date(t) {
            Ok(d) => Some(Placed { value: d, at: place.clone() }),
            Err(e) => {
                ok = false;
                error(place, field, format!("{e} (พบ \"{}\")", t.trim()), None);
                None
            }
        },
        _ => None,
    };
    if status.has_contract() {
        let needs = [
            ("winner", winner.is_some(), "ผู้ได้รับการคัดเลือก (winner)"),
            (
                "price",
                // A price written but not an amount is reported once, as such.
                winner.as_ref().is_some_and(|w| w.value.price.is_some()) || raw.get("price").is_some(),
                "ราคาที่ตกลงซื้อหรือจ้าง (price)",
            ),
            ("contract_number", contract_number.is_some(), "เลขที่สัญญาหรือข้อตกลง (contract_number)"),
            (
                "contract_date",
                contract_date.is_some() || raw.get("contract_date").is_some(),
                "วันที่ของสัญญาหรือข้อตกลง (contract_date)",
            ),
        ];
        for (key, present, what) in needs {
            if !present {
                ok = false;
                error(
                    &missing,
                    key,
                    format!("ต้องมี{what} แต่ไม่พบหรือเว้นว่างไว้"),
                    Some("ทุกรายการต้องมีผู้ได้รับการคัดเลือก ราคาที่ตกลง และเลขที่กับวันที่ของสัญญา เว้นแต่สถานะเป็น cancelled (ยกเลิก) หรือ not_signed (ยังไม่ลงนามในสัญญา)".into()),
                );
            }
        }
    }
    let egp = place_of("egp").zip(text("egp")).map(|((place, _), t)| Placed {
        value: crate::values::digits::to_arabic_digits(&t).trim().to_string(),
        at: place,
    });
    let month = match raw.get("month") {
        Some((_, Raw::Date(d), place, _)) => Some(Placed { value: Month::of(*d), at: place.clone() }),
        Some((_, Raw::Text(t), place, field)) if !t.trim().is_empty() => match Month::parse(t) {
            Some(m) => Some(Placed { value: m, at: place.clone() }),
            None => {
                ok = false;
                error(
                    place,
                    field,
                    format!("ต้องเป็นเดือนและปี พ.ศ. เช่น 2569-01 หรือ มกราคม 2569 (พบ \"{}\")", t.trim()),
                    None,
                );
                None
            }
        },
        _ => contract_date.as_ref().map(|d| Placed { value: Month::of(d.value), at: d.at.clone() }),
    };
    if month.is_none() && ok {
        ok = false;
        error(
            &missing,
            "month",
            "ไม่รู้ว่ารายการนี้อยู่ในสรุปของเดือนใด: ใส่เดือน (month) เช่น 2569-01 หรือวันที่สัญญา (contract_date)".into(),
            None,
        );
    }
    if !ok {
        return None;
    }
    Some(Record {
        file: file.to_path_buf(),
        at,
        item: item?,
        kind: text("kind"),
        budget: budget?,
        source: text("source"),
        category: text("category"),
        reference_price,
        method: method?,
        bidders,
        winner,
        reason: text("reason"),
        contract_number,
        contract_date,
        status,
        egp,
        month: month?,
    })
}

/// What reports a problem at a place of a record: (place, field, message, help).
type Report<'e> = dyn FnMut(&Place, &str, String, Option<String>) + 'e;

/// An amount of a raw record, checked; a value that is not an amount is reported.
fn money(raw: &RawRecord, key: &str, error: &mut Report<'_>) -> Option<Placed<Baht>> {
    let (_, value, place, field) = raw.get(key)?;
    let t = match value {
        Raw::Text(t) => t.trim(),
        _ => return None,
    };
    if t.is_empty() {
        return None;
    }
    match Baht::parse(t) {
        Ok(b) => Some(Placed { value: b, at: place.clone() }),
        Err(e) => {
            error(place, field, format!("{e} (พบ \"{t}\")"), None);
            None
        }
    }
}

fn methods_help() -> String {
    let list: Vec<String> = Method::ALL.iter().map(|m| format!("{} ({})", m.id(), m.label())).collect();
    format!("วิธีที่ใช้ได้: {}", list.join(", "))
}

/// The file names of a register's folder that hold records in spreadsheets.
pub fn is_spreadsheet(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".csv", ".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext))
}

/// Where a record file is, for sorting records by file then place.
pub fn sort_records(records: &mut [Record]) {
    let key = |r: &Record| -> (PathBuf, Option<String>, u32, u32) {
        match &r.at {
            Place::Line(p) => (r.file.clone(), None, p.line, p.column),
            Place::Cell(c) => (r.file.clone(), c.sheet.clone(), c.row, 0),
        }
    };
    records.sort_by_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> (Vec<Record>, Diagnostics) {
        let node = crate::load::yaml::parse(yaml).unwrap();
        let mut diags = Diagnostics::new();
        let file = Path::new("content/2569/jat/jan.yaml");
        let records = {
            let mut r = Reader::new(file, &mut diags);
            yaml_records(&mut r, &node, file)
        };
        (records, diags)
    }

    #[test]
    fn a_record_as_the_contract_writes_it() {
        let (records, diags) = read(
            "records:\n  - item: จัดซื้อวัสดุสำนักงาน\n    kind: ซื้อ\n    budget: 12000\n    reference_price: 12,000\n    method: specific\n    bidders: [{name: ร้านสมใจพาณิชย์, price: 11500}, {name: หจก.รุ่งเรือง, price: 11900}]\n    winner: {name: ร้านสมใจพาณิชย์, price: 11500}\n    reason: เสนอราคาต่ำสุด\n    contract: {number: \"ข.๑๒/๒๕๖๙\", date: 15/01/2569}\n    egp: \"69019123456\"\n",
        );
        assert!(diags.is_empty(), "{diags}");
        let r = &records[0];
        assert_eq!(r.method, Method::Specific);
        assert_eq!(r.budget.value, Baht::from_baht(12000));
        assert_eq!(r.agreed(), Some(Baht::from_baht(11500)));
        assert_eq!(r.saving_satang(), Some(50_000));
        assert_eq!(r.bidders.len(), 2);
        assert_eq!(r.month.value, Month { year: 2569, month: 1 });
        assert_eq!(r.status, ProcurementStatus::InContract);
    }

    #[test]
    fn missing_and_unknown_values_are_named_at_their_line() {
        let (records, diags) = read(
            "records:\n  - item: ซ่อมรถ\n    budget: 5000\n    method: สอบราคาพิเศษ\n  - item: จ้างเหมา\n    budget: 3000\n    method: เฉพาะเจาะจง\n    status: cancelled\n    month: 2569-02\n",
        );
        assert_eq!(records.len(), 1, "{diags}");
        let text = diags.to_string();
        assert!(text.contains("jan.yaml:4:13") && text.contains("ไม่รู้จักวิธีซื้อหรือจ้าง"), "{text}");
        assert!(text.contains("records[1].method"), "{text}");
    }

    #[test]
    fn a_price_that_is_not_an_amount_is_one_error() {
        let (_, diags) = read(
            "records:\n  - {item: ก, budget: 100, method: specific, winner: {name: ร้าน, price: ร้อยบาท}, contract: {number: '1', date: 2569-01-05}}\n",
        );
        assert_eq!(diags.iter().count(), 1, "{diags}");
        assert!(diags.to_string().contains("records[1].winner.price"), "{diags}");
    }

    #[test]
    fn bids_typed_in_one_cell() {
        assert_eq!(split_bid("ร้านสมใจพาณิชย์ 11,500"), ("ร้านสมใจพาณิชย์".into(), Some("11,500".into())));
        assert_eq!(split_bid("หจก. รุ่งเรือง ๑๑,๙๐๐ บาท"), ("หจก. รุ่งเรือง".into(), Some("๑๑,๙๐๐".into())));
        assert_eq!(split_bid("ร้านเดียว"), ("ร้านเดียว".into(), None));
    }
}
