//! Checks of how lines stand to each other: indentation, lists and their fields, lines that
//! are not `field: value`.

use super::lines::{is_content, key_colon, key_line, lead_len, Ctx};
use super::{column, slip, Src};
use crate::load::yaml::{Pos, YamlError};

/// A list item with no space after its `-` (`-ข้อแรก`), beside items that have one.
pub(super) fn no_space_after_dash(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let glued = |l: &str| {
        let t = l.trim_start();
        t.starts_with('-') && t.chars().nth(1).is_some_and(|n| !n.is_whitespace() && n != '-')
    };
    let is_item = |l: &str| l.trim_start().starts_with("- ");
    [c.at.line, c.at.line.saturating_sub(1)].iter().find_map(|&n| {
        let line = c.line(n).filter(|l| glued(l))?;
        let indent = Src::indent(line);
        let beside = [n.saturating_sub(1), n + 1]
            .iter()
            .filter_map(|&m| c.line(m))
            .any(|l| is_item(l) && Src::indent(l) == indent);
        if !beside {
            return None;
        }
        let rest = &line[indent + 1..];
        Some(slip(
            Pos::new(n, column(line, indent)),
            "ไม่มีเว้นวรรคหลังเครื่องหมาย - ของข้อในรายการ",
            format!("พิมพ์เว้นวรรคหนึ่งช่องหลัง - แก้เป็น: {}- {rest}", &line[..indent]),
        ))
    })
}

/// A field whose `:` the parser refuses because the line before it has no `:` of its own
/// (that line and this one were read as one long name).
pub(super) fn line_before_without_colon(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let k = key_line(c.line(c.at.line)?)?;
    if k.colon_col != c.at.column {
        return None;
    }
    let (p_no, p_line) = content_before(c, c.at.line)?;
    let lead = lead_len(p_line);
    if lead > Src::indent(p_line) || key_colon(&p_line[lead..]).is_some() || Src::indent(p_line) > Src::indent(k.lead) {
        return None;
    }
    Some(slip(
        Pos::new(p_no, column(p_line, lead)),
        "บรรทัดนี้ไม่ใช่รูปแบบ ชื่อช่อง: ค่า (ไม่มีเครื่องหมาย : ตามด้วยเว้นวรรค) จึงถูกอ่านรวมกับบรรทัดถัดไป",
        "ถ้าเป็นช่อง ให้พิมพ์ ชื่อช่อง: ค่า; ถ้าเป็นข้อความต่อจากบรรทัดก่อน ให้รวมไว้ในบรรทัดเดียวกัน",
    ))
}

/// A list item written on the same line as its field (`objectives: - ข้อแรก`).
pub(super) fn item_after_field(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line)?;
    let k = key_line(line)?;
    if !(k.value.starts_with("- ") && c.char_at()? == '-' && k.colon_col < c.at.column) {
        return None;
    }
    let indent = " ".repeat(Src::indent(line) + 2);
    Some(slip(
        c.at,
        format!("รายการของช่อง {} ต้องขึ้นบรรทัดใหม่ ไม่ใช่ต่อท้าย {}:", k.key, k.key),
        format!(
            "ขึ้นบรรทัดใหม่หลัง {}: แล้วพิมพ์แต่ละข้อเป็น {indent}{} (หรือเขียนในบรรทัดเดียวเป็น {}: [ข้อแรก, ข้อสอง])",
            k.key, k.value, k.key
        ),
    ))
}

/// A `:` with no field name before it.
pub(super) fn no_key(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line)?;
    let lead = lead_len(line);
    let rest = &line[lead..];
    if !(rest == ":" || rest.starts_with(": ")) {
        return None;
    }
    Some(slip(
        Pos::new(c.at.line, column(line, lead)),
        "มีเครื่องหมาย : โดยไม่มีชื่อช่องข้างหน้า",
        "พิมพ์ชื่อช่องหน้า : เช่น title: ชื่อเรื่อง (หรือถ้าเป็นข้อความต่อจากบรรทัดก่อน ให้รวมไว้ในบรรทัดเดียวกัน)",
    ))
}

/// How a line starts, in words: at the margin, or after so many spaces.
fn spaces(n: usize) -> String {
    if n == 0 {
        "ชิดซ้าย (ไม่เว้นวรรค)".to_string()
    } else {
        format!("เว้นวรรค {n} ช่อง")
    }
}

/// The content line before line `n`, with its number.
fn content_before<'t>(c: &Ctx<'_, 't>, n: u32) -> Option<(u32, &'t str)> {
    (1..n).rev().find_map(|m| c.line(m).filter(|l| is_content(l)).map(|l| (m, l)))
}

