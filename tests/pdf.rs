//! End-to-end: each round report printed to an A4 PDF by a Chromium-family browser. The tests
//! that print need a browser and poppler's pdftotext/pdffonts; without them they say so and
//! pass (CI installs both).

mod common;
use common::{snapshot, TestSite};
use std::process::Command;

fn tools() -> bool {
    let found = prongsai::output::pdf::find_browser().is_some()
        && Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdffonts").arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: no Chromium/Chrome/Edge or no pdftotext/pdffonts on this machine");
    }
    found
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_seeds_six_month_report_prints_with_every_project_activity_and_total() {
    if !tools() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["build", "--pdf", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let pdf = out.path().join("public/2565/anti-corruption/6m/report.pdf");
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat = squeeze(&text);
    let site = prongsai::load_checked(root, false, false).unwrap().site;
    let plan = &site.plans[0];
    for needle in [site.config.title.as_str(), plan.title.as_str(), "รอบ ๖ เดือน", "๑๐๐,๐๐๐", "๖๑,๐๐๐", "๓๙,๐๐๐"]
    {
        assert!(flat.contains(&squeeze(needle)), "{needle} missing from the PDF:\n{text}");
    }
    for p in &plan.projects {
        assert!(flat.contains(&squeeze(&p.title)), "project {} missing:\n{text}", p.title);
        for a in &p.activities {
            assert!(flat.contains(&squeeze(&a.title)), "activity {} missing:\n{text}", a.title);
        }
    }
    // Tone marks stay above the upper vowels: no doubled syllables in the extracted text.
    assert!(!flat.contains("ชั้ชั้น"));
    let fonts = String::from_utf8(Command::new("pdffonts").arg(&pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("Sarabun") && r.contains(" yes ")), "{fonts}");
    // The page links to its PDF.
    assert!(std::fs::read_to_string(out.path().join("public/2565/anti-corruption/6m/index.html"))
        .unwrap()
        .contains("href=\"report.pdf\""));
}

#[test]
fn without_a_browser_the_build_says_so_once_unless_pdfs_are_required() {
    let s = TestSite::standard();
    s.build_ok();
    s.write("site.yaml", &common::SITE_YAML.replace("pdf: off\n", ""));
    let before = snapshot(&s.path("public"));
    let build = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .env("PRONGSAI_BROWSER", "/nonexistent/browser")
            .args(args)
            .arg("--root")
            .arg(s.root())
            .output()
            .unwrap()
    };
    let out = build(&["build", "--pdf"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ไม่พบเว็บเบราว์เซอร์"));
    assert_eq!(snapshot(&s.path("public")), before, "the previous output stays as it was");
    let out = build(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("ไม่พบเว็บเบราว์เซอร์").count(), 1, "{stderr}");
    assert!(!s.path("public/2565/anti/6m/report.pdf").exists());
    assert!(!s.page("2565/anti/6m/").contains("report.pdf"), "no link to a PDF that is not there");
}

/// One printing test at a time: each starts a browser, and the machines that run the tests are
/// small; the time limit of one test must not be spent waiting for another's browser.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_browser() -> std::sync::MutexGuard<'static, ()> {
    ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

/// A TCP server on 127.0.0.1 that records every connection made to it: it answers each with a
/// small HTML page naming `marker`, or, when `silent`, accepts and never answers.
struct Recorder {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Recorder {
    fn start(marker: &str, silent: bool) -> Recorder {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (log, marker) = (seen.clone(), marker.to_string());
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                log.lock().unwrap().push("connection".to_string());
                if silent {
                    held.push(stream);
                    continue;
                }
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
                let mut buf = [0u8; 2048];
                let n = stream.read(&mut buf).unwrap_or(0);
                let first = String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or_default().to_string();
                log.lock().unwrap().push(first);
                let body = format!("<p>{marker}</p>");
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Recorder { port, seen }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// What a guarded build printed, and whether it had to be stopped.
struct Guarded {
    ok: bool,
    stopped: bool,
    stderr: String,
}

/// Runs `prongsai build <args> --root <site>` with `env`, stopping it (and every process it
/// started) when it runs longer than `limit`.
fn build_within(s: &TestSite, args: &[&str], env: &[(&str, &str)], limit: std::time::Duration) -> Guarded {
    use std::io::Read;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    cmd.arg("build").args(args).arg("--root").arg(s.root()).envs(env.iter().copied());
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().unwrap();
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    });
    let start = std::time::Instant::now();
    let (status, stopped) = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break (Some(status), false);
        }
        if start.elapsed() > limit {
            stop_group(&mut child);
            break (None, true);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let stderr = reader.join().unwrap();
    Guarded { ok: status.is_some_and(|s| s.success()), stopped, stderr }
}

/// Stops a build started by [`build_within`] and every process it started: the build runs in a
/// process group of its own, whose id is its own.
fn stop_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(child.id()) {
        if group > 1 {
            // SAFETY: a plain system call; a negative id names that one process group only.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The finding of `stderr` (its first line and the `→` lines under it) that contains `needle`.
fn findings_with(stderr: &str, needle: &str) -> Vec<String> {
    let mut findings: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("    ") {
            if let Some(last) = findings.last_mut() {
                last.push('\n');
                last.push_str(line);
                continue;
            }
        }
        findings.push(line.to_string());
    }
    findings.into_iter().filter(|f| f.contains(needle)).collect()
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A test site whose round reports are printed (`pdf: auto`), with HTML allowed in content.
fn printing_site() -> TestSite {
    let s = TestSite::standard();
    s.write("site.yaml", &common::SITE_YAML.replace("pdf: off\n", "allow_html: true\n"));
    s
}

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{tag}-{}-{nanos}", std::process::id())
}

#[test]
fn a_report_prints_from_the_sites_own_files_and_names_what_it_left_out() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let frame_marker = unique("FRAMEMARKER");
    let recorder = Recorder::start(&frame_marker, false);
    let s = printing_site();
    let secret_marker = unique("SECRETMARKER");
    s.write("elsewhere/secret.txt", &secret_marker);
    let secret = format!("file://{}", s.path("elsewhere/secret.txt").display());
    let image = format!("http://127.0.0.1:{}/x.png", recorder.port);
    let frame = format!("http://127.0.0.1:{}/frame", recorder.port);
    s.write(
        "content/2565/anti/reports/6m.md",
        &format!(
            "---\ntitle: รายงานรอบหกเดือนทดสอบ\n---\n## คำนำ\n\nรายงานฉบับนี้\n\n![ภาพจากที่อื่น]({image})\n\n\
             <iframe src=\"{secret}\"></iframe>\n\n<iframe src=\"{frame}\"></iframe>\n\n\
             <link rel=\"preconnect\" href=\"http://127.0.0.1:{port}\">\n",
            port = recorder.port
        ),
    );
    let run = build_within(&s, &[], &[], std::time::Duration::from_secs(120));
    assert!(!run.stopped, "the build did not finish in 120 s:\n{}", run.stderr);
    assert!(run.ok, "{}", run.stderr);
    assert!(s.path("public/2565/anti/6m/report.pdf").is_file(), "no report.pdf:\n{}", run.stderr);
    let text = pdf_text(&s.path("public/2565/anti/6m/report.pdf"));
    assert!(squeeze(&text).contains("รายงานฉบับนี้"), "{text}");
    assert!(!text.contains(&secret_marker), "a file outside the site got into the PDF:\n{text}");
    assert!(!text.contains(&frame_marker), "a frame from another address got into the PDF:\n{text}");
    assert_eq!(recorder.seen(), Vec::<String>::new(), "a request left for another address");
    let named = findings_with(&run.stderr, &image);
    assert_eq!(named.len(), 1, "one warning names the picture:\n{}", run.stderr);
    for address in [&secret, &frame] {
        assert!(named[0].contains(address.as_str()), "{address} not named in:\n{}", named[0]);
        assert_eq!(findings_with(&run.stderr, address).len(), 1, "{}", run.stderr);
    }
    assert!(named[0].contains("content/2565/anti/reports/6m.md"), "{}", named[0]);
}

#[test]
fn an_address_that_never_answers_does_not_hold_up_the_build() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let silent = Recorder::start("", true);
    let s = printing_site();
    let image = format!("http://127.0.0.1:{}/never.png", silent.port);
    s.write(
        "content/2565/anti/reports/6m.md",
        &format!("---\ntitle: รายงานรอบหกเดือนทดสอบ\n---\nรายงานฉบับนี้\n\n![ภาพที่ไม่มาสักที]({image})\n"),
    );
    let started = std::time::Instant::now();
    let run = build_within(&s, &[], &[], std::time::Duration::from_secs(120));
    assert!(!run.stopped, "the build was still waiting after 120 s:\n{}", run.stderr);
    assert!(run.ok, "{}", run.stderr);
    assert!(s.path("public/2565/anti/6m/report.pdf").is_file());
    assert!(squeeze(&pdf_text(&s.path("public/2565/anti/6m/report.pdf"))).contains("รายงานฉบับนี้"));
    assert_eq!(silent.seen(), Vec::<String>::new(), "the browser connected to another address");
    assert_eq!(findings_with(&run.stderr, &image).len(), 1, "{}", run.stderr);
    eprintln!("built with an address that never answers in {:.1} s", started.elapsed().as_secs_f64());
}

/// A narrative so long (a table of `rows` rows) that printing it takes far longer than the
/// short time limit the tests set, while the other reports print well within it.
fn long_narrative(rows: usize) -> String {
    let mut text = String::from(
        "---\ntitle: รายงานรอบหกเดือนที่ยาวมาก\n---\nรายงานฉบับนี้\n\n| ลำดับ | รายการ | จำนวนเงิน |\n|---|---|---|\n",
    );
    for i in 0..rows {
        text.push_str(&format!("| {i} | รายการจัดซื้อที่ {i} ของโครงการคุณธรรม | ๑๐๐,๐๐๐ |\n"));
    }
    text
}

#[test]
fn a_report_that_cannot_be_printed_in_time_is_named_and_the_others_are_printed() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let s = printing_site();
    s.write("content/2565/anti/reports/6m.md", &long_narrative(30_000));
    let limit = [("PRONGSAI_PDF_TIMEOUT_SECS", "8")];
    let run = build_within(&s, &[], &limit, std::time::Duration::from_secs(300));
    assert!(!run.stopped && run.ok, "{}", run.stderr);
    for round in ["9m", "12m"] {
        let pdf = s.path(&format!("public/2565/anti/{round}/report.pdf"));
        assert!(pdf.is_file(), "{round}: no report.pdf\n{}", run.stderr);
        assert!(s.page(&format!("2565/anti/{round}/")).contains("href=\"report.pdf\""));
    }
    assert!(!s.path("public/2565/anti/6m/report.pdf").exists());
    assert!(!s.page("2565/anti/6m/").contains("report.pdf"), "no link to a PDF that is not there");
    let named = findings_with(&run.stderr, "content/2565/anti/reports/6m.md");
    assert_eq!(named.len(), 1, "{}", run.stderr);
    assert!(named[0].contains("2565/anti/6m/") && named[0].contains("8 วินาที"), "{}", named[0]);

    // With PDFs required, the build fails and the output stays as it was.
    let before = snapshot(&s.path("public"));
    let run = build_within(&s, &["--pdf"], &limit, std::time::Duration::from_secs(300));
    assert!(!run.stopped && !run.ok, "{}", run.stderr);
    assert!(run.stderr.contains("2565/anti/6m/"), "{}", run.stderr);
    assert_eq!(snapshot(&s.path("public")), before, "the previous output stays as it was");
}

/// Every folder beside the output that a build leaves (`.public.*`), but the PDFs it keeps for
/// the next build (`.public.pdf-cache`).
fn leftovers(s: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(s.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != ".public.pdf-cache")
        .collect();
    names.sort();
    names
}

/// Whether a process is running (on Linux; elsewhere the answer is "no").
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
}

