//! End-to-end: `prongsai serve` on a free port against a temporary site, driven over HTTP.

mod common;
use common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Preview {
    child: Child,
    addr: String,
    /// What serve printed before its address.
    banner: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The error overlay the reload script puts on every page while the site is broken.
const OVERLAY: &str = "<div id=\"prongsai-error\">";

fn start(site: &TestSite) -> Preview {
    start_with(site, &[])
}

fn start_with(site: &TestSite, more: &[&str]) -> Preview {
    start_env(site, more, &[])
}

fn start_env(site: &TestSite, more: &[&str], env: &[(&str, &str)]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .args(more)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 && !line.contains("http://") {
        banner.push_str(&line);
        line.clear();
    }
    let start = line.find("http://").expect(&line);
    let addr = line[start + 7..].split('/').next().unwrap().to_string();
    Preview { child, addr, banner }
}

/// Sends a request with extra header lines, returns (status code, head, body bytes).
fn request(addr: &str, method: &str, target: &str, headers: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {target} HTTP/1.1\r\nHost: x\r\n{headers}Connection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let at = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4).unwrap_or(buf.len());
    let head = String::from_utf8_lossy(&buf[..at]).to_string();
    let code = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, head, buf[at..].to_vec())
}

/// The value of a header line if it is the header `name` (any case).
fn header_value<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let (n, v) = line.split_once(':')?;
    n.eq_ignore_ascii_case(name).then_some(v.trim())
}

/// Sends a raw request line, returns (status code, body).
fn raw(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (code, body)
}

fn wait_for(what: &str, ok: impl FnMut() -> bool) {
    wait_within(what, Duration::from_secs(15), ok)
}

fn wait_within(what: &str, within: Duration, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < within {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

/// An open page's event stream.
struct Events {
    stream: TcpStream,
    /// What arrived and was not yet looked at.
    unread: Vec<u8>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET /__prongsai/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut events = Events { stream, unread: Vec::new() };
        assert!(events.wait_for("text/event-stream", Duration::from_secs(10)), "no event stream");
        events
    }

    /// Whether `text` arrives within `within`; what came up to it is then read.
    fn wait_for(&mut self, text: &str, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            if let Some(at) = self.unread.windows(text.len()).position(|w| w == text.as_bytes()) {
                self.unread.drain(..at + text.len());
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            self.stream.set_read_timeout(Some(left)).unwrap();
            let mut buf = [0; 4096];
            match self.stream.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => self.unread.extend_from_slice(&buf[..n]),
            }
        }
    }
}

/// Copies a folder and everything in it.
fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// After content/ was replaced (with `p`'s event stream open before): once the rebuild this
/// caused has passed, an edit shows within 10 s.
fn edit_shows_after_replacing(s: &TestSite, p: &Preview, events: &mut Events, what: &str) {
    assert!(events.wait_for("event: reload", Duration::from_secs(10)), "{what}: no rebuild once content/ is back");
    // Any rebuild still due to the replacing passes first, so that only a watch can see the edit.
    std::thread::sleep(Duration::from_millis(500));
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\nแก้หลังเอาโฟลเดอร์คืน\n");
    wait_within(what, Duration::from_secs(10), || raw(&p.addr, "/about/contact/").1.contains("แก้หลังเอาโฟลเดอร์คืน"));
}

#[test]
fn edits_show_after_content_is_moved_away_and_back() {
    // What `git stash`, a checkout or putting a backup back does: the same folders come back
    // under their names, but the system's watch on them was dropped on the way.
    let s = TestSite::standard();
    let p = start(&s);
    let mut events = Events::open(&p.addr);
    for folder in ["content", "static"] {
        std::fs::rename(s.path(folder), s.path(&format!("{folder}-away"))).unwrap();
        std::fs::rename(s.path(&format!("{folder}-away")), s.path(folder)).unwrap();
    }
    edit_shows_after_replacing(&s, &p, &mut events, "edit after content/ moved away and back");
    s.write("static/docs/added.pdf", "%PDF added");
    wait_within("a file added to static/ after it moved away and back", Duration::from_secs(10), || {
        raw(&p.addr, "/docs/added.pdf").0 == 200
    });
}

