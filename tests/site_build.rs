//! End-to-end: whole sites built into temporary folders, pages read back.

mod common;
use common::{text, TestSite};

#[test]
fn builds_every_page_of_a_site() {
    let s = TestSite::standard();
    let r = s.build_ok();
    assert!(r.stdout.contains("สร้างเว็บไซต์แล้ว"), "{}", r.stdout);
    for p in [
        "",
        "2565/",
        "2565/anti/",
        "2565/anti/integrity/",
        "2565/anti/integrity/risk/",
        "2565/anti/integrity/media/",
        "2565/anti/6m/",
        "2565/anti/9m/",
        "2565/anti/12m/",
        "about/",
        "about/structure/",
        "about/contact/",
        "oit/",
    ] {
        let html = s.page(p);
        assert!(html.contains("<html lang=\"th\">"), "page {p}");
    }
    for f in [
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "oit/urls.csv",
        "oit/index.json",
        "assets/style.css",
        "docs/structure.pdf",
    ] {
        assert!(s.path(&format!("public/{f}")).is_file(), "{f} missing");
    }
}

#[test]
fn round_reports_show_period_and_cumulative_money_with_satang() {
    let s = TestSite::standard();
    s.build_ok();
    // 6m: activity 1 spent 5,000.50, activity 2 spent 1,200.25 → 6,200.75 in the round.
    let six = text(&s.page("2565/anti/6m/"));
    assert!(six.contains("๖,๒๐๐.๗๕"), "{six}");
    assert!(six.contains("๙๓,๗๙๙.๒๕"), "remaining after 6m: {six}");
    // 9m: 10,000 in the round, 16,200.75 to date.
    let nine = text(&s.page("2565/anti/9m/"));
    assert!(nine.contains("ใช้จ่ายในรอบนี้ ๑๐,๐๐๐ บาท"), "{nine}");
    assert!(nine.contains("๑๖,๒๐๐.๗๕"), "{nine}");
    // 12m: 300 in the round, 16,500.75 to date, 83,499.25 left.
    let twelve = text(&s.page("2565/anti/12m/"));
    assert!(twelve.contains("๑๖,๕๐๐.๗๕"), "{twelve}");
    assert!(twelve.contains("๘๓,๔๙๙.๒๕"), "{twelve}");
}

#[test]
fn report_carries_statuses_forward_and_shows_thai_dates() {
    let s = TestSite::standard();
    s.build_ok();
    let six = text(&s.page("2565/anti/6m/"));
    assert!(six.contains("อยู่ระหว่างดำเนินการ"), "{six}");
    assert!(six.contains("๑๐ กุมภาพันธ์ ๒๕๖๕"), "{six}");
    assert!(six.contains("๙ มีนาคม ๒๕๖๕"), "{six}");
    assert!(six.contains("รายงานรอบหกเดือนทดสอบ"), "narrative title: {six}");
    assert!(six.contains("รายงาน ณ วันที่ ๒๐ เมษายน ๒๕๖๕"), "narrative date on the cover: {six}");
    assert!(six.contains("รายงานฉบับนี้"), "narrative body");
    assert!(six.contains("๑ ตุลาคม ๒๕๖๔") && six.contains("๓๑ มีนาคม ๒๕๖๕"), "period");
    // Activity 2 is done at 6m and has no 9m entry: still done at 9m.
    let nine = s.page("2565/anti/9m/");
    assert_eq!(nine.matches("status status-done").count(), 4, "two done activities, table + detail");
    // Indicators against target: 100 of 100 met at 6m, 90 of 100 not met at 9m.
    assert!(six.contains("บรรลุ"));
    assert!(text(&nine).contains("ไม่บรรลุ"));
}

