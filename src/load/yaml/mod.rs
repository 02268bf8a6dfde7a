//! The one place that parses YAML: text → a tree of [`Node`]s that remember where they stood.
//!
//! Every other module reads YAML through this tree, so the parser can be swapped without
//! touching them. The tree keeps each scalar's source text exactly as written (so `12500.10`
//! stays `12500.10`, and money never passes through a float) and each node's line and column
//! (so rules checked long after parsing can still point at the right place).

pub mod slips;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

pub use crate::diagnostics::Pos;

/// One YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
}

/// What a YAML node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty value (`key:` with nothing after it, or `null`, `~`).
    Null,
    /// A scalar: its text as written (without quotes) and whether YAML would read it as
    /// something other than a string (a number or a boolean written without quotes).
    Scalar {
        /// The text, unquoted; for plain scalars exactly the source text.
        text: String,
        /// What kind of scalar YAML saw.
        kind: ScalarKind,
    },
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Key, Node)>),
}

/// How YAML read a scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// A string (quoted, or plain text that is not a number or boolean).
    Str,
    /// A plain number such as `100000` or `12.5`.
    Number,
    /// A plain boolean such as `true`.
    Bool(bool),
}

/// A mapping key and its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key stands.
    pub pos: Pos,
}

/// YAML that could not be read, explained (see [`slips`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where the cause is (which may be before the place the parser stopped at).
    pub pos: Pos,
    /// What is wrong, in Thai, in words for an editor.
    pub message: String,
    /// What to type instead, in Thai.
    pub help: Option<String>,
    /// The parser's own message (English), when the parser found the problem; for
    /// `--verbose` only.
    pub parser: Option<String>,
}

impl YamlError {
    /// The finding an editor reads: the slip found (see [`slips`]), what to type instead, and
    /// the parser's own words kept for `--verbose`.
    pub fn finding(&self, file: &std::path::Path) -> crate::diagnostics::Diagnostic {
        let d = crate::diagnostics::Diagnostic::error(file, self.pos, None, self.message.clone())
            .with_detail(self.parser.as_ref().map(|p| format!("ตัวอ่าน YAML: {p}")));
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}

impl Node {
    /// A short Thai name of the node's kind, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "ค่าว่าง",
            Value::Scalar { kind: ScalarKind::Number, .. } => "ตัวเลข",
            Value::Scalar { kind: ScalarKind::Bool(_), .. } => "ค่าจริง/เท็จ",
            Value::Scalar { .. } => "ข้อความ",
            Value::Seq(_) => "รายการ (list)",
            Value::Map(_) => "ชุดข้อมูล (key: value)",
        }
    }

    /// The mapping's value for `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Parses one YAML document. Empty text gives a `Null` node at line 1.
///
/// Duplicate keys are refused, as are documents whose aliases would blow up in size. When the
/// text does not parse, the error says why in Thai, at the cause
/// ([`slips::explain`]); so it does for text in Word's curly quotes that the
/// parser cut in two.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node { value: Value::Null, pos: Pos::new(1, 1) });
    }
    let raw: Spanned<Raw> = serde_saphyr::from_str(text).map_err(|e| {
        let pos = e.location().map(|l| Pos::new(l.line() as u32, l.column() as u32)).unwrap_or(Pos::new(1, 1));
        let parser = first_line_of_message(&e.to_string());
        match too_large(&e) {
            Some(what) => YamlError {
                pos: Pos::new(1, 1),
                message: format!("ไฟล์นี้ใหญ่เกินขีดจำกัดของตัวอ่าน: {what}"),
                help: Some(
                    "แบ่งข้อมูลเป็นหลายไฟล์ (เช่น ไฟล์ละเดือน หรือไฟล์ละโครงการ) ไฟล์หนึ่งควรมีไม่เกินหลักหมื่นรายการ; ข้อความในไฟล์ไม่ได้ผิดรูปแบบ"
                        .into(),
                ),
                parser: Some(parser),
            },
            None => slips::explain(text, pos, &parser),
        }
    })?;
    let node = convert(raw, text);
    match slips::split_by_curly_quotes(&node, text) {
        Some(e) => Err(e),
        None => Ok(node),
    }
}

/// When the parser stopped at one of its size limits (they keep a huge or hostile file from
/// taking all memory), what was too large, in Thai; `None` for any other error.
fn too_large(e: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::budget::BudgetBreach as B;
    let limits = serde_saphyr::Budget::default();
    let mut e = e;
    let breach = loop {
        match e {
            serde_saphyr::Error::Budget { breach, .. } => break breach,
            serde_saphyr::Error::WithSnippet { error, .. } | serde_saphyr::Error::AliasError { error, .. } => e = error,
            _ => return None,
        }
    };
    let n = |v: usize| crate::values::thai::Numerals::Arabic.number(v as i64);
    Some(match breach {
        B::Nodes { .. } => format!("มีค่าและรายการรวมกันเกิน {} ค่า", n(limits.max_nodes)),
        B::Events { .. } => format!("มีข้อมูลเกิน {} ส่วน", n(limits.max_events)),
        B::Depth { .. } => format!("ซ้อนรายการลึกเกิน {} ชั้น", n(limits.max_depth)),
        B::ScalarBytes { .. } => format!("มีข้อความรวมกันยาวเกิน {} ไบต์", n(limits.max_total_scalar_bytes)),
        B::Aliases { .. } | B::Anchors { .. } => "มีการอ้างถึงค่าเดิมด้วย & และ * มากเกินไป".to_string(),
        B::Documents { .. } => format!("มีเอกสารที่คั่นด้วย --- เกิน {} ชุด", n(limits.max_documents)),
        _ => "มีข้อมูลมากเกินไป".to_string(),
    })
}

