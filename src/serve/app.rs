//! The preview's HTTP side, on axum: GET and HEAD of what the last good build holds — pages
//! rendered into memory (with an ETag, so a browser's `If-None-Match` gets 304) and the site's
//! files read from disk through tower-http (byte ranges for PDF viewers, `Last-Modified` and
//! conditional requests) — and the server-sent events that reload open pages.
//!
//! Only paths the build produced are served, looked up by their exact name: no request reaches
//! a file outside the site, whatever `..` or encoding it uses.

use super::{Notice, Server, EVENTS};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use tower::ServiceExt;

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
    if let Some(source) = state.built.statics.get(key) {
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
    fn content_types_by_name() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("docs/x.PDF"), "application/pdf");
        assert_eq!(content_type("assets/fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("oit/urls.csv"), "text/csv; charset=utf-8");
    }
}
