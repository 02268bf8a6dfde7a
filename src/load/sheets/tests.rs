use super::headings::{heading_key, HEADINGS};
use super::*;
use jiff::civil::date;
use std::collections::HashMap;

pub(super) fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub(super) fn number(s: &str) -> Cell {
    Cell::Number(s.to_string())
}

/// The rows as (number, cells as text), for short assertions.
pub(super) fn rows(sheet: &Sheet) -> Vec<(u32, Vec<String>)> {
    sheet.rows.iter().map(|r| (r.number, r.cells.iter().map(|c| c.text().into_owned()).collect())).collect()
}

fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if little_endian { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for unit in text.encode_utf16() {
        out.extend(if little_endian { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

const CSV: &str = "ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง (บาท),วันที่สัญญา\n\
                   1,จัดซื้อวัสดุสำนักงาน,\"12,000\",15/01/2569\n\
                   2,จ้างซ่อมรถยนต์,8500.50,๒๐ มกราคม ๒๕๖๙\n";

fn check_small_csv(sheet: &Sheet) {
    assert_eq!(sheet.name, None);
    assert_eq!(sheet.heading_row, 1);
    assert_eq!(sheet.headings, ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จะซื้อหรือจ้าง (บาท)", "วันที่สัญญา"]);
    assert_eq!(
        sheet.fields(),
        [Some(Field::Number), Some(Field::Item), Some(Field::Budget), Some(Field::ContractDate)]
    );
    assert_eq!(
        rows(sheet),
        [
            (2, vec!["1".into(), "จัดซื้อวัสดุสำนักงาน".into(), "12,000".into(), "15/01/2569".into()]),
            (3, vec!["2".into(), "จ้างซ่อมรถยนต์".into(), "8500.50".into(), "๒๐ มกราคม ๒๕๖๙".into()]),
        ]
    );
    assert!(sheet.rows.iter().flat_map(|r| &r.cells).all(|c| matches!(c, Cell::Text(_))));
}

#[test]
fn csv_in_utf8_with_and_without_bom() {
    check_small_csv(&read_csv(CSV.as_bytes()).unwrap());
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(CSV.as_bytes());
    let sheet = read_csv(&with_bom).unwrap();
    check_small_csv(&sheet);
    // Windows line ends read the same.
    check_small_csv(&read_csv(CSV.replace('\n', "\r\n").as_bytes()).unwrap());
}

#[test]
fn csv_in_utf16_is_excels_unicode_text() {
    let tabbed = CSV.replace("\"12,000\"", "12000").replace(',', "\t").replace("12000", "\"12,000\"");
    for (le, bom) in [(true, true), (false, true), (true, false), (false, false)] {
        let bytes = utf16(&tabbed.replace('\n', "\r\n"), le, bom);
        let sheet = read_csv(&bytes).unwrap_or_else(|e| panic!("le {le} bom {bom}: {e}"));
        check_small_csv(&sheet);
    }
}

#[test]
fn csv_in_windows_874_is_thai_excels_csv() {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(CSV);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    check_small_csv(&read_csv(&bytes).unwrap());
}

#[test]
fn quoted_cells_keep_commas_quotes_and_line_breaks() {
    let csv = "item,bidders,reason\n\
               \"จัดซื้อ \"\"กระดาษ\"\" A4, 80 แกรม\",\"ร้านสมใจพาณิชย์ 11,500\r\nหจก.รุ่งเรือง 11,900\",  ราคาต่ำสุด  \n\
               จ้างเหมา,ร้าน ก 500\n";
    let sheet = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(sheet.fields(), [Some(Field::Item), Some(Field::Bidders), Some(Field::Reason)]);
    assert_eq!(sheet.rows.len(), 2);
    let first = &sheet.rows[0];
    assert_eq!(first.number, 2);
    assert_eq!(first.cells[0], text("จัดซื้อ \"กระดาษ\" A4, 80 แกรม"));
    assert_eq!(first.cells[1], text("ร้านสมใจพาณิชย์ 11,500\nหจก.รุ่งเรือง 11,900"));
    assert_eq!(first.cells[2], text("ราคาต่ำสุด"));
    // The record after a cell with a line break is the next row, as Excel shows it.
    assert_eq!(sheet.rows[1].number, 3);
    // A row shorter than the headings: the missing cells are empty.
    assert_eq!(sheet.rows[1].cells.len(), 2);
    assert_eq!(sheet.rows[1].get(2), &Cell::Empty);
    assert_eq!(sheet.rows[1].get(99), &Cell::Empty);
}

#[test]
fn an_open_quote_is_told_with_its_row() {
    let e = read_csv("item,budget\nก,1\n\"ข,2\nค,3\n".as_bytes()).unwrap_err();
    assert!(e.message.contains("แถวที่ 3") && e.message.contains('"'), "{e}");
    // A quote inside a cell (inches) is text, and a closed quoted cell at the end is fine.
    let sheet = read_csv("item,budget\nจอภาพ 24\" ,1\n\"ข \"\"พิเศษ\"\"\",\"2\"".as_bytes()).unwrap();
    assert_eq!(rows(&sheet), [(2, vec!["จอภาพ 24\"".into(), "1".into()]), (3, vec!["ข \"พิเศษ\"".into(), "2".into()])]);
}

#[test]
fn csv_row_numbers_count_empty_rows() {
    let csv = "\n\
               item,budget\n\
               ก,1\n\
               \n\
               ,\n\
               \x20 , \t\n\
               \"ข\nค\",2\r\n\
               \r\n\
               ง,3,เกิน,\n\
               \n";
    let sheet = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(sheet.heading_row, 2);
    assert_eq!(sheet.headings, ["item", "budget"]);
    assert_eq!(
        rows(&sheet),
        [
            (3, vec!["ก".into(), "1".into()]),
            (7, vec!["ข\nค".into(), "2".into()]),
            (9, vec!["ง".into(), "3".into(), "เกิน".into()]),
        ]
    );
}

#[test]
fn csv_separator_tab_semicolon_or_sep_line() {
    let semicolon = read_csv("item;budget;method\nก;1,5;เฉพาะเจาะจง\n".as_bytes()).unwrap();
    assert_eq!(semicolon.headings, ["item", "budget", "method"]);
    assert_eq!(semicolon.rows[0].cells[1], text("1,5"));
    let tab = read_csv("item\tbudget\nก, ข\t1,000\n".as_bytes()).unwrap();
    assert_eq!(rows(&tab), [(2, vec!["ก, ข".into(), "1,000".into()])]);
    // A heading with a comma inside quotes does not make commas the separator's rival.
    let quoted = read_csv("\"item, ชื่อ\";budget\nก;1\n".as_bytes()).unwrap();
    assert_eq!(quoted.headings, ["item, ชื่อ", "budget"]);
    // Excel's "sep=" line is not a row.
    let sep = read_csv("sep=;\r\nitem;budget\r\nก;1,5\r\n".as_bytes()).unwrap();
    assert_eq!(sep.heading_row, 1);
    assert_eq!(rows(&sep), [(2, vec!["ก".into(), "1,5".into()])]);
    // Commas stay the separator when the heading row has more of them.
    let comma = read_csv("item,budget,note\nก,1,\"a;b;c;d\"\n".as_bytes()).unwrap();
    assert_eq!(comma.rows[0].cells[2], text("a;b;c;d"));
}

#[test]
fn empty_csv_is_an_empty_sheet() {
    for bytes in [&b""[..], b"\n\n", b"\xEF\xBB\xBF", b" , \n"] {
        let sheet = read_csv(bytes).unwrap();
        assert!(sheet.headings.is_empty() && sheet.rows.is_empty() && sheet.heading_row == 0, "{bytes:?}");
    }
}

#[test]
fn csv_that_is_not_text_is_explained() {
    let e = read_csv(b"PK\x03\x04\x14\x00\x06\x00 rest of a zip").unwrap_err();
    assert!(e.message.contains("สมุดงาน Excel") && e.help.as_deref().unwrap().contains(".xlsx"), "{e}");
    let e = read_csv(b"item,budget\n\xC0\xC1\xFE\xFF,1\n").unwrap_err();
    assert!(e.message.contains("บรรทัดที่ 2") && e.help.as_deref().unwrap().contains("CSV UTF-8"), "{e}");
}

#[test]
fn large_csv_is_read() {
    let mut csv = String::from("ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง,ผู้ได้รับการคัดเลือก,วันที่สัญญา\n");
    for i in 0..100_000 {
        csv.push_str(&format!("{i},จัดซื้อวัสดุ รายการที่ {i},{},ร้านสมใจพาณิชย์,15/01/2569\n", i * 3));
    }
    let sheet = read_csv(csv.as_bytes()).unwrap();
    assert_eq!(sheet.rows.len(), 100_000);
    let last = sheet.rows.last().unwrap();
    assert_eq!(last.number, 100_001);
    assert_eq!(last.cells[2], text("299997"));
}

// ---------------------------------------------------------------------------------------------
// Headings

#[test]
fn contract_keys_name_their_fields() {
    for field in Field::ALL {
        if field == Field::Number {
            continue;
        }
        assert_eq!(field_of(field.key()), Some(field), "{}", field.key());
        assert_eq!(field_of(&field.key().to_uppercase()), Some(field));
        assert_eq!(field_of(&format!(" {} ", field.key().replace('_', " "))), Some(field));
        assert_eq!(field_of(field.thai()), Some(field), "{}", field.thai());
    }
    assert_eq!(field_of("Reference Price"), Some(Field::ReferencePrice));
    assert_eq!(field_of("contract-number"), Some(Field::ContractNumber));
    assert_eq!(field_of("contract.date"), Some(Field::ContractDate));
}

#[test]
fn thai_headings_with_units_numbers_and_line_breaks() {
    let cases = [
        ("งานที่จัดซื้อหรือจัดจ้าง", Field::Item),
        ("ชื่อรายการ", Field::Item),
        ("ชื่อรายการของงานที่ซื้อหรือจ้าง", Field::Item),
        ("ประเภท", Field::Kind),
        ("วงเงินที่จะซื้อหรือจ้าง", Field::Budget),
        ("วงเงินที่จะซื้อหรือจ้าง (บาท)", Field::Budget),
        ("วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", Field::Budget),
        ("แหล่งที่มาของงบประมาณ", Field::Source),
        ("หมวดงบรายจ่าย", Field::Category),
        ("ราคากลาง", Field::ReferencePrice),
        ("ราคากลาง (บาท)", Field::ReferencePrice),
        ("ราคากลาง(บาท)", Field::ReferencePrice),
        ("ราคากลาง [บาท]", Field::ReferencePrice),
        ("ราคากลาง (บาท) (ถ้ามี)", Field::ReferencePrice),
        ("วิธีซื้อหรือจ้าง", Field::Method),
        ("วิธีการจัดซื้อจัดจ้าง", Field::Method),
        ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", Field::Bidders),
        ("รายชื่อผู้เสนอราคา\nและราคาที่เสนอ", Field::Bidders),
        ("ผู้ได้รับการคัดเลือก", Field::Winner),
        ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", Field::Winner),
        ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", Field::Winner),
        ("ราคาที่ตกลงซื้อหรือจ้าง", Field::Price),
        ("ราคาที่ตกลงซื้อหรือจ้าง (บาท)", Field::Price),
        ("เหตุผลที่คัดเลือกโดยสรุป", Field::Reason),
        ("เลขที่สัญญา", Field::ContractNumber),
        ("เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", Field::ContractNumber),
        ("วันที่สัญญา", Field::ContractDate),
        ("สถานะการจัดซื้อจัดจ้าง", Field::Status),
        ("เลขที่โครงการในระบบ e-GP", Field::Egp),
        ("เลขที่โครงการในระบบ E-GP", Field::Egp),
        ("เลขที่โครงการในระบบ eGP", Field::Egp),
        ("เลขที่โครงการ", Field::Egp),
        ("เลขที่โครงการ (e-GP)", Field::Egp),
        ("เดือน", Field::Month),
        ("1. งานที่จัดซื้อหรือจัดจ้าง", Field::Item),
        ("๒. วงเงินที่จะซื้อหรือจ้าง", Field::Budget),
        ("(3) ราคากลาง", Field::ReferencePrice),
        ("4) วิธีซื้อหรือจ้าง", Field::Method),
        ("\u{200B}งานที่จัดซื้อ หรือ จัดจ้าง\u{200B}", Field::Item),
        ("วงเงินที่จะซื้อ\r\nหรือจ้าง", Field::Budget),
        ("วันที่สัญญา:", Field::ContractDate),
        ("ลำดับที่", Field::Number),
        ("ลําดับที่", Field::Number), // SARA AM typed as NIKHAHIT + SARA AA
        ("ลำดับ", Field::Number),
        ("ที่", Field::Number),
        ("No.", Field::Number),
    ];
    for (heading, field) in cases {
        assert_eq!(field_of(heading), Some(field), "{heading:?}");
    }
}

#[test]
fn open_data_headings() {
    let cases = [
        ("รหัสโครงการ", Field::Egp),
        ("ชื่อโครงการ", Field::Item),
        ("วิธีจัดซื้อฯ", Field::Method),
        ("งบประมาณ(บาท)", Field::Budget),
        ("ราคากลาง(บาท)", Field::ReferencePrice),
        ("ราคาตกลงซื้อ/จ้าง", Field::Price),
        ("ชื่อผู้ชนะ", Field::Winner),
        ("เลขที่สัญญา", Field::ContractNumber),
        ("วันที่ลงนามสัญญา", Field::ContractDate),
        ("สถานะสัญญา", Field::Status),
        ("project_id", Field::Egp),
        ("project_name", Field::Item),
        ("purchase_method_name", Field::Method),
        ("project_money", Field::Budget),
        ("price_build", Field::ReferencePrice),
        ("price_agree", Field::Price),
        ("winner", Field::Winner),
        ("contract_no", Field::ContractNumber),
        ("contract_date", Field::ContractDate),
    ];
    for (heading, field) in cases {
        assert_eq!(field_of(heading), Some(field), "{heading:?}");
    }
    // Columns of the data set that mean something else.
    for heading in [
        "ชื่อหน่วยงาน",
        "กลุ่มวิธีจัดซื้อฯ",
        "วันที่ประกาศ",
        "ปีงบประมาณ",
        "จังหวัด",
        "เลขนิติบุคคล",
        "วันที่สิ้นสุดสัญญา",
        "dept_name",
        "winner_tin",
    ] {
        assert_eq!(field_of(heading), None, "{heading:?}");
    }
}

#[test]
fn unknown_headings_name_no_field() {
    for heading in [
        "",
        "  ",
        "หมายเหตุ",
        "(บาท)",
        "1.",
        "1",
        "วงเงิน (ล้านบาท)",
        "ราคากลาง (พันบาท)",
        "budget (million)",
        "ราคา",
        "itemx",
        "12.5",
    ] {
        assert_eq!(field_of(heading), None, "{heading:?}");
    }
}

#[test]
fn heading_table_is_consistent() {
    // No heading is known as two fields, and each key is what the table was made from.
    let mut seen: HashMap<String, (Field, &str)> = HashMap::new();
    for (heading, field) in HEADINGS.iter().copied().chain(Field::ALL.iter().map(|f| (f.key(), *f))) {
        if field == Field::Number && heading == "number" {
            continue;
        }
        let key = heading_key(heading);
        assert!(!key.is_empty(), "{heading}");
        if let Some((other, first)) = seen.insert(key.clone(), (field, heading)) {
            assert_eq!(other, field, "{heading:?} and {first:?}");
        }
        assert_eq!(field_of(heading), Some(field), "{heading:?}");
    }
    assert_eq!(field_of("number"), None, "ลำดับที่ is not a key");
}

#[test]
fn column_names() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(27), "AB");
    assert_eq!(column_name(701), "ZZ");
    assert_eq!(column_name(702), "AAA");
    assert_eq!(column_name(16_383), "XFD");
}

#[test]
fn cells_show_as_typed() {
    assert_eq!(Cell::Date(date(2026, 1, 15)).to_string(), "2026-01-15");
    assert_eq!(Cell::Bool(false).text(), "FALSE");
    assert_eq!(Cell::from_text(" \u{200B} "), Cell::Empty);
    assert_eq!(Cell::from_text(" ก\r\nข\rค "), text("ก\nข\nค"));
    let e = SheetError::new("ข้อความ").with_help("ทำอย่างนี้");
    assert_eq!(e.to_string(), "ข้อความ\n    → ทำอย่างนี้");
}