#[test]
fn edits_show_after_content_is_replaced_by_a_copy() {
    // `rm -rf content && cp -r backup content`: another folder under the same name.
    let s = TestSite::standard();
    let backup = tempfile::tempdir().unwrap();
    copy_folder(&s.path("content"), &backup.path().join("content"));
    let p = start(&s);
    let mut events = Events::open(&p.addr);
    std::fs::remove_dir_all(s.path("content")).unwrap();
    copy_folder(&backup.path().join("content"), &s.path("content"));
    edit_shows_after_replacing(&s, &p, &mut events, "edit after content/ was replaced by a copy");
}

#[test]
fn a_connection_that_stops_mid_request_is_closed_while_others_are_served() {
    let s = TestSite::standard();
    let timeout = Duration::from_millis(1000);
    let p = start_env(&s, &[], &[("PRONGSAI_HEADER_TIMEOUT_MS", &timeout.as_millis().to_string())]);
    let mut events = Events::open(&p.addr);
    let started = Instant::now();
    let mut half = TcpStream::connect(&p.addr).unwrap();
    half.write_all(b"GET /about/con").unwrap();
    let silent = TcpStream::connect(&p.addr).unwrap();
    // Meanwhile another connection is served.
    assert_eq!(raw(&p.addr, "/about/contact/").0, 200);
    for (what, mut conn) in [("half a request line", half), ("nothing", silent)] {
        conn.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
        let mut buf = Vec::new();
        let closed = match conn.read_to_end(&mut buf) {
            Ok(_) => true,
            Err(e) => matches!(e.kind(), std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted),
        };
        let after = started.elapsed();
        assert!(closed, "a connection that sent {what} is still open after {after:?}");
        assert!(after < timeout + Duration::from_secs(3), "a connection that sent {what} closed only after {after:?}");
    }
    // The event stream, open longer than the timeout, still brings reloads.
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\nหลังหมดเวลา\n");
    assert!(events.wait_for("event: reload", Duration::from_secs(10)), "the event stream was cut");
    assert!(raw(&p.addr, "/about/contact/").1.contains("หลังหมดเวลา"));
}

#[test]
fn serves_on_loopback_with_drafts_and_content_types() {
    let s = TestSite::standard();
    s.write("content/about/draft.md", "---\ntitle: ร่างที่ยังไม่เผยแพร่\ndraft: true\n---\n");
    let p = start(&s);
    assert!(p.addr.starts_with("127.0.0.1:"), "loopback by default: {}", p.addr);
    let (code, body) = raw(&p.addr, "/about/draft/");
    assert_eq!(code, 200, "drafts are previewed");
    assert!(body.contains("ร่างที่ยังไม่เผยแพร่"));
    assert!(body.contains("/__prongsai/events"), "reload script injected");
    let (code, head, _) = request(&p.addr, "GET", "/docs/structure.pdf", "");
    assert_eq!(code, 200);
    assert!(head.to_lowercase().contains("content-type: application/pdf"), "{head}");
    let (code, body) = raw(&p.addr, "/nowhere/");
    assert_eq!(code, 404);
    assert!(body.contains("ไม่พบหน้าที่ต้องการ"), "Thai 404");
    assert_eq!(raw(&p.addr, "/about").0, 301);
    // The build output never gets the script.
    s.build_ok();
    assert!(!s.page("about/contact/").contains("__prongsai"));
}

