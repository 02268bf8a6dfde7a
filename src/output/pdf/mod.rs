//! Each round report as an A4 PDF, for signing and filing: the report's own page printed by a
//! Chromium-family browser found on the computer (Chromium, Google Chrome, Microsoft Edge —
//! Edge is on every Windows office PC), driven over the DevTools protocol by `chromiumoxide`.
//! The print stylesheet is the PDF's design; the browser shapes Thai, breaks lines between
//! words, embeds the fonts and keeps the text extractable.
//!
//! What the browser may load: the site's own files only. It gets the pages from a web server of
//! our own on `127.0.0.1` that serves the output being written and nothing else
//! (`server.rs`), which is also its proxy for every other address and refuses those requests,
//! so nothing leaves the computer. Each answer carries a Content-Security-Policy that allows
//! only that server's files, no scripts and no frames from elsewhere; the page's scripts are
//! switched off in the browser too; and every request the page makes passes through the
//! browser's request interception, which lets through only requests to that server (all frames
//! stay in the page's process, so none escapes it). A `file:` address cannot be loaded from an
//! `http:` page at all. What a report would have loaded from elsewhere is listed
//! ([`Printed::left_out`]) for the warning that names it.
//!
//! Several reports are printed at once, each in a tab of its own of one browser ([`tabs`]).
//! Each report has a time limit ([`time_limit`]); a report that fails or runs out of time is
//! named in its [`Printed::failure`], the reports being printed beside it finish, the browser
//! is restarted, and the other reports are still printed. A browser that dies fails only the
//! reports it was printing, at once. The browser's profile is a folder of the build's own (see
//! `output/mod.rs`): a browser left running by a killed build is closed by the next build
//! ([`close_stale_browser`]).
//!
//! A report whose PDF an earlier build printed from the same files is copied, not printed
//! ([`cache`], [`print_cached`]); the browser is started only when some report is not.

pub mod cache;
mod printer;
mod scan;
mod server;

use futures_util::{FutureExt, StreamExt};
use printer::Printer;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The names a Chromium-family browser goes by on `PATH`.
const NAMES: [&str; 7] =
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge", "microsoft-edge"];

/// Where the browsers install themselves when they are not on `PATH`.
const PLACES: [&str; 6] = [
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

/// The environment variable that sets the time limit of one report, in seconds.
pub const TIME_LIMIT_VAR: &str = "PRONGSAI_PDF_TIMEOUT_SECS";

/// How long one report may take to load and print when [`TIME_LIMIT_VAR`] is not set: a long
/// report prints in a few seconds, so this is reached only when something is wrong.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(60);

/// The browser to print with: `PRONGSAI_BROWSER` when set, else the first one found.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PRONGSAI_BROWSER") {
        let path = PathBuf::from(path);
        return if path.is_file() { Some(path) } else { which::which(&path).ok() };
    }
    NAMES.iter().find_map(|n| which::which(n).ok()).or_else(|| PLACES.iter().map(PathBuf::from).find(|p| p.is_file()))
}

/// The time limit of one report: [`TIME_LIMIT_VAR`] when it is a whole number of seconds above
/// zero, else [`DEFAULT_TIME_LIMIT`].
pub fn time_limit() -> Duration {
    limit_of(std::env::var(TIME_LIMIT_VAR).ok().as_deref())
}

fn limit_of(value: Option<&str>) -> Duration {
    value.and_then(|v| v.trim().parse::<u64>().ok()).filter(|s| *s > 0).map_or(DEFAULT_TIME_LIMIT, Duration::from_secs)
}

/// One round report to print, as paths in the output (`2565/plan/6m/index.html`,
/// `2565/plan/6m/report.pdf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The report's page.
    pub page: String,
    /// Its PDF.
    pub pdf: String,
}

/// What became of one report.
#[derive(Debug, Default)]
pub struct Printed {
    /// Addresses outside the site the report would have loaded (pictures, frames, style sheets
    /// from other computers, files of this computer), each once, as written where known.
    pub left_out: Vec<String>,
    /// Why it has no PDF, when it has none.
    pub failure: Option<Failure>,
    /// Whether its PDF is a copy of an earlier build's, not printed by this build.
    pub reused: bool,
}