#[test]
fn arabic_numerals_when_the_site_asks() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}numerals: arabic\n", common::SITE_YAML));
    s.build_ok();
    let six = text(&s.page("2565/anti/6m/"));
    assert!(six.contains("6,200.75"), "{six}");
    assert!(six.contains("10 กุมภาพันธ์ 2565"), "{six}");
    assert!(!six.contains("๖,๒๐๐"), "no Thai digits for numbers");
}

#[test]
fn project_and_plan_pages_show_budget() {
    let s = TestSite::standard();
    s.build_ok();
    let project = text(&s.page("2565/anti/integrity/"));
    assert!(project.contains("นางภัทราวดี แก้วจันทร์"));
    assert!(project.contains("สพฐ. ๑๐๐,๐๐๐ บาท"), "{project}");
    assert!(project.contains("เพิ่มขึ้นร้อยละ ๕"));
    let plan = text(&s.page("2565/anti/"));
    assert!(plan.contains("๑๐๐,๐๐๐") && plan.contains("๑๖,๕๐๐.๗๕") && plan.contains("๘๓,๔๙๙.๒๕"), "{plan}");
    let activity = text(&s.page("2565/anti/integrity/risk/"));
    assert!(activity.contains("สรุปผลแล้ว") && activity.contains("แต่งตั้งคณะกรรมการ"), "{activity}");
    let home = text(&s.page(""));
    assert!(home.contains("รายงานล่าสุด"), "{home}");
    assert!(home.contains("รอบ ๑๒ เดือน"), "latest round with data is 12m: {home}");
}

#[test]
fn links_work_under_a_sub_path() {
    let s = TestSite::standard();
    s.build_ok();
    let page = s.page("about/structure/");
    // Relative links: valid under https://example.go.th/ita/ and on any server.
    assert!(page.contains("href=\"../../assets/style.css\""), "{page}");
    assert!(page.contains("href=\"../../docs/structure.pdf\""), "{page}");
    assert!(page.contains("href=\"../../about/contact/\""), "markdown link rewritten: {page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.go.th/ita/about/structure/\">"));
    let sitemap = s.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.go.th/ita/2565/anti/6m/</loc>"), "{sitemap}");
    assert!(s.read("public/robots.txt").contains("https://example.go.th/ita/sitemap.xml"));
    let not_found = s.read("public/404.html");
    assert!(not_found.contains("href=\"/ita/assets/style.css\""), "404 works at any depth");
}

#[test]
fn documents_listed_with_type_and_size() {
    let s = TestSite::standard();
    s.build_ok();
    let page = text(&s.page("about/structure/"));
    assert!(page.contains("แผนผังโครงสร้าง"), "{page}");
    assert!(page.contains("PDF"), "{page}");
    assert!(page.contains("๑๓ ไบต์"), "{page}");
    assert!(page.contains("๑ พฤศจิกายน ๒๕๖๕"));
}

#[test]
fn site_templates_override_the_built_in_ones() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}theme: mine\n", common::SITE_YAML));
    s.write(
        "themes/mine/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">ของเรา {{ page.title }} {{ 1234 | num }}</p>{% endblock content %}",
    );
    s.build_ok();
    let page = s.page("about/contact/");
    assert!(page.contains("<p class=\"mine\">ของเรา ติดต่อเรา ๑,๒๓๔</p>"), "{page}");
    assert!(page.contains("site-header"), "base.html still the built-in one");
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let s = TestSite::standard();
    s.write("content/news.md", "---\ntitle: ข่าว\n---\n<script>alert(1)</script>\n\n<b>ตัวหนา</b>\n");
    s.build_ok();
    let page = s.page("news/");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;"));
    s.write("site.yaml", &format!("{}allow_html: true\n", common::SITE_YAML));
    s.build_ok();
    assert!(s.page("news/").contains("<b>ตัวหนา</b>"));
}

