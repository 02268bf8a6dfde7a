//! The preview's HTTP side, on axum: GET and HEAD of what the last good build holds — pages
//! rendered into memory (with an ETag, so a browser's `If-None-Match` gets 304) and the site's
//! files (and round reports' PDFs kept by a build) read from disk through tower-http (byte
//! ranges for PDF viewers, `Last-Modified` and conditional requests) — and the server-sent
//! events that reload open pages.
//!
//! Only paths the build produced are served, looked up by their exact name: no request reaches
//! a file outside the site, whatever `..` or encoding it uses.
//!
//! Limits, for a preview reachable from other computers (`--bind`): a connection must send a
//! request's headers within [`HEADER_TIMEOUT`] (also how long it may stay idle between
//! requests), or it is closed; once [`MAX_CONNECTIONS`] are open, a new one from another
//! computer is closed at once, while one from this computer (the editor's own browser) is
//! always served. An open page's event stream is a response, which no timeout cuts.

use super::{Notice, Server, EVENTS};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// How long a connection may take to send a request's headers, and stay idle between requests.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How many connections may be open at once before those from other computers are turned away.
pub(super) const MAX_CONNECTIONS: usize = 256;

/// Accepts connections and serves each over HTTP/1.1 with `router`, within the limits above
/// (`header_timeout` instead of [`HEADER_TIMEOUT`]).
pub(super) async fn serve(listener: tokio::net::TcpListener, router: Router, header_timeout: Duration) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file handles and the like: wait for connections to close.
                use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
                if !matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        // Over the limit, the connection is dropped: closed.
        let Some(slot) = Slot::take(&open, peer.ip()) else { continue };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(header_timeout);
            // A connection's own end (closed by the browser, timed out) is nothing to report.
            let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
        });
    }
}

/// Whether a new connection from `peer` is served while `open` others are.
fn admits(open: usize, peer: IpAddr) -> bool {
    open < MAX_CONNECTIONS || peer.to_canonical().is_loopback()
}

/// A connection counted among those open, until it ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>, peer: IpAddr) -> Option<Slot> {
        admits(open.load(Ordering::Relaxed), peer).then(|| {
            open.fetch_add(1, Ordering::Relaxed);
            Slot(Arc::clone(open))
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The preview's routes: the event stream, and every other path looked up in the build.
pub(super) fn router(server: Arc<Server>) -> Router {
    Router::new().route(EVENTS, get(events)).fallback(file).with_state(server)
}

/// What a request path names in the build.
enum Found {
    /// A page or asset held in memory, and the error overlay to add to an HTML page.
    Memory(Arc<Vec<u8>>, Option<String>),
    /// A file of the site, read from disk.
    Disk(std::path::PathBuf),
    /// A folder whose page is asked for without the trailing `/`.
    Folder,
    /// Nothing.
    Missing,
}

/// The decoded path of a request, or `None` when it tries to climb out of the site (`..`, `.`,
/// a backslash, NUL, an empty segment), encoded or not.
pub(super) fn site_path(raw: &str) -> Option<String> {
    let path = crate::links::percent_decode(raw);
    let bad = path.split('/').any(|s| s == ".." || s == ".");
    (!bad && path.starts_with('/') && !path.contains(['\\', '\0']) && !path.contains("//")).then_some(path)
}

/// The key of a request path in the build: `/2565/plan/` → `2565/plan/index.html`.
fn key_of(path: &str) -> String {
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    }
}

fn lookup(server: &Server, key: &str) -> Found {
    let Ok(state) = server.state.read() else { return Found::Missing };
    if let Some(bytes) = state.built.files.get(key) {
        return Found::Memory(Arc::clone(bytes), state.error.clone());
    }
    if let Some(source) = state.built.statics.get(key).or_else(|| state.built.pdfs.get(key)) {
        return Found::Disk(source.clone());
    }
    if state.built.files.contains_key(&format!("{key}/index.html")) {
        return Found::Folder;
    }
    Found::Missing
}

/// The content type of a file by its name (text in UTF-8).
pub(super) fn content_type(key: &str) -> HeaderValue {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "svg");
    let value = if text { format!("{mime}; charset=utf-8") } else { mime.to_string() };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

async fn file(State(server): State<Arc<Server>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "405").into_response();
    }
    let Some(path) = site_path(req.uri().path()) else {
        return (StatusCode::BAD_REQUEST, "คำขอไม่ถูกต้อง (400)").into_response();
    };
    let key = key_of(&path);
    match lookup(&server, &key) {
        Found::Memory(bytes, error) => memory(&req, &key, &bytes, error.as_deref()),
        Found::Disk(source) => match tower_http::services::ServeFile::new(source).oneshot(req).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        },
        Found::Folder => {
            let location = format!("{}/", crate::links::percent_encode(&path));
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response()
        }
        Found::Missing => not_found(&server),
    }
}

