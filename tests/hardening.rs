//! End-to-end: what a hostile or unlucky site folder must never do — run code from a file name,
//! publish a file from outside the site, leave a page unreachable by the site's own links, or
//! hide a reader's size limit behind a misleading message.

mod common;
use common::{snapshot, TestSite};
use std::collections::BTreeSet;
use std::path::Path;

/// Every `href`/`src` in the HTML pages of `public`, with the page it is on.
fn links(public: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(public) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let page = e.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/");
        let html = std::fs::read_to_string(e.path()).unwrap();
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                out.push((page.clone(), url.replace("&amp;", "&")));
            }
        }
    }
    out
}

/// The file a relative link on `page` opens, as a web server would find it; `None` for a link
/// that leaves the site (absolute URLs, fragments, mailto).
fn target(public: &Path, page: &str, url: &str) -> Option<std::path::PathBuf> {
    if url.contains(':') || url.starts_with('#') || url.starts_with('/') {
        return None;
    }
    let url = url.split(['#', '?']).next().unwrap();
    let mut parts: Vec<String> = page.split('/').map(str::to_string).collect();
    parts.pop();
    for seg in url.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut path = public.join(parts.join("/"));
    if url.ends_with('/') || url.is_empty() || url == "." {
        path = path.join("index.html");
    }
    Some(path)
}

fn percent_decode(s: &str) -> String {
    prongsai::links::percent_decode(s)
}

#[test]
fn a_file_named_like_a_script_url_is_refused_and_never_linked() {
    let s = TestSite::standard();
    s.build_ok();
    let before = snapshot(&s.path("public"));
    s.write("content/javascript:alert(7)%2F%2F.md", "---\ntitle: ข่าว\n---\nข่าวประชาสัมพันธ์\n");
    let r = s.run(&["build"]);
    assert!(!r.ok, "{}", r.all());
    let all = r.all();
    assert!(all.contains("content/javascript:alert(7)%2F%2F.md"), "names the file:\n{all}");
    assert!(all.contains("\"javascript:\""), "says why:\n{all}");
    assert_eq!(snapshot(&s.path("public")), before, "the previous output stays as it was");
    // `check` says so too, and a folder named so is refused with everything in it.
    s.remove("content/javascript:alert(7)%2F%2F.md");
    s.write("content/data:text/x.md", "---\ntitle: x\n---\n");
    let r = s.run(&["check"]);
    assert!(!r.ok && r.all().contains("content/data:text"), "{}", r.all());
    assert!(!r.all().contains("x.md"), "the folder's files are not reported one by one:\n{}", r.all());
}

