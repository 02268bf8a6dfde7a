//! End-to-end: one content folder followed through several ITA years and bodies by changing
//! only `ita_year` / `ita_body`; rounds not reported; a year that is not built in, from its
//! first build's message through `prongsai oit new` to a served /oit/ page.

mod common;
use common::{text, TestSite};

fn plan(title: &str, kind: &str) -> String {
    format!("---\ntype: plan\ntitle: {title}\nkind: {kind}\n---\n")
}

const PROJECT: &str = "---\ntype: project\ntitle: โครงการ\nbudget: {approved: 10000}\n---\n";

fn activity(rounds: &str) -> String {
    format!("---\ntitle: กิจกรรม\nrounds: {{{rounds}}}\n---\n")
}

/// Anti-corruption plans of FY 2565 (6m and 12m reported), 2566 (6m only), 2568 (12m) and
/// 2569 (6m), and an operations plan of 2569 (6m). `ita` is the rest of site.yaml.
fn years_site(ita: &str) -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", &format!("{}{ita}", common::SITE_YAML));
    let reported: [(&str, &str, &str); 5] = [
        ("2565", "anti-corruption", "6m: {status: done, spent: 1000}, 12m: {spent: 500}"),
        ("2566", "anti-corruption", "6m: {status: in_progress, spent: 2000}"),
        ("2568", "anti-corruption", "12m: {status: done, spent: 3000}"),
        ("2569", "anti-corruption", "6m: {status: in_progress}"),
        ("2569", "operations", "6m: {status: in_progress, spent: 100}"),
    ];
    for (year, kind, rounds) in reported {
        let title = if kind == "operations" {
            "แผนปฏิบัติการประจำปี"
        } else {
            "แผนปฏิบัติการป้องกันการทุจริต"
        };
        s.write(&format!("content/{year}/{kind}/_index.md"), &plan(title, kind));
        s.write(&format!("content/{year}/{kind}/p/_index.md"), PROJECT);
        s.write(&format!("content/{year}/{kind}/p/a.md"), &activity(rounds));
    }
    s
}

/// `code → [absolute URL]` from urls.csv (which lists served items only), with every other item
/// of the site's list (from `prongsai oit status`) mapped to no URL.
fn served(s: &TestSite) -> std::collections::BTreeMap<String, Vec<String>> {
    let csv = s.read("public/oit/urls.csv");
    let mut map: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let status = s.run(&["oit", "status", "--root", s.root().to_str().unwrap()]);
    for line in status.stdout.lines() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("✓ ").or_else(|| line.strip_prefix("✗ ")) {
            map.entry(rest.split(' ').next().unwrap_or_default().to_string()).or_default();
        }
    }
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let urls = map.entry(cols[0].to_string()).or_default();
        if let Some(url) = cols.iter().find(|c| c.starts_with("https://")) {
            urls.push(url.trim_start_matches("https://example.go.th/ita/").to_string());
        }
    }
    map
}

