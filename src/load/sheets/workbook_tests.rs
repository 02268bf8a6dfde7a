//! Tests of reading workbooks: xlsx written by the test, a 1904 workbook, Excel's serial days,
//! exact numbers, ISO cells, ODS packages written by the test, errors, size.

use super::tests::{number, rows, text};
use super::workbook::{
    date_time_cell, iso_date_cell, iso_duration_cell, number_cell, number_text, open_error, password_error, Collector,
};
use super::*;
use calamine::ExcelDateTime;
use jiff::civil::date;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Workbooks

/// A workbook as an office keeps it: two months, Thai text, a real date cell, 11500.5, an
/// empty row between records.
fn write_register(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let headings =
        ["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "ราคากลาง (บาท)", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "วันที่สัญญา", "เลขที่โครงการในระบบ e-GP"];
    let october = wb.add_worksheet();
    october.set_name("ต.ค.").unwrap();
    for (c, h) in headings.iter().enumerate() {
        october.write_string(0, c as u16, *h).unwrap();
    }
    october.write_number(1, 0, 1).unwrap();
    october.write_string(1, 1, "  จัดซื้อวัสดุสำนักงาน\nกระดาษ A4  ").unwrap();
    october.write_number(1, 2, 12000).unwrap();
    october.write_number(1, 3, 11500.5).unwrap();
    october.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2025, 10, 15).unwrap(), &date_format).unwrap();
    october.write_string(1, 5, "68109123456").unwrap();
    // Row 3 is empty; row 4 has a formula and its computed value, and a number as e-GP.
    october.write_number(3, 0, 2).unwrap();
    october.write_string(3, 1, "จ้างซ่อมรถยนต์").unwrap();
    october.write_formula(3, 2, Formula::new("=0.1+0.2").set_result("0.30000000000000004")).unwrap();
    october.write_number(3, 3, 0.1 + 0.2).unwrap();
    october.write_datetime_with_format(3, 4, ExcelDateTime::from_ymd(2569, 1, 15).unwrap(), &date_format).unwrap();
    october.write_number(3, 5, 68109123457.0).unwrap();
    october.write_boolean(3, 6, true).unwrap();
    let november = wb.add_worksheet();
    november.set_name("พ.ย.").unwrap();
    // Headings start at B3 under a title in A1.
    november.write_string(0, 0, "สรุปผลการดำเนินการจัดซื้อจัดจ้าง").unwrap();
    november.write_string(2, 1, "item").unwrap();
    november.write_string(2, 2, "budget").unwrap();
    november.write_string(3, 1, "จัดซื้อหมึกพิมพ์").unwrap();
    november.write_number(3, 2, -0.0).unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("รายการวิธี").unwrap();
    hidden.write_string(0, 0, "เฉพาะเจาะจง").unwrap();
    hidden.set_hidden(true);
    wb.save(path).unwrap();
}

fn check_register(sheets: &[Sheet]) {
    let names: Vec<_> = sheets.iter().map(|s| s.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["ต.ค.", "พ.ย.", "รายการวิธี"]);
    let october = &sheets[0];
    assert!(!october.hidden);
    assert_eq!(october.heading_row, 1);
    assert_eq!(
        october.fields(),
        [
            Some(Field::Number),
            Some(Field::Item),
            Some(Field::ReferencePrice),
            Some(Field::Price),
            Some(Field::ContractDate),
            Some(Field::Egp)
        ]
    );
    assert_eq!(october.rows.len(), 2);
    let first = &october.rows[0];
    assert_eq!(first.number, 2);
    assert_eq!(
        first.cells,
        [
            number("1"),
            text("จัดซื้อวัสดุสำนักงาน\nกระดาษ A4"),
            number("12000"),
            number("11500.5"),
            Cell::Date(date(2025, 10, 15)),
            text("68109123456"),
        ]
    );
    let second = &october.rows[1];
    assert_eq!(second.number, 4, "the empty row 3 is counted");
    assert_eq!(
        second.cells,
        [
            number("2"),
            text("จ้างซ่อมรถยนต์"),
            number("0.3"),
            number("0.3"),
            Cell::Date(date(2026, 1, 15)),
            number("68109123457"),
            Cell::Bool(true),
        ]
    );
    let november = &sheets[1];
    assert_eq!(november.heading_row, 3, "the form's title above the headings is skipped");
    assert_eq!(november.headings, ["", "item", "budget"]);
    assert_eq!(rows(november), [(4, vec!["".into(), "จัดซื้อหมึกพิมพ์".into(), "0".into()])]);
    assert!(sheets[2].hidden);
}