#[test]
fn drafts_are_left_out_of_build() {
    let s = TestSite::standard();
    s.write("content/about/draft.md", "---\ntitle: ร่าง\ndraft: true\noit: [O2]\n---\n");
    s.build_ok();
    assert!(!s.path("public/about/draft/index.html").exists());
    assert!(!s.read("public/oit/urls.csv").contains("about/draft"));
    s.run(&["build", "--drafts"]);
    assert!(s.path("public/about/draft/index.html").exists());
}

#[test]
fn check_writes_nothing() {
    let s = TestSite::standard();
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    assert!(r.stdout.contains("ตรวจแล้ว"));
    assert!(!s.path("public").exists());
}

#[test]
fn init_makes_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("office");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["build", "--root", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let years: Vec<_> =
        std::fs::read_dir(dir.join("content")).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert!(
        years.iter().any(|y| dir.join("public").join(y).join("anti-corruption/6m/index.html").is_file()),
        "the example plan's 6-month report is built"
    );
    assert!(dir.join("README.md").is_file());
}

#[test]
fn values_as_thai_offices_write_them() {
    let s = TestSite::standard();
    s.write(
        "content/2565/anti/integrity/media.md",
        "---\ntitle: กิจกรรมประชาสัมพันธ์\norder: 2\nbudget: \"0.05 ล้านบาท\"\nrounds:\n  6m: {status: done, date: 09/03/2565, spent: \"๑,๒๐๐.๒๕ บ.\"}\n---\n",
    );
    s.build_ok();
    let t = text(&s.page("2565/anti/integrity/media/"));
    assert!(t.contains("๙ มีนาคม ๒๕๖๕"), "DD/MM/YYYY, day first: {t}");
    assert!(t.contains("๑,๒๐๐.๒๕") && t.contains("๕๐,๐๐๐"), "บ. and ล้านบาท: {t}");
}

#[test]
fn the_sites_own_themes_default_overrides_built_in_templates_without_a_theme_key() {
    let s = TestSite::standard();
    let base = s.run(&["build"]);
    assert!(base.ok);
    s.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">แม่แบบของหน่วยงาน {{ page.title }}</p>{% endblock content %}",
    );
    s.write("themes/default/static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("themes/default/templates/reprot.html", "never used");
    let r = s.build_ok();
    assert!(s.page("about/contact/").contains("<p id=\"own\">แม่แบบของหน่วยงาน ติดต่อเรา</p>"));
    assert!(s.path("public/logo.svg").exists(), "the theme's static files are copied");
    assert!(
        r.stderr.contains("themes/default/templates/reprot.html") && r.stderr.contains("หมายถึง \"report.html\""),
        "{}",
        r.stderr
    );
}

#[test]
fn dot_files_servers_need_are_published_and_litter_is_not() {
    let s = TestSite::standard();
    s.write("static/.htaccess", "ErrorDocument 404 /ita/404.html\n");
    s.write("static/.well-known/security.txt", "Contact: mailto:it@example.go.th\n");
    s.write("static/.DS_Store", "x");
    s.write("static/.git/HEAD", "ref: x");
    s.build_ok();
    assert!(s.path("public/.htaccess").exists());
    assert!(s.path("public/.well-known/security.txt").exists());
    assert!(!s.path("public/.DS_Store").exists() && !s.path("public/.git").exists());
}

#[test]
fn check_warns_while_base_url_is_the_examples() {
    let s = TestSite::standard();
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("base_url ยังเป็นที่อยู่ตัวอย่าง"), "{}", r.stderr);
    s.write("site.yaml", &common::SITE_YAML.replace("example.go.th", "www.nk2.go.th"));
    let r = s.run(&["check"]);
    assert!(!r.stderr.contains("base_url ยังเป็นที่อยู่ตัวอย่าง"), "{}", r.stderr);
}

const SIGNERS_PLAN: &str = "---
type: plan
title: แผนป้องกันการทุจริต
oit: {plan: O39, 6m: O40, 12m: O41}
signers:
  - {name: นายประเสริฐ มั่นคง, position: ผู้อำนวยการสำนักงาน, role: ผู้รับรองรายงาน}
