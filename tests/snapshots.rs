//! Snapshot tests: the exact text an editor reads for a broken site, and the OIT export an
//! assessor imports. Run with `UPDATE_SNAPSHOTS=1` to accept a deliberate change.

mod common;
use common::TestSite;

fn matches_snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no snapshot {name}: run with UPDATE_SNAPSHOTS=1"));
    assert_eq!(actual, expected, "snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept)");
}

#[test]
fn error_report_of_a_broken_site() {
    let s = TestSite::standard();
    let activity = s.read("content/2565/anti/integrity/risk.md");
    s.write(
        "content/2565/anti/integrity/risk.md",
        &activity
            .replace("status: done", "status: เสร็จ")
            .replace("steps:", "stepz:")
            .replace("spent: 10000", "spent: 10000.123"),
    );
    let project = s.read("content/2565/anti/integrity/_index.md");
    s.write("content/2565/anti/integrity/_index.md", &project.replace("amount: 100000", "amount: 90000"));
    let r = s.run(&["check"]);
    assert!(!r.ok);
    matches_snapshot("check-errors.txt", &r.stderr);
}

#[test]
fn oit_url_export() {
    let s = TestSite::standard();
    s.build_ok();
    let csv = s.read("public/oit/urls.csv");
    let served: String =
        csv.split_inclusive("\r\n").filter(|l| l.contains("https://") || l.starts_with('\u{feff}')).collect();
    matches_snapshot("oit-urls.csv", &served);
}
