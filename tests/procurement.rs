//! End-to-end: a procurement register with records in YAML, CSV and an Excel workbook (written
//! by the test), built into its month pages (แบบ สขร.๑), its register page and its annual
//! report; every figure against hand-computed values, the empty month, `through`, the OIT
//! items it serves, and each rule's error with the sheet, row and column an editor sees.

mod common;
use common::{snapshot, text, TestSite};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const SITE: &str = "title: โรงเรียนทดสอบ\nbase_url: https://example.go.th/\npdf: off\nita_year: 2569\n";

const REGISTER: &str = "---\ntype: procurement\nthrough: 2569-03\nresponsible: [{unit: งานพัสดุ}]\n---\nทะเบียนของปีนี้\n";

/// January 2569: one record in full, one cancelled.
const JANUARY: &str = "records:
  - item: จัดซื้อวัสดุสำนักงาน
    kind: ซื้อ
    budget: 12000
    category: งบดำเนินงาน
    reference_price: 12000
    method: specific
    bidders: [{name: ร้านสมใจพาณิชย์, price: 11500}, {name: หจก.รุ่งเรือง, price: 11900}]
    winner: {name: ร้านสมใจพาณิชย์, price: 11500}
    reason: เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน
    contract: {number: \"ข.๑๒/๒๕๖๙\", date: 15/01/2569}
    egp: \"69019123456\"
  - item: จ้างซ่อมหลังคา
    budget: 50000
    method: วิธีคัดเลือก
    status: ยกเลิก
    month: 2569-01
";

/// November 2568, as Excel's "CSV UTF-8" saves it, with the form's Thai headings.
const NOVEMBER_CSV: &str = "\u{feff}ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง,ราคากลาง,วิธีซื้อหรือจ้าง,รายชื่อผู้เสนอราคาและราคาที่เสนอ,ผู้ได้รับการคัดเลือก,ราคาที่ตกลงซื้อหรือจ้าง,เหตุผลที่คัดเลือกโดยสรุป,เลขที่สัญญา,วันที่สัญญา,หมวดงบรายจ่าย
1,จ้างเหมาทำความสะอาด,\"24,000\",\"24,000\",เฉพาะเจาะจง,\"บริษัท สะอาด จำกัด 23,000\",บริษัท สะอาด จำกัด,\"23,000\",ราคาต่ำสุด,ข.๓/๒๕๖๘,03/11/2568,งบดำเนินงาน
2,ซื้อเครื่องคอมพิวเตอร์,\"150,000.50\",\"150,000\",e-market,\"หจก.ไอที 148,000\nร้านคอม 149,500\",หจก.ไอที,\"148,000\",ราคาต่ำสุด,ข.๔/๒๕๖๘,20/11/2568,งบลงทุน
";

/// October 2568 and March 2569 in a workbook of two sheets, amounts and dates as Excel cells.
fn workbook(path: &std::path::Path, rows: &[(&str, &[(&str, Cell)])]) {
    let mut wb = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (sheet, cells) in rows {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).unwrap();
        for (col, (heading, value)) in cells.iter().enumerate() {
            let col = col as u16;
            ws.write_string(0, col, *heading).unwrap();
            match value {
                Cell::Text(t) => ws.write_string(1, col, *t).map(|_| ()).unwrap(),
                Cell::Number(n) => ws.write_number(1, col, *n).map(|_| ()).unwrap(),
                Cell::Date(y, m, d) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(1, col, &date, &date_format).map(|_| ()).unwrap()
                }
            }
        }
    }
    wb.save(path).unwrap();
}

#[derive(Clone, Copy)]
enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
}

fn october() -> Vec<(&'static str, Cell)> {
    vec![
        ("งานที่จัดซื้อหรือจัดจ้าง", Cell::Text("ซื้อน้ำมันเชื้อเพลิง")),
        ("วงเงินที่จะซื้อหรือจ้าง", Cell::Number(8000.0)),
        ("ราคากลาง", Cell::Number(8000.0)),
        ("วิธีซื้อหรือจ้าง", Cell::Text("วิธีเฉพาะเจาะจง")),
        ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", Cell::Text("หจก.ปั๊มดี 7,999.50")),
        ("ผู้ได้รับการคัดเลือก", Cell::Text("หจก.ปั๊มดี")),
        ("ราคาที่ตกลงซื้อหรือจ้าง", Cell::Number(7999.5)),
        ("เหตุผลที่คัดเลือกโดยสรุป", Cell::Text("ราคาต่ำสุด")),
        ("เลขที่สัญญา", Cell::Text("ข.๑/๒๕๖๘")),
        ("วันที่สัญญา", Cell::Date(2025, 10, 15)),
    ]
}

