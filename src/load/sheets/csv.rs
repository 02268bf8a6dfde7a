//! Reading a CSV file into a [`Sheet`]: its encoding (UTF-8, UTF-16, TIS-620 / Windows-874)
//! and its delimiter (comma, tab, semicolon, or a `sep=` line).

use super::workbook::workbook_kind;
use super::{Cell, Sheet, SheetBuilder, SheetError, SAVE_AS_CSV_UTF8};
use crate::load::encoding::{self, Encoding as TextEncoding};
use std::borrow::Cow;

/// Reads a CSV file: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text",
/// tab-separated) or without one, or Thai TIS-620 / Windows-874 (Excel's "CSV" on a Thai
/// Windows). Cells are separated by commas, or by tabs or semicolons when the heading row
/// uses them (or as a first line `sep=;` says, which Excel hides). Quoted cells may hold the
/// separator, quotes (`""`) and line breaks; rows may have different numbers of cells. Every
/// cell is [`Cell::Text`] or [`Cell::Empty`].
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = decode_csv(bytes)?;
    let (body, sep) = sep_line(&text);
    let delimiter = sep.unwrap_or_else(|| guess_delimiter(body));
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut builder = SheetBuilder::new(None, false);
    let mut record = csv::StringRecord::new();
    let mut number: u32 = 0;
    let mut last_start = 0;
    loop {
        let start = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(SheetError::new("อ่านไฟล์ CSV นี้ไม่ได้").with_help(SAVE_AS_CSV_UTF8).with_detail(e)),
        }
        last_start = start;
        // The reader passes over empty lines before a record; Excel shows each as a row.
        let bytes = body.as_bytes();
        let mut span = bytes.get(start..).unwrap_or_default();
        // The reader ends a record at the `\r` of `\r\n`: its `\n` is no line of its own.
        if start > 0 && bytes.get(start - 1) == Some(&b'\r') && span.first() == Some(&b'\n') {
            span = &span[1..];
        }
        let empty_lines = line_breaks(&span[..span.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count()]);
        number = number.saturating_add(1).saturating_add(empty_lines);
        builder.push(number, record.iter().map(Cell::from_text).collect());
    }
    // A quote left open makes the rest of the file one cell of the last row.
    if unclosed_quote(body.as_bytes().get(last_start..).unwrap_or_default(), delimiter) {
        return Err(SheetError::new(format!(
            "แถวที่ {number} มีเครื่องหมายคำพูด (\") เปิดไว้แต่ไม่ได้ปิด ข้อความตั้งแต่ตรงนั้นจนจบไฟล์จึงกลายเป็นช่องเดียว"
        ))
        .with_help("ใส่ \" ปิดท้ายข้อความในช่องนั้น ถ้าต้องการเครื่องหมายคำพูดในข้อความของช่องที่ขึ้นต้นด้วย \" ให้พิมพ์สองตัว (\"\")"));
    }
    Ok(builder.finish())
}

/// The record in `raw` has a quoted cell with no closing quote (a quote opens a quoted cell
/// only at the start of a cell; inside one, `""` is a quote).
fn unclosed_quote(raw: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    let mut cell_start = true;
    while i < raw.len() {
        if cell_start && raw[i] == b'"' {
            i += 1;
            loop {
                match raw.get(i) {
                    None => return true,
                    Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            cell_start = false;
            continue;
        }
        cell_start = matches!(raw[i], b'\r' | b'\n') || raw[i] == delimiter;
        i += 1;
    }
    false
}

/// The text of a CSV file's bytes.
fn decode_csv(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(e) => Err(unknown_encoding(line_of(rest, e.valid_up_to()))),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0);
    }
    if let Some(kind) = workbook_kind(bytes) {
        return Err(SheetError::new(format!("ไฟล์นี้เป็น{kind} ไม่ใช่ไฟล์ CSV แม้จะตั้งชื่อลงท้ายด้วย .csv")).with_help(
            "เปลี่ยนชื่อไฟล์ให้ลงท้ายด้วย .xlsx (หรือ .ods ถ้าบันทึกจาก LibreOffice) หรือเปิดใน Excel แล้วบันทึกเป็น CSV UTF-8",
        ));
    }
    if let Some(utf16) = utf16_without_bom(bytes) {
        return Ok(utf16.decode_without_bom_handling(bytes).0);
    }
    match encoding::decode(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(e) if e.encoding == TextEncoding::Thai => {
            let (text, had_errors) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
            if had_errors {
                Err(unknown_encoding(e.pos.line))
            } else {
                Ok(text)
            }
        }
        Err(e) => Err(unknown_encoding(e.pos.line)),
    }
}

/// The error for bytes in an encoding that is not read.
fn unknown_encoding(line: u32) -> SheetError {
    SheetError::new(format!(
        "ไฟล์ CSV นี้ไม่ได้บันทึกเป็น UTF-8 หรือภาษาไทยแบบ TIS-620 / Windows-874 จึงอ่านตัวอักษรตั้งแต่บรรทัดที่ {line} ไม่ได้"
    ))
    .with_help(SAVE_AS_CSV_UTF8)
}

/// The line (from 1) holding byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u32 {
    let before = bytes.get(..at).unwrap_or(bytes);
    u32::try_from(before.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

/// UTF-16 without a byte order mark: NUL bytes (the other half of every ASCII character, and a
/// CSV file has commas or tabs) on one side of the byte pairs only.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if !bytes.contains(&0) {
        return None;
    }
    let even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd > 0 && even * 20 <= odd {
        Some(encoding_rs::UTF_16LE)
    } else if even > 0 && odd * 20 <= even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Excel's `sep=;` first line, which names the separator and is not shown as a row.
fn sep_line(text: &str) -> (&str, Option<u8>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    if let Some(sep) = first.strip_prefix("sep=").or_else(|| first.strip_prefix("SEP=")) {
        if let [b] = sep.trim_end().as_bytes() {
            let rest = &text[first.len()..];
            let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\r', '\n'])).unwrap_or(rest);
            return (rest, Some(*b));
        }
    }
    (text, None)
}

/// Comma, or tab or semicolon when the first row that is not empty has more of them than
/// commas (outside quotes).
fn guess_delimiter(text: &str) -> u8 {
    let (mut comma, mut tab, mut semicolon) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for c in text.trim_start_matches(['\r', '\n']).chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            ';' if !quoted => semicolon += 1,
            _ => {}
        }
    }
    if tab > 0 && tab >= comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// How many line breaks (`\r\n`, `\n` or `\r`) are in `bytes`.
fn line_breaks(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                n = n.saturating_add(1);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => n = n.saturating_add(1),
            _ => {}
        }
        i += 1;
    }
    n
}
