//! Slips in the `---` lines around a Markdown file's front matter: the closing line missing
//! (the body is then read as YAML, and fails somewhere in it), one line too many (fields end
//! up in the body), or the opening line missing (the whole file is body).

use super::{slip, Src};
use crate::load::yaml::{Pos, Value, YamlError};

/// Whether a line reads as front matter: `field: value` with an English field name, an
/// indented line, a list item or a comment. `None` for a blank line.
fn yaml_like(line: &str) -> Option<bool> {
    if line.trim().is_empty() {
        return None;
    }
    if line.starts_with([' ', '\t', '#']) || line.trim_end() == "-" || line.starts_with("- ") {
        return Some(true);
    }
    Some(field_line(line).is_some())
}

/// The field name of a line `field: value` (or `field:`) with an English name.
fn field_line(line: &str) -> Option<&str> {
    let (key, after) = line.split_once(':')?;
    let name = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && key.chars().any(|c| c.is_ascii_alphabetic());
    (name && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// Front matter opened on line 1 and not closed, whose YAML (the rest of the file) failed
/// with `e` (at positions in the file). When the YAML broke only where the body starts, the
/// slip is the missing `---`, reported where it belongs; when it broke before, that slip is
/// reported, with a word about the `---`.
pub fn unclosed(text: &str, mut e: YamlError) -> YamlError {
    let src = Src::new(text);
    let body = (2..=src.count()).find(|&n| src.line(n).and_then(yaml_like) == Some(false));
    if let Some(body) = body.filter(|b| e.pos.line + 1 < *b) {
        let more = format!("ส่วนหัวยังไม่มีเส้น --- ปิดด้วย (ควรอยู่ก่อนบรรทัด {body})");
        e.help = Some(match e.help.take() {
            Some(help) => format!("{help}; {more}"),
            None => more,
        });
        return e;
    }
    let mut end = body.unwrap_or(e.pos.line).clamp(2, src.count().max(2));
    while end > 2 && src.line(end - 1).is_some_and(|l| l.trim().is_empty() || l.starts_with('#')) {
        end -= 1;
    }
    YamlError {
        pos: Pos::new(end, 1),
        message: "ส่วนหัว (front matter) ที่เปิดด้วย --- ในบรรทัด 1 ไม่มีเส้น --- ปิด: ข้อความตั้งแต่บรรทัดนี้จึงถูกอ่านเป็นข้อมูลไปด้วย"
            .to_string(),
        help: Some(format!("พิมพ์ --- ในบรรทัดของตัวเองหลังช่องสุดท้ายของส่วนหัว ก่อนเนื้อหา (แทรกเป็นบรรทัด {end})")),
        parser: e.parser,
    }
}

/// Front matter closed, but the body starts with more fields and another `---`: the line
/// that closed the front matter (just before the body, which starts at `body_line`) was one
/// too many. `known` are the field names front matter may have; one of them must be among
/// the fields, so that Markdown such as a heading underlined with `---` is left alone.
pub fn extra_fence(body: &str, body_line: u32, known: &[&str]) -> Option<YamlError> {
    let keys = fields_then_fence(body, known)?;
    let fence = body_line.saturating_sub(1).max(1);
    Some(slip(
        Pos::new(fence, 1),
        format!("มีเส้น --- เกินมาในบรรทัด {fence}: ช่อง {} ที่อยู่ถัดไปจึงกลายเป็นเนื้อหาของหน้า ไม่ใช่ส่วนหัว", keys.join(", ")),
        format!("ลบเส้น --- ในบรรทัด {fence} ออก ให้ส่วนหัวอยู่ระหว่าง --- สองเส้นเท่านั้น (บรรทัดแรก และหลังช่องสุดท้าย)"),
    ))
}

/// A Markdown file that does not start with `---` but with fields (one of them `known`) and
/// then a `---` line: the opening line is missing.
pub fn missing_opener(text: &str, known: &[&str]) -> Option<YamlError> {
    if text.lines().next().is_none_or(|l| field_line(l).is_none()) {
        return None;
    }
    let keys = fields_then_fence(text, known)?;
    let first = text.lines().next().unwrap_or_default().trim();
    Some(slip(
        Pos::new(1, 1),
        format!("ไฟล์ไม่ได้ขึ้นต้นด้วยเส้น --- ช่อง {} จึงถูกอ่านเป็นเนื้อหา ไม่ใช่ส่วนหัว (front matter)", keys.join(", ")),
        format!("พิมพ์ --- เป็นบรรทัดแรกของไฟล์ (เหนือบรรทัด {first})"),
    ))
}

/// The field names of a text that starts (after blank lines) with fields only, one of them
/// `known`, up to a `---` line, and reads as a YAML mapping up to there.
fn fields_then_fence(text: &str, known: &[&str]) -> Option<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let here = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim_end() == "---" {
            let block = text.get(start?..here)?;
            let is_map = matches!(crate::load::yaml::parse(block).map(|n| n.value), Ok(Value::Map(_)));
            let any_known = keys.iter().any(|k| known.contains(&k.as_str()));
            return (is_map && any_known).then_some(keys);
        }
        match (yaml_like(line), start) {
            (None, _) => {}
            (Some(false), _) => return None,
            (Some(true), None) => {
                keys.push(field_line(line)?.to_string());
                start = Some(here);
            }
            (Some(true), Some(_)) => keys.extend(field_line(line).map(str::to_string)),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser_error(line: u32) -> YamlError {
        YamlError { pos: Pos::new(line, 1), message: "x".into(), help: None, parser: Some("english".into()) }
    }

    #[test]
    fn points_where_the_closing_line_belongs() {
        let text = "---\ntype: project\ntitle: x\n\n# หัวข้อ\n\nเนื้อหา: ก ข\n- รายการ\n";
        let e = unclosed(text, parser_error(8));
        assert_eq!(e.pos, Pos::new(4, 1));
        assert!(e.message.contains("ไม่มีเส้น --- ปิด"), "{e:?}");
        assert_eq!(e.parser.as_deref(), Some("english"));
    }

    #[test]
    fn a_slip_before_the_body_comes_first() {
        let text = "---\ntitle: x\nbudget:\n\tapproved: 5\n\nเนื้อหา\n";
        let mut tab = parser_error(4);
        tab.help = Some("ใช้เว้นวรรค".into());
        let e = unclosed(text, tab);
        assert_eq!(e.pos, Pos::new(4, 1));
        assert!(e.help.unwrap().contains("ยังไม่มีเส้น --- ปิด"));
    }

    const KNOWN: &[&str] = &["title", "order", "draft"];

    #[test]
    fn fields_after_the_closing_line() {
        let e = extra_fence("order: 1\ndraft: false\n---\nเนื้อหา\n", 4, KNOWN).unwrap();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.message.contains("order, draft"), "{e:?}");
        assert!(extra_fence("\nเนื้อหา\n---\nต่อ\n", 4, KNOWN).is_none());
        assert!(extra_fence("# หัวข้อ\n---\n", 4, KNOWN).is_none());
        assert!(extra_fence("Note: ข้อความ [ลิงก์\n---\n", 4, KNOWN).is_none());
        let e = extra_fence("order: 1\r\ndraft: false\r\n---\r\nเนื้อหา\r\n", 4, KNOWN).unwrap();
        assert!(e.message.contains("order, draft"), "{e:?}");
    }

    #[test]
    fn fields_without_the_opening_line() {
        let e = missing_opener("title: ก\norder: 2\n---\nเนื้อหา\n", KNOWN).unwrap();
        assert_eq!(e.pos, Pos::new(1, 1));
        assert!(e.help.unwrap().contains("title: ก"));
        assert!(missing_opener("เนื้อหา\n---\n", KNOWN).is_none());
        assert!(missing_opener("title: ก\n", KNOWN).is_none());
    }
}
