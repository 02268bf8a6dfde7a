//! End-to-end: a round report's PDF ends with its sign-off and numbers every page (หน้า ๓/๙).
//! Needs a Chromium-family browser and poppler's pdftotext; without them the tests say so and
//! pass.

mod common;
use common::TestSite;
use std::path::Path;
use std::process::Command;

fn tools() -> bool {
    let found = prongsai::output::pdf::find_browser().is_some() && Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: no Chromium/Chrome/Edge or no pdftotext on this machine");
    }
    found
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The text of each page of a PDF.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_string).collect()
}

fn build_pdf(s: &TestSite) {
    let run = s.run(&["build", "--pdf"]);
    assert!(run.ok, "{}", run.all());
}

#[test]
fn signoff_pdf_ends_with_the_signers_and_numbers_every_page() {
    if !tools() {
        return;
    }
    let s = TestSite::standard();
    s.write(
        "content/2565/anti/reports/6m.md",
        "---\ntitle: รายงานรอบหกเดือนทดสอบ\nsigners:\n  - {name: นางสาววิไล ศรีสุข, position: นักวิเคราะห์นโยบายและแผน, role: ผู้รายงาน}\n  - {name: นายสมหมาย ใจดี, position: ผู้อำนวยการสำนักงาน, role: ผู้อำนวยการ}\n---\nรายงาน\n",
    );
    build_pdf(&s);
    let pages = pages(&s.path("public/2565/anti/6m/report.pdf"));
    let n = pages.len();
    assert!(n >= 2, "{pages:?}");
    let thai = |k: usize| prongsai::values::thai::Numerals::Thai.digits(&k.to_string());
    for (i, page) in pages.iter().enumerate() {
        let number = format!("หน้า{}/{}", thai(i + 1), thai(n));
        assert!(squeeze(page).contains(&number), "page {} has no {number}:\n{page}", i + 1);
    }
    let last = squeeze(&pages[n - 1]);
    for needle in ["ลงชื่อ", "(นางสาววิไลศรีสุข)", "(นายสมหมายใจดี)", "ผู้รายงาน", "ผู้อำนวยการสำนักงาน"]
    {
        assert!(last.contains(needle), "{needle} missing from the last page:\n{}", pages[n - 1]);
    }
    // Not alone on the last page: what ends the report stands with it.
    assert!(last.contains("การเบิกจ่ายงบประมาณ"), "the sign-off is alone on its page:\n{}", pages[n - 1]);
}

#[test]
fn signoff_pdf_pages_of_an_arabic_site_are_numbered_in_arabic_digits() {
    if !tools() {
        return;
    }
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}numerals: arabic\n", common::SITE_YAML));
    build_pdf(&s);
    let pages = pages(&s.path("public/2565/anti/6m/report.pdf"));
    let n = pages.len();
    assert!(squeeze(&pages[0]).contains(&format!("หน้า1/{n}")), "{}", pages[0]);
    assert!(squeeze(&pages[n - 1]).contains(&format!("หน้า{n}/{n}")), "{}", pages[n - 1]);
}
