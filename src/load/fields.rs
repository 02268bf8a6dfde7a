//! Reading typed fields out of a YAML tree, with an editor-friendly finding for every field of
//! the wrong type, missing or unknown (with the nearest known name suggested).
//!
//! Used by every reader of YAML: `site.yaml`, content front matter and OIT catalogues.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::yaml::{Key, Node, Pos, ScalarKind, Value};
use crate::values::money::Baht;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Reads fields of one file and collects what is wrong with them.
pub struct Reader<'d> {
    file: PathBuf,
    diags: &'d mut Diagnostics,
}

/// The entries of one mapping, checked against the names it may have.
pub struct Map<'n> {
    entries: &'n [(Key, Node)],
    /// Where the mapping starts.
    pub pos: Pos,
    prefix: String,
}

impl<'n> Map<'n> {
    /// The value of `key`, if present and not empty.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v).filter(|v| v.value != Value::Null)
    }

    /// The key itself (for positions of keys).
    pub fn key(&self, key: &str) -> Option<&'n Key> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(k, _)| k)
    }

    /// All entries in source order.
    pub fn entries(&self) -> &'n [(Key, Node)] {
        self.entries
    }

    /// The dotted name of a field of this mapping (`budget.approved`).
    pub fn field(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }
}

impl<'d> Reader<'d> {
    /// A reader for `file` (relative to the site folder) that adds findings to `diags`.
    pub fn new(file: &Path, diags: &'d mut Diagnostics) -> Self {
        Reader { file: file.to_path_buf(), diags }
    }

    /// The file being read (relative to the site folder).
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Adds an error.
    pub fn error(&mut self, pos: Pos, field: &str, message: impl Into<String>) {
        let field = (!field.is_empty()).then_some(field);
        self.diags.push(Diagnostic::error(&self.file, pos, field, message));
    }

    /// Adds a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Adds an error about a value; when the value holds a slip that explains it (Word's curly
    /// quotes, an invisible character, no space after `:`), the finding names the slip and
    /// says what to type instead.
    pub fn value_error(&mut self, node: &Node, field: &str, message: impl Into<String>) {
        let field = (!field.is_empty()).then_some(field);
        let mut d = Diagnostic::error(&self.file, node.pos, field, message);
        if let Value::Scalar { text, .. } = &node.value {
            if let Some(slip) = crate::load::yaml::slips::values::value_slip(text) {
                d.message = format!("{}: {}", d.message, slip.cause);
                d = d.with_help(slip.fix);
            }
        }
        self.diags.push(d);
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected: &str) {
        self.value_error(node, field, format!("ต้องเป็น{expected} แต่พบ{}", node.kind_name()));
    }

