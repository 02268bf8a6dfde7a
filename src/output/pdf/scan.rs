//! The addresses in a report's HTML that a browser would load from somewhere other than the
//! site's own files: pictures, frames, embedded objects, media, style sheets and icons, and
//! `url(…)` / `@import` in styles. Links (`<a href>`) are not loaded and are not listed.
//!
//! The browser blocks all of these anyway (see `server.rs`); this list is what the warning
//! names, with each address as the editor wrote it (the browser's own record of a blocked frame
//! keeps only its origin, and a `file:` frame leaves no record at all).

/// Attributes that load what they name, by element (`*` for any element).
const LOADING: [(&str, &str); 13] = [
    ("*", "src"),
    ("*", "srcset"),
    ("*", "background"),
    ("object", "data"),
    ("video", "poster"),
    ("link", "href"),
    ("link", "imagesrcset"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("feimage", "href"),
    ("feimage", "xlink:href"),
];

/// `rel` values of `<link>` that make the browser load (or connect to) the address.
const LOADING_RELS: [&str; 9] = [
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
];

/// Addresses the page at `html` would load from outside the site, in the order they appear,
/// each once.
pub(super) fn foreign_addresses(html: &str) -> Vec<String> {
    addresses(html).into_iter().filter(|a| is_foreign(a)).collect()
}

/// Addresses the page at `html` would load from the site's own files (`style.css`,
/// `../fonts/a.woff2`, `/images/a.png`), as written, each once: what its PDF is made of besides
/// the page itself.
pub(super) fn own_addresses(html: &str) -> Vec<String> {
    addresses(html).into_iter().filter(|a| is_own(a)).collect()
}

/// Addresses a style sheet loads from the site's own files (`url(…)`, `@import`), each once.
pub(super) fn own_style_addresses(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    styles(css, &mut found);
    found.retain(|a| is_own(a));
    found
}

/// Every address the page at `html` would load, as written, each once.
fn addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(rest.len());
        if name_len == 0 {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let (attributes, after) = attributes(&rest[name_len..]);
        rest = after;
        let rel = attributes.iter().find(|(n, _)| n == "rel").map(|(_, v)| v.to_ascii_lowercase());
        for (attr, value) in &attributes {
            let loads = LOADING.iter().any(|(el, at)| (*el == "*" || *el == name) && at == attr);
            if loads
                && (name != "link"
                    || rel.as_deref().is_some_and(|r| r.split_whitespace().any(|r| LOADING_RELS.contains(&r))))
            {
                if attr.ends_with("srcset") {
                    for candidate in value.split(',') {
                        push(&mut found, candidate.split_whitespace().next().unwrap_or_default());
                    }
                } else {
                    push(&mut found, value);
                }
            } else if attr == "style" {
                styles(value, &mut found);
            } else if name == "meta" && attr == "content" {
                let refresh = attributes.iter().any(|(n, v)| n == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
                if let (true, Some(at)) = (refresh, value.to_ascii_lowercase().find("url=")) {
                    push(
                        &mut found,
                        value[at + 4..].trim_matches(|c: char| c == '\'' || c == '"' || c.is_whitespace()),
                    );
                }
            }
        }
        if name == "style" {
            let end = rest.to_ascii_lowercase().find("</style").unwrap_or(rest.len());
            styles(&rest[..end], &mut found);
            rest = &rest[end..];
        }
    }
    found
}

/// The attributes of a tag (names lowercased, values with character references decoded), and
/// the text after the tag.
fn attributes(tag: &str) -> (Vec<(String, String)>, &str) {
    let mut out = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return (out, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (out, after);
        }
        let name_len = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_len.max(1)].to_ascii_lowercase();
        rest = rest[name_len.max(1)..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            out.push((name, String::new()));
            continue;
        };
        rest = after_eq.trim_start();
        let value;
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &rest[1..];
            let end = body.find(quote).unwrap_or(body.len());
            value = &body[..end];
            rest = body.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len());
            value = &rest[..end];
            rest = &rest[end..];
        }
        out.push((name, decode_references(value)));
    }
}