#[test]
fn xlsx_sheets_cells_and_row_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("สขร1.xlsx");
    write_register(&path);
    check_register(&read_workbook(&path).unwrap());
    // The contents decide, not the name: an .xlsx saved as .xls, or with no extension.
    for name in ["สขร1.xls", "สขร1.XLSX", "สขร1"] {
        std::fs::copy(&path, dir.path().join(name)).unwrap();
        check_register(&read_workbook(&dir.path().join(name)).unwrap());
    }
}

#[test]
fn xlsx_headings_under_empty_rows_keep_their_row_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(2, 1, "งานที่จัดซื้อหรือจัดจ้าง").unwrap();
    ws.write_string(2, 3, "วิธีซื้อหรือจ้าง").unwrap();
    ws.write_string(5, 1, "จัดซื้อ").unwrap();
    ws.write_string(5, 3, "  ").unwrap();
    ws.write_string(6, 3, "   ").unwrap();
    wb.save(&path).unwrap();
    let sheets = read_workbook(&path).unwrap();
    let sheet = &sheets[0];
    assert_eq!(sheet.name.as_deref(), Some("Sheet1"));
    assert_eq!(sheet.heading_row, 3);
    assert_eq!(sheet.headings, ["", "งานที่จัดซื้อหรือจัดจ้าง", "", "วิธีซื้อหรือจ้าง"]);
    assert_eq!(sheet.fields(), [None, Some(Field::Item), None, Some(Field::Method)]);
    assert_eq!(rows(sheet), [(6, vec!["".into(), "จัดซื้อ".into()])]);
    assert_eq!(column_name(3), "D");
}

