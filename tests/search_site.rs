//! End-to-end: the search page and the index a build writes, searched the way the client does.

mod common;
use common::TestSite;
use prongsai::render::search;

fn search_built(s: &TestSite, query: &str) -> Vec<String> {
    search::search(query, |name| read_as_served(s, name)).urls
}

/// A file of the built site as a web server gives it: `a/` is `a/index.html`, `%xx` decoded.
fn read_as_served(s: &TestSite, url: &str) -> Option<Vec<u8>> {
    let path = prongsai::links::percent_decode(url);
    let path = if path.ends_with('/') || path.is_empty() { format!("{path}index.html") } else { path };
    std::fs::read(s.path(&format!("public/{path}"))).ok()
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

#[test]
fn a_large_site_gets_a_sharded_index_without_a_copy_of_its_text() {
    let s = TestSite::standard();
    // 40 pages of about 30 KB of Thai each: more than one index.json should hold.
    let filler = "การประชุมคณะกรรมการบริหารสำนักงานเขตพื้นที่การศึกษา ".repeat(200);
    for i in 0..40 {
        s.write(&format!("content/news/n{i}.md"), &format!("---\ntitle: ข่าว {i}\n---\n{filler}\n\nข่าวฉบับที่ {i}\n"));
    }
    s.write("content/news/ห้องสมุด#1.md", "---\ntitle: ห้องสมุด\n---\nเชิญวิทยากรบรรยายที่ห้องประชุมใหญ่\n");
    s.build_ok();
    assert!(!s.path("public/search/index.json").exists());
    assert!(s.path("public/search/meta.json").exists());
    assert_eq!(
        search_built(&s, "วิทยากร"),
        ["news/%E0%B8%AB%E0%B9%89%E0%B8%AD%E0%B8%87%E0%B8%AA%E0%B8%A1%E0%B8%B8%E0%B8%94%231/"]
    );
    assert!(search_built(&s, "หอประชุม").is_empty(), "ห้องประชุม is not หอประชุม");
    assert_eq!(search_built(&s, "ฉบับที่ ๓๗"), ["news/n37/"]);
    // Pages with content of their own come before the pages that list them.
    let meta: serde_json::Value = serde_json::from_str(&s.read("public/search/meta.json")).unwrap();
    let lists = meta["pages"].as_u64().unwrap().div_ceil(meta["list"].as_u64().unwrap());
    let urls: Vec<String> = (0..lists)
        .flat_map(|n| {
            let list: Vec<(String, String)> =
                serde_json::from_str(&s.read(&format!("public/search/p/{n}.json"))).unwrap();
            list.into_iter().map(|(url, _)| url)
        })
        .collect();
    let at = |url: &str| urls.iter().position(|u| u == url).unwrap_or_else(|| panic!("{url} not in {urls:?}"));
    assert!(at("news/n39/") < at("news/") && at("news/n39/") < at(""), "{urls:?}");
    let size = |dir: &str| -> u64 {
        walkdir::WalkDir::new(s.path(dir))
            .into_iter()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    let (index, news) = (size("public/search"), size("public/news"));
    assert!(index * 20 < news, "the index ({index} bytes) holds no copy of the pages' text ({news} bytes)");
}
