//! End-to-end: one test per rule of the contract. Each error stops the build with a non-zero
//! exit, names the file, line and field, and leaves the previous output as it was.

mod common;
use common::{snapshot, TestSite};

/// Builds the standard site, then applies `change`, builds again and checks that the build
/// fails, that the message has every one of `expected`, and that `public/` is untouched.
fn fails_with(change: impl FnOnce(&TestSite), expected: &[&str]) -> String {
    let s = TestSite::standard();
    s.build_ok();
    let before = snapshot(&s.path("public"));
    change(&s);
    let r = s.run(&["build"]);
    let all = r.all();
    assert!(!r.ok, "build should fail:\n{all}");
    for e in expected {
        assert!(all.contains(e), "expected {e:?} in:\n{all}");
    }
    assert!(all.contains("ยังไม่ได้สร้างเว็บไซต์"), "{all}");
    assert_eq!(snapshot(&s.path("public")), before, "previous output must be untouched");
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    all
}

const PROJECT_FILE: &str = "content/2565/anti/integrity/_index.md";
const ACTIVITY_FILE: &str = "content/2565/anti/integrity/risk.md";

fn edit(s: &TestSite, rel: &str, from: &str, to: &str) {
    let text = s.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    s.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn yaml_that_does_not_parse() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "order: 1", "order: [1"),
        &[&format!("{ACTIVITY_FILE}:3:8"), "วงเล็บ [", "order: [1]"],
    );
}

#[test]
fn field_of_the_wrong_type() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "steps: [แต่งตั้งคณะกรรมการ, ประชุมวางแผน]", "steps: {a: 1}"),
        &[&format!("{ACTIVITY_FILE}:5:8"), "`steps`", "ต้องเป็น"],
    );
}

#[test]
fn missing_title() {
    fails_with(|s| edit(s, ACTIVITY_FILE, "title: กิจกรรมวิเคราะห์ความเสี่ยง\n", ""), &[ACTIVITY_FILE, "`title`", ":2:1"]);
}

#[test]
fn missing_fiscal_year_of_a_plan() {
    fails_with(
        |s| {
            s.write("content/plans/other/_index.md", "---\ntype: plan\ntitle: แผนอื่น\n---\n");
        },
        &["content/plans/other/_index.md:2:1", "`fiscal_year`"],
    );
}

#[test]
fn missing_site_title_and_base_url() {
    fails_with(|s| s.write("site.yaml", "parents: [x]\n"), &["site.yaml:1:1", "`title`", "`base_url`"]);
}

#[test]
fn unknown_field_suggests_the_nearest() {
    let out = fails_with(
        |s| edit(s, ACTIVITY_FILE, "steps:", "stepz:"),
        &[&format!("{ACTIVITY_FILE}:5:1"), "`stepz`", "\"steps\""],
    );
    assert!(out.contains("หมายถึง"), "{out}");
}

#[test]
fn unknown_round_id() {
    fails_with(|s| edit(s, ACTIVITY_FILE, "  9m:", "  8m:"), &[&format!("{ACTIVITY_FILE}:8:3"), "`rounds.8m`", "9m"]);
}

#[test]
fn unknown_status() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "status: done", "status: finished"),
        &[&format!("{ACTIVITY_FILE}:8:16"), "`rounds.9m.status`", "in_progress"],
    );
}

#[test]
fn unknown_oit_code() {
    fails_with(
        |s| edit(s, "content/about/contact.md", "oit: O5", "oit: O99"),
        &["content/about/contact.md:3:6", "`oit`", "O99"],
    );
}

#[test]
fn invalid_date() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "2565-02-10", "2565-02-31"),
        &[&format!("{ACTIVITY_FILE}:7:"), "`rounds.6m.date`", "2565-02-31"],
    );
}

#[test]
fn negative_amount() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "spent: 10000", "spent: -10"),
        &[&format!("{ACTIVITY_FILE}:8:"), "`rounds.9m.spent`", "ติดลบ"],
    );
}

