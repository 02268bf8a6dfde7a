//! Why the parser stopped: the slip in the text around the place it stopped at.

use super::layout::{
    indentation, item_after_field, line_before_without_colon, list_and_fields, no_key, no_space_after_dash,
    not_key_value,
};
use super::lines::{is_content, key_line, lead_len, Ctx};
use super::scan::scan;
use super::values::glued_key;
use super::{column, curly_in, invisible_name, slip, straighten, Src, CURLY_QUOTES};
use crate::load::yaml::{Pos, YamlError};

/// The parser stopped at `at` in `text`, saying `parser`: the slip that made it stop, in
/// Thai, at the place of its cause, with what to type instead. The parser's words are kept in
/// [`YamlError::parser`], never in the message.
pub fn explain(text: &str, at: Pos, parser: &str) -> YamlError {
    let src = Src::new(text);
    let at = Pos::new(at.line.clamp(1, src.count().max(1)), at.column.max(1));
    let scan = scan(&src);
    let ctx = Ctx { src: &src, scan: &scan, at, parser };
    let mut e = CHECKS.iter().find_map(|check| check(&ctx)).unwrap_or_else(|| generic(at));
    e.parser = Some(parser.to_string());
    e
}

type Check = fn(&Ctx<'_, '_>) -> Option<YamlError>;

/// The checks, most telling first: a Tab or an invisible character explains whatever the
/// parser says, a missing space after `:` explains a "mapping value" complaint, and so on.
const CHECKS: &[Check] = &[
    tab,
    invisible,
    curly,
    unclosed_quote,
    unclosed_bracket,
    stray_bracket,
    unpaired_brackets,
    extra_document,
    no_space_after_colon,
    no_space_after_dash,
    missing_comma,
    duplicate_key,
    line_before_without_colon,
    item_after_field,
    colon_in_value,
    special_first_char,
    text_after_quote,
    no_key,
    list_and_fields,
    indentation,
    not_key_value,
];

/// A value in quotes, as YAML wants it written.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

fn tab(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let near = [c.at.line, c.at.line + 1, c.at.line.saturating_sub(1)];
    let in_indent = near.iter().find_map(|&n| {
        let line = c.line(n)?;
        let i = line.char_indices().take_while(|(_, ch)| *ch == ' ' || *ch == '\t').find(|(_, ch)| *ch == '\t')?;
        Some(Pos::new(n, column(line, i.0)))
    });
    if let Some(pos) = in_indent {
        return Some(slip(
            pos,
            format!("ย่อหน้าด้วยแท็บ (Tab) ที่บรรทัด {} คอลัมน์ {}: YAML ย่อหน้าด้วยแท็บไม่ได้", pos.line, pos.column),
            "ใช้เว้นวรรค (space) แทนแท็บ: ลบแท็บออกแล้วกดเว้นวรรคให้ตรงกับบรรทัดอื่นในระดับเดียวกัน (เช่น 2 ช่อง)",
        ));
    }
    if !c.parser.to_lowercase().contains("tab") {
        return None;
    }
    let pos = [c.at.line, c.at.line + 1].iter().find_map(|&n| {
        let line = c.line(n)?;
        line.find('\t').map(|i| Pos::new(n, column(line, i)))
    })?;
    Some(slip(
        pos,
        format!("มีแท็บ (Tab) ที่บรรทัด {} คอลัมน์ {}: YAML ไม่รับแท็บตรงนี้", pos.line, pos.column),
        "ใช้เว้นวรรค (space) แทนแท็บ",
    ))
}

fn invisible(c: &Ctx<'_, '_>) -> Option<YamlError> {
    [c.at.line, c.at.line.saturating_sub(1)].iter().find_map(|&n| {
        let line = c.line(n)?;
        let (i, name) = line.char_indices().find_map(|(i, ch)| invisible_name(ch).map(|name| (i, name)))?;
        let pos = Pos::new(n, column(line, i));
        Some(slip(
            pos,
            format!("มีอักขระที่มองไม่เห็น {name} ที่บรรทัด {} คอลัมน์ {}", pos.line, pos.column),
            "ลบอักขระนั้นแล้วพิมพ์ใหม่ด้วยแป้นพิมพ์ (ถ้าเป็นเว้นวรรค ให้กดเว้นวรรคธรรมดา) — มักติดมาเมื่อคัดลอกข้อความจากเว็บหรือ Word",
        ))
    })
}

