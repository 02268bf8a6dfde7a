//! Splitting a content file into its YAML front matter and its Markdown body.

use crate::load::yaml::slips;
use crate::load::yaml::{self, Node, Pos, Value, YamlError};

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
    "signers",
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
        if let Some(e) = slips::front::missing_opener(text, FIELDS) {
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
        Err(e) if !split.closed => return Err(slips::front::unclosed(text, e)),
        Err(e) => return Err(e),
    };
    if split.closed {
        if let Some(e) = slips::front::extra_fence(split.body, split.body_line, FIELDS) {
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

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text made of what front matter is written with, and a little of everything else; most
    /// of it opens with a fence, as content files do.
    fn front_matter_like() -> impl Strategy<Value = String> {
        let start = prop::sample::select(vec!["", "---\n", "---\r\n", "\u{feff}---\n", "--- \n", "\u{feff}"]);
        let piece = prop_oneof![
            6 => prop::sample::select(vec![
                "---", "...", "\n", "\r\n", "\r", "\t", " ", ":", ": ", "\"", "'", "\u{feff}", "- ", "#", "[", "]",
                "{", "}", "title", "order", "๑๒,๕๐๐", "12500.10", "แผนปฏิบัติการ", "พ.ศ.", "|", ">", "&a", "*a",
            ])
            .prop_map(String::from),
            2 => prop::sample::select(vec!["\n---\n", "\r\n---\r\n", "\n...\n", "\ntitle: ก\n", "\norder: ๒\n"])
                .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        (start, prop::collection::vec(piece, 0..40)).prop_map(|(start, v)| format!("{start}{}", v.concat()))
    }

    /// A mapping key as editors write them.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z][a-z_]{0,9}", "[ก-ฮ][ก-ฮะ-ู]{0,6}"]
    }

    /// A plain scalar: Thai words, Arabic or Thai numbers, amounts.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ก-ฮ][ก-ฮะ-ู ]{0,12}[ก-ฮ]",
            "[1-9][0-9]{0,8}(\\.[0-9]{1,2})?",
            "[๑-๙][๐-๙]{0,2}(,[๐-๙]{3}){0,2} บาท",
        ]
    }

    /// Keys, each once, with their values.
    fn mapping() -> impl Strategy<Value = Vec<(String, String)>> {
        prop::collection::btree_map(key(), value(), 1..6).prop_map(|m| m.into_iter().collect())
    }

    fn newlines_before(text: &str, body: &str) -> u32 {
        text[..text.len() - body.len()].matches('\n').count() as u32
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_splits_or_errs(text in front_matter_like(), is_yaml in any::<bool>()) {
            if let Ok(p) = parse_front_matter(&text, is_yaml) {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                prop_assert!(text.ends_with(&*p.body), "the body is the end of the file");
            }
        }

        #[test]
        fn any_unicode_splits_or_errs(text in any::<String>(), is_yaml in any::<bool>()) {
            let _ = parse_front_matter(&text, is_yaml);
            let _ = parse_front_matter(&format!("---\n{text}"), is_yaml);
        }

        #[test]
        fn body_after_front_matter_comes_back_unchanged(
            entries in mapping(),
            body in any::<String>(),
            crlf in any::<bool>(),
            bom in any::<bool>(),
            close in prop::sample::select(vec!["---", "...", "--- "]),
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            text.push_str("---");
            text.push_str(nl);
            for (k, v) in &entries {
                text.push_str(&format!("{k}: {v}{nl}"));
            }
            text.push_str(close);
            text.push_str(nl);
            text.push_str(&body);

            let p = parse_front_matter(&text, false).unwrap();
            prop_assert_eq!(&*p.body, body.as_str());
            for (i, (k, v)) in entries.iter().enumerate() {
                let node = p.front.get(k);
                prop_assert!(node.is_some(), "key {} not found", k);
                let node = node.unwrap();
                match &node.value {
                    Value::Scalar { text, .. } => prop_assert_eq!(text, v),
                    other => prop_assert!(false, "{}: not a scalar: {:?}", k, other),
                }
                // The file's line: the opening fence is line 1.
                prop_assert_eq!(node.pos.line, i as u32 + 2, "{}", k);
            }
            prop_assert_eq!(p.body_line, entries.len() as u32 + 3);
            prop_assert_eq!(p.body_line, 1 + newlines_before(&text, &p.body));
        }

        #[test]
        fn body_line_counts_the_lines_before_the_body(text in front_matter_like()) {
            if let Ok(p) = parse_front_matter(&text, false) {
                // Only meaningful when there is a body: an empty one after a last line without
                // a newline has no line of its own.
                if !p.body.is_empty() {
                    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                    prop_assert_eq!(p.body_line, 1 + newlines_before(text, &p.body), "{:?}", text);
                }
            }
        }

        #[test]
        fn without_an_opening_fence_all_is_body(text in any::<String>()) {
            let first = text.strip_prefix('\u{feff}').unwrap_or(&text);
            prop_assume!(first.split('\n').next().unwrap().trim_end() != "---");
            let p = parse_front_matter(&text, false).unwrap();
            prop_assert_eq!(&*p.body, first);
            prop_assert_eq!(p.front.value, Value::Null);
            prop_assert_eq!(p.body_line, 1);
        }
    }
}