#[test]
fn amount_with_three_decimals() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "spent: 5000.50", "spent: 5000.505"),
        &[&format!("{ACTIVITY_FILE}:7:"), "`rounds.6m.spent`", "ทศนิยม"],
    );
}

#[test]
fn amount_that_is_not_a_number() {
    fails_with(
        |s| edit(s, PROJECT_FILE, "approved: 100000", "approved: หนึ่งแสน"),
        &[&format!("{PROJECT_FILE}:12:13"), "`budget.approved`", "หนึ่งแสน"],
    );
}

#[test]
fn sources_that_do_not_add_up() {
    fails_with(
        |s| edit(s, PROJECT_FILE, "amount: 100000", "amount: 90000"),
        &[&format!("{PROJECT_FILE}:13:"), "`budget.sources`", "๙๐,๐๐๐"],
    );
}

#[test]
fn spending_over_approved() {
    fails_with(
        |s| edit(s, PROJECT_FILE, "approved: 100000", "approved: 10000"),
        &[&format!("{PROJECT_FILE}:12:13"), "`budget.approved`", "เกินงบ"],
    );
}

#[test]
fn project_and_activities_disagree_in_a_round() {
    fails_with(
        |s| edit(s, PROJECT_FILE, "---\n", "---\nrounds:\n  6m: {spent: 7000}\n"),
        &[&format!("{PROJECT_FILE}:3:"), "`rounds.6m.spent`", "๖,๒๐๐.๗๕"],
    );
}

#[test]
fn activity_allocations_over_approved_name_each_activity() {
    let out = fails_with(
        |s| edit(s, "content/2565/anti/integrity/media.md", "order: 2", "order: 2\nbudget: 90000"),
        &[PROJECT_FILE, "`budget.approved`", "๑๑๐,๐๐๐", "เกินงบของโครงการ ๑๐๐,๐๐๐ บาท อยู่ ๑๐,๐๐๐ บาท"],
    );
    assert!(out.contains("content/2565/anti/integrity/risk.md:4:9 (๒๐,๐๐๐ บาท)"), "{out}");
    assert!(out.contains("content/2565/anti/integrity/media.md:4:9 (๙๐,๐๐๐ บาท)"), "{out}");
    assert_eq!(out.matches("error (ข้อผิดพลาด)").count(), 1, "one cause, one error: {out}");
}

#[test]
fn activity_spending_over_its_own_budget_names_the_activity_file() {
    // 5,000.50 in 6m and 10,000 in 9m: 15,000.50 to date, over 12,000.
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "budget: 20000", "budget: 12000"),
        &[&format!("{ACTIVITY_FILE}:8:"), "`rounds.9m.spent`", "๑๕,๐๐๐.๕๐", "๑๒,๐๐๐"],
    );
}

#[test]
fn committed_amounts_count_against_the_activitys_budget() {
    // 15,000.50 paid to date at 9m and 5,000 committed: 20,000.50, over 20,000.
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "spent: 10000,", "spent: 10000, committed: 5000,"),
        &[&format!("{ACTIVITY_FILE}:8:"), "`rounds.9m.spent`", "ผูกพันอีก ๕,๐๐๐ บาท"],
    );
}

#[test]
fn committed_amounts_count_against_the_projects_budget() {
    // Paid to date at 9m: 6,200.75 + 10,000 = 16,200.75; with 90,000 committed: over 100,000.
    fails_with(
        |s| edit(s, PROJECT_FILE, "---\n", "---\nrounds:\n  9m: {committed: 90000}\n"),
        &[&format!("{PROJECT_FILE}:14:13"), "`budget.approved`", "๑๖,๒๐๐.๗๕", "ผูกพันอีก ๙๐,๐๐๐ บาท"],
    );
}