#[test]
fn refuses_traversal() {
    let s = TestSite::standard();
    let p = start(&s);
    for target in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/about/..%2f..%2fsite.yaml",
        "/about%5c..%5c..%5csite.yaml",
        "/..%252fsite.yaml",
    ] {
        let (code, body) = raw(&p.addr, target);
        assert!(code == 400 || code == 404, "{target}: {code}");
        assert!(!body.contains("base_url"), "{target} leaked site.yaml");
    }
    for target in ["/site.yaml", "/content/about/contact.md", "/static/docs/structure.pdf"] {
        assert_eq!(raw(&p.addr, target).0, 404, "{target} is not part of the site");
    }
}

#[test]
fn edits_renames_new_and_deleted_files_show() {
    let s = TestSite::standard();
    let p = start(&s);
    // Written in place.
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\nเบอร์ใหม่ 0 4211 1111\n");
    wait_for("in-place edit", || raw(&p.addr, "/about/contact/").1.contains("เบอร์ใหม่"));
    // Written to a temporary file and renamed over (vim, VS Code).
    let tmp = s.path("content/about/.contact.md.swp");
    std::fs::write(&tmp, "---\ntitle: ติดต่อเรา\n---\nบันทึกแบบเปลี่ยนชื่อทับ\n").unwrap();
    std::fs::rename(&tmp, s.path("content/about/contact.md")).unwrap();
    wait_for("rename-over save", || raw(&p.addr, "/about/contact/").1.contains("บันทึกแบบเปลี่ยนชื่อทับ"));
    // A new file appears, a deleted one goes.
    s.write("content/news/first.md", "---\ntitle: ข่าวแรก\n---\n");
    wait_for("new page", || raw(&p.addr, "/news/first/").0 == 200);
    s.remove("content/news/first.md");
    wait_for("deleted page", || raw(&p.addr, "/news/first/").0 == 404);
    // Deleted and created again (some editors save so).
    s.remove("content/about/contact.md");
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\nลบแล้วสร้างใหม่\n");
    wait_for("delete and recreate", || raw(&p.addr, "/about/contact/").1.contains("ลบแล้วสร้างใหม่"));
    // Many files at once (a git checkout).
    for i in 0..30 {
        s.write(&format!("content/news/item-{i:02}.md"), &format!("---\ntitle: ข่าวที่ {i}\n---\n"));
    }
    wait_for("many files", || (0..30).all(|i| raw(&p.addr, &format!("/news/item-{i:02}/")).0 == 200));
    // A change to an activity updates its plan's reports.
    let text = s.read("content/2565/anti/integrity/risk.md").replace("spent: 10000", "spent: 12000");
    s.write("content/2565/anti/integrity/risk.md", &text);
    wait_for("report updated", || common::text(&raw(&p.addr, "/2565/anti/9m/").1).contains("ใช้จ่ายในรอบนี้ ๑๒,๐๐๐ บาท"));
}

/// Breaks `content/about/contact.md` (front matter that does not parse) and waits for the
/// error overlay; returns the file's good text.
fn break_contact(s: &TestSite, p: &Preview) -> String {
    let good = s.read("content/about/contact.md");
    s.write("content/about/contact.md", "---\ntitle: [ไม่ปิดวงเล็บ\n---\n");
    wait_for("error overlay", || raw(&p.addr, "/about/structure/").1.contains(OVERLAY));
    good
}

#[test]
fn broken_file_shows_its_error_and_recovers() {
    let s = TestSite::standard();
    let p = start(&s);
    let good = break_contact(&s, &p);
    let (code, body) = raw(&p.addr, "/about/contact/");
    assert_eq!(code, 200, "last good page still served");
    assert!(body.contains("content/about/contact.md:2:"), "file and line in the overlay");
    assert!(raw(&p.addr, "/2565/anti/6m/").1.contains("รายงานรอบหกเดือนทดสอบ"), "other pages serve");
    s.write("content/about/contact.md", &good);
    wait_for("recovery", || !raw(&p.addr, "/about/structure/").1.contains(OVERLAY));
}

