//! A running browser that prints reports, one tab a report: its command line, loading a report
//! with every request intercepted, and printing it.

use super::{server, Failure, Job};
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams;
use chromiumoxide::cdp::browser_protocol::{audits, emulation, fetch, log, network};
use chromiumoxide::Page;
use futures_util::{FutureExt, StreamExt};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One report to print: where our server is, the report, the output folder, and where what
/// the browser blocked is recorded.
pub(super) struct Report<'a> {
    pub(super) origin: &'a str,
    pub(super) job: &'a Job,
    pub(super) site: &'a Path,
    pub(super) records: &'a Arc<Mutex<Vec<String>>>,
}

/// A running browser.
pub(super) struct Printer {
    browser: Browser,
    events: tokio::task::JoinHandle<()>,
    /// Becomes `true` when the connection to the browser ends: the browser is gone.
    gone: tokio::sync::watch::Receiver<bool>,
}

/// The browser's command line: quiet (no updates, sync, reports or other traffic of its own),
/// every frame in the page's process, and every address but our server's sent to our server.
fn arguments(server: std::net::SocketAddr) -> (Vec<&'static str>, Vec<(&'static str, String)>) {
    let keys = vec![
        "disable-gpu",
        "no-first-run",
        "no-default-browser-check",
        "disable-background-networking",
        "disable-component-update",
        "disable-sync",
        "disable-default-apps",
        "disable-extensions",
        "disable-breakpad",
        "disable-domain-reliability",
        "disable-client-side-phishing-detection",
        "no-pings",
        "metrics-recording-only",
        "disable-dev-shm-usage",
        "disable-background-timer-throttling",
        "disable-renderer-backgrounding",
        "disable-backgrounding-occluded-windows",
        "disable-hang-monitor",
        "disable-site-isolation-trials",
        "use-mock-keychain",
    ];
    let values = vec![
        ("disable-features", "IsolateOrigins,site-per-process,Translate,OptimizationHints,MediaRouter".to_string()),
        ("proxy-server", format!("http://{server}")),
        ("proxy-bypass-list", format!("<-loopback>;{server}")),
        ("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".to_string()),
        ("password-store", "basic".to_string()),
        ("force-color-profile", "srgb".to_string()),
    ];
    (keys, values)
}

impl Printer {
    pub(super) async fn launch(
        executable: &Path,
        profile: &Path,
        server: &server::Loopback,
        limit: Duration,
    ) -> Result<Printer, String> {
        // A fresh, empty profile (the browser refuses a profile in use).
        let _ = std::fs::remove_dir_all(profile);
        std::fs::create_dir_all(profile).map_err(|e| e.to_string())?;
        let (keys, values) = arguments(server.address);
        let mut config = BrowserConfig::builder()
            .chrome_executable(executable)
            .no_sandbox()
            .disable_default_args()
            .user_data_dir(profile)
            .request_timeout(limit + Duration::from_secs(10))
            .args(keys);
        for (key, value) in &values {
            config = config.arg((*key, value.as_str()));
        }
        let config = config.build()?;
        let (browser, mut handler) = Browser::launch(config).await.map_err(|e| e.to_string())?;
        let (ended, gone) = tokio::sync::watch::channel(false);
        // The connection fails only when the browser is gone (unreadable messages are skipped);
        // the commands it leaves unanswered are not failed by `chromiumoxide`, so the reports
        // being printed learn it from `gone`.
        let events = tokio::spawn(async move {
            while let Some(Ok(())) = handler.next().await {}
            let _ = ended.send(true);
        });
        Ok(Printer { browser, events, gone })
    }

    /// Prints one report in a tab of its own.
    async fn print(&self, report: &Report<'_>) -> Result<(), Failure> {
        let browser = |e: chromiumoxide::error::CdpError| Failure::Browser(e.to_string());
        let page = self.browser.new_page("about:blank").await.map_err(browser)?;
        let result = print_page(&page, report).await;
        let _ = page.close().await;
        result
    }

    /// [`Printer::print`], failing as soon as the browser is gone.
    pub(super) async fn print_unless_gone(&self, report: &Report<'_>) -> Result<(), Failure> {
        use futures_util::future::{select, Either};
        let printing = std::pin::pin!(self.print(report));
        let mut watch = self.gone.clone();
        let gone = std::pin::pin!(watch.wait_for(|g| *g));
        let result = match select(printing, gone).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(Failure::Closed),
        };
        // A command cut short by the end of the connection says so in the words of its channel.
        result.map_err(|e| if *self.gone.borrow() { Failure::Closed } else { e })
    }

    /// Closes the browser and waits for it to end.
    pub(super) async fn close(mut self) {
        let closed = tokio::time::timeout(Duration::from_secs(10), async {
            let _ = self.browser.close().await;
            let _ = self.browser.wait().await;
        })
        .await;
        if closed.is_err() {
            let _ = self.browser.kill().await;
        }
        self.events.abort();
    }

    /// Ends the browser at once.
    pub(super) async fn kill(mut self) {
        let _ = self.browser.kill().await;
        self.events.abort();
    }
}