#[test]
fn a_project_with_activities_does_not_give_its_own_status() {
    fails_with(
        |s| edit(s, PROJECT_FILE, "---\n", "---\nrounds:\n  6m: {status: done, progress: 50}\n"),
        &[&format!("{PROJECT_FILE}:3:"), "`rounds.6m.status`", "`rounds.6m.progress`", "มาจากกิจกรรม"],
    );
}

#[test]
fn document_that_does_not_exist() {
    fails_with(
        |s| s.remove("static/docs/structure.pdf"),
        &["content/about/structure.md:6:", "`documents[1].file`", "static/docs/structure.pdf"],
    );
}

#[test]
fn image_that_does_not_exist() {
    fails_with(
        |s| edit(s, ACTIVITY_FILE, "เนื้อหากิจกรรม", "เนื้อหากิจกรรม\n\n![รูป](/images/photo.jpg)"),
        &[&format!("{ACTIVITY_FILE}:12:1"), "รูปภาพ", "/images/photo.jpg"],
    );
}

#[test]
fn link_to_a_page_that_does_not_exist() {
    fails_with(
        |s| edit(s, "content/about/structure.md", "/about/contact/", "/about/kontakt/"),
        &["content/about/structure.md:8:", "ลิงก์", "/about/kontakt/"],
    );
}

#[test]
fn path_that_leaves_the_site() {
    fails_with(
        |s| edit(s, "content/about/structure.md", "docs/structure.pdf", "../secret.pdf"),
        &["content/about/structure.md:6:", "ออกนอก"],
    );
}

#[test]
fn two_pages_at_one_url() {
    fails_with(|s| s.write("content/about/contact/_index.md", "---\ntitle: ซ้ำ\n---\n"), &["/about/contact/", "ซ้ำ"]);
}

#[test]
fn page_that_collides_with_a_round_report() {
    fails_with(
        |s| s.write("content/2565/anti/6m.md", "---\ntitle: ชนกับรายงาน\n---\n"),
        &["content/2565/anti/6m.md", "/2565/anti/6m/"],
    );
}

#[test]
fn missing_site_yaml() {
    let s = TestSite::empty();
    let r = s.run(&["build"]);
    assert!(!r.ok);
    assert!(r.all().contains("site.yaml"), "{}", r.all());
}

// Warnings: printed, the build goes on; `check --strict` turns them into errors.

fn warns(change: impl FnOnce(&TestSite), expected: &[&str]) {
    let s = TestSite::standard();
    change(&s);
    let r = s.run(&["build"]);
    assert!(r.ok, "{}", r.all());
    for e in expected {
        assert!(r.all().contains(e), "expected {e:?} in:\n{}", r.all());
    }
    let strict = s.run(&["check", "--strict"]);
    assert!(!strict.ok, "strict check must fail:\n{}", strict.all());
}

#[test]
fn date_after_the_round_end_warns() {
    warns(
        |s| edit(s, ACTIVITY_FILE, "2565-02-10", "2565-06-10"),
        &[&format!("{ACTIVITY_FILE}:7:"), "warning", "หลังวันสิ้นสุด"],
    );
}

#[test]
fn date_outside_the_fiscal_year_warns() {
    warns(|s| edit(s, ACTIVITY_FILE, "2565-02-10", "2563-02-10"), &[&format!("{ACTIVITY_FILE}:7:"), "นอกปีงบประมาณ"]);
}

#[test]
fn status_that_goes_back_warns() {
    warns(
        |s| edit(s, ACTIVITY_FILE, "  9m: {status: done", "  12m: {status: in_progress}\n  9m: {status: done"),
        &[ACTIVITY_FILE, "ย้อนกลับ"],
    );
}

#[test]
fn theme_folder_that_does_not_exist() {
    fails_with(
        |s| s.write("site.yaml", &format!("{}theme: mine\n", common::SITE_YAML)),
        &["site.yaml:5:8", "`theme`", "themes/mine/"],
    );
}