/// Why one report was not printed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Loading and printing took longer than the time limit.
    #[error("พิมพ์ไม่เสร็จภายใน {} วินาที", .0.as_secs())]
    TimedOut(Duration),
    /// The browser failed.
    #[error("เว็บเบราว์เซอร์ตอบว่า {0}")]
    Browser(String),
    /// The browser ended while printing it.
    #[error("เว็บเบราว์เซอร์ปิดตัวลงระหว่างพิมพ์รายงานนี้")]
    Closed,
    /// The PDF could not be written.
    #[error("เขียนไฟล์ {path} ไม่ได้: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Why no PDF at all was made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The browser could not be started or driven.
    #[error("พิมพ์รายงานเป็น PDF ด้วยเว็บเบราว์เซอร์ {browser} ไม่ได้: {why}")]
    Browser {
        /// The browser.
        browser: String,
        /// What went wrong.
        why: String,
    },
}

/// The most reports printed at once, each in a tab of its own (one browser for all).
pub const MOST_TABS: usize = 4;

/// How many reports are printed at once: one for each core the system offers, from 1 to
/// [`MOST_TABS`].
pub fn tabs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MOST_TABS)
}

/// Prints each job's page of the output folder `site` to its PDF with the browser at `browser`,
/// A4 as the page's print stylesheet lays it out, each within `limit`, [`tabs`] at once. The
/// browser keeps its profile in `profile` (a folder of the build's own; emptied first). `Err`
/// when the browser cannot be started at all; otherwise one [`Printed`] a job, in order.
pub fn print(
    browser: &Path,
    site: &Path,
    profile: &Path,
    jobs: &[Job],
    limit: Duration,
) -> Result<Vec<Printed>, PdfError> {
    print_in_tabs(browser, site, profile, jobs, limit, tabs())
}

/// [`print()`], with up to `tabs` reports printed at once (at least one).
///
/// A report that fails or runs out of time does not stop the others: no new report is started
/// in that browser, the reports being printed finish, and a fresh browser prints the rest. A
/// browser that dies takes only the reports it was printing with it; none is tried again.
pub fn print_in_tabs(
    browser: &Path,
    site: &Path,
    profile: &Path,
    jobs: &[Job],
    limit: Duration,
    tabs: usize,
) -> Result<Vec<Printed>, PdfError> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let fail = |why: String| PdfError::Browser { browser: browser.display().to_string(), why };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| fail(e.to_string()))?;
    runtime.block_on(async {
        let server = server::Loopback::start(site).await.map_err(|e| fail(e.to_string()))?;
        let mut queue = Queue { jobs, next: 0, done: jobs.iter().map(|_| None).collect() };
        while queue.next < jobs.len() {
            let printer = match Printer::launch(browser, profile, &server, limit).await {
                Ok(p) => p,
                Err(why) if queue.next == 0 => return Err(fail(why)),
                Err(why) => {
                    // The next report goes without a PDF; another browser is tried for the rest.
                    let i = queue.take();
                    let left_out = page_addresses(site, &jobs[i]);
                    queue.done[i] = Some(Printed { left_out, failure: Some(Failure::Browser(why)), reused: false });
                    continue;
                }
            };
            let tabs = Tabs { printer: &printer, origin: server.origin(), site, limit, most: tabs.max(1) };
            if tabs.print(&mut queue).await {
                printer.close().await;
            } else {
                printer.kill().await;
            }
        }
        Ok(queue.done.into_iter().map(Option::unwrap_or_default).collect())
    })
}

/// The reports to print, and what became of those taken.
struct Queue<'j> {
    jobs: &'j [Job],
    /// The first report not taken yet.
    next: usize,
    /// What became of each report, by its place in `jobs`.
    done: Vec<Option<Printed>>,
}

impl Queue<'_> {
    /// Takes the next report: its place in the jobs.
    fn take(&mut self) -> usize {
        self.next += 1;
        self.next - 1
    }

    /// Whether a report is left to take.
    fn has_more(&self) -> bool {
        self.next < self.jobs.len()
    }
}

/// One browser's tabs printing reports at once.
struct Tabs<'p> {
    printer: &'p Printer,
    origin: String,
    site: &'p Path,
    limit: Duration,
    /// How many at once.
    most: usize,
}