/// A page from memory: 304 when the browser has this very version, else the page (with the
/// error overlay while the last rebuild failed).
fn memory(req: &Request, key: &str, bytes: &[u8], error: Option<&str>) -> Response {
    let ctype = content_type(key);
    let html = ctype.to_str().is_ok_and(|c| c.starts_with("text/html"));
    let body = match (error, html) {
        (Some(e), true) => super::with_overlay(bytes, e),
        _ => bytes.to_vec(),
    };
    let etag = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut h);
        format!("\"{:016x}\"", h.finish())
    };
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let headers = [(header::ETAG, etag), (header::CACHE_CONTROL, "no-cache".to_string())];
    if matches {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (StatusCode::OK, [(header::CONTENT_TYPE, ctype)], headers, body).into_response()
}

fn not_found(server: &Server) -> Response {
    let (page, error) = match server.state.read() {
        Ok(s) => (s.built.files.get("404.html").cloned(), s.error.clone()),
        Err(_) => (None, None),
    };
    let html = HeaderValue::from_static("text/html; charset=utf-8");
    match (page, error) {
        (Some(p), Some(e)) => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, html)], super::with_overlay(&p, &e)),
        (Some(p), None) => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, html)], p.to_vec()),
        // Nothing has been built yet: the site is broken from the start.
        (None, e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, html)],
            format!(
                "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>ยังสร้างเว็บไซต์ไม่ได้</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"wrap\"><h1>ยังสร้างเว็บไซต์ไม่ได้</h1><p>แก้ข้อผิดพลาดด้านล่างแล้วบันทึกไฟล์ หน้านี้จะโหลดใหม่เอง</p></main>{}{}</body></html>",
                e.map(|e| format!("<div id=\"prongsai-error\">{e}</div>")).unwrap_or_default(),
                super::reload_script()
            )
            .into_bytes(),
        ),
    }
    .into_response()
}

/// The event stream of one open page: the current error at once (if any), then a `reload` or
/// an `error-report` at every rebuild.
async fn events(State(server): State<Arc<Server>>) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = server.notices.subscribe();
    let first = server.state.read().ok().and_then(|s| s.error.clone()).map(Notice::Error);
    let first = futures_util::stream::iter(first.map(|n| Ok(event(n).retry(std::time::Duration::from_millis(500)))));
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(n) => return Some((Ok(event(n)), rx)),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(futures_util::StreamExt::chain(first, rest)).keep_alive(KeepAlive::default())
}

fn event(n: Notice) -> Event {
    match n {
        Notice::Reload => Event::default().event("reload").data(""),
        Notice::Error(html) => Event::default().event("error-report").data(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        assert_eq!(site_path("/2565/plan/").as_deref(), Some("/2565/plan/"));
        assert_eq!(site_path("/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/").as_deref(), Some("/ข่าว/"));
        for bad in ["/../site.yaml", "/a/%2e%2e/b", "/a/./b", "/a\\b", "/a%00", "//etc/passwd", "/%2E%2E/x"] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn past_the_limit_only_this_computer_is_served() {
        let (lan, local, mapped): (IpAddr, IpAddr, IpAddr) =
            ("192.168.1.20".parse().unwrap(), "127.0.0.1".parse().unwrap(), "::ffff:127.0.0.1".parse().unwrap());
        assert!(admits(MAX_CONNECTIONS - 1, lan));
        assert!(!admits(MAX_CONNECTIONS, lan));
        assert!(admits(MAX_CONNECTIONS, local) && admits(MAX_CONNECTIONS + 50, mapped));
        let open = Arc::new(AtomicUsize::new(MAX_CONNECTIONS - 1));
        let slot = Slot::take(&open, lan).expect("the last place");
        assert!(Slot::take(&open, lan).is_none(), "full");
        drop(slot);
        assert_eq!(open.load(Ordering::Relaxed), MAX_CONNECTIONS - 1, "given back");
    }

    #[test]
    fn content_types_by_name() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("docs/x.PDF"), "application/pdf");
        assert_eq!(content_type("assets/fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("oit/urls.csv"), "text/csv; charset=utf-8");
    }
}
