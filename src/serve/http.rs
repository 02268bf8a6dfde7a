//! A small HTTP/1.1 server for the preview: GET and HEAD of what the last good build holds in
//! memory, server-sent events for reloads. Only paths the build produced can be served, so no
//! request can reach a file outside the site, whatever `..` or encoding it uses.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A request's method and decoded path.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD`.
    pub method: String,
    /// The path, percent-decoded, without query or fragment, starting with `/`.
    pub path: String,
}

/// Why a request is refused before routing.
#[derive(Debug, PartialEq, Eq)]
pub enum BadRequest {
    /// Not a request we understand (400).
    Malformed,
    /// A method other than GET or HEAD (405).
    Method,
    /// A path that tries to climb out (`..`, encoded or not), or has NUL or backslashes (400).
    Traversal,
}

/// Reads the request line and headers (up to 16 KiB) from `stream`.
pub fn read_request(stream: &TcpStream) -> Result<Request, BadRequest> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|_| BadRequest::Malformed)?;
    // Drain the headers; the preview needs none of them.
    loop {
        let mut h = String::new();
        match reader.read_line(&mut h) {
            Ok(0) => break,
            Ok(_) if h == "\r\n" || h == "\n" => break,
            Ok(_) => {}
            Err(_) => return Err(BadRequest::Malformed),
        }
    }
    parse_request_line(&line)
}

/// Parses `GET /path?q HTTP/1.1`.
pub fn parse_request_line(line: &str) -> Result<Request, BadRequest> {
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Err(BadRequest::Malformed) };
    if method != "GET" && method != "HEAD" {
        return Err(BadRequest::Method);
    }
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err(BadRequest::Malformed);
    }
    let path = crate::links::percent_decode(raw);
    let bad_segment = path.split('/').any(|s| s == ".." || s == ".");
    if bad_segment || path.contains('\\') || path.contains('\0') || path.contains("//") {
        return Err(BadRequest::Traversal);
    }
    Ok(Request { method: method.to_string(), path })
}

/// The content type of a file by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// Writes a whole response and closes.
pub fn respond(mut stream: &TcpStream, status: &str, content_type: &str, extra: &str, body: &[u8], head: bool) {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if !head {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!(parse_request_line("GET /a/%E0%B8%81/?x=1 HTTP/1.1\r\n").unwrap().path, "/a/ก/");
        assert_eq!(parse_request_line("POST / HTTP/1.1"), Err(BadRequest::Method));
        assert_eq!(parse_request_line("GET /../etc/passwd HTTP/1.1"), Err(BadRequest::Traversal));
        assert_eq!(parse_request_line("GET /%2e%2e/etc/passwd HTTP/1.1"), Err(BadRequest::Traversal));
        assert_eq!(parse_request_line("GET /a/..%2f..%2fx HTTP/1.1"), Err(BadRequest::Traversal));
        assert_eq!(parse_request_line("GET /a%5c..%5cx HTTP/1.1"), Err(BadRequest::Traversal));
        assert_eq!(parse_request_line("GET http://x/ HTTP/1.1"), Err(BadRequest::Malformed));
        assert_eq!(parse_request_line(""), Err(BadRequest::Malformed));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("docs/x.PDF"), "application/pdf");
        assert_eq!(content_type("assets/fonts/a.woff2"), "font/woff2");
    }
}
