//! End-to-end: the search page and the index a build writes, searched the way the client does.

mod common;
use common::TestSite;
use prongsai::render::search;

fn search_built(s: &TestSite, query: &str) -> Vec<String> {
    let found = search::search(query, |name| std::fs::read(s.path(&format!("public/search/{name}"))).ok());
    found.urls
}

#[test]
fn a_built_site_can_be_searched_for_a_word_in_the_middle_of_a_thai_run() {
    let s = TestSite::standard();
    s.write(
        "content/news/hall.md",
        "---\ntitle: ประกาศ\ndate: 2565-05-01\n---\nขอเชิญประชุมที่ห้องประชุมใหญ่ของสำนักงานเพื่อรายงานผลการใช้จ่ายงบประมาณ ๒๕๖๕\n",
    );
    s.build_ok();
    assert!(s.page("search/").contains("role=\"search\""));
    assert!(s.path("public/search/index.json").exists());
    // "การใช้จ่าย" stands inside "ผลการใช้จ่ายงบประมาณ", with no space around it.
    assert!(search_built(&s, "การใช้จ่าย").contains(&"news/hall/".to_string()));
    // Thai and Arabic digits are one.
    assert!(search_built(&s, "2565").contains(&"news/hall/".to_string()));
    // A near miss is not a hit: the page has ห้องประชุม, not หอประชุม.
    assert!(!search_built(&s, "หอประชุม").contains(&"news/hall/".to_string()));
    // The 404 and the search page itself are not indexed.
    let index = s.read("public/search/index.json");
    assert!(!index.contains("\"url\":\"search/\""), "{index}");
}

#[test]
fn a_site_may_turn_search_off() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}search: false\n", common::SITE_YAML));
    s.build_ok();
    assert!(!s.path("public/search").exists());
    assert!(!s.page("").contains("search/"), "no link to a search page that is not there");
}
