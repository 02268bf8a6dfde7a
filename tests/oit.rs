//! End-to-end: the OIT catalogue, index, exports, coverage and `init --oit`.

mod common;
use common::{text, TestSite};

const CATALOG: &str = "title: แบบตรวจ OIT ของโรงเรียน
groups:
  - title: ข้อมูลพื้นฐาน
    items:
      - {code: O1, title: โครงสร้าง, detail: แผนผังโครงสร้างการบริหาร}
      - {code: O2, title: ข้อมูลผู้บริหาร, detail: ชื่อ ตำแหน่ง รูปถ่ายของผู้บริหาร}
  - title: การป้องกันการทุจริต
    items:
      - {code: O3, title: แผนป้องกันการทุจริต}
      - {code: O4, title: รายงานรอบ ๖ เดือน}
";

fn site_with_own_catalog() -> TestSite {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}oit_catalog: oit/catalog.yaml\n", common::SITE_YAML));
    s.write("oit/catalog.yaml", CATALOG);
    s.write(
        "content/2565/anti/_index.md",
        &common::PLAN.replace("{plan: O39, 6m: O40, 12m: O41}", "{plan: O3, 6m: O4}"),
    );
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\n");
    s
}

#[test]
fn site_catalogue_index_links_under_a_sub_path() {
    let s = site_with_own_catalog();
    s.build_ok();
    let html = s.page("oit/");
    // The public index lists only the items served: O2 is shown by serve, check and oit status.
    assert_eq!(html.matches("<tr id=\"O").count(), 3, "{html}");
    assert!(!html.contains("id=\"O2\"") && !html.contains("ข้อมูลผู้บริหาร"), "{html}");
    assert!(html.contains("แบบตรวจ OIT ของโรงเรียน"));
    assert!(html.contains("href=\"../2565/anti/\""), "O3 → plan: {html}");
    assert!(html.contains("href=\"../2565/anti/6m/\""), "O4 → 6-month report");
    assert!(html.contains("href=\"../about/structure/\""), "O1 → page");
    let t = text(&html);
    assert!(!t.contains("ยังไม่มีหน้าเผยแพร่") && !t.contains("ยังไม่เผยแพร่") && !t.contains("ยืนยันแล้ว"), "{t}");
    // The serving page says why it is there.
    assert!(s.page("2565/anti/6m/").contains("class=\"badge\""));
}

#[test]
fn csv_has_absolute_urls_from_base_url() {
    let s = site_with_own_catalog();
    s.build_ok();
    let csv = s.read("public/oit/urls.csv");
    assert!(csv.starts_with("\u{feff}code,title,url"), "BOM and header");
    assert!(csv.contains("O3,แผนป้องกันการทุจริต,https://example.go.th/ita/2565/anti/,แผนป้องกันการทุจริต\r\n"), "{csv}");
    assert!(csv.contains("O4,รายงานรอบ ๖ เดือน,https://example.go.th/ita/2565/anti/6m/,"), "{csv}");
    assert!(!csv.contains("O2,"), "the public list holds served items only: {csv}");
    let json: serde_json::Value = serde_json::from_str(&s.read("public/oit/index.json")).unwrap();
    assert_eq!(json["groups"][0]["items"][0]["pages"][0]["url"], "https://example.go.th/ita/about/structure/");
}