/// `url(…)` and `@import "…"` addresses in style text.
fn styles(css: &str, found: &mut Vec<String>) {
    let lower = css.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let inner = &css[at + 4..];
        let end = inner.find(')').unwrap_or(inner.len());
        push(found, inner[..end].trim().trim_matches(|c| c == '"' || c == '\''));
    }
    for (at, _) in lower.match_indices("@import") {
        let inner = css[at + 7..].trim_start();
        if let Some(quote) = inner.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &inner[1..];
            push(found, &body[..body.find(quote).unwrap_or(body.len())]);
        }
    }
}

/// Keeps `address` (trimmed), once.
fn push(found: &mut Vec<String>, address: &str) {
    let address = address.trim();
    if !address.is_empty() && !found.iter().any(|f| f == address) {
        found.push(address.to_string());
    }
}

/// The scheme of `address` (`http`), when it has one.
fn scheme(address: &str) -> Option<String> {
    address
        .find(':')
        .map(|i| &address[..i])
        .filter(|s| {
            !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
        .map(str::to_ascii_lowercase)
}

/// Whether `address` names another computer or a file (`http:`, `https:`, `//host`, `file:`,
/// any other scheme but `data:`, `about:`, `javascript:` and `blob:`).
fn is_foreign(address: &str) -> bool {
    match scheme(address).as_deref() {
        Some("data" | "about" | "javascript" | "blob") => false,
        Some(_) => true,
        None => address.starts_with("//") || address.starts_with("\\\\"),
    }
}

/// Whether `address` names a file of the site (no scheme, not another computer, not only a
/// fragment).
fn is_own(address: &str) -> bool {
    scheme(address).is_none() && !is_foreign(address) && !address.starts_with('#')
}

/// The text of an attribute with its character references (`&amp;`, `&#47;`, `&#x2F;`) decoded.
fn decode_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "colon" => Some(':'),
                "sol" => Some('/'),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_what_would_be_loaded_from_elsewhere_and_not_links() {
        let html = r#"<!DOCTYPE html><html><head>
            <link rel="stylesheet" href="../../assets/style.css">
            <link rel="canonical" href="https://example.go.th/ita/2565/plan/6m/">
            <link rel=stylesheet href="https://fonts.example.com/css?family=Sarabun&amp;display=swap">
            <style>body { background: url( 'http://img.example.com/bg.png' ) } @import "https://cdn.example.com/x.css";</style>
            <meta http-equiv="refresh" content="0; url=http://elsewhere.example.com/">
            </head><body>
            <!-- <img src="http://commented.example.com/x.png"> -->
            <a href="https://www.nacc.go.th/">ป.ป.ช.</a>
            <img src="/images/own.jpg"><img src="data:image/png;base64,AAAA">
            <img SRC='http://127.0.0.1:9/x.png' srcset="//cdn.example.com/a.jpg 1x, /own.jpg 2x">
            <iframe src="file:///etc/passwd"></iframe>
            <iframe src=https://www.youtube.com/embed/abc width=560></iframe>
            <div style="background-image:url(&quot;https://img.example.com/d.png&quot;)"></div>
            <svg><image href="https://img.example.com/s.svg"/></svg>
            <object data="https://files.example.com/x.swf"></object>
            <img src="http&#58;//encoded.example.com/e.png"><img src="javascript:alert(1)">
            <img src="http://127.0.0.1:9/x.png">
            </body></html>"#;
        assert_eq!(
            foreign_addresses(html),
            [
                "https://fonts.example.com/css?family=Sarabun&display=swap",
                "http://img.example.com/bg.png",
                "https://cdn.example.com/x.css",
                "http://elsewhere.example.com/",
                "http://127.0.0.1:9/x.png",
                "//cdn.example.com/a.jpg",
                "file:///etc/passwd",
                "https://www.youtube.com/embed/abc",
                "https://img.example.com/d.png",
                "https://img.example.com/s.svg",
                "https://files.example.com/x.swf",
                "http://encoded.example.com/e.png",
            ]
        );
    }

    #[test]
    fn broken_html_does_not_stop_the_scan() {
        for html in
            ["<", "<img src=", "<img src=\"http://a.example.com/x", "<style>url(", "&#xZZ;<img src=x>", "<a b='"]
        {
            let _ = foreign_addresses(html);
        }
        assert_eq!(
            foreign_addresses("<img src=\"http://a.example.com/&#x41;&bogus;\">"),
            ["http://a.example.com/A&bogus;"]
        );
    }
}
