//! Helpers for end-to-end tests: a site in a temporary folder, built with the real binary.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A site folder in a temporary directory.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary printed.
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Settings of the test sites (PDFs off: printing is tested on its own, in tests/pdf.rs).
pub const SITE_YAML: &str =
    "title: สำนักงานทดสอบ\nparents: [สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน]\nbase_url: https://example.go.th/ita/\npdf: off\n";

pub const PLAN: &str =
    "---\ntype: plan\ntitle: แผนป้องกันการทุจริต\noit: {plan: O39, 6m: O40, 12m: O41}\n---\nแผนของหน่วยงาน\n";

pub const PROJECT: &str = "---
type: project
title: โครงการคุณธรรม
order: 1
responsible:
  - {name: นางภัทราวดี แก้วจันทร์, position: ศึกษานิเทศก์, unit: กลุ่มนิเทศ}
objectives: [เพื่อปลูกฝังพฤติกรรมต่อต้านการทุจริต]
indicators:
  - {name: บุคลากรมีพฤติกรรมต่อต้านการทุจริต, target: 100, unit: ร้อยละ, results: {6m: 100, 9m: 90}}
  - {name: ผลการประเมิน ITA, target: เพิ่มขึ้นร้อยละ ๕}
budget:
  approved: 100000
  sources: [{name: สพฐ., amount: 100000}]
---
";

pub const ACTIVITY_1: &str = "---
title: กิจกรรมวิเคราะห์ความเสี่ยง
order: 1
budget: 20000
steps: [แต่งตั้งคณะกรรมการ, ประชุมวางแผน]
rounds:
  6m: {status: in_progress, date: 2565-02-10, spent: 5000.50}
  9m: {status: done, date: 2565-06-09, spent: 10000, note: สรุปผลแล้ว}
---
เนื้อหากิจกรรม
";

pub const ACTIVITY_2: &str = "---
title: กิจกรรมประชาสัมพันธ์
order: 2
rounds:
  6m: {status: done, date: ๙ มีนาคม ๒๕๖๕, spent: \"๑,๒๐๐.๒๕ บาท\"}
  12m: {spent: 300}
---
";

impl TestSite {
    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A small valid site: one plan, one project, two activities, an about page with a
    /// document.
    pub fn standard() -> TestSite {
        let s = TestSite::empty();
        s.write("site.yaml", SITE_YAML);
        s.write("content/2565/anti/_index.md", PLAN);
        s.write("content/2565/anti/integrity/_index.md", PROJECT);
        s.write("content/2565/anti/integrity/risk.md", ACTIVITY_1);
        s.write("content/2565/anti/integrity/media.md", ACTIVITY_2);
        s.write(
            "content/2565/anti/reports/6m.md",
            "---\ntitle: รายงานรอบหกเดือนทดสอบ\ndate: 2565-04-20\n---\n## คำนำ\n\nรายงานฉบับนี้\n",
        );
        s.write(
            "content/about/structure.md",
            "---\ntitle: โครงสร้างหน่วยงาน\noit: [O1]\ndate: 2565-11-01\ndocuments:\n  - {title: แผนผังโครงสร้าง, file: docs/structure.pdf}\n---\nดู[ติดต่อ](/about/contact/)\n",
        );
        s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\noit: O5\n---\nโทร 0 4200 0000\n");
        s.write("static/docs/structure.pdf", "%PDF-1.4 test");
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `prongsai <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_prongsai"));
        cmd.args(args);
        if args.first().is_some_and(|a| *a == "build" || *a == "check") {
            cmd.arg("--root").arg(self.root());
        }
        let out = cmd.output().expect("run prongsai");
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds and panics with the output if it fails.
    pub fn build_ok(&self) -> Run {
        let r = self.run(&["build"]);
        assert!(r.ok, "build failed:\n{}", r.all());
        r
    }

    /// A page of the output.
    pub fn page(&self, url_path: &str) -> String {
        self.read(&format!("public/{url_path}index.html"))
    }
}

/// Text of an HTML page with tags removed and whitespace folded, for asserting on what a
/// reader sees.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under a folder with its bytes, for "untouched" checks.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push((e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()));
        }
    }
    out
}