impl Tabs<'_> {
    /// Prints the reports of `queue`, up to [`Tabs::most`] at once, until none is left or one
    /// fails: a browser that failed a report, or is still busy with it, is not trusted with
    /// another, so no new one is started and those being printed finish. Returns whether the
    /// browser is still trusted.
    async fn print(&self, queue: &mut Queue<'_>) -> bool {
        let mut running = futures_util::stream::FuturesUnordered::new();
        let mut trusted = true;
        loop {
            while trusted && running.len() < self.most && queue.has_more() {
                let i = queue.take();
                let job = &queue.jobs[i];
                running.push(self.one(job).map(move |printed| (i, printed)));
            }
            let Some((i, printed)) = running.next().await else { return trusted };
            trusted &= printed.failure.is_none();
            queue.done[i] = Some(printed);
        }
    }

    /// Prints one report in a tab of its own, within the time limit.
    async fn one(&self, job: &Job) -> Printed {
        let mut printed = Printed { left_out: page_addresses(self.site, job), ..Printed::default() };
        let records = Arc::new(Mutex::new(Vec::new()));
        let report = printer::Report { origin: &self.origin, job, site: self.site, records: &records };
        let outcome = tokio::time::timeout(self.limit, self.printer.print_unless_gone(&report)).await;
        printed.failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(failure)) => Some(failure),
            Err(_) => Some(Failure::TimedOut(self.limit)),
        };
        let records = records.lock().map(|r| r.clone()).unwrap_or_default();
        add_records(&mut printed.left_out, records);
        printed
    }
}

/// The addresses outside the site that the job's page names.
fn page_addresses(site: &Path, job: &Job) -> Vec<String> {
    let html = std::fs::read_to_string(site.join(&job.page)).unwrap_or_default();
    scan::foreign_addresses(&html)
}

/// [`print()`], except that each report whose PDF `cache` holds is copied from there instead of
/// printed, and each report printed is kept there. The browser is not started when every
/// report is copied. Also returns the keys of the PDFs this build used (see
/// [`cache::Cache::keep_only`]).
pub fn print_cached(
    browser: &Path,
    site: &Path,
    profile: &Path,
    jobs: &[Job],
    limit: Duration,
    cache: &cache::Cache,
) -> Result<(Vec<Printed>, Vec<String>), PdfError> {
    let keys: Vec<String> = jobs.iter().map(|j| cache.key(site, &j.page)).collect();
    let mut done: Vec<Option<Printed>> = jobs
        .iter()
        .zip(&keys)
        .map(|(job, key)| {
            cache.take(key, &site.join(&job.pdf)).map(|left_out| Printed { left_out, failure: None, reused: true })
        })
        .collect();
    let misses: Vec<Job> = jobs.iter().zip(&done).filter(|(_, d)| d.is_none()).map(|(j, _)| j.clone()).collect();
    let printed = match print(browser, site, profile, &misses, limit) {
        Ok(printed) => printed,
        Err(e) if done.iter().all(Option::is_none) => return Err(e),
        // Some reports were copied: only the others go without a PDF.
        Err(e) => misses
            .iter()
            .map(|_| Printed { failure: Some(Failure::Browser(e.to_string())), ..Printed::default() })
            .collect(),
    };
    let mut printed = printed.into_iter();
    let mut used = Vec::new();
    for ((job, key), slot) in jobs.iter().zip(keys).zip(&mut done) {
        if slot.is_none() {
            let p = printed.next().unwrap_or_default();
            if p.failure.is_none() {
                cache.keep(&key, &site.join(&job.pdf), &p.left_out);
            }
            *slot = Some(p);
        }
        if slot.as_ref().is_some_and(|p| p.failure.is_none()) {
            used.push(key);
        }
    }
    Ok((done.into_iter().map(Option::unwrap_or_default).collect(), used))
}

/// Adds the browser's records of blocked addresses to the addresses found in the page, leaving
/// out those the page's list already names (a blocked frame is recorded by its origin only;
/// the browser writes `%`-escapes where the page may have Thai letters).
fn add_records(left_out: &mut Vec<String>, records: Vec<String>) {
    let key = |a: &str| crate::links::percent_decode(a).trim_end_matches('/').to_string();
    for record in records {
        let k = key(&record);
        if k.is_empty() {
            continue;
        }
        // `//host/x` in the page is `http://host/x` in the browser's records.
        let without_scheme = k.split_once(':').map_or(k.as_str(), |(_, rest)| rest);
        let named = left_out.iter().map(|a| key(a)).any(|a| a.starts_with(&k) || a.starts_with(without_scheme));
        if !named {
            left_out.push(record);
        }
    }
}