---
";

#[test]
fn signoff_a_narratives_signers_end_its_report_and_the_plans_sign_other_rounds() {
    let s = TestSite::standard();
    s.write("content/2565/anti/_index.md", SIGNERS_PLAN);
    s.write(
        "content/2565/anti/reports/6m.md",
        "---\ntitle: รายงานรอบหกเดือนทดสอบ\nsigners:\n  - {name: นางสาววิไล ศรีสุข, position: นักวิเคราะห์นโยบายและแผนชำนาญการ, role: ผู้รายงาน}\n  - name: นายสมหมาย ใจดี\n    position: รองผู้อำนวยการ\n---\nรายงาน\n",
    );
    s.write("content/2565/anti/reports/12m.md", "---\ntitle: รายงานรอบสิบสองเดือน\n---\nไม่มีผู้ลงนามของรอบนี้\n");
    s.build_ok();
    let six = s.page("2565/anti/6m/");
    let block = &six[six.find("class=\"signoff").expect("a sign-off block")..];
    let t = text(block);
    for needle in [
        "ลงชื่อ ............................................ ผู้รายงาน",
        "(นางสาววิไล ศรีสุข)",
        "นักวิเคราะห์นโยบายและแผนชำนาญการ",
        "(นายสมหมาย ใจดี) รองผู้อำนวยการ",
    ] {
        assert!(t.contains(needle), "{needle} missing: {t}");
    }
    assert!(!six.contains("นายประเสริฐ"), "the narrative's signers replace the plan's");
    // 9m has no narrative: the plan's signers sign it.
    let nine = text(s.page("2565/anti/9m/").split("class=\"signoff").nth(1).expect("the plan's signers"));
    for needle in
        ["ลงชื่อ ............................................ ผู้รับรองรายงาน", "(นายประเสริฐ มั่นคง)", "ผู้อำนวยการสำนักงาน"]
    {
        assert!(nine.contains(needle), "{needle} missing: {nine}");
    }
    // A narrative without signers of its own: the plan's sign it.
    assert!(text(&s.page("2565/anti/12m/")).contains("(นายประเสริฐ มั่นคง) ผู้อำนวยการสำนักงาน"));
    // The open data names the same signers.
    let data: serde_json::Value = serde_json::from_str(&s.read("public/2565/anti/6m/data.json")).unwrap();
    assert_eq!(
        data["signers"],
        serde_json::json!([
            {"name": "นางสาววิไล ศรีสุข", "position": "นักวิเคราะห์นโยบายและแผนชำนาญการ", "role": "ผู้รายงาน"},
            {"name": "นายสมหมาย ใจดี", "position": "รองผู้อำนวยการ", "role": null},
        ])
    );
    let data: serde_json::Value = serde_json::from_str(&s.read("public/2565/anti/9m/data.json")).unwrap();
    assert_eq!(data["signers"][0]["name"], "นายประเสริฐ มั่นคง");
    // Page numbers in the site's numerals.
    assert!(six.contains("counter(page, thai)"), "pages numbered in Thai digits");
}

#[test]
fn signoff_without_signers_there_is_no_block_and_arabic_sites_number_pages_in_arabic() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}numerals: arabic\n", common::SITE_YAML));
    s.build_ok();
    let six = s.page("2565/anti/6m/");
    assert!(!six.contains("class=\"signoff"));
    assert!(six.contains("counter(page, decimal)"));
}

#[test]
fn signoff_an_unknown_field_of_a_signer_is_an_error_at_its_line() {
    let s = TestSite::standard();
    s.write(
        "content/2565/anti/reports/6m.md",
        "---\ntitle: รายงาน\nsigners:\n  - {name: นายสมหมาย ใจดี, position: รองผู้อำนวยการ}\n  - name: นางสาววิไล ศรีสุข\n    postion: นักวิเคราะห์\n---\n",
    );
    let r = s.run(&["build"]);
    assert!(!r.ok, "{}", r.all());
    let all = r.all();
    assert!(all.contains("reports/6m.md:6"), "names file and line: {all}");
    assert!(all.contains("postion") && all.contains("position"), "suggests the nearest name: {all}");
}