/// A list item where fields are, or a field where list items are, at the same indentation.
pub(super) fn list_and_fields(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line).filter(|l| is_content(l))?;
    let n = Src::indent(line);
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    let (p_no, p_line) = content_before(c, c.at.line)?;
    if is_item(line) {
        let owner = key_line(p_line).filter(|k| Src::indent(p_line) <= n && !k.value.is_empty() && !is_item(p_line))?;
        return Some(slip(
            Pos::new(c.at.line, column(line, n)),
            format!("รายการ (ขึ้นต้นด้วย -) นี้ไม่มีช่องที่เป็นเจ้าของ: ช่อง {} ในบรรทัด {p_no} มีค่าต่อท้ายแล้ว", owner.key),
            "รายการต้องอยู่ใต้ชื่อช่องที่ไม่มีค่าต่อท้าย เช่น steps: แล้วขึ้นบรรทัดใหม่เป็น - ข้อแรก",
        ));
    }
    let k = key_line(line)?;
    if !is_item(p_line) || Src::indent(p_line) != n {
        return None;
    }
    // Above the items: a field at the same indentation that owns them is fine YAML.
    let mut m = p_no;
    while let Some((above, l)) = content_before(c, m) {
        m = above;
        if !(is_item(l) && Src::indent(l) == n) && Src::indent(l) <= n {
            if Src::indent(l) == n && key_line(l).is_some_and(|o| o.value.is_empty()) {
                return None;
            }
            break;
        }
    }
    Some(slip(
        Pos::new(c.at.line, k.key_col),
        format!("ช่อง {} อยู่ในระดับเดียวกับรายการด้านบน (บรรทัด {p_no}) ซึ่งขึ้นต้นด้วย -", k.key),
        format!(
            "ถ้า {} เป็นช่องของข้อในรายการ ให้เว้นวรรคให้ตรงกับข้อความหลัง - ; ถ้าไม่ใช่ {}",
            k.key,
            if n > 0 {
                "ให้ลดการเว้นวรรคหน้าบรรทัดให้ตรงกับชื่อช่องที่เป็นเจ้าของรายการ"
            } else {
                "รายการต้องอยู่ใต้ชื่อช่องของมัน เช่น steps: แล้วขึ้นบรรทัดใหม่เป็น - ข้อแรก"
            }
        ),
    ))
}

/// A line that lines up with no level above it, or is indented under a field that has a
/// value already.
pub(super) fn indentation(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line).filter(|l| is_content(l))?;
    let n = Src::indent(line);
    let (p_no, p_line) = content_before(c, c.at.line)?;
    let p = Src::indent(p_line);
    if n > p {
        let prev = key_line(p_line)?;
        if prev.value.is_empty() || prev.value.starts_with(['|', '>', '[', '{', '&', '"', '\'']) {
            return None;
        }
        return Some(slip(
            Pos::new(c.at.line, 1),
            format!("บรรทัดนี้ย่อหน้าลึกกว่าบรรทัด {p_no} แต่ช่อง {} ในบรรทัด {p_no} มีค่าแล้ว จึงมีช่องย่อยไม่ได้", prev.key),
            format!("ถ้าเป็นช่องใหม่ ให้{} เหมือนบรรทัด {p_no}; ถ้าเป็นข้อความต่อจากบรรทัดก่อน ให้รวมไว้ในบรรทัดเดียวกัน", spaces(p)),
        ));
    }
    // The indentations this line could line up with: the line before it and each line above
    // that is less indented (with the key of a list item, which stands after its `- `).
    let mut levels: Vec<(usize, u32)> = Vec::new();
    let mut min = usize::MAX;
    for m in (1..c.at.line).rev() {
        let Some(l) = c.line(m).filter(|l| is_content(l)) else { continue };
        let i = Src::indent(l);
        if i < min {
            min = i;
            levels.push((i, m));
            if let Some(k) = key_line(l) {
                levels.push((usize::try_from(k.key_col).unwrap_or(0).saturating_sub(1), m));
            }
        }
        if i == 0 {
            break;
        }
    }
    if levels.iter().any(|(i, _)| *i == n) {
        return None;
    }
    let deeper = levels.iter().filter(|(i, _)| *i > n).min();
    let shallower = levels.iter().filter(|(i, _)| *i < n).max();
    let like = [deeper, shallower]
        .iter()
        .flatten()
        .map(|(i, m)| format!("{} เหมือนบรรทัด {m}", spaces(*i)))
        .collect::<Vec<_>>()
        .join(" หรือ ");
    Some(slip(
        Pos::new(c.at.line, 1),
        format!("ย่อหน้าไม่ตรงกัน: บรรทัดนี้{} ไม่ตรงกับระดับใดของบรรทัดก่อนหน้า (ควร{like})", spaces(n)),
        "ช่องในชุดเดียวกันต้องเว้นวรรคหน้าบรรทัดเท่ากัน และช่องย่อยเว้นมากกว่าช่องที่อยู่เหนือ",
    ))
}

/// A line that is not `field: value` (nor a list item), where fields are expected.
pub(super) fn not_key_value(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line).filter(|l| is_content(l))?;
    let lead = lead_len(line);
    let rest = &line[lead..];
    if lead > Src::indent(line) || rest.starts_with(['"', '\'', '[', '{', '|', '>']) || key_colon(rest).is_some() {
        return None;
    }
    let in_list = content_before(c, c.at.line).is_some_and(|(_, p)| lead_len(p) > Src::indent(p));
    if in_list {
        return Some(slip(
            Pos::new(c.at.line, column(line, lead)),
            "บรรทัดนี้อยู่ในรายการแต่ไม่ได้ขึ้นต้นด้วย - (ขีดและเว้นวรรค)",
            "ถ้าเป็นข้อใหม่ในรายการ ให้พิมพ์ - แล้วเว้นวรรคหน้าข้อความ; ถ้าเป็นข้อความต่อจากข้อก่อน ให้รวมไว้ในบรรทัดเดียวกัน",
        ));
    }
    Some(slip(
        Pos::new(c.at.line, column(line, lead)),
        "บรรทัดนี้ไม่ใช่รูปแบบ ชื่อช่อง: ค่า (ไม่มีเครื่องหมาย : ตามด้วยเว้นวรรค)",
        "ถ้าเป็นช่องใหม่ ให้พิมพ์ ชื่อช่อง: ค่า; ถ้าเป็นข้อความต่อจากบรรทัดก่อน ให้รวมไว้ในบรรทัดเดียวกัน หรือเว้นวรรคหน้าบรรทัดให้ลึกกว่าชื่อช่อง",
    ))
}