fn curly(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line)?;
    let names = curly_in(line)?;
    let cols: Vec<u32> =
        line.char_indices().filter(|(_, ch)| CURLY_QUOTES.contains(ch)).map(|(i, _)| column(line, i)).collect();
    let value = key_line(line).map(|k| k.value).unwrap_or_else(|| &line[lead_len(line)..]);
    let starts_value = value.starts_with(CURLY_QUOTES);
    let around = cols.iter().any(|x| *x <= c.at.column) && cols.iter().any(|x| *x >= c.at.column);
    if !starts_value && !around {
        return None;
    }
    Some(slip(
        Pos::new(c.at.line, cols[0]),
        format!("มีเครื่องหมายคำพูดแบบโค้ง {names} (มักติดมาจาก Word) ซึ่ง YAML ไม่นับเป็นเครื่องหมายคำพูด"),
        format!("พิมพ์เครื่องหมาย \" จากแป้นพิมพ์แทน: {}", straighten(line.trim())),
    ))
}

fn unclosed_quote(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let q = c.scan.unclosed_quote(c.at.line)?;
    let line = c.line(q.open.line)?;
    let after: String = line.chars().skip(usize::try_from(q.open.column).ok()?).collect();
    if let Some(names) = curly_in(&after) {
        return Some(slip(
            q.open,
            format!("เครื่องหมายคำพูด {} ที่เปิดไว้ ปิดด้วย {names} แบบโค้ง (มักติดมาจาก Word) ซึ่ง YAML ไม่นับเป็นตัวปิด", q.ch),
            format!("พิมพ์เครื่องหมาย \" จากแป้นพิมพ์ทั้งเปิดและปิด: {}", straighten(line.trim())),
        ));
    }
    Some(slip(
        q.open,
        format!("เครื่องหมายคำพูด {} ที่เปิดในบรรทัด {} คอลัมน์ {} ไม่มีตัวปิด", q.ch, q.open.line, q.open.column),
        format!("พิมพ์ {} ปิดท้ายข้อความในบรรทัดเดียวกัน: {}{}", q.ch, line.trim(), q.ch),
    ))
}

fn unclosed_bracket(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let f = c.scan.unclosed_flow(c.at.line)?;
    let line = c.line(f.open.line)?;
    let (close, what) = if f.ch == '[' { (']', "รายการ") } else { ('}', "ชุดข้อมูล") };
    Some(slip(
        f.open,
        format!("วงเล็บ {} ที่เปิดในบรรทัด {} คอลัมน์ {} ไม่มี {close} ปิด", f.ch, f.open.line, f.open.column),
        format!("พิมพ์ {close} ปิดท้าย{what}: {}{close}", line.trim()),
    ))
}

fn stray_bracket(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let (ch, pos) = c.scan.stray_on(c.at.line)?;
    Some(slip(pos, format!("มีวงเล็บ {ch} เกินมา ไม่มีวงเล็บเปิดคู่กัน"), format!("ลบ {ch} ที่เกินออก")))
}

/// `{`, `}`, `[`, `]` on a line, outside double quotes, counted in that order.
fn bracket_counts(line: &str) -> [usize; 4] {
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut prev = ' ';
    for ch in line.chars() {
        match ch {
            '"' if prev != '\\' => in_quotes = !in_quotes,
            '{' | '}' | '[' | ']' if !in_quotes => counts["{}[]".find(ch).unwrap_or(0)] += 1,
            _ => {}
        }
        prev = ch;
    }
    counts
}