fn urls(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_same_content_serves_each_years_items_by_what_the_pages_are() {
    // ITA 2565: plan O39, its 6-month report O40; O41 (the annual report of FY 2564) is missing.
    let s = years_site("ita_year: 2565\n");
    s.build_ok();
    let m = served(&s);
    assert_eq!(m["O39"], urls(&["2565/anti-corruption/"]));
    assert_eq!(m["O40"], urls(&["2565/anti-corruption/6m/"]));
    assert!(m["O41"].is_empty(), "{m:?}");
    assert_eq!(m.len(), 43);
    assert!(text(&s.page("oit/")).contains("พ.ศ. ๒๕๖๕"));

    // ITA 2566 (renumbered): O36 plan, O37 6-month report, O38 the annual report of FY 2565.
    s.write("site.yaml", &format!("{}ita_year: 2566\n", common::SITE_YAML));
    s.build_ok();
    let m = served(&s);
    assert_eq!(m["O36"], urls(&["2566/anti-corruption/"]));
    assert_eq!(m["O37"], urls(&["2566/anti-corruption/6m/"]));
    assert_eq!(m["O38"], urls(&["2565/anti-corruption/12m/"]));
    assert!(m["O39"].is_empty(), "O39 of 2566 is no plan: {m:?}");
    assert_eq!(m.len(), 43);
    let oit = s.page("oit/");
    assert!(oit.contains("๒๕๖๖") && !oit.contains("๒๕๖๕</h1>"), "headed by the 2566 list");

    // ITA 2569 agencies (26 items): O23 plan, O24 the annual report of FY 2568; no 6-month item.
    s.write("site.yaml", &format!("{}ita_year: 2569\n", common::SITE_YAML));
    s.build_ok();
    let m = served(&s);
    assert_eq!(m.len(), 26);
    assert_eq!(m["O23"], urls(&["2569/anti-corruption/"]));
    assert_eq!(m["O24"], urls(&["2568/anti-corruption/12m/"]));
    assert!(!m.values().flatten().any(|u| u == "2569/anti-corruption/6m/"), "{m:?}");
    assert!(text(&s.page("oit/")).contains("๒๕๖๙"));

    // ITA 2569 OBEC schools (18 items): O17 the anti-corruption plan, O6 the operations plan and
    // its progress.
    s.write("site.yaml", &format!("{}ita_year: 2569\nita_body: obec-school\n", common::SITE_YAML));
    s.build_ok();
    let m = served(&s);
    assert_eq!(m.len(), 18);
    assert_eq!(m["O17"], urls(&["2569/anti-corruption/"]));
    assert!(m["O6"].contains(&"2569/operations/".to_string()), "{m:?}");
    assert!(text(&s.page("oit/")).contains("สถานศึกษา"));
}

#[test]
fn o7_of_2569_is_the_2568_operations_plans_annual_report_and_2568_has_28_items() {
    let s = years_site("ita_year: 2569\n");
    s.write("content/2568/operations/_index.md", &plan("แผนปฏิบัติการประจำปี", "operations"));
    s.write("content/2568/operations/p/_index.md", PROJECT);
    s.write(
        "content/2568/operations/p/a.md",
        &activity("6m: {status: done, spent: 50}, 12m: {status: done, spent: 90}"),
    );
    s.build_ok();
    let m = served(&s);
    assert_eq!(m["O7"], urls(&["2568/operations/12m/"]));
    assert!(m["O6"].contains(&"2569/operations/".to_string()), "{m:?}");
    assert!(text(&s.page("oit/")).contains("รายงานผลการดำเนินงานประจำปี"));

    // ITA 2568: 28 items; O7 is then the annual report of FY 2567 (none here).
    s.write("site.yaml", &format!("{}ita_year: 2568\n", common::SITE_YAML));
    s.build_ok();
    let m = served(&s);
    assert_eq!(m.len(), 28);
    assert!(m.contains_key("O27") && m.contains_key("O28"), "{m:?}");
    assert!(m["O7"].is_empty(), "{m:?}");
    assert_eq!(m["O6"], urls(&["2568/operations/", "2568/operations/6m/"]));
}

#[test]
fn an_explicit_oit_mapping_still_wins() {
    let s = years_site("ita_year: 2566\n");
    s.write(
        "content/2566/anti-corruption/_index.md",
        "---\ntype: plan\ntitle: แผน\nkind: anti-corruption\noit: {plan: O11}\n---\n",
    );
    s.build_ok();
    let m = served(&s);
    assert_eq!(m["O11"], urls(&["2566/anti-corruption/"]));
    assert!(m["O36"].is_empty() && m["O37"].is_empty(), "the plan takes none by kind: {m:?}");
}

#[test]
fn a_round_with_nothing_recorded_is_not_published() {
    let s = years_site("ita_year: 2566\n");
    s.build_ok();
    // FY 2566 recorded only its 6-month round.
    assert!(s.path("public/2566/anti-corruption/6m/index.html").exists());
    for round in ["9m", "12m"] {
        assert!(!s.path(&format!("public/2566/anti-corruption/{round}/index.html")).exists(), "{round}");
        let url = format!("https://example.go.th/ita/2566/anti-corruption/{round}/");
        assert!(!s.read("public/sitemap.xml").contains(&url), "{round} in sitemap");
        assert!(!s.read("public/oit/urls.csv").contains(&url), "{round} in urls.csv");
    }
    // The round tabs and the plan page say it is not reported yet, without a link.
    let report = s.page("2566/anti-corruption/6m/");
    assert!(text(&report).contains("รอบ ๙ เดือน (ยังไม่รายงาน)"), "{}", text(&report));
    assert!(!report.contains("href=\"../9m/\""));
    assert!(text(&s.page("2566/anti-corruption/")).contains("ยังไม่รายงาน"));
    // A narrative alone makes a round reported.
    s.write("content/2566/anti-corruption/reports/9m.md", "---\ntitle: รายงานรอบเก้าเดือน\n---\nคำนำ\n");
    s.build_ok();
    assert!(s.path("public/2566/anti-corruption/9m/index.html").exists());
}

#[test]
fn a_year_not_built_in_goes_from_its_message_through_oit_new_to_a_served_index() {
    let s = TestSite::empty();
    s.write("site.yaml", common::SITE_YAML);
    s.write("content/2570/anti-corruption/_index.md", &plan("แผนปฏิบัติการป้องกันการทุจริต", "anti-corruption"));
    let root = s.root().to_str().unwrap().to_string();
    // The build goes on and says once what to do.
    let r = s.build_ok();
    assert_eq!(r.stderr.matches("ยังไม่มีรายการ OIT ของปี 2570").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("prongsai oit new --year 2570 --from 2569"), "{}", r.stderr);
    // `oit new` writes the starting list and says which line to add.
    let r = s.run(&["oit", "new", "--year", "2570", "--from", "2569", "--root", &root]);
    assert!(r.ok, "{}", r.all());
    assert!(r.stdout.contains("oit_catalog: oit/catalog.yaml"), "{}", r.stdout);
    let catalog = s.read("oit/catalog.yaml");
    assert!(catalog.contains("ita_year: 2570") && catalog.contains("verified: false"), "{catalog}");
    // Never over an existing file.
    let again = s.run(&["oit", "new", "--year", "2570", "--root", &root]);
    assert!(!again.ok && again.stderr.contains("ไม่เขียนทับ"), "{}", again.all());
    assert_eq!(s.read("oit/catalog.yaml"), catalog);
    // An editor who does not know a title yet writes null.
    let o7 = "title: \"รายงานผลการดำเนินงานประจำปี\"";
    assert!(catalog.contains(o7), "{catalog}");
    s.write("oit/catalog.yaml", &catalog.replacen(o7, "title: null", 1));
    s.write("site.yaml", &format!("{}oit_catalog: oit/catalog.yaml\n", common::SITE_YAML));
    let r = s.build_ok();
    assert!(!r.stderr.contains("ยังไม่มีรายการ OIT ของปี"), "{}", r.stderr);
    // The titles still unknown are asked for where they are: in the site's own list.
    assert!(r.stderr.contains("แก้ title: null ของข้อ O7 ในไฟล์ oit/catalog.yaml"), "{}", r.stderr);
    let oit = s.page("oit/");
    assert!(text(&oit).contains("๒๕๗๐"), "{}", text(&oit));
    assert!(oit.contains("href=\"../2570/anti-corruption/\""), "the plan serves the 2570 list by its kind");
    // A site catalogue that changes a built-in one.
    s.write("oit/catalog.yaml", "base: 2569\nitems:\n  - {code: O23, title: แผนป้องกันการทุจริตของเรา}\nremove: [O26]\n");
    s.write("site.yaml", &format!("{}ita_year: 2569\noit_catalog: oit/catalog.yaml\n", common::SITE_YAML));
    s.write("content/2569/anti-corruption/_index.md", &plan("แผน ๒๕๖๙", "anti-corruption"));
    s.build_ok();
    let csv = s.read("public/oit/urls.csv");
    assert!(csv.contains("O23,แผนป้องกันการทุจริตของเรา,https://example.go.th/ita/2569/anti-corruption/"), "{csv}");
    assert!(!csv.contains("O26,"), "{csv}");
}

#[test]
fn ita_year_defaults_to_the_newest_fiscal_year_and_warns_when_far() {
    let s = years_site("");
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    assert!(r.all().contains("OIT ปี 2569"), "the newest fiscal year in content: {}", r.all());
    let s = years_site("ita_year: 2565\n");
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("site.yaml:5:11") && r.stderr.contains("เกินหนึ่งปี"), "{}", r.stderr);
}

