use super::index::*;
use super::text::*;
use super::*;

fn page(url: &str, text: &str) -> Page {
    Page { title: format!("หน้า {url}"), url: url.to_string(), text: text.to_string() }
}

fn files_map(files: Vec<(String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().collect()
}

/// A site of the pages of [`sample`] (a page each, its text in `<main>`) with their sharded
/// index, small shards and lists so that it has several of each: the files by their paths from
/// the site root. Also the JS tests' fixture.
fn fixture() -> Vec<(String, Vec<u8>)> {
    site_of(&sample(), index_files_sized(&sample(), 0, 512, 60))
}

/// The pages as HTML files beside their index files (under `search/`).
fn site_of(pages: &[Page], index: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = index.into_iter().map(|(n, b)| (format!("search/{n}"), b)).collect();
    for p in pages {
        let text = p.text.replace('&', "&amp;").replace('<', "&lt;");
        let html = format!(
            "<!DOCTYPE html><html><head><title>{0}</title></head><body><nav>เมนูของเว็บไซต์</nav>\n\
             <main><p>{text}</p></main></body></html>\n",
            p.title
        );
        files.push((format!("{}index.html", p.url), html.into_bytes()));
    }
    files.sort();
    files
}

/// Searches a site's files in memory, as a web server gives them (`a/` is `a/index.html`).
fn find(files: &BTreeMap<String, Vec<u8>>, q: &str) -> Found {
    search(q, |name| {
        let path = if name.ends_with('/') { format!("{name}index.html") } else { name.to_string() };
        files.get(&path).cloned()
    })
}

/// [`fold`] one character at a time, as its documentation says: the oracle of the fast one.
fn fold_reference(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let (mut out, mut space, mut i) = (String::new(), false, 0);
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if is_space(c) {
            space = true;
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let (n1, n2) = (chars.get(i).copied(), chars.get(i + 1).copied());
        match c {
            '๐'..='๙' => out.push(char::from_digit(c as u32 - 0xe50, 10).unwrap()),
            '\u{e4d}' if n1 == Some('\u{e32}') => {
                out.push('\u{e33}');
                i += 1;
            }
            '\u{e4d}' if matches!(n1, Some('\u{e48}'..='\u{e4b}')) && n2 == Some('\u{e32}') => {
                out.push(n1.unwrap());
                out.push('\u{e33}');
                i += 2;
            }
            'เ' if n1 == Some('เ') => {
                out.push('แ');
                i += 1;
            }
            c if is_latin(c) && c.to_lowercase().count() == 1 => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    #[test]
    fn fast_folding_is_the_reference(s in "[ \t\n\u{a0}\u{200b}\u{ad}aZÉİ1๑\u{e01}-\u{e0f}\u{e30}-\u{e4f}\u{e50}-\u{e5b}\u{e7f}\u{f00}😀.]{0,40}") {
        proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
    }
}

#[test]
fn folding() {
    assert_eq!(fold("ปีงบประมาณ ๒๕๖๕"), "ปีงบประมาณ 2565");
    assert_eq!(fold("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
    assert_eq!(fold("ประจ\u{e4d}\u{e32}ปี"), "ประจำปี");
    assert_eq!(fold("น\u{e4d}\u{e49}\u{e32}"), "น\u{e49}\u{e33}", "ํ้า is ้ำ");
    assert_eq!(fold("น้ำ"), "น้ำ");
    assert_eq!(fold("เเผน"), "แผน");
    assert_eq!(fold("Open DATA École ÀÉÎ İ"), "open data école àéî İ", "İ has no one-letter lower case");
    assert_eq!(fold("  การ \n\t ใช้\u{a0}\u{3000}จ่าย  "), "การ ใช้ จ่าย");
    assert_eq!(fold("การ\u{200b}ใช้จ่าย\u{ad}"), "การใช้จ่าย");
    assert_eq!(fold("ΑΒΓ"), "ΑΒΓ", "only Latin is case-folded");
    assert_eq!(fold(""), "");
}

#[test]
fn text_of_a_page() {
    let html = r#"<!DOCTYPE html><html><head><title>ไม่ใช่</title><style>p{x:1}</style></head>
<body><header class="site-header"><a href="/">สำนักงาน</a><nav><ul><li>เมนู</li></ul></nav></header>
<main id="main"><h1>รายงาน</h1><!-- ความเห็น --><p>ผล<b>การ</b>ใช้จ่าย&nbsp;A&amp;B &lt;5&gt; &quot;x&quot; &#39;y&#x27; &#3647;</p>
<script>if (a < b) { document.write("<p>สคริปต์</p>") }</script><td data-x="a>b">หนึ่ง</td><td>สอง</td>
<footer>ท้ายบทความ</footer><svg><title>ไอคอน</title></svg>ก &foo; &amp x</main>
<footer class="site-footer">ที่อยู่</footer></body></html>"#;
    assert_eq!(page_text(html), "รายงาน ผลการใช้จ่าย A&B <5> \"x\" 'y' ฿ หนึ่ง สอง ก &foo; &amp x",);
}

#[test]
fn text_without_main_is_the_body() {
    let html = "<html><head><title>t</title></head><body><nav>เมนู</nav><p>หนึ่ง<br>สอง</p>\
                    <footer>ท้าย</footer></body></html>";
    assert_eq!(page_text(html), "หนึ่ง สอง");
    assert_eq!(page_text("ข้อความ <i>เอียง</i>ต่อ a < b"), "ข้อความ เอียงต่อ a < b");
    assert_eq!(page_text("<p>ไม่ปิด <scr"), "ไม่ปิด");
    assert_eq!(page_text("<p class=plain id = 'a>b' >หนึ่ง<br />สอง<img alt=\"x\"/>สาม</p>"), "หนึ่ง สอง สาม");
    assert_eq!(page_text("<p title=\"ไม่ปิด>ก"), "");
    assert_eq!(page_text("<P>&#0; &#x110000; &#xD800; &#12345678901;</P>"), "&#0; &#x110000; &#xD800; &#12345678901;");
}

fn sample() -> Vec<Page> {
    vec![
        page("a/", "รายงานผลการใช้จ่ายงบประมาณ ประจำไตรมาส"),
        page("b/", "รายงานประจำปีงบประมาณ พ.ศ. 2565"),
        page("c/", "ห้องประชุม ชั้น ๒ หอพัก ขอประทานโทษ"),
        page("d/", "การประชุมที่หอประชุมใหญ่ ปีงบประมาณ ๒๕๖๕"),
        page("e/", "สำนักงาน ป.ป.ช. ประจำจังหวัด"),
        page("f/", "ป.ป.ส. กับ ส.ป.ช. และ ปปช"),
        page("g/", "Open Data และ Integrity & Transparency"),
        Page {
            title: "ศูนย์ ป.ป.ช.".to_string(), url: "h/".to_string(), text: "ข้อมูลติดต่อ".to_string()
        },
    ]
}

#[test]
fn small_index_is_one_file() {
    let files = index_files(&sample(), DEFAULT_LIMIT);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "index.json");
    let v: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(v["pages"][1]["url"], "b/");
    assert_eq!(v["pages"][1]["text"], "รายงานประจำปีงบประมาณ พ.ศ. 2565");
    let text = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(
        text.starts_with(r#"{"pages":[{"text":"รายงานผลการใช้จ่ายงบประมาณ ประจำไตรมาส","title":"หน้า a/","url":"a/"}"#)
    );
    let files = files_map(site_of(&sample(), files));
    assert_eq!(find(&files, "การใช้จ่าย").urls, ["a/"]);
    assert_eq!(find(&files, "๒๕๖๕").urls, ["b/", "d/"]);
}

#[test]
fn sharded_index_shape() {
    let pages = sample();
    let files = index_files_sized(&pages, 0, 512, 120);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let meta: serde_json::Value = serde_json::from_slice(&files_map(files.clone())["meta.json"]).unwrap();
    assert_eq!(meta["version"], 2);
    assert_eq!(meta["pages"], 8);
    let (shards, list) = (meta["shards"].as_u64().unwrap() as usize, meta["list"].as_u64().unwrap() as usize);
    assert!(shards > 1 && shards.is_power_of_two(), "{shards}");
    assert!((1..8).contains(&list), "{list}");
    let mut expected: Vec<String> = vec!["meta.json".into()];
    expected.extend((0..shards).map(|s| format!("b/{s}.json")));
    expected.extend((0..pages.len().div_ceil(list)).map(|n| format!("p/{n}.json")));
    expected.sort();
    assert_eq!(names, expected);
    // Every bigram is in its shard, every page in its list.
    for (name, bytes) in &files {
        if let Some(s) = name.strip_prefix("b/").and_then(|n| n.strip_suffix(".json")) {
            let map: BTreeMap<String, serde_json::Value> = serde_json::from_slice(bytes).unwrap();
            for g in map.keys() {
                assert_eq!(g.chars().count(), 2);
                assert_eq!(shard_of(g, shards as u32).to_string(), s);
            }
        }
    }
    let p1: Vec<(String, String)> = serde_json::from_slice(&files_map(files)["p/1.json"]).unwrap();
    assert_eq!(p1[0], (pages[list].url.clone(), pages[list].title.clone()));
}

#[test]
fn pages_are_listed_by_their_numbers_whatever_order_they_come_in() {
    let pages = sample();
    let indexer = Indexer::new(100, 0);
    // Added out of order, with numbers left unused between them.
    for (k, p) in pages.iter().enumerate().rev() {
        indexer.add(k * 7 + 3, p);
    }
    indexer.add(500, &pages[0]);
    let files = indexer.files(|id| pages.get(id.checked_sub(3)? / 7).map(|p| (p.url.clone(), p.title.clone())));
    let files = files_map(site_of(&pages, files));
    let meta: serde_json::Value = serde_json::from_slice(&files["search/meta.json"]).unwrap();
    assert_eq!(meta["pages"], 8, "the page past the count given is not indexed");
    assert_eq!(find(&files, "หอประชุม").urls, ["d/"]);
    assert_eq!(find(&files, "ป.ป.ช.").urls, ["e/", "h/"]);
    // A page the caller leaves out is not listed.
    let indexer = Indexer::new(pages.len(), 0);
    pages.iter().enumerate().for_each(|(k, p)| indexer.add(k, p));
    let files = indexer.files(|id| (id != 3).then(|| (pages[id].url.clone(), pages[id].title.clone())));
    let files = files_map(site_of(&pages, files));
    assert_eq!(find(&files, "หอประชุม").urls, Vec::<String>::new(), "d/ is left out");
    assert_eq!(find(&files, "ป.ป.ช.").urls, ["e/", "h/"]);
}

#[test]
fn bigrams_outside_thai_and_ascii_are_indexed_too() {
    let mut pages = sample();
    pages.push(page("i/", "ภาษาลาว ສະບາຍດີ และ 日本語 และ café"));
    let files = files_map(site_of(&pages, index_files(&pages, 0)));
    assert_eq!(find(&files, "ສະບາຍ").urls, ["i/"]);
    assert_eq!(find(&files, "日本").urls, ["i/"]);
    assert_eq!(find(&files, "CAFÉ").urls, ["i/"]);
}

#[test]
fn posting_lists_round_trip_in_both_forms() {
    for (ids, pages) in [(vec![], 10), (vec![0], 1), (vec![3, 4, 11], 12), ((0..100).collect::<Vec<u32>>(), 100)] {
        let v: serde_json::Value = serde_json::from_str(&encode_pages(ids.iter().copied(), pages)).unwrap();
        assert_eq!(decode_pages(&v).iter().filter(|&&i| (i as usize) < pages).copied().collect::<Vec<_>>(), ids);
    }
    assert_eq!(encode_pages([3, 4, 11].into_iter(), 1000), "[3,1,7]");
    assert_eq!(encode_pages([0, 9, 10, 4_000_000_000].into_iter(), 1000), "[0,9,1,3999999990]");
    assert_eq!(encode_pages(0..20, 20), "\"//8P\"");
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(unbase64("TWE="), b"Ma");
}

/// Each bigram's list in the shards is exactly the pages whose folded title or text holds it,
/// whether the list is written as gaps or as a bitmap, and however many threads invert the
/// pages (each thread a run of them, their bitmaps joined).
#[test]
fn posting_lists_are_the_pages_of_each_bigram() {
    let words = ["การ", "ใช้จ่าย", "งบประมาณ", "ประชุม", "๒๕๖๕", "data", "ป.ป.ช.", "หอพัก", "ปี", "ำ"];
    let pages: Vec<Page> = (0..203)
        .map(|k: usize| {
            let text: Vec<&str> = (0..1 + k % 5).map(|i| words[(k * 7 + i * (k % 3 + 1)) % words.len()]).collect();
            let rare = if k.is_multiple_of(50) { format!(" เฉพาะ{k}") } else { String::new() };
            page(&format!("{k}/"), &format!("{}{rare}", text.join(" ")))
        })
        .collect();
    let bigrams = |s: &str| -> std::collections::BTreeSet<String> {
        let chars: Vec<char> = fold(s).chars().collect();
        chars.windows(2).map(|w| w.iter().collect()).collect()
    };
    let mut expected: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (k, p) in pages.iter().enumerate() {
        for g in bigrams(&p.title).union(&bigrams(&p.text)) {
            expected.entry(g.clone()).or_default().push(k as u32);
        }
    }
    let mut runs = Vec::new();
    for threads in [1, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let files = pool.install(|| index_files_sized(&pages, 0, 512, 120));
        let mut found: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (name, bytes) in &files {
            if name.starts_with("b/") {
                let map: BTreeMap<String, serde_json::Value> = serde_json::from_slice(bytes).unwrap();
                for (g, list) in map {
                    found.insert(g, decode_pages(&list).into_iter().filter(|&i| (i as usize) < pages.len()).collect());
                }
            }
        }
        assert_eq!(found, expected, "{threads} threads");
        runs.push(files);
    }
    assert_eq!(runs[0], runs[1], "the same files whatever the threads");
    // Both forms are read above: lists of gaps (`:[`) and bitmaps (`:"`).
    let shards: Vec<&[u8]> = runs[0].iter().filter(|(n, _)| n.starts_with("b/")).map(|(_, b)| &b[..]).collect();
    for form in [&b":["[..], b":\""] {
        assert!(shards.iter().any(|b| b.windows(2).any(|w| w == form)), "{:?}", String::from_utf8_lossy(form));
    }
}

#[test]
fn index_is_deterministic() {
    let pages = sample();
    for (limit, shard, list) in [(DEFAULT_LIMIT, SHARD_TARGET, LIST_TARGET), (0, 512, 120), (0, 1 << 20, 1 << 20)] {
        let a = index_files_sized(&pages, limit, shard, list);
        let b = index_files_sized(&pages, limit, shard, list);
        assert_eq!(a, b);
    }
}

/// Shards of bigrams that `tests/js/search.test.mjs` expects too.
const SHARDS: [(&str, u32, u32); 7] = [
    ("กา", 64, 3),
    ("าร", 64, 34),
    ("ป.", 64, 1),
    ("ห้", 1024, 443),
    ("da", 1024, 892),
    ("25", 4096, 825),
    ("ำป", 7, 0),
];

#[test]
fn shard_numbers_shared_with_the_client() {
    for (g, n, s) in SHARDS {
        assert_eq!(shard_of(g, n), s, "{g} among {n}");
    }
    assert_eq!(shard_of("กา", 1), 0);
}

#[test]
fn query_bigrams_spread_over_long_queries() {
    assert_eq!(query_bigrams("ป.ป.ช."), ["ป.", ".ป", ".ช", "ช."]);
    assert_eq!(query_bigrams("ก"), Vec::<String>::new());
    let long = fold("รายงานผลการดำเนินงานประจำปีงบประมาณ");
    let picked = query_bigrams(&long);
    assert_eq!(picked.len(), MAX_QUERY_BIGRAMS);
    assert_eq!(picked.first().unwrap(), "รา");
    assert_eq!(picked.last().unwrap(), "าณ");
}

#[test]
fn sharded_search_finds_what_the_client_finds() {
    let files = files_map(fixture());
    let urls = |q: &str| find(&files, q).urls;
    // A word in the middle of a Thai run.
    assert_eq!(urls("การใช้จ่าย"), ["a/"]);
    assert_eq!(urls("ประจำปี"), ["b/"]);
    assert_eq!(urls("ประจ\u{e4d}\u{e32}ปี"), ["b/"], "ํา in the query");
    // A near miss is not a hit, even when every bigram is on the page.
    assert_eq!(urls("หอประชุม"), ["d/"]);
    assert_eq!(urls("ห้องประชุม"), ["c/"]);
    // Abbreviations: only pages that have them, in the title too.
    let ppc = find(&files, "ป.ป.ช.");
    assert_eq!(ppc.urls, ["e/", "h/"]);
    assert!(ppc.candidates > ppc.urls.len(), "f/ holds every bigram of ป.ป.ช. but not the word");
    // Digits both ways.
    assert_eq!(urls("๒๕๖๕"), ["b/", "d/"]);
    assert_eq!(urls("2565"), ["b/", "d/"]);
    // Latin case.
    assert_eq!(urls("open data"), ["g/"]);
    assert_eq!(urls("INTEGRITY"), ["g/"]);
    assert!(urls("ไม่มีคำนี้").is_empty());
    // Too short: nothing read.
    assert!(find(&files, " ก ").fetched.is_empty());
}

#[test]
fn sharded_search_reads_only_what_it_needs() {
    let files = files_map(fixture());
    let found = find(&files, "หอประชุม");
    let names: Vec<&str> = found.fetched.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(found.fetched[0].1, 0, "index.json is absent");
    assert_eq!(names[..2], ["search/index.json", "search/meta.json"]);
    assert!(names.iter().filter(|n| n.ends_with('/')).count() <= 2, "only the candidates' pages: {names:?}");
    for (name, size) in &found.fetched {
        let path = if name.ends_with('/') { format!("{name}index.html") } else { name.clone() };
        assert_eq!(*size, files.get(&path).map_or(0, Vec::len), "{name}");
    }
}

/// The files, with their sizes, that `tests/js/search.test.mjs` expects the client to fetch
/// from the fixture, in order.
const FETCHES: [(&str, &str); 4] = [
    (
        "หอประชุม",
        "search/index.json 0, search/meta.json 43, search/b/0.json 258, search/b/4.json 264, search/b/1.json 294, \
         search/b/2.json 306, search/b/5.json 256, search/p/1.json 51, c/ 259, d/ 278",
    ),
    (
        "ป.ป.ช.",
        "search/index.json 0, search/meta.json 43, search/b/1.json 294, search/b/3.json 294, search/b/5.json 256, \
         search/p/2.json 51, search/p/3.json 64, e/ 236, f/ 217, h/ 211",
    ),
    (
        "๒๕๖๕",
        "search/index.json 0, search/meta.json 43, search/b/1.json 294, search/b/7.json 181, search/b/4.json 264, \
         search/p/0.json 51, search/p/1.json 51, b/ 239, d/ 278",
    ),
    (
        "open data",
        "search/index.json 0, search/meta.json 43, search/b/6.json 289, search/b/1.json 294, search/b/5.json 256, \
         search/b/4.json 264, search/b/3.json 294, search/b/2.json 306, search/p/3.json 64, g/ 210",
    ),
];

#[test]
fn fetches_shared_with_the_client() {
    let files = files_map(fixture());
    let fetched = |q: &str| -> String {
        let names: Vec<String> = find(&files, q).fetched.iter().map(|(n, s)| format!("{n} {s}")).collect();
        names.join(", ")
    };
    let actual: Vec<(&str, String)> = FETCHES.iter().map(|(q, _)| (*q, fetched(q))).collect();
    let expected: Vec<(&str, String)> = FETCHES.iter().map(|(q, e)| (*q, e.to_string())).collect();
    assert_eq!(actual, expected);
}

#[test]
fn a_round_ends_at_the_page_budget_or_with_enough_results() {
    let long = "ข้อความ ".repeat(2000);
    let pages: Vec<Page> = (0..200).map(|i| page(&format!("p{i}/"), &format!("{long} ข้อความ {i}"))).collect();
    let files = files_map(site_of(&pages, index_files(&pages, 0)));
    let found = find(&files, "ข้อความ");
    assert_eq!(found.candidates, 200);
    let page_bytes: usize = found.fetched.iter().filter(|(n, _)| n.ends_with('/')).map(|(_, n)| n).sum();
    let one_page = files["p0/index.html"].len();
    assert!(page_bytes >= PAGE_BUDGET && page_bytes < PAGE_BUDGET + FETCH_BATCH * one_page, "{page_bytes}");
    assert_eq!(found.checked, found.urls.len());
    assert!(found.urls.len() < ROUND_RESULTS, "the budget ended the round");
    // Small pages: the round ends with ten results.
    let pages: Vec<Page> = (0..200).map(|i| page(&format!("p{i}/"), &format!("ข้อความ {i}"))).collect();
    let files = files_map(site_of(&pages, index_files(&pages, 0)));
    let found = find(&files, "ข้อความ");
    assert_eq!(found.urls.len(), 12, "three batches of four");
}

/// The site of the JS tests' fixture: `tests/js/fixtures/site/`, written by this test
/// with `UPDATE_SNAPSHOTS=1`.
#[test]
fn js_fixture_is_this_index() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/fixtures/site");
    let files = fixture();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    if update {
        let _ = std::fs::remove_dir_all(&dir);
    }
    for (name, bytes) in &files {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_default();
        assert!(on_disk == *bytes, "{name} of the JS fixture differs: run with UPDATE_SNAPSHOTS=1");
    }
    let count = walk_count(&dir);
    assert_eq!(count, files.len(), "stray files in the JS fixture: run with UPDATE_SNAPSHOTS=1");
}

fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { walk_count(&e.path()) } else { 1 }).sum())
        .unwrap_or(0)
}

#[test]
fn pages_added_as_html_give_the_index_of_their_text() {
    let pages = sample();
    let site = files_map(site_of(&pages, Vec::new()));
    for limit in [0, DEFAULT_LIMIT] {
        let from_html = Indexer::new(pages.len(), limit);
        let from_text = Indexer::new(pages.len(), limit);
        for (id, p) in pages.iter().enumerate() {
            let html = &site[&format!("{}index.html", p.url)];
            from_html.add_html(id, &p.title, html);
            let text = page_text(std::str::from_utf8(html).unwrap());
            from_text.add(id, &Page { text, ..p.clone() });
        }
        let target = |id: usize| Some((pages[id].url.clone(), pages[id].title.clone()));
        assert_eq!(from_html.files(target), from_text.files(target));
    }
    // Bytes that are not UTF-8 are read as U+FFFD: the rest of the page is still found.
    let lossy = Indexer::new(1, DEFAULT_LIMIT);
    lossy.add_html(0, "", b"<main>\xff\xe0\xb8 \xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3</main>");
    let files = lossy.files(|_| Some(("a/".to_string(), "ก".to_string())));
    let index = String::from_utf8(files[0].1.clone()).unwrap();
    assert!(index.contains("\"text\":\"\u{fffd}\u{fffd} การ\""), "{index}");
}
