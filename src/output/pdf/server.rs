//! The printing browser's only web server: the files of the output being written, on
//! `127.0.0.1` at a port the system picks, for GET and HEAD only (tower-http's `ServeDir`
//! decodes the path and refuses `..`: nothing outside the output folder is served).
//!
//! The browser is also told to use this server as its proxy for every other address, so a
//! request for another computer (or another port of this one) reaches this server as a proxy
//! request and is refused here: nothing the browser asks for leaves the computer, whatever the
//! page holds and whatever the browser does on its own.
//!
//! Every answer carries a Content-Security-Policy that lets a page load only this server's own
//! files (and `data:` pictures and fonts): no script at all, no frame or picture or style sheet
//! from another address, no plugin, no `<base>`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

/// What a printed page may load: its own server's files, `data:` pictures and fonts, inline
/// styles (the theme's); nothing else, and no script.
pub(super) const POLICY: &str = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; script-src 'none'; frame-src 'self'; child-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'none'; connect-src 'self'; media-src 'self'; \
     worker-src 'none'; manifest-src 'none'";

/// The server, running on the runtime that started it until dropped.
pub(super) struct Loopback {
    /// `127.0.0.1:<port>`.
    pub(super) address: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Loopback {
    /// Serves the files of `root`.
    pub(super) async fn start(root: &Path) -> std::io::Result<Loopback> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let host: Arc<str> = address.to_string().into();
        let files = tower_http::services::ServeDir::new(root);
        let app = Router::new().fallback_service(files).layer(axum::middleware::from_fn_with_state(host, guard));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Loopback { address, task })
    }

    /// `http://127.0.0.1:<port>`.
    pub(super) fn origin(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Whether a request is for this server's own files: a GET or HEAD of a path (not a proxy
/// request for another address, not a tunnel), addressed to this very host and port.
fn is_own(req: &Request, host: &str) -> bool {
    (req.method() == Method::GET || req.method() == Method::HEAD)
        && req.uri().authority().is_none()
        && req.headers().get(header::HOST).is_some_and(|h| h.as_bytes() == host.as_bytes())
}

/// Refuses every request that is not for the server's own files, and puts the policy on every
/// answer.
async fn guard(State(host): State<Arc<str>>, req: Request, next: Next) -> Response {
    let mut response =
        if is_own(&req, &host) { next.run(req).await } else { (StatusCode::FORBIDDEN, Body::empty()).into_response() };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Sends raw HTTP to the server and returns the status line and the whole answer.
    fn ask(address: SocketAddr, request: &str) -> (String, String) {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        (answer.lines().next().unwrap_or_default().to_string(), answer)
    }

    #[test]
    fn serves_only_its_own_files_to_its_own_address() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("ข่าว")).unwrap();
        std::fs::write(root.join("ข่าว/index.html"), "<p>own</p>").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let server = runtime.block_on(Loopback::start(&root)).unwrap();
        let a = server.address;
        let get = |path: &str, host: &str| {
            ask(a, &format!("GET {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n"))
        };
        let (status, answer) = get("/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/", &a.to_string());
        assert!(status.contains("200"), "{answer}");
        assert!(answer.contains("<p>own</p>"));
        assert!(answer.to_lowercase().contains(&format!("content-security-policy: {}", POLICY.to_lowercase())));
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/ข่าว/../../secret.txt"] {
            let (status, answer) = get(path, &a.to_string());
            assert!(!status.contains("200") && !answer.contains("secret\n"), "{path}: {answer}");
        }
        // Another host, a proxy request for another address, a tunnel, a POST: refused.
        assert!(get("/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/", "example.go.th").0.contains("403"));
        assert!(get("http://example.go.th/x.png", "example.go.th").0.contains("403"));
        let tunnel = ask(a, "CONNECT example.go.th:443 HTTP/1.1\r\nhost: example.go.th:443\r\n\r\n");
        assert!(tunnel.0.contains("403"), "{}", tunnel.1);
        let post = ask(a, &format!("POST / HTTP/1.1\r\nhost: {a}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
        assert!(post.0.contains("403"), "{}", post.1);
        drop(server);
    }
}