#[test]
fn body_edits_show_a_broken_link_in_one_shows_its_error_and_a_title_edit_after_them_shows() {
    let s = TestSite::standard();
    let p = start(&s);
    let head = "---\ntitle: โครงสร้างหน่วยงาน\noit: [O1]\ndate: 2565-11-01\ndocuments:\n  - {title: แผนผังโครงสร้าง, file: docs/structure.pdf}\n---\n";
    s.write("content/about/structure.md", &format!("{head}ข้อความใหม่\n"));
    wait_for("body edit", || raw(&p.addr, "/about/structure/").1.contains("ข้อความใหม่"));
    s.write("content/about/structure.md", &format!("{head}ดู[ไม่มี](/about/nowhere/)\n"));
    wait_for("error overlay", || raw(&p.addr, "/about/contact/").1.contains(OVERLAY));
    assert!(raw(&p.addr, "/about/contact/").1.contains("content/about/structure.md:8:"), "file and line of the link");
    s.write("content/about/structure.md", &format!("{head}แก้ลิงก์แล้ว\n"));
    wait_for("recovery", || {
        let page = raw(&p.addr, "/about/structure/").1;
        !page.contains(OVERLAY) && page.contains("แก้ลิงก์แล้ว")
    });
    // After edits to the body alone, a new title still reaches the folder's list.
    s.write("content/about/structure.md", &format!("{}แก้ลิงก์แล้ว\n", head.replace("โครงสร้างหน่วยงาน", "ผังองค์กร")));
    wait_for("title in the folder's list", || raw(&p.addr, "/about/").1.contains("ผังองค์กร"));
}

#[test]
fn a_page_edited_while_another_file_is_broken_shows_once_that_is_mended() {
    let s = TestSite::standard();
    let p = start(&s);
    let good = break_contact(&s, &p);
    let structure = s.read("content/about/structure.md");
    s.write("content/about/structure.md", &format!("{structure}\nเขียนระหว่างที่อีกไฟล์เสีย\n"));
    std::thread::sleep(Duration::from_millis(300));
    s.write("content/about/contact.md", &good);
    wait_for("the page edited meanwhile", || {
        let page = raw(&p.addr, "/about/structure/").1;
        !page.contains(OVERLAY) && page.contains("เขียนระหว่างที่อีกไฟล์เสีย")
    });
}

#[test]
fn reload_event_arrives_after_a_save() {
    let s = TestSite::standard();
    let p = start(&s);
    let mut stream = TcpStream::connect(&p.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    write!(stream, "GET /__prongsai/events HTTP/1.1\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 && !line.contains("text/event-stream") {
        line.clear();
    }
    assert!(line.contains("text/event-stream"));
    std::thread::sleep(Duration::from_millis(200));
    s.write("content/about/contact.md", "---\ntitle: ติดต่อ\n---\nแก้แล้ว\n");
    let start = Instant::now();
    let mut seen = String::new();
    while start.elapsed() < Duration::from_secs(15) {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
        if seen.contains("event: reload") {
            return;
        }
    }
    panic!("no reload event: {seen}");
}

#[test]
fn a_site_broken_from_the_start_shows_its_error_then_builds() {
    let s = TestSite::standard();
    let good = s.read("content/about/contact.md");
    s.write("content/about/contact.md", "---\ntitle: ติดต่อ\noit: [O999]\n---\n");
    let p = start(&s);
    let (code, body) = raw(&p.addr, "/");
    assert_eq!(code, 503);
    assert!(body.contains("content/about/contact.md:3:7"), "{body}");
    assert_eq!(raw(&p.addr, "/assets/style.css").0, 200, "the theme's style serves anyway");
    s.write("content/about/contact.md", &good);
    wait_for("first good build", || raw(&p.addr, "/").0 == 200);
}

#[test]
fn a_site_catalogue_outside_oit_is_watched() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("{}oit_catalog: data/catalog.yaml\n", common::SITE_YAML));
    let catalog = "title: แบบตรวจของเขต\ngroups:\n  - title: ข้อมูลพื้นฐาน\n    items:\n      - {code: O1, title: โครงสร้าง}\n      - {code: O5, title: ติดต่อ}\n      - {code: O39, title: แผน}\n      - {code: O40, title: รอบหกเดือน}\n      - {code: O41, title: รายปี}\n";
    s.write("data/catalog.yaml", catalog);
    let p = start(&s);
    assert!(raw(&p.addr, "/oit/").1.contains("แบบตรวจของเขต"));
    s.write("data/catalog.yaml", &catalog.replace("แบบตรวจของเขต", "แบบตรวจฉบับแก้"));
    wait_for("catalogue change", || raw(&p.addr, "/oit/").1.contains("แบบตรวจฉบับแก้"));
}