    /// Reads `node` as a mapping whose keys must be among `known`; unknown keys are reported
    /// with the nearest known name. `field` is the mapping's own dotted name ("" at the top).
    pub fn map<'n>(&mut self, node: &'n Node, field: &str, known: &[&str]) -> Option<Map<'n>> {
        let entries: &'n [(Key, Node)] = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                let what = if field.is_empty() { "ส่วนหัว (front matter)" } else { "" };
                self.wrong_type(node, field, &format!("{what}ชุดข้อมูลแบบ ชื่อ: ค่า"));
                return None;
            }
        };
        let map = Map { entries, pos: node.pos, prefix: field.to_string() };
        for (key, value) in entries {
            if !known.contains(&key.name.as_str()) {
                let mut d = Diagnostic::error(
                    &self.file,
                    key.pos,
                    Some(&map.field(&key.name)),
                    format!("ไม่รู้จักช่อง \"{}\"", key.name),
                );
                let text = match &value.value {
                    Value::Scalar { text, .. } => Some(text.as_str()),
                    _ => None,
                };
                let slip = crate::load::yaml::slips::values::key_slip(&key.name, text).or_else(|| {
                    (value.value == Value::Null)
                        .then(|| crate::load::yaml::slips::values::cut_by_comma(&key.name))
                        .flatten()
                });
                if let Some(slip) = slip {
                    d.message = format!("{}: {}", d.message, slip.cause);
                    self.diags.push(d.with_help(slip.fix));
                    continue;
                }
                d = match crate::diagnostics::nearest(&key.name, known) {
                    Some(near) => d.with_help(format!("หมายถึง \"{near}\" หรือไม่?")),
                    None => d.with_help(format!("ช่องที่ใช้ได้ที่นี่: {}", known.join(", "))),
                };
                self.diags.push(d);
            }
        }
        Some(map)
    }

    /// Reports a required field that is missing.
    pub fn missing(&mut self, map: &Map<'_>, key: &str, what: &str) {
        let pos = map.key(key).map(|k| k.pos).unwrap_or(map.pos);
        self.error(pos, &map.field(key), format!("ต้องมี{what} (ช่อง {key}) แต่ไม่พบหรือเว้นว่างไว้"));
    }

    /// A text field (any scalar is taken as its text).
    pub fn text(&mut self, map: &Map<'_>, key: &str) -> Option<String> {
        let node = map.get(key)?;
        self.text_of(node, &map.field(key))
    }

    /// A node as text.
    pub fn text_of(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } => Some(text.clone()),
            Value::Null => None,
            _ => {
                self.wrong_type(node, field, "ข้อความ");
                None
            }
        }
    }

    /// A required text field.
    pub fn required_text(&mut self, map: &Map<'_>, key: &str, what: &str) -> Option<String> {
        match self.text(map, key) {
            Some(t) if !t.trim().is_empty() => Some(t),
            Some(_) => {
                self.missing(map, key, what);
                None
            }
            None => {
                if map.get(key).is_none() {
                    self.missing(map, key, what);
                }
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn text_list(&mut self, map: &Map<'_>, key: &str) -> Vec<String> {
        match map.get(key) {
            Some(node) => self.text_list_of(node, &map.field(key)),
            None => Vec::new(),
        }
    }

    /// A node as a list of texts.
    pub fn text_list_of(&mut self, node: &Node, field: &str) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.text_of(item, &format!("{field}[{}]", i + 1)))
                .collect(),
            Value::Scalar { text, .. } => vec![text.clone()],
            _ => {
                self.wrong_type(node, field, "รายการข้อความ");
                Vec::new()
            }
        }
    }

    /// The items of a list field (a single item is taken as a list of one).
    pub fn items<'n>(&mut self, map: &Map<'n>, key: &str) -> Vec<&'n Node> {
        match map.get(key) {
            None => Vec::new(),
            Some(node) => match &node.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![node],
            },
        }
    }

    /// A yes/no field.
    pub fn flag(&mut self, map: &Map<'_>, key: &str) -> bool {
        match map.get(key) {
            None => false,
            Some(node) => match &node.value {
                Value::Scalar { kind: ScalarKind::Bool(b), .. } => *b,
                _ => {
                    self.wrong_type(node, &map.field(key), "true หรือ false");
                    false
                }
            },
        }
    }

    /// A whole-number field.
    pub fn integer(&mut self, map: &Map<'_>, key: &str) -> Option<(i64, Pos)> {
        let node = map.get(key)?;
        let text = self.text_of(node, &map.field(key))?;
        match crate::values::digits::to_arabic_digits(text.trim()).parse::<i64>() {
            Ok(n) => Some((n, node.pos)),
            Err(_) => {
                self.value_error(node, &map.field(key), format!("ต้องเป็นจำนวนเต็ม แต่พบ \"{text}\""));
                None
            }
        }
    }

    /// An amount of money.
    pub fn money(&mut self, map: &Map<'_>, key: &str) -> Option<(Baht, Pos)> {
        let node = map.get(key)?;
        self.money_of(node, &map.field(key)).map(|b| (b, node.pos))
    }

    /// A node as an amount of money.
    pub fn money_of(&mut self, node: &Node, field: &str) -> Option<Baht> {
        let text = match &node.value {
            Value::Scalar { text, kind: ScalarKind::Number | ScalarKind::Str } => text,
            Value::Null => return None,
            _ => {
                self.wrong_type(node, field, "จำนวนเงิน");
                return None;
            }
        };
        match Baht::parse(text) {
            Ok(b) => Some(b),
            Err(e) => {
                self.value_error(node, field, format!("{e} (พบ \"{text}\")"));
                None
            }
        }
    }

    /// A date.
    pub fn date(&mut self, map: &Map<'_>, key: &str) -> Option<(Date, Pos)> {
        let node = map.get(key)?;
        let field = map.field(key);
        let text = self.text_of(node, &field)?;
        match crate::values::thai::parse_date(&text) {
            Ok(d) => Some((d, node.pos)),
            Err(e) => {
                self.value_error(node, &field, format!("{e} (พบ \"{text}\")"));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    #[test]
    fn suggests_nearest_field() {
        assert_eq!(crate::diagnostics::nearest("titel", &["title", "order", "budget"]), Some("title"));
        assert_eq!(crate::diagnostics::nearest("approve", &["approved", "sources"]), Some("approved"));
        assert_eq!(crate::diagnostics::nearest("zzzz", &["title", "order"]), None);
    }

    #[test]
    fn reports_unknown_wrong_and_missing() {
        let doc = parse("titel: x\norder: abc\nbudget: -5\n").unwrap();
        let mut diags = Diagnostics::new();
        let mut r = Reader::new(Path::new("content/a.md"), &mut diags);
        let map = r.map(&doc, "", &["title", "order", "budget"]).unwrap();
        assert_eq!(r.required_text(&map, "title", "ชื่อเรื่อง"), None);
        assert_eq!(r.integer(&map, "order"), None);
        assert_eq!(r.money(&map, "budget"), None);
        let text = diags.to_string();
        assert!(text.contains("content/a.md:1:1"), "{text}");
        assert!(text.contains("\"title\""), "{text}");
        assert!(text.contains("content/a.md:2:8"), "{text}");
        assert!(text.contains("ติดลบ"), "{text}");
        assert_eq!(diags.error_count(), 4);
    }

    #[test]
    fn names_the_slip_in_a_value() {
        let doc = parse("budget: “๕,๐๐๐”\nbudget:{approved: 5}\n").unwrap();
        let mut diags = Diagnostics::new();
        let mut r = Reader::new(Path::new("content/a.md"), &mut diags);
        let map = r.map(&doc, "", &["budget", "order"]).unwrap();
        assert_eq!(r.money(&map, "budget"), None);
        let text = diags.to_string();
        assert!(text.contains("content/a.md:1:9") && text.contains("“ ”") && text.contains("\"๕,๐๐๐\""), "{text}");
        assert!(text.contains("budget: {approved: 5}"), "{text}");
    }
}