fn march() -> Vec<(&'static str, Cell)> {
    vec![
        ("item", Cell::Text("จ้างพิมพ์เอกสาร")),
        ("budget", Cell::Number(3000.0)),
        ("method", Cell::Text("specific")),
        ("winner", Cell::Text("ร้านพิมพ์ดี")),
        ("price", Cell::Number(3000.0)),
        ("contract_number", Cell::Text("PO 9/2569")),
        ("contract_date", Cell::Date(2026, 3, 2)),
        ("bidders", Cell::Text("ร้านพิมพ์ดี 3,000")),
        ("reason", Cell::Text("รายเดียว")),
    ]
}

fn register_site() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", SITE);
    s.write("content/2569/procurement/_index.md", REGISTER);
    s.write("content/2569/procurement/jan.yaml", JANUARY);
    s.write("content/2569/procurement/nov.csv", NOVEMBER_CSV);
    workbook(&s.path("content/2569/procurement/book.xlsx"), &[("ต.ค.", &october()), ("มี.ค.", &march())]);
    s
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn month_pages_show_the_form_with_exact_totals_and_say_when_nothing_was_bought() {
    let s = register_site();
    let run = s.build_ok();
    assert!(!run.all().contains("error"), "{}", run.all());
    // January: the nine columns in order, the record, the cancelled one not summed.
    let jan = s.page("2569/procurement/2569-01/");
    let t = text(&jan);
    assert!(t.contains("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน มกราคม ๒๕๖๙"), "{t}");
    assert!(t.contains("โรงเรียนทดสอบ"));
    let columns = [
        "ลำดับที่",
        "งานที่จัดซื้อหรือจัดจ้าง",
        "วงเงินที่จะซื้อหรือจ้าง",
        "ราคากลาง",
        "วิธีซื้อหรือจ้าง",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
        "เหตุผลที่คัดเลือกโดยสรุป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
    ];
    let thead = &jan[jan.find("<thead>").unwrap()..jan.find("</thead>").unwrap()];
    let mut at = 0;
    for c in columns {
        let found = thead[at..].find(c).unwrap_or_else(|| panic!("column {c} missing or out of order"));
        at += found + c.len();
    }
    for needle in ["ร้านสมใจพาณิชย์ ๑๑,๕๐๐ บาท", "หจก.รุ่งเรือง ๑๑,๙๐๐ บาท", "๑๕ มกราคม ๒๕๖๙", "ข.๑๒/๒๕๖๙", "วิธีเฉพาะเจาะจง"]
    {
        assert!(t.contains(needle), "{needle} missing: {t}");
    }
    let tfoot = text(&jan[jan.find("<tfoot>").unwrap()..jan.find("</tfoot>").unwrap()]);
    assert!(tfoot.contains("รวม ๑ รายการ") && tfoot.contains("ไม่นับที่ยกเลิก ๑ รายการ"), "{tfoot}");
    assert!(tfoot.contains("๑๒,๐๐๐") && tfoot.contains("๑๑,๕๐๐") && !tfoot.contains("๖๒,๐๐๐"), "{tfoot}");
    // November from the CSV: 24,000 + 150,000.50 = 174,000.50; agreed 171,000.
    let nov = text(&s.page("2569/procurement/2568-11/"));
    assert!(nov.contains("พฤศจิกายน ๒๕๖๘") && nov.contains("รวม ๒ รายการ"), "{nov}");
    assert!(nov.contains("๑๗๔,๐๐๐.๕๐") && nov.contains("๑๗๑,๐๐๐") && nov.contains("ร้านคอม ๑๔๙,๕๐๐ บาท"), "{nov}");
    // October from the workbook: a number cell with satang, a date cell.
    let oct = text(&s.page("2569/procurement/2568-10/"));
    assert!(oct.contains("๗,๙๙๙.๕๐") && oct.contains("๑๕ ตุลาคม ๒๕๖๘"), "{oct}");
    // December and February: nothing bought; April: after `through`, not published.
    for empty in ["2568-12", "2569-02"] {
        assert!(text(&s.page(&format!("2569/procurement/{empty}/"))).contains("ไม่มีการจัดซื้อจัดจ้าง"));
    }
    assert!(s.page("2569/procurement/2569-03/").contains("จ้างพิมพ์เอกสาร"));
    assert!(!s.path("public/2569/procurement/2569-04").exists());
    assert!(!s.path("public/2569/procurement/annual").exists(), "no annual report before September");
    assert!(!s.path("public/2569/procurement/book.xlsx").exists(), "the records' files are not published");
    // The register page: every month, totals by method with shares.
    let reg = text(&s.page("2569/procurement/"));
    for m in ["ตุลาคม ๒๕๖๘", "พฤศจิกายน ๒๕๖๘", "ธันวาคม ๒๕๖๘", "มกราคม ๒๕๖๙", "กุมภาพันธ์ ๒๕๖๙", "มีนาคม ๒๕๖๙"]
    {
        assert!(reg.contains(m), "{m}: {reg}");
    }
    assert!(!reg.contains("เมษายน ๒๕๖๙"));
    // Year to date: 5 records; budget 8,000 + 174,000.50 + 12,000 + 3,000 = 197,000.50; agreed
    // 7,999.50 + 171,000 + 11,500 + 3,000 = 193,499.50.
    assert!(reg.contains("๑๙๗,๐๐๐.๕๐") && reg.contains("๑๙๓,๔๙๙.๕๐"), "{reg}");
    // e-market: 1 of 5 records (20), 148,000 of 193,499.50 (76.49).
    assert!(squeeze(&reg).contains(&squeeze("วิธีตลาดอิเล็กทรอนิกส์ (e-market) ๑ ๒๐ ๑๕๐,๐๐๐.๕๐ ๑๔๘,๐๐๐ ๗๖.๔๙")), "{reg}");
    // Open data of a month.
    let json: serde_json::Value = serde_json::from_str(&s.read("public/2569/procurement/2568-11/data.json")).unwrap();
    assert_eq!(json["totals"]["budget"], "174000.50");
    assert_eq!(json["records"][1]["bidders"][1]["price"], "149500");
    let csv = s.read("public/2569/procurement/2568-11/data.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][11], "หจก.ไอที 148,000\nร้านคอม 149,500", "a cell with a line break survives");
    // Listed for the public: /data/, the feed, search.
    assert!(s.read("public/data/index.html").contains("2568-11/data.csv"));
    assert!(s.read("public/feed.xml").contains("https://example.go.th/2569/procurement/2568-11/"));
    assert!(s.read("public/sitemap.xml").contains("2569/procurement/2569-01/"));
}

#[test]
fn the_annual_report_counts_by_method_month_and_category_with_savings_capital_first() {
    let s = TestSite::empty();
    s.write("site.yaml", SITE);
    s.write("content/2568/jat/_index.md", "---\ntype: procurement\nthrough: กันยายน 2568\n---\n");
    s.write("content/2568/jat/reports/annual.md", "---\ndate: 2568-10-20\n---\n## ปัญหาและอุปสรรค\n\nผู้เสนอราคาน้อย\n");
    s.write(
        "content/2568/jat/records.yaml",
        "records:
  - {item: ซื้อกระดาษ, budget: 10000, reference_price: 10000, method: specific, winner: {name: ร้านก, price: 9000}, contract: {number: '1', date: 2567-10-05}, category: งบดำเนินงาน, bidders: [ร้านก 9000], reason: ต่ำสุด, status: completed}
  - {item: ซื้อโต๊ะ, budget: 40000, reference_price: 40000, method: e-market, winner: {name: ร้านข, price: 38000}, contract: {number: '2', date: 2568-03-01}, category: งบลงทุน, bidders: [ร้านข 38000], reason: ต่ำสุด}
  - {item: จ้างทาสี, budget: 30000, method: specific, winner: {name: ร้านค, price: 30000}, contract: {number: '3', date: 2568-03-20}, category: งบดำเนินงาน, bidders: [ร้านค 30000], reason: รายเดียว}
  - {item: จ้างก่อสร้างรั้ว, budget: 500000, method: e-bidding, status: not_signed, category: งบลงทุน, month: 2568-09}
  - {item: จ้างซ่อมรถ, budget: 5000, method: specific, status: cancelled, month: 2568-06}
",
    );
    s.build_ok();
    let page = s.page("2568/jat/annual/");
    let t = text(&page);
    assert!(t.contains("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"), "{t}");
    // 4 counted (the cancelled one is not): budget 580,000; agreed 77,000; savings against the
    // reference price where given: (10,000 − 9,000) + (40,000 − 38,000) = 3,000 of 50,000 = 6 %.
    assert!(t.contains("ดำเนินการจัดซื้อจัดจ้าง ๔ รายการ วงเงินรวม ๕๘๐,๐๐๐ บาท ราคาที่ตกลงซื้อหรือจ้างรวม ๗๗,๐๐๐ บาท"), "{t}");
    assert!(t.contains("ประหยัดงบประมาณเมื่อเทียบกับราคากลางได้ ๓,๐๐๐ บาท (ร้อยละ ๖ ของราคากลาง)"), "{t}");
    assert!(t.contains("ยกเลิก ๑ รายการ"));
    // By method: เฉพาะเจาะจง 2 of 4 (50 %), agreed 39,000 of 77,000 (50.65 %).
    assert!(squeeze(&t).contains(&squeeze("วิธีเฉพาะเจาะจง ๒ ๕๐ ๔๐,๐๐๐ ๓๙,๐๐๐ ๕๐.๖๕")), "{t}");
    // By category: งบลงทุน first: 2 records, 540,000, agreed 38,000 (49.35 %).
    let by_cat = &t[t.find("จำแนกตามหมวดงบรายจ่าย").unwrap()..];
    assert!(squeeze(by_cat).starts_with(&squeeze("จำแนกตามหมวดงบรายจ่าย หมวดงบรายจ่าย จำนวน (รายการ) ร้อยละของจำนวน วงเงิน (บาท) ราคาที่ตกลง (บาท) ร้อยละของมูลค่า งบลงทุน ๒ ๕๐ ๕๔๐,๐๐๐ ๓๘,๐๐๐ ๔๙.๓๕")), "{by_cat}");
    // By month: March 2568 has two.
    assert!(squeeze(&t).contains(&squeeze("มีนาคม ๒๕๖๘ ๒ ๕๐ ๗๐,๐๐๐ ๖๘,๐๐๐ ๘๘.๓๑")), "{t}");
    // Cancelled and unsigned named; the records listed งบลงทุน first, then by value.
    assert!(t.contains("จ้างซ่อมรถ") && t.contains("จ้างก่อสร้างรั้ว") && t.contains("ยังไม่ลงนามในสัญญา"));
    let list = &t[t.rfind("รายการจัดซื้อจัดจ้าง").unwrap()..];
    let order: Vec<usize> =
        ["จ้างก่อสร้างรั้ว", "ซื้อโต๊ะ", "จ้างทาสี", "ซื้อกระดาษ"].iter().map(|n| list.find(n).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "งบลงทุน first, then by value: {list}");
    assert!(t.contains("ผู้เสนอราคาน้อย"), "the narrative");
    // The chart of agreed value by method says its figures in words too.
    assert!(
        page.contains("<svg class=\"chart\"") && page.contains("วิธีเฉพาะเจาะจง: ๓๙,๐๐๐ บาท (ร้อยละ ๕๐.๖๕)"),
        "{page}"
    );
}

#[test]
fn the_register_and_the_previous_years_annual_report_serve_the_oit_items_of_2569() {
    let s = register_site();
    s.write("content/2568/procurement/_index.md", "---\ntype: procurement\nthrough: 2568-09\n---\n");
    s.write(
        "content/2568/procurement/r.yaml",
        "records:\n  - {item: ซื้อกระดาษ, budget: 1000, method: specific, winner: {name: ร้านก, price: 1000}, contract: {number: '1', date: 2568-01-05}}\n",
    );
    s.build_ok();
    let urls = s.read("public/oit/urls.csv");
    assert!(
        urls.contains("O11,สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน,https://example.go.th/2569/procurement/"),
        "{urls}"
    );
    assert!(urls.contains("O12,") && urls.contains("https://example.go.th/2568/procurement/annual/"), "{urls}");
    // The annual report's title, here as on its own page, in the site's numerals.
    let title = "รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘";
    let oit = s.read("public/oit/index.html");
    assert!(oit.contains(&format!(">{title}</a>")), "{oit}");
    assert!(s.read("public/2568/procurement/annual/index.html").contains(&format!("<title>{title} –")));
    s.write("site.yaml", &format!("{SITE}ita_body: obec-school\n"));
    s.build_ok();
    let urls = s.read("public/oit/urls.csv");
    assert!(urls.contains("O9,") && urls.contains("https://example.go.th/2569/procurement/"), "{urls}");
    assert!(urls.contains("O10,") && urls.contains("https://example.go.th/2568/procurement/annual/"), "{urls}");
}

/// Builds with one more file and returns what the build said; the previous output must stay.
fn fails_with(s: &TestSite) -> String {
    let before = snapshot(&s.path("public"));
    let r = s.run(&["build"]);
    assert!(!r.ok, "the build should fail:\n{}", r.all());
    assert_eq!(snapshot(&s.path("public")), before, "the previous output stays as it was");
    r.all()
}

#[test]
fn each_rule_names_the_sheet_row_and_column_in_thai() {
    let s = register_site();
    s.build_ok();
    // The agreed price over the budget, in the workbook.
    let mut oct = october();
    oct[6] = ("ราคาที่ตกลงซื้อหรือจ้าง", Cell::Number(8500.0));
    oct[4] = ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", Cell::Text("หจก.ปั๊มดี 8,500"));
    workbook(&s.path("content/2569/procurement/book.xlsx"), &[("ต.ค.", &oct), ("มี.ค.", &march())]);
    let out = fails_with(&s);
    assert!(
        out.contains("content/2569/procurement/book.xlsx [แผ่นงาน \"ต.ค.\" แถว 2 คอลัมน์ \"ราคาที่ตกลงซื้อหรือจ้าง\"]: error (ข้อผิดพลาด): ช่อง `price`: ราคาที่ตกลงซื้อหรือจ้าง 8,500 บาท สูงกว่าวงเงินที่จะซื้อหรือจ้าง 8,000 บาท"),
        "{out}"
    );
    // It is also over the reference price: a warning, not a second error.
    assert_eq!(out.matches("error (ข้อผิดพลาด)").count(), 1, "{out}");
    workbook(&s.path("content/2569/procurement/book.xlsx"), &[("ต.ค.", &october()), ("มี.ค.", &march())]);
    // An unknown method in the CSV: the nearest is suggested.
    s.write("content/2569/procurement/nov.csv", &NOVEMBER_CSV.replace(",e-market,", ",e-markat,"));
    let out = fails_with(&s);
    assert!(
        out.contains("nov.csv [แถว 3 คอลัมน์ \"วิธีซื้อหรือจ้าง\"]") && out.contains("ไม่รู้จักวิธีซื้อหรือจ้าง \"e-markat\""),
        "{out}"
    );
    assert!(out.contains("หมายถึง \"e-market\" หรือไม่?"), "{out}");
    s.write("content/2569/procurement/nov.csv", NOVEMBER_CSV);
    // A required value missing: the whole row is named.
    s.write("content/2569/procurement/nov.csv", &NOVEMBER_CSV.replace(",จ้างเหมาทำความสะอาด,", ",,"));
    let out = fails_with(&s);
    assert!(out.contains("nov.csv [แถว 2]") && out.contains("ต้องมีชื่องานที่จัดซื้อหรือจัดจ้าง (item)"), "{out}");
    s.write("content/2569/procurement/nov.csv", NOVEMBER_CSV);
    // A contract date outside the fiscal year, the same e-GP number twice, a month after `through`.
    s.write(
        "content/2569/procurement/more.yaml",
        "records:
  - {item: ก, budget: 100, method: specific, winner: {name: ร้านก, price: 100}, contract: {number: '1', date: 2569-10-01}, month: 2569-03}
  - {item: ข, budget: 100, method: specific, winner: {name: ร้านข, price: 100}, contract: {number: '2', date: 2569-02-01}, egp: '69019123456'}
  - {item: ค, budget: 100, method: specific, status: not_signed, month: 2569-05}
",
    );
    let out = fails_with(&s);
    assert!(out.contains("more.yaml:2:") && out.contains("วันที่สัญญา 1 ตุลาคม 2569 อยู่นอกปีงบประมาณ พ.ศ. 2569"), "{out}");
    assert!(
        out.contains("more.yaml:3:") && out.contains("เลขที่โครงการ e-GP 69019123456 ซ้ำกับรายการ \"จัดซื้อวัสดุสำนักงาน\""),
        "{out}"
    );
    assert!(out.contains("more.yaml:4:") && out.contains("อยู่หลังเดือนที่ทะเบียนครบถ้วนถึง (through: มีนาคม 2569)"), "{out}");
    s.remove("content/2569/procurement/more.yaml");
    s.build_ok();
    // Warnings: the winner's price differs from the winner's own bid.
    s.write(
        "content/2569/procurement/jan.yaml",
        &JANUARY.replace(
            "{name: ร้านสมใจพาณิชย์, price: 11500}, {name: หจก",
            "{name: ร้านสมใจพาณิชย์, price: 11800}, {name: หจก",
        ),
    );
    let r = s.build_ok();
    assert!(
        r.all().contains("jan.yaml:9:") && r.all().contains("ราคาที่ผู้นี้เสนอในรายชื่อผู้เสนอราคาคือ 11,800 บาท"),
        "{}",
        r.all()
    );
}

#[test]
fn a_form_typed_as_on_paper_is_read_below_its_titles_with_its_merged_columns() {
    let s = TestSite::empty();
    s.write("site.yaml", SITE);
    s.write("content/2569/jat/_index.md", "---\ntype: procurement\nthrough: 2568-12\n---\n");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("ธ.ค.").unwrap();
    ws.write_string(0, 8, "แบบ สขร.๑").unwrap();
    ws.write_string(1, 0, "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ธันวาคม 2568").unwrap();
    ws.write_string(2, 0, "โรงเรียนทดสอบ").unwrap();
    let headings = [
        "ลำดับที่",
        "งานที่จัดซื้อหรือจัดจ้าง",
        "วงเงินที่จะซื้อหรือจ้าง (บาท)",
        "ราคากลาง (บาท)",
        "วิธีซื้อหรือจ้าง",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
        "เหตุผลที่คัดเลือกโดยสรุป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
    ];
    for (c, h) in headings.iter().enumerate() {
        ws.write_string(4, c as u16, *h).unwrap();
    }
    let row = [
        "1",
        "ซื้อหมึกพิมพ์",
        "4,500",
        "4,500",
        "เฉพาะเจาะจง",
        "ร้านหมึกดี 4,200\nร้านสี 4,400",
        "ร้านหมึกดี\n4,200 บาท",
        "ราคาต่ำสุด",
        "ข.๙/๒๕๖๙ ลงวันที่ 8 ธ.ค. 2568",
    ];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(5, c as u16, *v).unwrap();
    }
    wb.save(s.path("content/2569/jat/book.xlsx")).unwrap();
    s.build_ok();
    let t = text(&s.page("2569/jat/2568-12/"));
    assert!(t.contains("ซื้อหมึกพิมพ์") && t.contains("ร้านหมึกดี ๔,๒๐๐ บาท") && t.contains("ข.๙/๒๕๖๙ ๘ ธันวาคม ๒๕๖๘"), "{t}");
    assert!(t.contains("รวม ๑ รายการ"), "{t}");
}

