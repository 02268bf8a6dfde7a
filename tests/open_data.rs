//! End-to-end: each published round report's figures as data.json and data.csv, the /data/
//! index, and the Atom feed of dated pages.

mod common;
use common::TestSite;

#[test]
fn report_data_equals_the_pages_figures() {
    let s = TestSite::standard();
    s.build_ok();
    // The 9-month report: activity 1 spent 5,000.50 then 10,000; activity 2 spent 1,200.25.
    let v: serde_json::Value = serde_json::from_str(&s.read("public/2565/anti/9m/data.json")).unwrap();
    assert_eq!(v["round"]["id"], "9m");
    assert_eq!(v["totals"]["approved"], "100000");
    assert_eq!(v["totals"]["spent_in_round"], "10000");
    assert_eq!(v["totals"]["spent_to_date"], "16200.75");
    assert_eq!(v["totals"]["remaining"], "83799.25");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows[0]["level"], "project");
    assert_eq!(rows[1]["title"], "กิจกรรมวิเคราะห์ความเสี่ยง");
    assert_eq!(rows[1]["status"], "done");
    assert_eq!(rows[1]["spent_to_date"], "15000.50");
    assert_eq!(rows[2]["spent_in_round"], serde_json::Value::Null, "nothing recorded is null, never zero");
    // The page shows the same totals.
    let page = common::text(&s.page("2565/anti/9m/"));
    assert!(page.contains("๑๖,๒๐๐.๗๕") && page.contains("๘๓,๗๙๙.๒๕"), "{page}");
    let csv = s.read("public/2565/anti/9m/data.csv");
    assert!(csv.starts_with("\u{feff}level,number,group,title,status,progress,approved,spent_in_round"), "{csv}");
    assert!(csv.contains("activity,1.1,,กิจกรรมวิเคราะห์ความเสี่ยง,done,,20000,10000,15000.50,,4999.50,\r\n"), "{csv}");
    // Rounds not reported have no data files; the /data/ page lists the others.
    s.remove("content/2565/anti/integrity/media.md");
    s.build_ok();
    assert!(!s.path("public/2565/anti/12m/data.json").exists(), "12m is not reported without media.md");
    let data = s.page("data/");
    assert!(data.contains("2565/anti/9m/data.csv") && data.contains("2565/anti/6m/data.json"), "{data}");
}

#[test]
fn the_feed_is_atom_with_absolute_links_newest_first() {
    let s = TestSite::standard();
    s.build_ok();
    let feed = s.read("public/feed.xml");
    assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), "{feed}");
    let ids: Vec<&str> =
        feed.match_indices("<id>").map(|(i, _)| &feed[i + 4..i + 4 + feed[i + 4..].find('<').unwrap()]).collect();
    assert_eq!(ids[0], "https://example.go.th/ita/");
    assert!(ids.iter().skip(1).all(|u| u.starts_with("https://example.go.th/ita/")), "{ids:?}");
    // The structure page (2565-11-01) is newer than the 6-month report (its narrative: 2565-04-20).
    let structure = feed.find("https://example.go.th/ita/about/structure/").unwrap();
    let report = feed.find("https://example.go.th/ita/2565/anti/6m/").unwrap();
    assert!(structure < report, "newest first: {feed}");
    assert!(feed.contains("<updated>2022-11-01T00:00:00+07:00</updated>"), "{feed}");
    assert!(s.page("").contains("application/atom+xml"));
    // Well-formed XML from end to end.
    let mut reader = quick_xml::Reader::from_str(&feed);
    let mut entries = 0;
    loop {
        match reader.read_event().expect("well-formed Atom") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "entry" => entries += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(entries >= 4, "{feed}");
}