/// serde-saphyr's messages start with "error: line L column C: message" and go on with a
/// snippet; we show our own snippet, so only the message itself is kept.
fn first_line_of_message(full: &str) -> String {
    let first = full.lines().next().unwrap_or(full);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // Drop a leading "line L column C: ".
    if let Some(rest) = first.strip_prefix("line ") {
        if let Some(idx) = rest.find(": ") {
            return rest[idx + 2..].to_string();
        }
    }
    first.to_string()
}

fn convert(raw: Spanned<Raw>, src: &str) -> Node {
    let loc = raw.referenced;
    let pos = Pos::new(loc.line() as u32, loc.column() as u32);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Str(text) => Value::Scalar { text, kind: ScalarKind::Str },
        Raw::Bool(b) => {
            Value::Scalar { text: source_text(src, &loc).unwrap_or_else(|| b.to_string()), kind: ScalarKind::Bool(b) }
        }
        Raw::Number(fallback) => {
            Value::Scalar { text: source_text(src, &loc).unwrap_or(fallback), kind: ScalarKind::Number }
        }
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, src)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key =
                        Key { name: k.value, pos: Pos::new(k.referenced.line() as u32, k.referenced.column() as u32) };
                    (key, convert(v, src))
                })
                .collect(),
        ),
    };
    Node { value, pos }
}

