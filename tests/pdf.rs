//! End-to-end: each round report printed to an A4 PDF by a Chromium-family browser. The tests
//! that print need a browser and poppler's pdftotext/pdffonts; without them they say so and
//! pass (CI installs both).

mod common;
use common::{snapshot, TestSite};
use std::process::Command;

fn tools() -> bool {
    let found = prongsai::output::pdf::find_browser().is_some()
        && Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdffonts").arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: no Chromium/Chrome/Edge or no pdftotext/pdffonts on this machine");
    }
    found
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_seeds_six_month_report_prints_with_every_project_activity_and_total() {
    if !tools() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["build", "--pdf", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let pdf = out.path().join("public/2565/anti-corruption/6m/report.pdf");
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat = squeeze(&text);
    let site = prongsai::load_checked(root, false, false).unwrap().site;
    let plan = &site.plans[0];
    for needle in [site.config.title.as_str(), plan.title.as_str(), "รอบ ๖ เดือน", "๑๐๐,๐๐๐", "๖๑,๐๐๐", "๓๙,๐๐๐"]
    {
        assert!(flat.contains(&squeeze(needle)), "{needle} missing from the PDF:\n{text}");
    }
    for p in &plan.projects {
        assert!(flat.contains(&squeeze(&p.title)), "project {} missing:\n{text}", p.title);
        for a in &p.activities {
            assert!(flat.contains(&squeeze(&a.title)), "activity {} missing:\n{text}", a.title);
        }
    }
    // Tone marks stay above the upper vowels: no doubled syllables in the extracted text.
    assert!(!flat.contains("ชั้ชั้น"));
    let fonts = String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("Sarabun") && r.contains(" yes ")), "{fonts}");
    // The page links to its PDF.
    assert!(std::fs::read_to_string(out.path().join("public/2565/anti-corruption/6m/index.html"))
        .unwrap()
        .contains("href=\"report.pdf\""));
}

#[test]
fn without_a_browser_the_build_says_so_once_unless_pdfs_are_required() {
    let s = TestSite::standard();
    s.build_ok();
    s.write("site.yaml", &common::SITE_YAML.replace("pdf: off\n", ""));
    let before = snapshot(&s.path("public"));
    let build = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .env("PRONGSAI_BROWSER", "/nonexistent/browser")
            .args(args)
            .arg("--root")
            .arg(s.root())
            .output()
            .unwrap()
    };
    let out = build(&["build", "--pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ไม่พบเว็บเบราว์เซอร์"));
    assert_eq!(snapshot(&s.path("public")), before, "the previous output stays as it was");
    let out = build(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("ไม่พบเว็บเบราว์เซอร์").count(), 1, "{stderr}");
    assert!(!s.path("public/2565/anti/6m/report.pdf").exists());
    assert!(!s.page("2565/anti/6m/").contains("report.pdf"), "no link to a PDF that is not there");
}