#[test]
fn the_month_prints_as_the_form_on_a4_landscape_with_its_thai_text() {
    let tools = prongsai::output::pdf::find_browser().is_some()
        && std::process::Command::new("pdftotext").arg("-v").output().is_ok()
        && std::process::Command::new("pdfinfo").arg("-v").output().is_ok();
    if !tools {
        eprintln!("skipped: no Chromium/Chrome/Edge or no pdftotext/pdfinfo on this machine");
        return;
    }
    let s = register_site();
    s.write("site.yaml", &SITE.replace("pdf: off\n", ""));
    let r = s.run(&["build", "--pdf"]);
    assert!(r.ok, "{}", r.all());
    let pdf = s.path("public/2569/procurement/2569-01/report.pdf");
    let info = String::from_utf8(std::process::Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default().to_string();
    assert!(size.contains("841.") && size.contains(" x 59"), "A4 landscape (841.9 × 595 pt): {size}");
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let flat = squeeze(&String::from_utf8(out.stdout).unwrap());
    for needle in [
        "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน มกราคม ๒๕๖๙",
        "โรงเรียนทดสอบ",
        "จัดซื้อวัสดุสำนักงาน",
        "ร้านสมใจพาณิชย์",
        "๑๑,๕๐๐",
        "เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน",
        "ข.๑๒/๒๕๖๙",
    ] {
        assert!(flat.contains(&squeeze(needle)), "{needle} missing from the PDF: {flat}");
    }
    assert!(flat.contains("หน้า๑/"), "every page shows its number: {flat}");
    assert!(s.path("public/2569/procurement/2568-12/report.pdf").is_file(), "an empty month is printed too");
}

#[cfg(unix)]
#[test]
fn a_month_without_its_pdf_has_no_link_to_it() {
    let s = register_site();
    s.write("site.yaml", &SITE.replace("pdf: off\n", ""));
    // A "browser" that cannot be started: no report is printed, and the build goes on.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .env("PRONGSAI_BROWSER", "/bin/false")
        .args(["build", "--root"])
        .arg(s.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for page in ["2569/procurement/2569-01/", "2569/procurement/2568-12/"] {
        assert!(!s.path(&format!("public/{page}report.pdf")).exists());
        assert!(!s.page(page).contains("report.pdf"), "{page}: no link to a PDF that is not there");
    }
}

#[test]
fn a_csv_of_the_open_procurement_data_is_read_as_it_is_and_check_lists_what_it_lacks() {
    let s = TestSite::empty();
    s.write("site.yaml", SITE);
    s.write("content/2569/jat/_index.md", "---\ntype: procurement\nthrough: 2568-11\n---\n");
    s.write(
        "content/2569/jat/egp.csv",
        "รหัสโครงการ,ชื่อโครงการ,ชื่อหน่วยงาน,วิธีจัดซื้อฯ,งบประมาณ(บาท),ราคากลาง(บาท),ราคาตกลงซื้อ/จ้าง,ชื่อผู้ชนะ,เลขที่สัญญา,วันที่ลงนามสัญญา,สถานะสัญญา\n\
68119000111,ซื้อครุภัณฑ์คอมพิวเตอร์,โรงเรียนทดสอบ,ประกวดราคาอิเล็กทรอนิกส์ (e-bidding),950000,940000,899000,บริษัท ไอที จำกัด,1/2569,2025-11-10,อยู่ระหว่างระยะสัญญา\n\
68119000222,จ้างซ่อมอาคาร,โรงเรียนทดสอบ,เฉพาะเจาะจง,90000,90000,88000,หจก.ช่างดี,2/2569,2025-11-20,สิ้นสุดสัญญา\n",
    );
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    let all = r.all();
    assert!(all.contains("2 รายการยังไม่มีรายชื่อผู้เสนอราคาและราคาที่เสนอ (bidders) หรือเหตุผลที่คัดเลือก (reason)"), "{all}");
    assert!(all.contains("ซื้อครุภัณฑ์คอมพิวเตอร์ (content/2569/jat/egp.csv แถว 2)"), "{all}");
    s.build_ok();
    let t = text(&s.page("2569/jat/2568-11/"));
    assert!(t.contains("รวม ๒ รายการ") && t.contains("๙๘๗,๐๐๐") && t.contains("วิธีประกวดราคาอิเล็กทรอนิกส์"), "{t}");
    assert!(t.contains("e-GP ๖๘๑๑๙๐๐๐๑๑๑"), "the project number: {t}");
}