#[test]
fn names_with_hash_question_mark_and_percent_are_reachable_from_every_link() {
    let s = TestSite::standard();
    s.write("site.yaml", &common::SITE_YAML.replace("pdf: off\n", "pdf: off\nnumerals: arabic\n"));
    s.write("content/คำสั่ง #1?.md", "---\ntitle: คำสั่งที่ 1\ndate: 2565-01-10\noit: [O2]\n---\nคำสั่งแต่งตั้ง\n");
    s.write("content/ข่าว/100% ครบ/_index.md", "---\ntitle: ครบร้อยเปอร์เซ็นต์\n---\n");
    s.write("content/ข่าว/100% ครบ/a&b.md", "---\ntitle: ข่าวเอและบี\ndate: 2565-02-01\n---\n");
    s.write(
        "content/about/links.md",
        "---\ntitle: ลิงก์\n---\n[คำสั่ง](<../คำสั่ง #1?.md>) [ข่าว](/ข่าว/100%25%20ครบ/a&b/) [เอกสาร](</docs/แผน #2.pdf>)\n",
    );
    s.write("static/docs/แผน #2.pdf", "%PDF-1.4 test");
    s.build_ok();
    let public = s.path("public");
    let mut checked = BTreeSet::new();
    for (page, url) in links(&public) {
        if let Some(file) = target(&public, &page, &url) {
            assert!(file.is_file(), "{page}: link {url} opens nothing ({})", file.display());
            checked.insert(file.strip_prefix(&public).unwrap().to_string_lossy().to_string());
        }
    }
    for needed in ["คำสั่ง #1?/index.html", "ข่าว/100% ครบ/index.html", "ข่าว/100% ครบ/a&b/index.html", "docs/แผน #2.pdf"]
    {
        assert!(checked.contains(needed), "no link reaches {needed}: {checked:?}");
    }
    // Absolute addresses written for the outside world are encoded too.
    let encoded = "%E0%B8%84%E0%B8%B3%E0%B8%AA%E0%B8%B1%E0%B9%88%E0%B8%87%20%231%3F/";
    for file in ["sitemap.xml", "feed.xml", "oit/urls.csv", "oit/index.json"] {
        let text = s.read(&format!("public/{file}"));
        assert!(text.contains(&format!("https://example.go.th/ita/{encoded}")), "{file}:\n{text}");
        assert!(!text.contains("#1?/"), "{file} has the raw name:\n{text}");
    }
    let index = s.read("public/search/index.json");
    assert!(index.contains(encoded) && !index.contains("#1?/"), "search index urls are encoded");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_folder_are_refused_in_content_static_and_themes() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: ความลับ SECRET-MARK\n---\nSECRET-MARK\n").unwrap();
    std::fs::write(outside.path().join("passwd"), "SECRET-MARK").unwrap();
    for (link, to) in [
        ("content/about/secret.md", "secret.md"),
        ("static/docs/passwd.txt", "passwd"),
        ("themes/default/templates/page.html", "passwd"),
    ] {
        let s = TestSite::standard();
        s.build_ok();
        let before = snapshot(&s.path("public"));
        std::fs::create_dir_all(s.path(link).parent().unwrap()).unwrap();
        symlink(outside.path().join(to), s.path(link)).unwrap();
        let r = s.run(&["build"]);
        assert!(!r.ok, "{link}: {}", r.all());
        assert!(r.all().contains(link), "names the link {link}:\n{}", r.all());
        assert!(r.all().contains(&outside.path().join(to).display().to_string()), "names the target:\n{}", r.all());
        assert_eq!(snapshot(&s.path("public")), before, "{link}: the previous output stays as it was");
    }
    // A link to a file inside the site folder is followed and published.
    let s = TestSite::standard();
    s.write("shared/logo.txt", "LOGO");
    std::fs::create_dir_all(s.path("static/img")).unwrap();
    symlink(s.path("shared/logo.txt"), s.path("static/img/logo.txt")).unwrap();
    s.build_ok();
    assert_eq!(s.read("public/img/logo.txt"), "LOGO");
}

#[test]
fn an_output_folder_inside_content_or_static_is_refused_before_anything_is_written() {
    let s = TestSite::standard();
    for out in ["content/public", "static/site"] {
        let r = s.run(&["build", "--output", s.path(out).to_str().unwrap()]);
        assert!(!r.ok, "{out}: {}", r.all());
        assert!(r.all().contains("อ่านผลลัพธ์กลับมาเป็นเนื้อหา"), "{}", r.all());
        assert!(!s.path(out).exists(), "{out} was created");
        let parent = s.path(out).parent().unwrap().to_path_buf();
        let stray: Vec<_> = std::fs::read_dir(&parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(stray.is_empty(), "nothing staged in {}: {stray:?}", parent.display());
    }
    s.build_ok();
}

#[test]
fn a_list_over_the_readers_size_limit_is_named_as_such() {
    let s = TestSite::standard();
    let mut text = String::from("---\ntitle: รายการยาว\nsteps:\n");
    for i in 0..300_000 {
        text.push_str(&format!("  - ขั้นที่ {i}\n"));
    }
    text.push_str("---\n");
    s.write("content/2565/anti/integrity/long.md", &text);
    let r = s.run(&["check"]);
    assert!(!r.ok);
    let all = r.all();
    assert!(all.contains("ใหญ่เกินขีดจำกัดของตัวอ่าน") && all.contains("250,000"), "{all}");
    assert!(all.contains("แบ่งข้อมูลเป็นหลายไฟล์"), "says what to do:\n{all}");
    assert!(!all.contains("รูปแบบ YAML ตรงนี้ไม่ถูกต้อง"), "{all}");
}