#[test]
fn a_static_folder_created_after_start_is_watched() {
    let s = TestSite::standard();
    s.write("content/about/structure.md", "---\ntitle: โครงสร้าง\n---\n");
    std::fs::remove_dir_all(s.path("static")).unwrap();
    let p = start(&s);
    s.write("static/first.pdf", "%PDF first");
    wait_for("new static folder", || raw(&p.addr, "/first.pdf").0 == 200);
    s.write("static/later/second.pdf", "%PDF second");
    wait_for("file added inside it later", || raw(&p.addr, "/later/second.pdf").0 == 200);
}

#[test]
fn a_pdf_viewer_gets_byte_ranges_and_browsers_get_304s() {
    let s = TestSite::standard();
    let p = start(&s);
    // static/docs/structure.pdf is "%PDF-1.4 test": bytes 1–3 are "PDF".
    let (code, head, body) = request(&p.addr, "GET", "/docs/structure.pdf", "Range: bytes=1-3\r\n");
    assert_eq!(code, 206, "{head}");
    assert!(head.to_lowercase().contains("content-range: bytes 1-3/13"), "{head}");
    assert_eq!(body, b"PDF");
    let (code, head, body) = request(&p.addr, "HEAD", "/docs/structure.pdf", "");
    assert_eq!(code, 200);
    let lower = head.to_lowercase();
    assert!(lower.contains("content-length: 13") && lower.contains("accept-ranges: bytes"), "{head}");
    assert!(body.is_empty(), "HEAD has no body");
    // A page held in memory: its ETag comes back as 304.
    let (code, head, _) = request(&p.addr, "GET", "/about/contact/", "");
    assert_eq!(code, 200);
    let etag = head.lines().find_map(|l| header_value(l, "etag")).expect("etag").trim().to_string();
    let (code, _, body) = request(&p.addr, "GET", "/about/contact/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(code, 304);
    assert!(body.is_empty());
    // A file's Last-Modified comes back as 304 too.
    let (_, head, _) = request(&p.addr, "GET", "/docs/structure.pdf", "");
    let modified =
        head.lines().find_map(|l| header_value(l, "last-modified")).expect("last-modified").trim().to_string();
    let (code, _, _) = request(&p.addr, "GET", "/docs/structure.pdf", &format!("If-Modified-Since: {modified}\r\n"));
    assert_eq!(code, 304);
    assert_eq!(request(&p.addr, "POST", "/", "").0, 405);
}

#[test]
fn polling_sees_saves_where_the_system_sends_no_events() {
    let s = TestSite::standard();
    let p = start_with(&s, &["--poll", "100"]);
    assert!(p.banner.contains("poll"), "{}", p.banner);
    s.write("content/about/contact.md", "---\ntitle: ติดต่อ\n---\nเบอร์จากการวนตรวจ\n");
    wait_for("the polled change", || raw(&p.addr, "/about/contact/").1.contains("เบอร์จากการวนตรวจ"));
}

#[test]
fn the_preview_makes_its_search_index_once_the_editor_pauses() {
    let s = TestSite::standard();
    let p = start(&s);
    wait_for("the first index", || raw(&p.addr, "/search/index.json").1.contains("โทร 0 4200 0000"));
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\n---\nเบอร์ใหม่ 0 4211 1111\n");
    wait_for("the index after a save", || raw(&p.addr, "/search/index.json").1.contains("เบอร์ใหม่"));
}

#[test]
fn the_preview_oit_index_shows_the_gaps_and_how_sure_the_list_is() {
    let s = TestSite::empty();
    s.write("site.yaml", &format!("{}ita_year: 2569\nita_body: obec-school\n", common::SITE_YAML));
    s.write("content/about/contact.md", "---\ntitle: ติดต่อเรา\noit: [O3]\n---\n");
    let p = start(&s);
    let (code, body) = raw(&p.addr, "/oit/");
    assert_eq!(code, 200);
    assert_eq!(body.matches("<tr id=\"O").count(), 18, "every item in the preview");
    assert!(body.contains("ยังไม่มีหน้าเผยแพร่"), "the gaps");
    assert!(body.contains("ยืนยันแล้ว 13 จาก 18 ข้อ") && body.contains("สพท."), "how sure");
    // The public build lists only O3.
    s.build_ok();
    let public = s.page("oit/");
    assert_eq!(public.matches("<tr id=\"O").count(), 1, "{public}");
    assert!(!public.contains("ยืนยันแล้ว"));
}

/// The page as a build would write it: the preview's reload script taken out.
fn without_reload_script(page: &str) -> String {
    let Some(start) = page.find("<script>(function(){\nvar k=\"prongsai-scroll:") else { return page.to_string() };
    let end = page[start..].find("</script>").map_or(page.len(), |e| start + e + "</script>".len());
    format!("{}{}", &page[..start], &page[end..])
}

#[test]
fn the_preview_offers_the_pdf_a_build_kept_for_a_report_as_it_is_now() {
    if prongsai::output::pdf::find_browser().is_none() {
        eprintln!("skipped: no Chromium/Chrome/Edge on this machine");
        return;
    }
    let s = TestSite::standard();
    s.write("site.yaml", &common::SITE_YAML.replace("pdf: off\n", ""));
    s.build_ok();
    let built = |round: &str| std::fs::read(s.path(&format!("public/2565/anti/{round}/report.pdf"))).unwrap();
    let p = start(&s);
    for round in ["6m", "9m"] {
        let (code, page) = raw(&p.addr, &format!("/2565/anti/{round}/"));
        assert_eq!(code, 200);
        assert!(page.contains("href=\"report.pdf\""), "{round}: the page links its PDF:\n{page}");
        assert_eq!(without_reload_script(&page), s.page(&format!("2565/anti/{round}/")), "{round}: as built");
        let (code, head, body) = request(&p.addr, "GET", &format!("/2565/anti/{round}/report.pdf"), "");
        assert_eq!(code, 200, "{round}: {head}");
        assert!(head.to_lowercase().contains("content-type: application/pdf"), "{head}");
        assert_eq!(body, built(round), "{round}: the PDF the build printed");
    }

    // The six-month report changes: its PDF no longer shows it, the nine-month one still does.
    s.write(
        "content/2565/anti/reports/6m.md",
        "---\ntitle: รายงานรอบหกเดือนทดสอบ\ndate: 2565-04-20\n---\n## คำนำ\n\nรายงานฉบับแก้ไข\n",
    );
    wait_for("the edited report", || raw(&p.addr, "/2565/anti/6m/").1.contains("รายงานฉบับแก้ไข"));
    assert!(!raw(&p.addr, "/2565/anti/6m/").1.contains("report.pdf"), "no link to a PDF of the old report");
    assert_eq!(raw(&p.addr, "/2565/anti/6m/report.pdf").0, 404);
    assert!(raw(&p.addr, "/2565/anti/9m/").1.contains("href=\"report.pdf\""));
    assert_eq!(request(&p.addr, "GET", "/2565/anti/9m/report.pdf", "").2, built("9m"));
}