/// Closes a browser that a killed build left running with the profile `profile`, and waits (up
/// to ten seconds) for it to end, so that its folder can be removed. The browser wrote its
/// DevTools address there (`DevToolsActivePort`); it is asked to close over that address, which
/// only that very browser answers (the address holds its own random id). A browser already
/// closing (when its build was killed) no longer answers but still writes into its profile for
/// a moment, and so do its helper processes (the network service writes its state last): the
/// wait lasts while any process runs with this profile where the system lists processes
/// (Linux's `/proc`), elsewhere while the profile's lock, which the browser removes last, is
/// there.
pub fn close_stale_browser(profile: &Path) {
    let until = std::time::Instant::now() + Duration::from_secs(10);
    ask_to_close(profile, until);
    let may_run =
        || runs_with_profile(profile).unwrap_or_else(|| profile.join("SingletonLock").symlink_metadata().is_ok());
    while std::time::Instant::now() < until && may_run() {
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether a process runs with the browser profile `profile` (its command line holds
/// `--user-data-dir=` and the profile's path; every process of the browser has it). The path is
/// matched by its last two names (the build's folder, named after its process and a random
/// number, then `browser`), whichever way it was written. A process that has ended but not been
/// reaped has an empty command line. `None` where the system does not list processes in
/// `/proc`.
fn runs_with_profile(profile: &Path) -> Option<bool> {
    let entries = std::fs::read_dir("/proc").ok()?;
    let Some(folder) = profile.parent().and_then(Path::file_name) else { return Some(false) };
    let tail = format!("/{}/{}", folder.to_string_lossy(), profile.file_name().unwrap_or_default().to_string_lossy());
    let names_profile = |arg: &[u8]| arg.starts_with(b"--user-data-dir=") && arg.ends_with(tail.as_bytes());
    Some(
        entries.flatten().filter(|e| e.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit())).any(|e| {
            std::fs::read(e.path().join("cmdline")).is_ok_and(|line| line.split(|&b| b == 0).any(names_profile))
        }),
    )
}

/// Asks the browser whose DevTools address is in `profile` to close, and waits until `until`
/// for the address to stop answering.
fn ask_to_close(profile: &Path, until: std::time::Instant) {
    let Ok(text) = std::fs::read_to_string(profile.join("DevToolsActivePort")) else { return };
    let mut lines = text.lines();
    let (Some(port), Some(path)) = (lines.next().and_then(|p| p.trim().parse::<u16>().ok()), lines.next()) else {
        return;
    };
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    if std::net::TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err() {
        return;
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
    runtime.block_on(async {
        let url = format!("ws://127.0.0.1:{port}{}", path.trim());
        let connect = tokio::time::timeout(Duration::from_secs(5), chromiumoxide::Browser::connect(url)).await;
        let Ok(Ok((mut browser, mut handler))) = connect else { return };
        let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let _ = tokio::time::timeout(Duration::from_secs(5), browser.close()).await;
        events.abort();
    });
    while std::time::Instant::now() < until
        && std::net::TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
    {
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_running_with_a_profile_is_seen_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join(".public.new-1-23456").join("browser");
        assert_eq!(runs_with_profile(&profile), Some(false));
        // A process whose command line names the profile the way the browser's do.
        let mut child = std::process::Command::new("sh")
            .args(["-c", "sleep 30; :"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .spawn()
            .unwrap();
        // Between its fork and its exec the child still shows the test's command line: wait,
        // as a build would, until it shows its own.
        let seen = (0..250).any(|_| {
            let seen = runs_with_profile(&profile) == Some(true);
            if !seen {
                std::thread::sleep(Duration::from_millis(20));
            }
            seen
        });
        assert!(seen, "the process with the profile is never seen");
        assert_eq!(
            runs_with_profile(&dir.path().join(".public.new-1-2345").join("browser")),
            Some(false),
            "another build's"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(runs_with_profile(&profile), Some(false));
    }

    #[test]
    fn the_browsers_records_add_only_what_the_page_list_does_not_name() {
        let mut left_out = vec![
            "http://localhost:9/frame".to_string(),
            "http://img.example.com/ภาพ.jpg".to_string(),
            "//cdn.example.com/a.jpg".to_string(),
        ];
        add_records(
            &mut left_out,
            vec![
                "http://localhost:9".into(),
                "http://img.example.com/%E0%B8%A0%E0%B8%B2%E0%B8%9E.jpg".into(),
                "http://cdn.example.com/a.jpg".into(),
                "http://fonts.example.com/a.woff2".into(),
            ],
        );
        assert_eq!(
            left_out,
            [
                "http://localhost:9/frame",
                "http://img.example.com/ภาพ.jpg",
                "//cdn.example.com/a.jpg",
                "http://fonts.example.com/a.woff2"
            ]
        );
    }

    #[test]
    fn the_time_limit_is_a_whole_number_of_seconds() {
        assert_eq!(limit_of(None), DEFAULT_TIME_LIMIT);
        for (value, limit) in [("5", 5), (" 90 ", 90), ("0", 60), ("ห้า", 60), ("1.5", 60)] {
            assert_eq!(limit_of(Some(value)), Duration::from_secs(limit), "{value}");
        }
    }
}