/// Brackets that do not pair up (text with `[` or `}` in it, unquoted): on the parser's line,
/// or on a line above whose extra opening bracket no later line closes.
fn unpaired_brackets(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let describe = |counts: [usize; 4]| {
        let mut unpaired = Vec::new();
        for (open, close, i) in [('{', '}', 0), ('[', ']', 2)] {
            if counts[i] != counts[i + 1] {
                unpaired.push(format!("{open} {} ตัว แต่ {close} {} ตัว", counts[i], counts[i + 1]));
            }
        }
        unpaired.join(", ")
    };
    let balance = |n: u32| c.line(n).map(bracket_counts).map(|k| (k[0] + k[2]) as i64 - (k[1] + k[3]) as i64);
    let here = bracket_counts(c.line(c.at.line)?);
    let (pos, counts) = if here[0] != here[1] || here[2] != here[3] {
        (c.at, here)
    } else {
        // A line above opens more than it closes, and nothing up to here closes it.
        let open = (1..c.at.line).rev().find(|&n| {
            let mut total = 0i64;
            balance(n).is_some_and(|b| b > 0)
                && (n..=c.at.line).all(|m| {
                    total += balance(m).unwrap_or(0);
                    total > 0
                })
        })?;
        let line = c.line(open)?;
        let first = line.find(['{', '[']).unwrap_or(0);
        (Pos::new(open, column(line, first)), bracket_counts(line))
    };
    Some(slip(
        pos,
        format!("วงเล็บในบรรทัด {} ไม่ครบคู่: มี {}", pos.line, describe(counts)),
        "ทุก { ต้องมี } และทุก [ ต้องมี ] — ถ้าข้อความมีวงเล็บเหล่านี้อยู่ด้วย ให้ใส่ข้อความนั้นในเครื่องหมายคำพูด เช่น unit: \"กลุ่ม [ก]\"",
    ))
}

/// Fields in braces without a `,` between them (`{name: ก position: ข}`): the field before
/// runs into the one the parser stopped at.
fn missing_comma(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line)?;
    if c.char_at()? != ':' {
        return None;
    }
    let col = usize::try_from(c.at.column).ok()? - 1;
    let before: String = line.chars().take(col).collect();
    let start = before.rfind(['{', '[', ',']).map(|i| i + 1)?;
    let segment = &before[start..];
    let (space, ch) = segment.trim_end().char_indices().rev().find(|(_, ch)| ch.is_whitespace())?;
    let key_start = start + space + ch.len_utf8();
    if !segment.contains(": ") || key_start <= start + segment.find(": ")? + 1 {
        return None;
    }
    let key = &before[key_start..];
    let fixed = format!("{}, {}", before[..key_start].trim_end(), &line[key_start..]);
    Some(slip(
        Pos::new(c.at.line, column(line, key_start)),
        format!("ในวงเล็บ {{ }} ไม่มีเครื่องหมาย , คั่นก่อนช่อง {key}"),
        format!("คั่นแต่ละช่องด้วย , แก้เป็น: {}", fixed.trim()),
    ))
}

fn extra_document(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let is_fence = |l: &str| l.trim_end() == "---" || l.starts_with("--- ") || l.trim_end() == "...";
    let fence = (1..=c.at.line).rev().find(|&n| {
        c.line(n).is_some_and(is_fence) && (1..n).any(|m| c.line(m).is_some_and(|l| is_content(l) && !is_fence(l)))
    })?;
    let mark = c.line(fence).unwrap_or("---").trim_end();
    Some(slip(
        Pos::new(fence, 1),
        format!("มีเส้น {mark} เกินมาในบรรทัด {fence}: ข้อมูล (ส่วนหัว) ในไฟล์หนึ่งมีได้ชุดเดียว"),
        format!("ลบเส้น {mark} ในบรรทัด {fence} ออก (ไฟล์ .md มีเส้น --- สองเส้น: บรรทัดแรก และหลังช่องสุดท้ายของส่วนหัว; ไฟล์ .yaml ไม่ต้องมี)"),
    ))
}

fn no_space_after_colon(c: &Ctx<'_, '_>) -> Option<YamlError> {
    [c.at.line, c.at.line.saturating_sub(1)].iter().find_map(|&n| {
        let line = c.line(n)?;
        let lead = lead_len(line);
        let (key, colon, rest) = glued_key(&line[lead..])?;
        Some(slip(
            Pos::new(n, column(line, lead + colon)),
            format!("ไม่มีเว้นวรรคหลังเครื่องหมาย : ของช่อง {key}"),
            format!("พิมพ์เว้นวรรคหนึ่งช่องหลัง : แก้เป็น: {}{key}: {rest}", &line[..lead]),
        ))
    })
}

