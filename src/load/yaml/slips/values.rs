//! Slips the parser accepts without complaint but that turn a value into something the
//! editor did not mean: `approved:5000` (no space after `:`) is the text "approved:5000", an
//! amount in Word's curly quotes “๕,๐๐๐” is text with quotes in it, a field name with an
//! invisible character in it is another name. The readers of fields ask here when a value or
//! a field name is not what they expected, so the finding can name the slip.

use super::{curly_in, invisible_name, straighten};

/// A slip found in a value or a field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSlip {
    /// What is in the value, in Thai.
    pub cause: String,
    /// What to type instead, in Thai.
    pub fix: String,
}

/// `key:rest` where a field name is glued to its value (no space after `:`): the key, the
/// byte index of the `:` and the rest. A `:` followed by `/` (`https://`) or another `:` is
/// not taken for one, nor a key without a letter (`10:30`).
pub fn glued_key(text: &str) -> Option<(&str, usize, &str)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    let is_key = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && key.chars().any(|c| c.is_ascii_alphabetic());
    let next = text[colon + 1..].chars().next()?;
    if !is_key || next.is_whitespace() || next == ':' || next == '/' {
        return None;
    }
    Some((key, colon, text[colon + 1..].trim_end()))
}

/// The slip in a value that was expected to be something else (an amount, a date, a
/// mapping), if one explains it.
pub fn value_slip(text: &str) -> Option<ValueSlip> {
    if let Some(names) = curly_in(text) {
        let fixed = straighten(text.trim());
        return Some(ValueSlip {
            cause: format!("มีเครื่องหมายคำพูดแบบโค้ง {names} (มักติดมาจาก Word) อยู่ในค่า"),
            fix: format!("ลบ {names} ออก หรือพิมพ์เครื่องหมาย \" จากแป้นพิมพ์แทน: {fixed}"),
        });
    }
    if let Some(name) = text.chars().find_map(invisible_name) {
        return Some(ValueSlip {
            cause: format!("มีอักขระที่มองไม่เห็น {name} อยู่ในค่า"),
            fix: "ลบอักขระนั้นแล้วพิมพ์ใหม่ด้วยแป้นพิมพ์ (ถ้าเป็นเว้นวรรค ให้กดเว้นวรรคธรรมดา)".to_string(),
        });
    }
    let trimmed = text.trim();
    if let Some((key, _, rest)) = glued_key(trimmed) {
        return Some(ValueSlip {
            cause: format!("ไม่มีเว้นวรรคหลังเครื่องหมาย : จึงอ่าน \"{trimmed}\" เป็นข้อความเดียว"),
            fix: format!("พิมพ์เว้นวรรคหนึ่งช่องหลัง : แก้เป็น {key}: {rest}"),
        });
    }
    None
}

/// The slip in a field name that is not known, if one explains it: a value glued to the name
/// (`budget:{approved` from `budget:{approved: 5}`, whose value `value` is then `5}`), or an
/// invisible character in it.
pub fn key_slip(name: &str, value: Option<&str>) -> Option<ValueSlip> {
    if let Some((key, _, rest)) = glued_key(name) {
        let fixed = match value {
            Some(v) => format!("{key}: {rest}: {v}"),
            None => format!("{key}: {rest}…"),
        };
        return Some(ValueSlip {
            cause: format!("ไม่มีเว้นวรรคหลังเครื่องหมาย : ของช่อง {key} จึงอ่านทั้ง \"{name}\" เป็นชื่อช่อง"),
            fix: format!("พิมพ์เว้นวรรคหนึ่งช่องหลัง : แก้เป็น {fixed}"),
        });
    }
    if let Some(name_of) = name.chars().find_map(invisible_name) {
        let clean: String = name.chars().filter(|c| invisible_name(*c).is_none()).collect();
        return Some(ValueSlip {
            cause: format!("ชื่อช่อง \"{clean}\" มีอักขระที่มองไม่เห็น {name_of} ติดอยู่"),
            fix: "ลบชื่อช่องนี้แล้วพิมพ์ใหม่ด้วยแป้นพิมพ์".to_string(),
        });
    }
    value_slip(name)
}

/// An unknown field with no value whose name is Thai text (field names are English): most
/// likely the end of a value that a `,` inside `{ }` cut off (`{name: นาย ก, ข}`).
pub fn cut_by_comma(name: &str) -> Option<ValueSlip> {
    if name.is_ascii() || name.trim().is_empty() {
        return None;
    }
    Some(ValueSlip {
        cause: format!(
            "ดูเหมือนเป็นข้อความที่ถูกแยกออกมาด้วยเครื่องหมาย , (ในวงเล็บ {{ }} เครื่องหมาย , ใช้คั่นช่อง) จึงกลายเป็นชื่อช่อง \"{name}\""
        ),
        fix: format!("ถ้า \"{name}\" เป็นส่วนหนึ่งของค่าก่อนหน้า ให้ใส่ค่านั้นทั้งหมดในเครื่องหมายคำพูด เช่น unit: \"ก, {name}\""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_keys() {
        assert_eq!(glued_key("title:ชื่อ"), Some(("title", 5, "ชื่อ")));
        assert_eq!(glued_key("6m:{status: done}"), Some(("6m", 2, "{status: done}")));
        assert_eq!(glued_key("title: ชื่อ"), None);
        assert_eq!(glued_key("https://example.go.th"), None);
        assert_eq!(glued_key("10:30"), None);
        assert_eq!(glued_key("เวลา:10"), None);
    }

    #[test]
    fn value_slips() {
        let s = value_slip("“๕,๐๐๐”").unwrap();
        assert!(s.cause.contains("“ ”") && s.fix.contains("\"๕,๐๐๐\""), "{s:?}");
        let s = value_slip("approved:5000").unwrap();
        assert!(s.fix.contains("approved: 5000"), "{s:?}");
        assert!(value_slip("๕\u{a0}บาท").unwrap().cause.contains("U+00A0"));
        assert_eq!(value_slip("๕,๐๐๐ บาท"), None);
    }

    #[test]
    fn key_slips() {
        let s = key_slip("budget:{approved", Some("5}")).unwrap();
        assert!(s.cause.contains("budget") && s.fix.contains("budget: {approved: 5}"), "{s:?}");
        let s = key_slip("title\u{200b}", None).unwrap();
        assert!(s.cause.contains("\"title\"") && s.cause.contains("U+200B"), "{s:?}");
        assert_eq!(key_slip("titel", None), None);
        assert!(cut_by_comma("หัวหน้างาน").unwrap().fix.contains("\"ก, หัวหน้างาน\""));
        assert_eq!(cut_by_comma("titel"), None);
    }
}
