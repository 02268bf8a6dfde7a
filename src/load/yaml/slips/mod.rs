//! YAML slips: the usual reasons an editor's YAML does not read, found in the text itself and
//! told in Thai, at the place of the cause, with what to type instead.
//!
//! The parser says where it stopped, in English, and where it stops is often not where the
//! slip is (a Tab at the start of a line is reported at the end of the line before it; a
//! bracket left open, lines later). So the parser's position is only where to start looking:
//! [`explain()`] reads the text around it for a Tab, curly quotes from Word, a quote or bracket
//! left open, a missing space after `:` and so on. The parser's own words are kept only for
//! `--verbose`. Slips that the parser accepts without complaint but that turn a value into
//! something else are found later: [`values`] (for fields) and [`split_by_curly_quotes`].

mod explain;
pub mod front;
mod layout;
mod lines;
mod scan;
pub mod values;

pub use explain::explain;

use crate::load::yaml::{Node, Pos, Value, YamlError};

/// Curly quotes that Word types instead of `"` and `'`.
pub const CURLY_QUOTES: [char; 4] = ['“', '”', '‘', '’'];

/// Characters that are invisible on screen but not spaces to YAML, each with its Thai name.
pub const INVISIBLE: [(char, &str); 5] = [
    ('\u{feff}', "BOM (U+FEFF)"),
    ('\u{a0}', "เว้นวรรคแบบไม่ตัดบรรทัด (non-breaking space, U+00A0)"),
    ('\u{200b}', "เว้นวรรคความกว้างศูนย์ (zero-width space, U+200B)"),
    ('\u{200c}', "อักขระความกว้างศูนย์ (U+200C)"),
    ('\u{2060}', "อักขระเชื่อมคำ (word joiner, U+2060)"),
];

/// The Thai name of an invisible character, if `c` is one.
pub fn invisible_name(c: char) -> Option<&'static str> {
    INVISIBLE.iter().find(|(x, _)| *x == c).map(|(_, name)| *name)
}

/// The curly quotes found in `text`, once each, in order, separated by spaces (`“ ”`).
pub fn curly_in(text: &str) -> Option<String> {
    let mut found: Vec<char> = Vec::new();
    for c in text.chars().filter(|c| CURLY_QUOTES.contains(c)) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    (!found.is_empty()).then(|| found.iter().map(char::to_string).collect::<Vec<_>>().join(" "))
}

/// `text` with every curly quote typed as `"`.
pub fn straighten(text: &str) -> String {
    text.chars().map(|c| if CURLY_QUOTES.contains(&c) { '"' } else { c }).collect()
}

/// The lines of a text (without line ends), numbered from 1.
pub(crate) struct Src<'t> {
    lines: Vec<&'t str>,
}

impl<'t> Src<'t> {
    /// Splits `text` into lines.
    pub fn new(text: &'t str) -> Self {
        Src { lines: text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect() }
    }

    /// Line `n` (from 1).
    pub fn line(&self, n: u32) -> Option<&'t str> {
        self.lines.get(usize::try_from(n).ok()?.checked_sub(1)?).copied()
    }

    /// How many lines.
    pub fn count(&self) -> u32 {
        u32::try_from(self.lines.len()).unwrap_or(u32::MAX)
    }

    /// The lines with their numbers.
    pub fn numbered(&self) -> impl Iterator<Item = (u32, &'t str)> + '_ {
        self.lines.iter().enumerate().map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), *l))
    }

    /// The spaces before a line's first character.
    pub fn indent(line: &str) -> usize {
        line.chars().take_while(|c| *c == ' ').count()
    }
}

/// The column (in characters, from 1) of byte `at` of `line`.
pub(crate) fn column(line: &str, at: usize) -> u32 {
    let at = (0..=at.min(line.len())).rev().find(|i| line.is_char_boundary(*i)).unwrap_or(0);
    u32::try_from(line[..at].chars().count() + 1).unwrap_or(u32::MAX)
}

/// An error found by these checks rather than by the parser.
pub(crate) fn slip(pos: Pos, message: impl Into<String>, help: impl Into<String>) -> YamlError {
    YamlError { pos, message: message.into(), help: Some(help.into()), parser: None }
}

/// Text in Word's curly quotes that holds a `,` or `:` inside brackets is cut there by the
/// parser, which does not take “ ” for quotes (`{spent: “๕,๐๐๐”}` becomes `spent: “๕` and a
/// field `๐๐๐”`). Such a cut is reported here, once, as the slip it is; `text` is the source
/// the tree was parsed from.
pub fn split_by_curly_quotes(node: &Node, text: &str) -> Option<YamlError> {
    if !text.contains(['“', '‘']) {
        return None;
    }
    let src = Src::new(text);
    find_cut(node, &src)
}

fn find_cut(node: &Node, src: &Src<'_>) -> Option<YamlError> {
    match &node.value {
        Value::Scalar { text, .. } => cut_at(text, node.pos, src),
        Value::Seq(items) => items.iter().find_map(|n| find_cut(n, src)),
        Value::Map(entries) => {
            entries.iter().find_map(|(k, v)| cut_at(&k.name, k.pos, src).or_else(|| find_cut(v, src)))
        }
        Value::Null => None,
    }
}

/// `text` (at `pos`) starts with a curly quote whose partner is not in it but further along
/// the same line of the source.
fn cut_at(text: &str, pos: Pos, src: &Src<'_>) -> Option<YamlError> {
    let first = text.trim_start().chars().next()?;
    let partner = match first {
        '“' => '”',
        '‘' => '’',
        _ => return None,
    };
    if text.contains(partner) {
        return None;
    }
    let line = src.line(pos.line)?;
    let from = usize::try_from(pos.column).ok()?;
    if !line.chars().skip(from).any(|c| c == partner) {
        return None;
    }
    Some(slip(
        pos,
        format!(
            "ข้อความในเครื่องหมายคำพูดแบบโค้ง {first} {partner} (มักติดมาจาก Word) ถูกตัดที่เครื่องหมาย , หรือ : เพราะ YAML ไม่นับ {first} {partner} เป็นเครื่องหมายคำพูด"
        ),
        format!("พิมพ์เครื่องหมาย \" จากแป้นพิมพ์แทน: {}", straighten(line.trim())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_curly_and_invisible_characters() {
        assert_eq!(curly_in("“๕,๐๐๐”").as_deref(), Some("“ ”"));
        assert_eq!(curly_in("ก"), None);
        assert_eq!(straighten("‘ก’ “ข”"), "\"ก\" \"ข\"");
        assert!(invisible_name('\u{a0}').is_some_and(|n| n.contains("U+00A0")));
        assert_eq!(invisible_name(' '), None);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column("ชื่อ: ก", "ชื่อ".len()), 5);
        assert_eq!(column("ab", 99), 3);
        assert_eq!(column("ก", 1), 1);
    }

    #[test]
    fn a_curly_quoted_amount_cut_by_its_comma_is_one_slip() {
        let text = "rounds:\n  6m: {spent: “๕,๐๐๐”, status: done}\n";
        let e = crate::load::yaml::parse(text).unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 15));
        assert!(e.message.contains("“ ”"), "{e:?}");
        assert!(e.help.as_deref().unwrap_or_default().contains("{spent: \"๕,๐๐๐\", status: done}"), "{e:?}");
        assert!(crate::load::yaml::parse("title: “ชื่อ”\nnote: ‘ก’, ข\n").is_ok());
    }
}