/// The exact source text of a plain scalar.
fn source_text(src: &str, loc: &serde_saphyr::Location) -> Option<String> {
    let span = loc.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    src.get(start..start.checked_add(len)?).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The shape serde-saphyr hands us, before positions are folded in.
enum Raw {
    Null,
    Bool(bool),
    /// A number; the string is only a fallback when the source text cannot be sliced.
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Raw, E> {
        Ok(Raw::Number(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Raw, E> {
        Ok(Raw::Number(n.to_string()))
    }
    fn visit_i128<E>(self, n: i128) -> Result<Raw, E> {
        Ok(Raw::Number(n.to_string()))
    }
    fn visit_u128<E>(self, n: u128) -> Result<Raw, E> {
        Ok(Raw::Number(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Raw, E> {
        Ok(Raw::Number(n.to_string()))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Str(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(node: &Node) -> (&str, ScalarKind) {
        match &node.value {
            Value::Scalar { text, kind } => (text, *kind),
            other => panic!("not a scalar: {other:?}"),
        }
    }

    #[test]
    fn keeps_number_text_and_positions() {
        let doc = parse("title: แผน\nbudget:\n  approved: 12500.10\n").unwrap();
        assert_eq!(scalar(doc.get("title").unwrap()), ("แผน", ScalarKind::Str));
        let approved = doc.get("budget").unwrap().get("approved").unwrap();
        assert_eq!(scalar(approved), ("12500.10", ScalarKind::Number));
        assert_eq!(approved.pos, Pos::new(3, 13));
    }

    #[test]
    fn quoted_strings_stay_strings() {
        let doc = parse("a: \"๑๒,๐๐๐ บาท\"\nb: '100'\n").unwrap();
        assert_eq!(scalar(doc.get("a").unwrap()), ("๑๒,๐๐๐ บาท", ScalarKind::Str));
        assert_eq!(scalar(doc.get("b").unwrap()), ("100", ScalarKind::Str));
    }

    #[test]
    fn reports_position_of_broken_yaml() {
        let err = parse("a: [1,\nb: 2\n").unwrap_err();
        assert_eq!(err.pos, Pos::new(1, 4));
        assert!(err.message.contains("วงเล็บ ["), "{err:?}");
        let parser = err.parser.unwrap_or_default();
        assert!(!parser.is_empty() && !parser.starts_with("error:"), "{parser}");
    }

    #[test]
    fn refuses_duplicate_keys() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn empty_is_null() {
        assert_eq!(parse("  \n").unwrap().value, Value::Null);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text made of what YAML is written with, and a little of everything else.
    fn yaml_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            6 => prop::sample::select(vec![
                "\n", "\r\n", "  ", "\t", ":", ": ", "- ", "\"", "'", "#", "[", "]", "{", "}", ",", "|", ">", "&a ",
                "*a", "!!str ", "? ", "---\n", "...\n", "~", "null", "true", "title", "๑๒,๕๐๐ บาท", "12500.10",
                "แผนปฏิบัติการ", "\\", "%YAML 1.2\n",
            ])
            .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// A mapping key as editors write them.
    fn key() -> impl Strategy<Value = String> {
        prop_oneof!["[a-z][a-z_]{0,9}", "[ก-ฮ][ก-ฮะ-ู]{0,6}"]
    }

    /// A scalar as written (possibly quoted) and its text once read.
    fn scalar() -> impl Strategy<Value = (String, String)> {
        let plain = prop_oneof![
            "[ก-ฮ][ก-ฮะ-ู ]{0,12}[ก-ฮ]",
            "[1-9][0-9]{0,8}(\\.[0-9]{1,2})?",
            "[๑-๙][๐-๙]{0,2}(,[๐-๙]{3}){0,2} บาท",
            "[๑-๓]?[๐-๙] (มกราคม|มิ\\.ย\\.|ธ\\.ค\\.) ๒๕[๐-๙]{2}",
        ];
        prop_oneof![
            3 => plain.clone().prop_map(|s| (s.clone(), s)),
            1 => plain.clone().prop_map(|s| (format!("\"{s}\""), s)),
            1 => plain.prop_map(|s| (format!("'{s}'"), s)),
        ]
    }

    /// A node as generated: a scalar, or a mapping of keys to scalars one level down.
    #[derive(Debug, Clone)]
    enum Gen {
        Scalar(String, String),
        Map(Vec<(String, String, String)>),
    }

    fn entries() -> impl Strategy<Value = Vec<(String, Gen, usize)>> {
        let nested = prop::collection::btree_map(key(), scalar(), 1..4)
            .prop_map(|m| Gen::Map(m.into_iter().map(|(k, (w, t))| (k, w, t)).collect()));
        let node = prop_oneof![3 => scalar().prop_map(|(w, t)| Gen::Scalar(w, t)), 1 => nested];
        prop::collection::btree_map(key(), (node, 1usize..=3), 1..6)
            .prop_map(|m| m.into_iter().map(|(k, (n, spaces))| (k, n, spaces)).collect())
    }

    fn text_of(node: &Node) -> Option<&str> {
        match &node.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_parses_or_errs(text in any::<String>()) {
            let _ = parse(&text);
        }

        #[test]
        fn yaml_like_text_parses_or_errs_at_a_line_of_the_text(text in yaml_like()) {
            if let Err(e) = parse(&text) {
                prop_assert!(e.pos.line >= 1 && e.pos.column >= 1, "{:?} for {:?}", e, text);
                // YAML breaks lines at "\r\n", "\n" and a lone "\r".
                let lines = text.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
                prop_assert!(e.pos.line as usize <= lines + 1, "{:?} for {:?}", e, text);
            }
        }

        #[test]
        fn positions_point_where_values_were_written(entries in entries(), indent in 2usize..=4) {
            // Write the document, noting where each key and value starts (line, column in
            // characters, both from 1).
            let mut text = String::new();
            let mut line = 1u32;
            let mut expected = Vec::new();
            for (key, node, spaces) in &entries {
                match node {
                    Gen::Scalar(written, read) => {
                        let col = (key.chars().count() + 1 + spaces + 1) as u32;
                        text.push_str(&format!("{key}:{}{written}\n", " ".repeat(*spaces)));
                        expected.push((vec![key.clone()], Pos::new(line, 1), Pos::new(line, col), read.clone()));
                    }
                    Gen::Map(inner) => {
                        text.push_str(&format!("{key}:\n"));
                        for (k, written, read) in inner {
                            line += 1;
                            let col = (indent + k.chars().count() + 2 + 1) as u32;
                            text.push_str(&format!("{}{k}: {written}\n", " ".repeat(indent)));
                            let at = Pos::new(line, indent as u32 + 1);
                            expected.push((vec![key.clone(), k.clone()], at, Pos::new(line, col), read.clone()));
                        }
                    }
                }
                line += 1;
            }

            let doc = parse(&text).map_err(|e| TestCaseError::fail(format!("{e} in {text:?}")))?;
            for (path, key_pos, value_pos, read) in expected {
                let mut node = &doc;
                let mut key_found = None;
                for name in &path {
                    let Value::Map(entries) = &node.value else {
                        return Err(TestCaseError::fail(format!("{path:?}: not a mapping in {text:?}")));
                    };
                    let Some((k, v)) = entries.iter().find(|(k, _)| &k.name == name) else {
                        return Err(TestCaseError::fail(format!("{path:?}: no key in {text:?}")));
                    };
                    key_found = Some(k.pos);
                    node = v;
                }
                prop_assert_eq!(key_found, Some(key_pos), "key {:?} in {:?}", path, text);
                prop_assert_eq!(node.pos, value_pos, "value of {:?} in {:?}", path, text);
                prop_assert_eq!(text_of(node), Some(read.as_str()), "value of {:?} in {:?}", path, text);
            }
        }
    }
}
