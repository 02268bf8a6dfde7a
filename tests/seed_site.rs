//! The repository's own site: the seed report, built as a website.

mod common;
use common::text;
use std::path::Path;
use std::process::Command;

fn build_repo_site() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&r.stdout), String::from_utf8_lossy(&r.stderr));
    assert!(r.status.success(), "{all}");
    (out, all)
}

#[test]
fn six_month_report_has_every_element_of_the_seed() {
    let (out, log) = build_repo_site();
    let html = std::fs::read_to_string(out.path().join("public/2565/anti-corruption/6m/index.html")).unwrap();
    let t = text(&html);
    for needle in [
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาหนองคาย เขต ๒",
        "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
        "กระทรวงศึกษาธิการ",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
        "คำนำ",
        "นางภัทราวดี แก้วจันทร์",
        "เพื่อปลูกฝังให้บุคลากรของสำนักงานเขตพื้นที่การศึกษามีพฤติกรรมร่วมต้านการทุจริต",
        "เชิงปริมาณ",
        "เชิงคุณภาพ",
        "สอดคล้องกับนโยบายของ สพฐ.",
        "สอดคล้องกับมาตรฐานสำนักงานเขตพื้นที่การศึกษา",
        "ผลผลิต (Output)",
        "ผลลัพธ์ (Outcome)",
        "ร้อยละ ๑๐๐",
        "เพิ่มขึ้นร้อยละ ๕",
        "๙ มิถุนายน ๒๕๖๕",
        "ระยะที่ ๒",
        "พิจิตร เขต ๓",
        "กาฬสินธุ์ เขต ๓",
        "ระยะที่ ๑ รอบ ๖ เดือน: ๑ ตุลาคม ๒๕๖๔ – ๓๑ มีนาคม ๒๕๖๕",
    ] {
        assert!(t.contains(needle), "6m report lacks {needle:?}");
    }
    // The budget of the seed: approved 100,000, spent 61,000, remaining 39,000.
    assert!(t.contains("งบประมาณที่ได้รับอนุมัติ ๑๐๐,๐๐๐ บาท"), "{t}");
    assert!(t.contains("ใช้จ่ายจริงสะสม ๖๑,๐๐๐ บาท"), "{t}");
    assert!(t.contains("งบประมาณคงเหลือ (เหลือจ่าย) ๓๙,๐๐๐ บาท"), "{t}");
    // Five activities: four done, one in progress.
    assert!(t.contains("๑.๕"), "five activities");
    assert!(t.contains("ดำเนินการแล้ว ๔ กิจกรรม อยู่ระหว่างดำเนินการ ๑ กิจกรรม"), "{t}");
    // The seed's June and July dates in a report for October–March show as warnings.
    assert_eq!(log.matches("หลังวันสิ้นสุดรอบ ๖ เดือน").count(), 3, "{log}");
}

#[test]
fn oit_index_and_urls_csv_list_the_served_items_of_2565() {
    let (out, _) = build_repo_site();
    let html = std::fs::read_to_string(out.path().join("public/oit/index.html")).unwrap();
    // The public index lists only the items served (the plan and its 6-month report).
    assert_eq!(html.matches("<tr id=\"O").count(), 2);
    assert!(!html.contains("id=\"O41\""), "unserved items are for serve, check and oit status");
    assert!(html.contains("href=\"../2565/anti-corruption/6m/\""), "O40 points at the 6-month report");
    let csv = std::fs::read_to_string(out.path().join("public/oit/urls.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.contains("O39,แผนปฏิบัติการป้องกันการทุจริต,https://example.go.th/2565/anti-corruption/,"));
    assert!(csv.contains("O40,") && csv.contains("https://example.go.th/2565/anti-corruption/6m/"));
    // O41 is the annual report of the fiscal year before (2564), which the example does not have;
    // the 12-month round of 2565 is not reported, so it has no page at all.
    assert!(!csv.contains("O41,"), "an item not served is not shown to the public: {csv}");
    assert!(!csv.contains("2565/anti-corruption/12m/"), "{csv}");
    assert!(!out.path().join("public/2565/anti-corruption/12m/index.html").exists());
    assert_eq!(csv.lines().count(), 3, "a header and the two items served");
}