/// The same zip with one entry's text changed.
fn rewrite_zip(path: &Path, entry: &str, change: impl Fn(String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(File::create(path).unwrap());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == entry {
            content = change(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn xlsx_in_the_1904_date_system() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mac.xlsx");
    write_register(&path);
    rewrite_zip(&path, "xl/workbook.xml", |xml| {
        assert!(xml.contains("<workbookPr"), "{xml}");
        xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
    });
    let sheets = read_workbook(&path).unwrap();
    // The serial written for 15/10/2025 (1900 system) is 1462 days later in the 1904 system.
    let later = date(2025, 10, 15).checked_add(jiff::Span::new().days(1462)).unwrap();
    assert_eq!(sheets[0].rows[0].cells[4], Cell::Date(later));
}

#[test]
fn excel_serial_days_are_exact_dates() {
    let dt = |serial: f64, is_1904: bool| {
        date_time_cell(&ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904))
    };
    // 1900 system: serial 1 is 1900-01-01, 60 is Excel's 29/02/1900 that never was, 61 is
    // 1900-03-01; from 61 on, a day count from 1899-12-30.
    assert_eq!(dt(1.0, false), Cell::Date(date(1900, 1, 1)));
    assert_eq!(dt(59.0, false), Cell::Date(date(1900, 2, 28)));
    assert_eq!(dt(60.0, false), text("29/02/1900"));
    assert_eq!(dt(61.0, false), Cell::Date(date(1900, 3, 1)));
    assert_eq!(dt(46037.0, false), Cell::Date(date(2026, 1, 15)));
    assert_eq!(dt(46037.999, false), Cell::Date(date(2026, 1, 15)));
    assert_eq!(dt(46_037.999_999_999, false), Cell::Date(date(2026, 1, 16)), "rounds to the millisecond");
    let epoch = date(1899, 12, 30);
    let mut serial = 61i64;
    while serial < 182_623 {
        // up to 2399-12-31: later years are taken as B.E.
        let expected = epoch.checked_add(jiff::Span::new().days(serial)).unwrap();
        assert_eq!(dt(serial as f64 + 0.5, false), Cell::Date(expected), "serial {serial}");
        serial += 1;
    }
    // 1904 system: serial 0 is 1904-01-01.
    assert_eq!(dt(1.0, true), Cell::Date(date(1904, 1, 2)));
    assert_eq!(dt(44575.0, true), Cell::Date(date(2026, 1, 15)));
    // A B.E. year typed into a C.E. calendar (15/01/2569 → the year 2569 C.E.).
    let be =
        epoch.checked_add(jiff::Span::new().days(46037)).unwrap().checked_add(jiff::Span::new().years(543)).unwrap();
    let be_serial = be.since(epoch).unwrap().get_days() as f64;
    assert_eq!(dt(be_serial, false), Cell::Date(date(2026, 1, 15)));
    // 29 February of a B.E. year that is a leap year in C.E. only: no such day.
    let feb29 = date(2568, 2, 29).since(epoch).unwrap().get_days() as f64;
    assert_eq!(dt(feb29, false), text("29/02/2568"));
    // Times, durations, and values past Excel's calendar.
    assert_eq!(dt(0.5625, false), text("13:30"));
    assert_eq!(
        date_time_cell(&ExcelDateTime::new(1.5, calamine::ExcelDateTimeType::TimeDelta, false)),
        text("36:00:00")
    );
    assert_eq!(dt(3_000_000.0, false), number("3000000"));
    assert_eq!(dt(-1.0, false), number("-1"));
}

#[test]
fn numbers_are_exact_decimal_text() {
    let cases: [(f64, &str); 12] = [
        (11500.5, "11500.5"),
        (12000.0, "12000"),
        (0.1 + 0.2, "0.3"),
        (12000.0 * 1.07, "12840"),
        (1.0 / 3.0, "0.333333333333333"),
        (-0.0, "0"),
        (-250.75, "-250.75"),
        (1e20, "100000000000000000000"),
        (0.000_001_5, "0.0000015"),
        (69019123456.0, "69019123456"),
        (999_999_999_999_999.0, "999999999999999"),
        (55.9164, "55.9164"),
    ];
    for (value, expected) in cases {
        assert_eq!(number_text(value).as_deref(), Some(expected), "{value:?}");
    }
    assert_eq!(number_text(f64::NAN), None);
    assert_eq!(number_cell(f64::INFINITY), text("inf"));
    // Every amount typed with satang reads back as typed.
    for satang in (0..2_000_000i64).step_by(7) {
        let typed = format!("{}.{:02}", satang / 100, satang % 100);
        let shown = number_text(typed.parse().unwrap()).unwrap();
        let expected = typed.trim_end_matches('0').trim_end_matches('.');
        assert_eq!(shown, if expected.is_empty() { "0" } else { expected });
    }
}

#[test]
fn iso_cells() {
    assert_eq!(iso_date_cell("2026-01-15"), Cell::Date(date(2026, 1, 15)));
    assert_eq!(iso_date_cell("2026-01-15T10:30:00"), Cell::Date(date(2026, 1, 15)));
    assert_eq!(iso_date_cell("2569-01-15"), Cell::Date(date(2026, 1, 15)));
    assert_eq!(iso_date_cell("2026-02-30"), text("30/02/2026"));
    assert_eq!(iso_date_cell("10:30:00"), text("10:30:00"));
    assert_eq!(iso_duration_cell("PT13H30M00S"), text("13:30"));
    assert_eq!(iso_duration_cell("PT13H30M15.2S"), text("13:30:15"));
    assert_eq!(iso_duration_cell("PT36H"), text("36:00:00"));
    assert_eq!(iso_duration_cell("P1DT1H"), text("25:00:00"));
    assert_eq!(iso_duration_cell("later"), text("later"));
}

/// A small OpenDocument spreadsheet, written as LibreOffice writes one: `mimetype` first and
/// stored, the manifest, and the sheets in content.xml.
fn write_ods(path: &Path, content_body: &str, encrypted: bool) {
    let mut zip = zip::ZipWriter::new(File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    let encryption = if encrypted { "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/>" } else { "" };
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}</manifest:file-entry>
</manifest:manifest>"#
    )
    .unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
}

fn ods_string(s: &str) -> String {
    format!(r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#)
}

#[test]
fn ods_sheets_cells_and_row_numbers() {
    let headings: String =
        ["ลำดับที่", "ชื่อโครงการ", "ราคากลาง(บาท)", "วันที่ลงนามสัญญา", "ผู้ได้รับการคัดเลือก"].map(ods_string).concat();
    let body = format!(
        r#"<table:table table:name="ต.ค."><table:table-row>{headings}</table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>{item}<table:table-cell office:value-type="currency" office:currency="THB" office:value="11500.5"><text:p>฿11,500.50</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2025-10-15"><text:p>15/10/2568</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>ร้านสมใจพาณิชย์</text:p><text:p>สาขา ๒</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="5"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="12000"><text:p>12,000</text:p></table:table-cell></table:table-row></table:table><table:table table:name="พ.ย."><table:table-row>{item}</table:table-row></table:table>"#,
        item = ods_string("จัดซื้อวัสดุ"),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.ods");
    write_ods(&path, &body, false);
    let sheets = read_workbook(&path).unwrap();
    assert_eq!(sheets.iter().map(|s| s.name.as_deref().unwrap()).collect::<Vec<_>>(), ["ต.ค.", "พ.ย."]);
    let october = &sheets[0];
    assert_eq!(
        october.fields(),
        [
            Some(Field::Number),
            Some(Field::Item),
            Some(Field::ReferencePrice),
            Some(Field::ContractDate),
            Some(Field::Winner)
        ]
    );
    assert_eq!(october.rows.len(), 2);
    assert_eq!(
        october.rows[0].cells,
        [number("1"), text("จัดซื้อวัสดุ"), number("11500.5"), Cell::Date(date(2025, 10, 15)), text("ร้านสมใจพาณิชย์\nสาขา ๒")]
    );
    assert_eq!(october.rows[1].number, 5, "two empty rows are counted");
    assert_eq!(october.rows[1].cells, [Cell::Empty, Cell::Empty, number("12000")]);
    assert_eq!(sheets[1].headings, ["จัดซื้อวัสดุ"]);
    assert!(sheets[1].rows.is_empty());
    // Saved under the name .xlsx, it is read all the same.
    std::fs::copy(&path, dir.path().join("register.xlsx")).unwrap();
    assert_eq!(read_workbook(&dir.path().join("register.xlsx")).unwrap(), sheets);
}

#[test]
fn workbooks_that_cannot_be_read_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let encrypted = dir.path().join("locked.ods");
    write_ods(&encrypted, "", true);
    let e = read_workbook(&encrypted).unwrap_err();
    assert!(e.message.contains("รหัสผ่าน") && e.help.as_deref().unwrap().contains(".xlsx"), "{e}");
    assert_eq!(open_error(calamine::XlsxError::Password), password_error());
    assert_eq!(open_error(calamine::XlsError::Password), password_error());

    let cases: [(&str, &[u8], &str); 6] = [
        ("web.xls", b"<html><body><table><tr><td>item</td></tr></table></body></html>", "HTML"),
        ("data.xls", "item,budget\nก,1\n".as_bytes(), "ไฟล์ข้อความ"),
        ("empty.xlsx", b"", "ว่างเปล่า"),
        ("junk.xlsx", &[0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0x00, 0x10, 0x80], "เปิดไฟล์นี้เป็นสมุดงาน"),
        ("broken.xlsx", b"PK\x03\x04 this zip ends here", "เปิดไฟล์นี้เป็นสมุดงาน"),
        ("broken.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0], "เปิดไฟล์นี้เป็นสมุดงาน"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = read_workbook(&path).unwrap_err();
        assert!(e.message.contains(says), "{name}: {e}");
        assert!(e.help.as_deref().is_some_and(|h| h.contains(".xlsx")), "{name}: {e}");
    }
    let e = read_workbook(&dir.path().join("missing.xlsx")).unwrap_err();
    assert!(e.message.contains("อ่านไฟล์ไม่ได้") && e.detail.is_some(), "{e:?}");
}

#[test]
fn large_xlsx_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "item").unwrap();
    ws.write_string(0, 1, "budget").unwrap();
    for r in 1..=100_000u32 {
        ws.write_string(r, 0, "จัดซื้อวัสดุ").unwrap();
        ws.write_number(r, 1, f64::from(r) + 0.5).unwrap();
    }
    wb.save(&path).unwrap();
    let sheets = read_workbook(&path).unwrap();
    assert_eq!(sheets[0].rows.len(), 100_000);
    assert_eq!(sheets[0].rows[99_999], Row { number: 100_001, cells: vec![text("จัดซื้อวัสดุ"), number("100000.5")] });
}

#[test]
fn cells_out_of_order_are_put_in_order() {
    let mut c = Collector::default();
    c.add(3, 1, text("b4"));
    c.add(0, 0, text("h"));
    c.add(3, 0, text("a4"));
    c.add(3, 1, text("B4"));
    c.add(1, 2, text("c2"));
    let sheet = c.finish(Some("s".into()), false);
    assert_eq!(sheet.headings, ["h"]);
    assert_eq!(rows(&sheet), [(2, vec!["".into(), "".into(), "c2".into()]), (4, vec!["a4".into(), "B4".into()])]);
}