fn duplicate_key(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let k = key_line(c.line(c.at.line)?)?;
    if k.key_col != c.at.column {
        return None;
    }
    for n in (1..c.at.line).rev() {
        let Some(line) = c.line(n).filter(|l| is_content(l)) else { continue };
        let other = key_line(line);
        let col = other.as_ref().map(|o| o.key_col).unwrap_or_else(|| column(line, lead_len(line)));
        if col < k.key_col {
            return None;
        }
        if let Some(o) = other.filter(|o| o.key_col == k.key_col) {
            if o.key == k.key {
                return Some(slip(
                    c.at,
                    format!("ช่อง \"{}\" ซ้ำ: มีช่องนี้แล้วในบรรทัด {n}", k.key),
                    "ชุดข้อมูลเดียวกันมีช่องชื่อเดียวกันได้ครั้งเดียว: ลบบรรทัดที่ไม่ใช้ หรือรวมข้อมูลไว้ในช่องเดียว",
                ));
            }
            if o.lead.trim_start().starts_with('-') {
                return None;
            }
        }
    }
    None
}

fn colon_in_value(c: &Ctx<'_, '_>) -> Option<YamlError> {
    if c.char_at()? != ':' {
        return None;
    }
    let k = key_line(c.line(c.at.line)?)?;
    if k.colon_col >= c.at.column || k.value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    Some(slip(
        c.at,
        format!("ค่าของช่อง {} มีเครื่องหมาย : ตามด้วยเว้นวรรค YAML จึงอ่านเป็นชื่อช่องซ้อนอีกชั้น", k.key),
        format!("ใส่ค่าทั้งหมดไว้ในเครื่องหมายคำพูด: {}{}: {}", k.lead, k.key, quoted(k.value)),
    ))
}

fn special_first_char(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let ch = c.char_at()?;
    if !"@`*&!%".contains(ch) {
        return None;
    }
    let line = c.line(c.at.line)?;
    let before: String = line.chars().take(usize::try_from(c.at.column).ok()? - 1).collect();
    if !(before.trim_end().is_empty() || before.trim_end().ends_with([':', '-', '[', '{', ','])) {
        return None;
    }
    let fix = match key_line(line) {
        Some(k) => format!("{}{}: {}", k.lead, k.key, quoted(k.value)),
        None => format!("{}{}", before, quoted(line.chars().skip(before.chars().count()).collect::<String>().trim())),
    };
    Some(slip(
        c.at,
        format!("ค่าที่ขึ้นต้นด้วย {ch} ต้องอยู่ในเครื่องหมายคำพูด (YAML ใช้ {ch} เป็นเครื่องหมายพิเศษ)"),
        format!("แก้เป็น: {}", fix.trim()),
    ))
}

fn text_after_quote(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let k = key_line(c.line(c.at.line)?)?;
    let q = k.value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let closed_before =
        c.scan.quotes.iter().any(|s| {
            s.open.line == c.at.line && s.close.is_some_and(|x| x.line == c.at.line && x.column < c.at.column)
        });
    if !closed_before {
        return None;
    }
    let whole = if q == '"' {
        format!("'{}'", k.value.replace('\'', "''"))
    } else {
        format!("\"{}\"", k.value.replace('\\', "\\\\").replace('"', "\\\""))
    };
    Some(slip(
        c.at,
        "มีข้อความต่อท้ายหลังเครื่องหมายคำพูดปิด: YAML ถือว่าค่าจบที่เครื่องหมายคำพูดนั้น",
        format!("ถ้าเครื่องหมายคำพูดเป็นส่วนหนึ่งของข้อความ ให้ครอบทั้งค่าด้วยเครื่องหมายคำพูดอีกแบบ: {}{}: {whole}", k.lead, k.key),
    ))
}

fn generic(at: Pos) -> YamlError {
    slip(
        at,
        "รูปแบบ YAML ตรงนี้ไม่ถูกต้อง",
        "ตรวจบรรทัดนี้และบรรทัดก่อนหน้า: ทุกช่องเขียนเป็น ชื่อช่อง: ค่า (เว้นวรรคหลัง :), ช่องในระดับเดียวกันย่อหน้าด้วยเว้นวรรคเท่ากัน, รายการขึ้นต้นด้วย - และเว้นวรรค (ข้อความของตัวอ่าน YAML ดูได้ด้วย --verbose)",
    )
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
