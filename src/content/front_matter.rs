//! Splitting a content file into its YAML front matter and its Markdown body.

use crate::yaml::{self, Node, Pos, Value, YamlError};
use crate::yaml_slips;

/// A content file split and its front matter parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The front matter (a `Null` node when there is none).
    pub front: Node,
    /// The Markdown body (empty for `.yaml` files).
    pub body: std::sync::Arc<str>,
    /// The line where the body starts.
    pub body_line: u32,
}

/// Every top-level field of a content file (of any kind), for telling fields that slipped
/// out of the front matter from Markdown.
const FIELDS: &[&str] = &[
    "type",
    "title",
    "draft",
    "order",
    "description",
    "fiscal_year",
    "kind",
    "oit",
    "responsible",
    "objectives",
    "targets",
    "alignment",
    "outputs",
    "outcomes",
    "indicators",
    "budget",
    "rounds",
    "steps",
    "date",
    "documents",
];

/// Splits and parses a file's text. `is_yaml` is true for `.yaml`/`.yml` files, which are all
/// front matter. Positions in the result are positions in the whole file.
///
/// This is the one function through which content YAML is read. Besides the YAML's own
/// slips, it reports those of the `---` lines: front matter not closed, a `---` too many
/// (fields then end up in the body), no opening `---` (the file starts with fields).
pub fn parse_front_matter(text: &str, is_yaml: bool) -> Result<Parsed, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_yaml {
        let front = yaml::parse(text)?;
        return Ok(Parsed { front, body: std::sync::Arc::from(""), body_line: 1 });
    }
    let Some(split) = split(text) else {
        if let Some(e) = yaml_slips::front::missing_opener(text, FIELDS) {
            return Err(e);
        }
        return Ok(Parsed {
            front: Node { value: Value::Null, pos: Pos::new(1, 1) },
            body: std::sync::Arc::from(text),
            body_line: 1,
        });
    };
    // Parsed with the `---` line left as an empty line, so positions are file positions.
    let front = match yaml::parse(&format!("\n{}", split.yaml)) {
        Ok(front) => front,
        Err(e) if !split.closed => return Err(yaml_slips::front::unclosed(text, e)),
        Err(e) => return Err(e),
    };
    if split.closed {
        if let Some(e) = yaml_slips::front::extra_fence(split.body, split.body_line, FIELDS) {
            return Err(e);
        }
    }
    Ok(Parsed { front, body: std::sync::Arc::from(split.body), body_line: split.body_line })
}

/// A file with front matter, cut in two.
struct Split<'t> {
    /// The front matter's YAML (from line 2).
    yaml: &'t str,
    /// The Markdown after it.
    body: &'t str,
    /// The line where the body starts.
    body_line: u32,
    /// Whether a closing `---` was found (else the YAML runs to the end of the file).
    closed: bool,
}

/// `---\n<yaml>---\n<body>` cut in two; `None` when the file does not start with a `---`
/// line. An unclosed front matter takes the whole file.
fn split(text: &str) -> Option<Split<'_>> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let rest_start = (first_end + 1).min(text.len());
    let rest = &text[rest_start..];
    let mut offset = 0;
    let mut line = 2u32;
    for l in rest.split_inclusive('\n') {
        if l.trim_end() == "---" || l.trim_end() == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some(Split { yaml, body, body_line: line + 1, closed: true });
        }
        offset += l.len();
        line += 1;
    }
    Some(Split { yaml: rest, body: "", body_line: line, closed: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_file_positions() {
        let p = parse_front_matter("---\ntitle: ก\norder: 2\n---\n# หัวข้อ\n", false).unwrap();
        assert_eq!(p.front.get("order").unwrap().pos, Pos::new(3, 8));
        assert_eq!(&*p.body, "# หัวข้อ\n");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn error_lines_are_file_lines() {
        let e = parse_front_matter("---\ntitle: ก\nbad: [\n---\n", false).unwrap_err();
        assert!(e.pos.line >= 3, "{e:?}");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let p = parse_front_matter("hello\n", false).unwrap();
        assert_eq!(p.front.value, Value::Null);
        assert_eq!(&*p.body, "hello\n");
    }

    #[test]
    fn slips_of_the_fences() {
        let e = parse_front_matter("---\ntitle: ก\n\nเนื้อหา ยาว ๆ\n", false).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.message.contains("ไม่มีเส้น --- ปิด"), "{e:?}");
        let e = parse_front_matter("---\ntitle: ก\n---\norder: 1\n---\nเนื้อหา\n", false).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        let e = parse_front_matter("title: ก\n---\nเนื้อหา\n", false).unwrap_err();
        assert_eq!(e.pos, Pos::new(1, 1));
        let p = parse_front_matter("---\ntitle: ก\n---\nข้อความ\n---\n", false).unwrap();
        assert_eq!(&*p.body, "ข้อความ\n---\n");
    }

    #[test]
    fn crlf_and_bom() {
        let p = parse_front_matter("\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n", false).unwrap();
        assert!(p.front.get("title").is_some());
        assert_eq!(&*p.body, "body\r\n");
    }
}
