//! Markdown → HTML, safe by default: raw HTML is shown as text unless the site allows it,
//! `javascript:` links are dropped, and links inside the site are written relative to the page.

use crate::links::{Resolved, Targets};
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// The Markdown extensions prongsai reads: tables, strikethrough, footnotes, task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES | Options::ENABLE_TASKLISTS
}

/// Where a Markdown text stands, for resolving its links.
pub struct Place<'a> {
    /// Every page and file of the site.
    pub targets: &'a Targets,
    /// The path of the page it is shown on.
    pub page_path: &'a str,
    /// The folder of its source file, relative to `content/`.
    pub source_dir: &'a str,
    /// Whether raw HTML is published as is.
    pub allow_html: bool,
}

fn unsafe_scheme(dest: &str) -> bool {
    let d: String =
        dest.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    d.starts_with("javascript:") || d.starts_with("vbscript:") || d.starts_with("data:text/html")
}

fn rewrite(dest: CowStr<'_>, place: &Place<'_>) -> CowStr<'static> {
    if unsafe_scheme(&dest) {
        return CowStr::Borrowed("#");
    }
    match place.targets.resolve(&dest, place.page_path, place.source_dir) {
        Resolved::Internal { path, suffix } => {
            CowStr::from(format!("{}{}", crate::links::relative(place.page_path, &path), suffix))
        }
        _ => CowStr::from(dest.into_string()),
    }
}

/// Renders a Markdown body to HTML.
pub fn to_html(text: &str, place: &Place<'_>) -> String {
    let parser = Parser::new_ext(text, markdown_options()).map(|event| match event {
        Event::Html(h) | Event::InlineHtml(h) if !place.allow_html => Event::Text(h),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rewrite(dest_url, place), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rewrite(dest_url, place), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

/// Renders one line of inline Markdown (an objective, an output): no surrounding `<p>`.
pub fn inline_html(text: &str, place: &Place<'_>) -> String {
    let html = to_html(text, place);
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(targets: &Targets, allow_html: bool) -> Place<'_> {
        Place { targets, page_path: "2565/plan/", source_dir: "2565/plan", allow_html }
    }

    #[test]
    fn raw_html_is_text_by_default() {
        let t = Targets::default();
        let html = to_html("<script>alert(1)</script>\n\nก <b>ข</b>", &place(&t, false));
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(to_html("<b>ข</b>", &place(&t, true)).contains("<b>ข</b>"));
    }

    #[test]
    fn drops_script_links_and_rewrites_site_links() {
        let mut t = Targets::default();
        t.pages.insert("about/".into());
        let html = to_html("[x](javascript:alert(1)) [y](/about/)", &place(&t, false));
        assert!(html.contains("href=\"#\""), "{html}");
        assert!(html.contains("href=\"../../about/\""), "{html}");
    }

    #[test]
    fn inline_has_no_paragraph() {
        let t = Targets::default();
        assert_eq!(inline_html("**ก**", &place(&t, false)), "<strong>ก</strong>");
    }
}
