//! Why the parser stopped: the slip in the text around the place it stopped at.

use super::scan::{scan, Scan};
use super::values::glued_key;
use super::{column, curly_in, invisible_name, slip, straighten, Src, CURLY_QUOTES};
use crate::yaml::{Pos, YamlError};

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

/// What every check looks at.
struct Ctx<'a, 't> {
    src: &'a Src<'t>,
    scan: &'a Scan,
    /// Where the parser stopped.
    at: Pos,
    /// What the parser said (only ever a hint).
    parser: &'a str,
}

impl<'t> Ctx<'_, 't> {
    fn line(&self, n: u32) -> Option<&'t str> {
        self.src.line(n)
    }

    /// The character the parser stopped at.
    fn char_at(&self) -> Option<char> {
        let col = usize::try_from(self.at.column).ok()?.checked_sub(1)?;
        self.line(self.at.line)?.chars().nth(col)
    }
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
    extra_document,
    no_space_after_colon,
    duplicate_key,
    colon_in_value,
    special_first_char,
    text_after_quote,
    no_key,
    list_and_fields,
    indentation,
    not_key_value,
];

/// A line `<indent>[- ]key: value`, split up.
struct KeyLine<'t> {
    /// Indentation and list marker before the key.
    lead: &'t str,
    key: &'t str,
    /// Column of the key's first character.
    key_col: u32,
    /// Column of the `:` after the key.
    colon_col: u32,
    /// What follows the `:`, trimmed.
    value: &'t str,
}

/// The length in bytes of a line's indentation and list markers (`  - `).
fn lead_len(line: &str) -> usize {
    let mut i = line.len() - line.trim_start_matches(' ').len();
    while line[i..].starts_with("- ") || &line[i..] == "-" {
        i += 1;
        i += line[i..].len() - line[i..].trim_start_matches(' ').len();
    }
    i
}

/// The byte index of the `:` that ends a key: the first one followed by a space or the end
/// of the line, outside a comment.
fn key_colon(s: &str) -> Option<usize> {
    let mut prev_space = true;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if prev_space => return None,
            ':' if chars.peek().is_none_or(|(_, n)| n.is_whitespace()) => return Some(i),
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    None
}

fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let lead = lead_len(line);
    let rest = &line[lead..];
    if rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let colon = key_colon(rest)?;
    let key = rest[..colon].trim_end();
    if key.is_empty() {
        return None;
    }
    Some(KeyLine {
        lead: &line[..lead],
        key,
        key_col: column(line, lead),
        colon_col: column(line, lead + colon),
        value: rest[colon + 1..].trim(),
    })
}

/// A value in quotes, as YAML wants it written.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

/// A line that holds data (not blank, not a comment).
fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
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

fn no_key(c: &Ctx<'_, '_>) -> Option<YamlError> {
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
fn list_and_fields(c: &Ctx<'_, '_>) -> Option<YamlError> {
    let line = c.line(c.at.line).filter(|l| is_content(l))?;
    let n = Src::indent(line);
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    let (p_no, p_line) = content_before(c, c.at.line)?;
    if is_item(line) {
        let owner = key_line(p_line).filter(|k| Src::indent(p_line) == n && !k.value.is_empty() && !is_item(p_line))?;
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

fn indentation(c: &Ctx<'_, '_>) -> Option<YamlError> {
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

fn not_key_value(c: &Ctx<'_, '_>) -> Option<YamlError> {
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