#[test]
fn an_activity_not_started_or_cancelled_without_spent_has_spent_nothing() {
    let s = TestSite::standard();
    s.write(
        "content/2565/anti/integrity/later.md",
        "---\ntitle: กิจกรรมที่ยังไม่เริ่ม\norder: 3\nrounds:\n  6m: {status: not_started}\n---\n",
    );
    s.write(
        "content/2565/anti/integrity/dropped.md",
        "---\ntitle: กิจกรรมที่ยกเลิก\norder: 4\nrounds:\n  6m: {status: cancelled, note: ยกเลิกตามมติ}\n---\n",
    );
    s.build_ok();
    let six = s.page("2565/anti/6m/");
    for title in ["กิจกรรมที่ยังไม่เริ่ม", "กิจกรรมที่ยกเลิก"]
    {
        let row = six.split("<tr>").find(|r| r.contains(title) && r.contains("ใช้จ่ายสะสม")).expect(title);
        let row = text(&row[..row.find("</tr>").unwrap()]);
        assert!(row.ends_with("๐ ๐"), "{title}: {row}");
        assert!(!row.contains("ไม่มีข้อมูล"), "{title}: {row}");
    }
    let page = text(&s.page("2565/anti/integrity/later/"));
    assert!(!page.contains("ไม่มีข้อมูล"), "{page}");
    let data: serde_json::Value = serde_json::from_str(&s.read("public/2565/anti/6m/data.json")).unwrap();
    let flat = data.to_string();
    for title in ["กิจกรรมที่ยังไม่เริ่ม", "กิจกรรมที่ยกเลิก"]
    {
        let i = flat.find(title).unwrap();
        let row = &flat[flat[..i].rfind('{').unwrap()..];
        let row = &row[..row.find('}').unwrap()];
        assert!(row.contains("\"spent_in_round\":\"0\"") || row.contains("\"spent_in_round\": \"0\""), "{row}");
    }
    let csv = s.read("public/2565/anti/6m/data.csv");
    let line = csv.lines().find(|l| l.contains("กิจกรรมที่ยังไม่เริ่ม")).unwrap();
    assert!(line.contains(",0,0,"), "{line}");
}

#[test]
fn a_project_without_activities_and_no_entry_still_has_no_data_while_idle_activities_show_zero() {
    let s = TestSite::standard();
    s.write(
        "content/2565/anti/quiet/_index.md",
        "---\ntype: project\ntitle: โครงการที่ไม่ได้บันทึก\norder: 2\nbudget: 5000\n---\n",
    );
    s.write(
        "content/2565/anti/later/_index.md",
        "---\ntype: project\ntitle: โครงการที่ยังไม่เริ่ม\norder: 3\nbudget: 5000\n---\n",
    );
    s.write("content/2565/anti/later/a.md", "---\ntitle: กิจกรรมรอเริ่ม\nrounds:\n  6m: {status: not_started}\n---\n");
    s.build_ok();
    let six = s.page("2565/anti/6m/");
    let row = six.split("<tr").find(|r| r.contains("โครงการที่ไม่ได้บันทึก") && r.contains("ใช้จ่ายในรอบ")).unwrap();
    assert!(text(&row[..row.find("</tr>").unwrap()]).contains("ไม่มีข้อมูล"), "{row}");
    // A project whose only activity has not started: its activity table shows ๐.
    let row =
        six.split("<tr>").find(|r| r.contains("กิจกรรมรอเริ่ม") && r.contains("ใช้จ่ายสะสม")).expect("spending columns");
    assert!(text(&row[..row.find("</tr>").unwrap()]).ends_with("๐ ๐"), "{row}");
}