/// Loads the report in `page` with the interception in place, waits for its fonts, prints it.
async fn print_page(page: &Page, report: &Report<'_>) -> Result<(), Failure> {
    let Report { origin, job, site, records } = *report;
    let browser = |e: chromiumoxide::error::CdpError| Failure::Browser(e.to_string());
    let main_frame = page.mainframe().await.map_err(browser)?;
    let mut paused = page.event_listener::<fetch::EventRequestPaused>().await.map_err(browser)?;
    let mut issues = page.event_listener::<audits::EventIssueAdded>().await.map_err(browser)?;
    let mut entries = page.event_listener::<log::EventEntryAdded>().await.map_err(browser)?;
    page.execute(audits::EnableParams::default()).await.map_err(browser)?;
    page.execute(log::EnableParams::default()).await.map_err(browser)?;
    page.execute(emulation::SetScriptExecutionDisabledParams::new(true)).await.map_err(browser)?;
    let every = fetch::RequestPattern::builder().url_pattern("*").build();
    page.execute(fetch::EnableParams::builder().pattern(every).build()).await.map_err(browser)?;

    // Requests to our server go on; every other one is refused and recorded. Once the report
    // is loaded, the page does not go anywhere else (a `<meta http-equiv="refresh">`): "204 No
    // Content" keeps it where it is.
    let answering = {
        let (page, records, own) = (page.clone(), Arc::clone(records), format!("{origin}/"));
        tokio::spawn(async move {
            let mut loaded = false;
            while let Some(event) = paused.next().await {
                let url = event.request.url.as_str();
                let is_own = url.starts_with(&own);
                if !is_own {
                    if let Ok(mut r) = records.lock() {
                        r.push(url.to_string());
                    }
                }
                let top = event.resource_type == network::ResourceType::Document
                    && main_frame.as_ref().is_some_and(|f| *f == event.frame_id);
                let id = event.request_id.clone();
                let _ = if top && loaded {
                    page.execute(fetch::FulfillRequestParams::new(id, 204)).await.map(|_| ())
                } else if is_own {
                    page.execute(fetch::ContinueRequestParams::new(id)).await.map(|_| ())
                } else {
                    page.execute(fetch::FailRequestParams::new(id, network::ErrorReason::BlockedByClient))
                        .await
                        .map(|_| ())
                };
                loaded |= top;
            }
        })
    };
    let result = async {
        let url = format!("{origin}/{}", crate::links::percent_encode(&job.page));
        load(page, &url).await?;
        // The Thai font must be in before printing, or the PDF shows a fallback font. (Evaluated
        // by the DevTools protocol, which page scripts being off does not stop.)
        page.evaluate("document.fonts.ready.then(() => true)").await.map_err(browser)?;
        let params = PrintToPdfParams {
            print_background: Some(true),
            prefer_css_page_size: Some(true),
            display_header_footer: Some(false),
            ..Default::default()
        };
        let bytes = page.pdf(params).await.map_err(browser)?;
        let path = site.join(&job.pdf);
        std::fs::write(&path, bytes).map_err(|source| Failure::Write { path: path.display().to_string(), source })
    }
    .await;
    answering.abort();
    // What the browser blocked before any request was made: addresses its policy refused, and
    // files of this computer (which an `http:` page may not load).
    let mut blocked = Vec::new();
    while let Some(Some(issue)) = issues.next().now_or_never() {
        if let Some(url) =
            issue.issue.details.content_security_policy_issue_details.as_ref().and_then(|d| d.blocked_url.clone())
        {
            blocked.push(url);
        }
    }
    while let Some(Some(entry)) = entries.next().now_or_never() {
        if let Some(url) = entry.entry.text.strip_prefix("Not allowed to load local resource: ") {
            blocked.push(url.trim().to_string());
        }
    }
    if let Ok(mut r) = records.lock() {
        r.extend(blocked);
    }
    result
}

/// Opens `url` in `page` and waits for its load event. `chromiumoxide`'s own wait for a
/// navigation also waits for every frame's load, which a blocked frame never reports; the load
/// event of the page is enough (blocked frames and pictures do not hold it up).
async fn load(page: &Page, url: &str) -> Result<(), Failure> {
    use futures_util::future::{select, Either};
    let browser = |e: chromiumoxide::error::CdpError| Failure::Browser(e.to_string());
    let mut loads = page
        .event_listener::<chromiumoxide::cdp::browser_protocol::page::EventLoadEventFired>()
        .await
        .map_err(browser)?;
    let navigation = page.goto(url);
    futures_util::pin_mut!(navigation);
    loop {
        let loaded = loads.next();
        match select(navigation.as_mut(), loaded).await {
            Either::Left((result, _)) => return result.map(|_| ()).map_err(browser),
            Either::Right((None, _)) => return Err(Failure::Browser("the page closed while loading".into())),
            Either::Right((Some(_), _)) => {
                // A load event of this very page (not a late one of the blank page before it).
                let here = page.evaluate("location.href").await.map_err(browser)?.into_value::<String>().ok();
                let decode = crate::links::percent_decode;
                if here.is_some_and(|h| decode(&h) == decode(url)) {
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_sends_every_other_address_to_our_server() {
        let server = std::net::SocketAddr::from(([127, 0, 0, 1], 4321));
        let (keys, values) = arguments(server);
        assert!(keys.contains(&"disable-site-isolation-trials"));
        assert!(keys.iter().all(|k| !k.starts_with('-')), "chromiumoxide adds the dashes");
        assert!(values.contains(&("proxy-server", "http://127.0.0.1:4321".to_string())));
        assert!(values.contains(&("proxy-bypass-list", "<-loopback>;127.0.0.1:4321".to_string())));
    }
}