#[test]
fn the_next_build_cleans_up_after_a_killed_one() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let s = printing_site();
    s.write("content/2565/anti/reports/6m.md", &long_narrative(30_000));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    cmd.arg("build").arg("--root").arg(s.root()).stdout(std::process::Stdio::null());
    cmd.stderr(std::process::Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut build = cmd.spawn().unwrap();
    // Wait until the browser is printing, then kill the build alone (not its browser).
    let started = std::time::Instant::now();
    let port_file = loop {
        let found = leftovers(&s)
            .into_iter()
            .map(|n| s.path(&n).join("browser/DevToolsActivePort"))
            .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.lines().count() >= 2));
        if let Some(found) = found {
            break found;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) || build.try_wait().unwrap().is_some() {
            stop_group(&mut build);
            panic!("no browser profile beside the output while printing; left: {:?}", leftovers(&s));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let browser_pid: Option<u32> = std::fs::read_link(port_file.with_file_name("SingletonLock"))
        .ok()
        .and_then(|t| t.to_string_lossy().rsplit('-').next().and_then(|p| p.parse().ok()));
    #[cfg(unix)]
    assert!(browser_pid.is_some(), "the browser names itself in its profile's SingletonLock");
    build.kill().unwrap();
    build.wait().unwrap();
    assert!(!leftovers(&s).is_empty(), "the killed build left its folder");

    s.write("site.yaml", common::SITE_YAML);
    let run = s.run(&["build"]);
    let orphan_running = browser_pid.is_some_and(|pid| {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while running(pid) && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        running(pid)
    });
    #[cfg(unix)]
    if let (true, Some(pid)) = (orphan_running, browser_pid.and_then(|p| i32::try_from(p).ok())) {
        if pid > 1 {
            // SAFETY: a plain system call, to the one browser this test's build started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
    assert!(run.ok, "{}", run.all());
    let left: Vec<String> = leftovers(&s)
        .iter()
        .flat_map(|l| walkdir::WalkDir::new(s.path(l)).into_iter().flatten().map(|e| e.path().display().to_string()))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "the next build removes what the killed one left");
    assert!(!orphan_running, "the next build closes the browser the killed build left running");
}

/// How many PDFs a build printed and how many it copied from an earlier build, from its summary
/// ("พิมพ์รายงานเป็น PDF 2 ฉบับ ใน 1.9 วินาที, ใช้ฉบับเดิม 4 ฉบับ").
fn pdf_counts(stdout: &str) -> (usize, usize) {
    let line = stdout.lines().find(|l| l.starts_with("พิมพ์รายงานเป็น PDF")).unwrap_or_else(|| panic!("{stdout}"));
    let number = |after: &str| -> usize {
        let rest = &line[line.find(after).unwrap_or_else(|| panic!("{line}")) + after.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    (number("PDF"), number("ใช้ฉบับเดิม"))
}

/// Every report.pdf of the output, by path.
fn pdfs(s: &TestSite) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snapshot(&s.path("public")).into_iter().filter(|(p, _)| p.ends_with("report.pdf")).collect()
}

/// The files of the PDF cache beside the output.
fn cached(s: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(s.path(".public.pdf-cache"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_unchanged_report_is_copied_not_printed_again() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let s = printing_site();
    // A second plan, whose activity the first plan's reports do not show.
    s.write("content/2565/other/_index.md", &common::PLAN.replace("แผนป้องกันการทุจริต", "แผนส่งเสริมคุณธรรม"));
    s.write("content/2565/other/good/_index.md", common::PROJECT);
    s.write("content/2565/other/good/risk.md", common::ACTIVITY_1);

    let first = s.build_ok();
    let (printed, reused) = pdf_counts(&first.stdout);
    let all = pdfs(&s);
    assert!(printed >= 4 && reused == 0, "{}", first.stdout);
    assert_eq!(all.len(), printed, "{:?}", all.iter().map(|(p, _)| p).collect::<Vec<_>>());
    assert!(all.iter().any(|(p, _)| p.starts_with("2565/other")), "the second plan has reports");
    assert!(!s.path("public/.public.pdf-cache").exists());
    assert_eq!(cached(&s).iter().filter(|n| n.ends_with(".pdf")).count(), printed, "{:?}", cached(&s));

    // Nothing changed: no PDF is printed, each is the same as before.
    let second = s.build_ok();
    assert_eq!(pdf_counts(&second.stdout), (0, printed), "{}", second.stdout);
    assert_eq!(pdfs(&s), all, "the PDFs are byte for byte the same");
    assert_eq!(second.stderr, first.stderr, "the same warnings");

    // What an activity of the second plan spent in the nine-month round changes: only the
    // reports that show it are printed again (the second plan's nine-month report).
    s.write("content/2565/other/good/risk.md", &common::ACTIVITY_1.replace("spent: 10000", "spent: 12345"));
    let third = s.build_ok();
    let now = pdfs(&s);
    let changed: Vec<_> =
        all.iter().zip(&now).filter(|((_, before), (_, after))| before != after).map(|((p, _), _)| p).collect();
    assert!(changed.contains(&&std::path::PathBuf::from("2565/other/9m/report.pdf")), "{changed:?}");
    assert!(changed.iter().all(|p| p.starts_with("2565/other")), "{changed:?}");
    assert_eq!(pdf_counts(&third.stdout), (changed.len(), printed - changed.len()), "{}", third.stdout);
    let text = squeeze(&pdf_text(&s.path("public/2565/other/9m/report.pdf")));
    assert!(text.contains("12,345") || text.contains("๑๒,๓๔๕"), "{text}");
    // Only the PDFs of the last build are kept.
    assert_eq!(cached(&s).iter().filter(|n| n.ends_with(".pdf")).count(), printed, "{:?}", cached(&s));

    // With PDFs off, the cache is left alone.
    let before = cached(&s);
    s.write("site.yaml", common::SITE_YAML);
    s.build_ok();
    assert_eq!(cached(&s), before);
    assert!(pdfs(&s).is_empty());
}

/// An output folder of `count` small report pages (`r<i>/index.html`), each naming its own
/// marker, and their jobs.
fn small_reports(count: usize) -> (tempfile::TempDir, Vec<prongsai::output::pdf::Job>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let mut jobs = Vec::new();
    let mut markers = Vec::new();
    for i in 0..count {
        let marker = format!("REPORTMARKER{i}X");
        std::fs::create_dir_all(site.join(format!("r{i}"))).unwrap();
        std::fs::write(
            site.join(format!("r{i}/index.html")),
            format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{i}</title></head><body><h1>{marker}</h1><p>รายงานฉบับที่ {i}</p></body></html>"),
        )
        .unwrap();
        jobs.push(prongsai::output::pdf::Job { page: format!("r{i}/index.html"), pdf: format!("r{i}/report.pdf") });
        markers.push(marker);
    }
    (dir, jobs, markers)
}

#[test]
fn reports_printed_at_once_each_come_out_whole_and_in_order() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let (dir, jobs, markers) = small_reports(7);
    let (site, profile) = (dir.path().join("site"), dir.path().join("browser"));
    let browser = prongsai::output::pdf::find_browser().unwrap();
    let limit = std::time::Duration::from_secs(60);
    let started = std::time::Instant::now();
    let printed = prongsai::output::pdf::print_in_tabs(&browser, &site, &profile, &jobs, limit, 3).unwrap();
    eprintln!("7 reports in 3 tabs: {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!(printed.len(), jobs.len());
    for (i, (job, p)) in jobs.iter().zip(&printed).enumerate() {
        assert!(p.failure.is_none(), "report {i}: {:?}", p.failure);
        let text = pdf_text(&site.join(&job.pdf));
        assert!(text.contains(&markers[i]), "report {i} has its own page:\n{text}");
        let others = markers.iter().enumerate().filter(|(j, m)| *j != i && text.contains(m.as_str()));
        assert_eq!(others.count(), 0, "report {i} has no other report's page:\n{text}");
    }
}

#[test]
fn a_report_that_fails_among_several_printed_at_once_does_not_stop_the_others() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let (dir, mut jobs, markers) = small_reports(8);
    // Two PDFs cannot be written (no such folder): each fails while others are being printed.
    jobs[2].pdf = "nowhere/r2/report.pdf".to_string();
    jobs[6].pdf = "nowhere/r6/report.pdf".to_string();
    let (site, profile) = (dir.path().join("site"), dir.path().join("browser"));
    let browser = prongsai::output::pdf::find_browser().unwrap();
    let limit = std::time::Duration::from_secs(60);
    let printed = prongsai::output::pdf::print_in_tabs(&browser, &site, &profile, &jobs, limit, 3).unwrap();
    assert_eq!(printed.len(), jobs.len());
    for (i, (job, p)) in jobs.iter().zip(&printed).enumerate() {
        if i == 2 || i == 6 {
            let failure = p.failure.as_ref().map(ToString::to_string).unwrap_or_default();
            assert!(failure.contains(&format!("nowhere/r{i}/report.pdf")), "report {i} is named: {failure}");
            continue;
        }
        assert!(p.failure.is_none(), "report {i}: {:?}", p.failure);
        assert!(pdf_text(&site.join(&job.pdf)).contains(&markers[i]), "report {i}");
    }
}

/// The process id of the browser running with the profile `profile`, from its SingletonLock.
fn browser_pid(profile: &std::path::Path) -> Option<i32> {
    let target = std::fs::read_link(profile.join("SingletonLock")).ok()?;
    target.to_string_lossy().rsplit('-').next()?.parse().ok()
}

#[cfg(unix)]
#[test]
fn a_browser_that_dies_takes_only_the_reports_it_was_printing() {
    if !tools() {
        return;
    }
    let _one = one_browser();
    let (dir, jobs, markers) = small_reports(9);
    // Long enough to be printing when the browser is killed.
    for job in &jobs {
        let path = dir.path().join("site").join(&job.page);
        let page = std::fs::read_to_string(&path).unwrap();
        let rows: String = (0..1500).map(|i| format!("<tr><td>{i}</td><td>รายการที่ {i}</td></tr>")).collect();
        std::fs::write(&path, page.replace("</body>", &format!("<table>{rows}</table></body>"))).unwrap();
    }
    let (site, profile) = (dir.path().join("site"), dir.path().join("browser"));
    let browser = prongsai::output::pdf::find_browser().unwrap();
    let printing = {
        let (site, profile, jobs) = (site.clone(), profile.clone(), jobs.clone());
        let limit = std::time::Duration::from_secs(60);
        std::thread::spawn(move || prongsai::output::pdf::print_in_tabs(&browser, &site, &profile, &jobs, limit, 3))
    };
    // Once the first report is out, the browser is killed (once).
    let started = std::time::Instant::now();
    let killed = loop {
        if jobs.iter().any(|j| site.join(&j.pdf).is_file()) {
            let pid = browser_pid(&profile).filter(|p| *p > 1);
            if let Some(pid) = pid {
                // SAFETY: a plain system call, to the one browser this test started.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            break pid.is_some();
        }
        if started.elapsed() > std::time::Duration::from_secs(60) || printing.is_finished() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let printed = printing.join().unwrap().unwrap();
    assert!(killed, "the browser was killed while printing");
    assert_eq!(printed.len(), jobs.len());
    let failed: Vec<usize> = (0..jobs.len()).filter(|i| printed[*i].failure.is_some()).collect();
    assert!(!failed.is_empty() && failed.len() <= 3, "only the reports being printed fail: {failed:?}");
    for i in &failed {
        let failure = printed[*i].failure.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(failure.contains("ปิดตัวลง"), "report {i} names the browser's end: {failure}");
    }
    // They fail at once, not at the end of their time limit.
    assert!(started.elapsed() < std::time::Duration::from_secs(50), "{:.1} s", started.elapsed().as_secs_f64());
    for (i, (job, p)) in jobs.iter().zip(&printed).enumerate() {
        if p.failure.is_none() {
            assert!(pdf_text(&site.join(&job.pdf)).contains(&markers[i]), "report {i}");
        }
    }
    let after = *failed.last().unwrap() + 1;
    assert!(
        after < jobs.len() && printed[after..].iter().all(|p| p.failure.is_none()),
        "a fresh browser prints the rest"
    );
}