#[test]
fn check_reports_coverage_in_one_line_and_strict_fails_on_missing_items() {
    let s = site_with_own_catalog();
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    assert!(r.stderr.contains("เผยแพร่แล้ว 3 จาก 4 ข้อ"), "{}", r.stderr);
    assert_eq!(r.all().matches("เผยแพร่แล้ว").count(), 1, "one coverage line: {}", r.all());
    assert!(!r.stderr.contains("O2"), "the list is for oit status, not for every check: {}", r.stderr);
    // The list, in the catalogue's order, with what the assessor expects for the missing item.
    let root = s.root().to_str().unwrap().to_string();
    let status = s.run(&["oit", "status", "--root", &root]);
    assert!(status.ok, "{}", status.all());
    let order: Vec<usize> = ["O1 ", "O2 ", "O3 ", "O4 "].iter().map(|c| status.stdout.find(c).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{}", status.stdout);
    assert!(status.stdout.contains("✗ O2 ข้อมูลผู้บริหาร"), "{}", status.stdout);
    assert!(status.stdout.contains("ชื่อ ตำแหน่ง รูปถ่ายของผู้บริหาร"), "detail shown: {}", status.stdout);
    assert!(status.stdout.contains("/2565/anti/6m/"), "{}", status.stdout);
    let strict = s.run(&["check", "--strict"]);
    assert!(!strict.ok);
    assert!(strict.stderr.contains("เผยแพร่แล้ว 3 จาก 4 ข้อ"));
    // Serving the last item (at the site's real address) makes strict pass.
    s.write("site.yaml", &s.read("site.yaml").replace("example.go.th", "www.nk2.go.th"));
    s.write("content/about/boss.md", "---\ntitle: ผู้บริหาร\noit: [o2]\n---\n");
    let strict = s.run(&["check", "--strict"]);
    assert!(strict.ok, "{}", strict.all());
}

#[test]
fn code_not_in_the_site_catalogue_is_an_error() {
    let s = site_with_own_catalog();
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\noit: [O1, O40]\n---\n");
    let r = s.run(&["build"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("content/about/contact.md:3:11"), "{}", r.stderr);
    assert!(r.stderr.contains("O40"));
}

#[test]
fn drafts_do_not_serve_an_item() {
    let s = site_with_own_catalog();
    s.write("content/about/boss.md", "---\ntitle: ผู้บริหาร\noit: [O2]\ndraft: true\n---\n");
    s.build_ok();
    assert!(!s.read("public/oit/urls.csv").contains("O2,"), "a draft serves nothing");
    let r = s.run(&["check", "--strict"]);
    assert!(!r.ok, "a draft does not cover O2");
}

#[test]
fn built_in_catalogue_is_chosen_by_the_content_year() {
    let s = TestSite::standard();
    s.build_ok();
    let html = s.page("oit/");
    let rows = html.matches("<tr id=\"O").count();
    assert!(rows > 0 && rows < 43, "only the items served: {rows}");
    assert!(!html.contains("class=\"missing\""), "{html}");
    assert!(html.contains("พ.ศ. ๒๕๖๕"));
}

#[test]
fn an_item_with_a_url_is_served_exported_and_on_the_public_index() {
    let s = TestSite::empty();
    s.write("site.yaml", &format!("{}ita_year: 2569\noit_catalog: oit/catalog.yaml\n", common::SITE_YAML));
    s.write(
        "oit/catalog.yaml",
        "base: 2569\nitems:\n  - {code: O2, url: \"https://www.example.go.th/about/executives\"}\n",
    );
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\noit: [O3]\n---\n");
    s.build_ok();
    let csv = s.read("public/oit/urls.csv");
    assert!(csv.contains("O2,ข้อมูลผู้บริหาร,https://www.example.go.th/about/executives,ข้อมูลผู้บริหาร\r\n"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&s.read("public/oit/index.json")).unwrap();
    // The public index.json holds served items only: O2 (by its url) comes first.
    let o2 = &json["groups"][0]["items"][0];
    assert_eq!(o2["code"], "O2");
    assert_eq!(o2["pages"][0]["url"], "https://www.example.go.th/about/executives");
    let html = s.page("oit/");
    assert!(html.contains("<tr id=\"O2\""), "{html}");
    assert!(html.contains("href=\"https://www.example.go.th/about/executives\""), "{html}");
    assert_eq!(html.matches("<tr id=\"O").count(), 2, "O2 by its url, O3 by a page: {html}");
    let root = s.root().to_str().unwrap().to_string();
    let status = s.run(&["oit", "status", "--root", &root]);
    assert!(status.stdout.contains("✓ O2 ข้อมูลผู้บริหาร"), "{}", status.stdout);
    assert!(status.stdout.contains("https://www.example.go.th/about/executives"), "{}", status.stdout);
    assert!(status.stdout.contains("เผยแพร่แล้ว 2 จาก 26 ข้อ"), "{}", status.stdout);
    // Not an address: an error at the field.
    s.write("oit/catalog.yaml", "base: 2569\nitems:\n  - {code: O2, url: about/executives}\n");
    let r = s.run(&["check"]);
    assert!(!r.ok && r.stderr.contains("oit/catalog.yaml:3:") && r.stderr.contains("https://"), "{}", r.stderr);
}

#[test]
fn check_and_status_say_how_sure_the_list_is_and_where_to_check() {
    let s = TestSite::empty();
    s.write("site.yaml", &format!("{}ita_year: 2569\nita_body: obec-school\n", common::SITE_YAML));
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\noit: [O3]\n---\n");
    let root = s.root().to_str().unwrap().to_string();
    let status = s.run(&["oit", "status", "--root", &root]);
    let line = "รายการ OIT ปี 2569 (สถานศึกษาสังกัด สพฐ.): ยืนยันแล้ว 13 จาก 18 ข้อ (ยังไม่ยืนยัน 5 ข้อ";
    assert!(status.stdout.contains(line) && status.stdout.contains("สพท."), "{}", status.stdout);
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    assert_eq!(r.all().matches("ยืนยันแล้ว").count(), 1, "{}", r.all());
    assert!(r.stdout.contains(line), "{}", r.all());
    // An agency list of 2568: the unverified items counted, the NACC's system named.
    s.write("site.yaml", &format!("{}ita_year: 2568\n", common::SITE_YAML));
    let r = s.run(&["check"]);
    assert!(r.stdout.contains("ยืนยันแล้ว 8 จาก 28 ข้อ (ยังไม่ยืนยัน 20 ข้อ"), "{}", r.all());
    assert!(r.stdout.contains("ITAS ของสำนักงาน ป.ป.ช."), "{}", r.all());
    // The public index does not say it.
    s.build_ok();
    assert!(!text(&s.page("oit/")).contains("ยืนยันแล้ว"));
}

#[test]
fn init_with_the_oit_checklist_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("school");
    let bin = env!("CARGO_BIN_EXE_prongsai");
    let out = std::process::Command::new(bin).args(["init", "--oit", "--ita-year", "๒๕๖๕"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(dir.join("content/oit/o1.md")).unwrap();
    assert!(page.contains("oit: [O1]") && page.contains("draft: true") && page.contains("โครงสร้าง"), "{page}");
    // The example plan serves the plan and 6-month items by its kind: no draft page for them.
    let plan = std::fs::read_to_string(dir.join("content/2565/anti-corruption/_index.md")).unwrap();
    assert!(plan.contains("kind: anti-corruption"), "{plan}");
    assert!(!dir.join("content/oit/o39.md").exists() && !dir.join("content/oit/o40.md").exists());
    // Every item a generated page can serve gets no draft: the README and the command say what serves it.
    assert!(!dir.join("content/oit/o41.md").exists(), "the annual report of the year before: by the plan of 2564");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(
        readme.contains("O41 ")
            && readme.contains("รายงานรอบ 12m ของแผนที่มี kind: anti-corruption ของปีงบประมาณก่อนปีที่ประเมิน"),
        "{readme}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("O41 "), "printed too");
    assert!(std::fs::read_to_string(dir.join("site.yaml")).unwrap().contains("ita_year: 2565"));
    let out = std::process::Command::new(bin).args(["build", "--root"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!dir.join("public/oit/o1/index.html").exists(), "drafts stay out of the build");
    let out = std::process::Command::new(bin).args(["build", "--drafts", "--root"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("public/oit/o1/index.html").exists());
}