#[test]
fn untitled_items_are_asked_for_once() {
    let s = years_site("ita_year: 2569\n");
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    assert!(!r.stderr.contains("ยังไม่ทราบชื่อทางการ"), "every built-in title is known: {}", r.stderr);
    // A site's own list with titles not known yet.
    s.write(
        "oit/catalog.yaml",
        "ita_year: 2569\ntitle: รายการ\ngroups:\n  - title: g\n    items:\n      - {code: O1, title: a}\n      - {code: O6, title: null}\n      - {code: O7, title: null}\n",
    );
    s.write("site.yaml", &format!("{}ita_year: 2569\noit_catalog: oit/catalog.yaml\n", common::SITE_YAML));
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
    let asks: Vec<&str> = r.stderr.lines().filter(|l| l.contains("ยังไม่ทราบชื่อทางการ")).collect();
    assert_eq!(asks.len(), 1, "{}", r.stderr);
    assert!(asks[0].contains("O6, O7"), "{}", r.stderr);
}

#[test]
fn init_follows_the_current_fiscal_year_and_reads_the_year_as_an_editor_writes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_prongsai");
    let dir = tmp.path().join("site");
    let out = std::process::Command::new(bin).args(["init", "--oit"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fy = prongsai::init::current_fiscal_year();
    let settings = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(settings.contains(&format!("ita_year: {fy}")), "never silently an older year: {settings}");
    assert!(dir.join(format!("content/{fy}/anti-corruption/_index.md")).exists());
    // A year without a built-in list starts from the newest one, in the site's own file.
    let built_in = prongsai::load::catalog::built_in(fy, prongsai::model::Body::Agency).is_some();
    assert_eq!(dir.join("oit/catalog.yaml").exists(), !built_in);
    let out = std::process::Command::new(bin).args(["check", "--root"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ยังไม่มีรายการ OIT ของปี"), "{stderr}");

    // A Christian-era year is answered with its B.E. year.
    let out = std::process::Command::new(bin)
        .args(["init", "--ita-year", "2026"])
        .arg(tmp.path().join("b"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("หมายถึง 2569 หรือไม่?"));
    // A school.
    let dir = tmp.path().join("school");
    let out = std::process::Command::new(bin)
        .args(["init", "--oit", "--ita-year", "๒๕๖๙", "--body", "obec-school"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(dir.join("site.yaml")).unwrap().contains("ita_body: obec-school"));
    assert!(!dir.join("content/oit/o17.md").exists(), "served by the example plan");
    assert!(!dir.join("content/oit/o18.md").exists(), "served by a plan of kind integrity");
    assert!(dir.join("content/oit/o1.md").exists());
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("O18 ") && readme.contains("kind: integrity"), "{readme}");
}

#[test]
fn a_school_sites_status_says_in_one_line_that_the_6_month_report_is_not_an_item() {
    let s = years_site("ita_year: 2569\nita_body: obec-school\n");
    let root = s.root().to_str().unwrap().to_string();
    let r = s.run(&["oit", "status", "--root", &root]);
    assert!(r.ok, "{}", r.all());
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("ไม่มีข้อสำหรับรายงาน")).collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert!(lines[0].contains("รอบ ๖ เดือน") && lines[0].contains("สถานศึกษา"), "{}", lines[0]);
    // ITA 2565 has a 6-month item (O40): nothing to say.
    s.write("site.yaml", &format!("{}ita_year: 2565\n", common::SITE_YAML));
    let r = s.run(&["oit", "status", "--root", &root]);
    assert!(!r.stdout.contains("ไม่มีข้อสำหรับรายงาน"), "{}", r.stdout);
}
