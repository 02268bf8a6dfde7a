//! Splitting a content file into its YAML front matter and its Markdown body.

use crate::yaml::{self, Node, Pos, Value, YamlError};

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

/// Splits and parses a file's text. `is_yaml` is true for `.yaml`/`.yml` files, which are all
/// front matter. Positions in the result are positions in the whole file.
///
/// This is the one function through which content YAML is read.
pub fn parse_front_matter(text: &str, is_yaml: bool) -> Result<Parsed, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_yaml {
        let front = yaml::parse(text)?;
        return Ok(Parsed { front, body: std::sync::Arc::from(""), body_line: 1 });
    }
    let Some((yaml_text, body, body_line)) = split(text) else {
        return Ok(Parsed {
            front: Node { value: Value::Null, pos: Pos::new(1, 1) },
            body: std::sync::Arc::from(text),
            body_line: 1,
        });
    };
    let mut front = yaml::parse(yaml_text).map_err(|mut e| {
        e.pos.line += 1;
        e
    })?;
    shift_lines(&mut front, 1);
    Ok(Parsed { front, body: std::sync::Arc::from(body), body_line })
}

/// `---\n<yaml>---\n<body>` → (yaml, body, line of body). `None` when the file does not start
/// with a `---` line. An unclosed front matter takes the whole file.
fn split(text: &str) -> Option<(&str, &str, u32)> {
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
            return Some((yaml, body, line + 1));
        }
        offset += l.len();
        line += 1;
    }
    Some((rest, "", line))
}

fn shift_lines(node: &mut Node, by: u32) {
    node.pos.line += by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift_lines(n, by)),
        Value::Map(entries) => {
            for (k, v) in entries {
                k.pos.line += by;
                shift_lines(v, by);
            }
        }
        _ => {}
    }
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
    fn crlf_and_bom() {
        let p = parse_front_matter("\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n", false).unwrap();
        assert!(p.front.get("title").is_some());
        assert_eq!(&*p.body, "body\r\n");
    }
}
