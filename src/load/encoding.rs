//! Reading the text files editors save: UTF-8, with or without the byte order mark (BOM) that
//! Windows Notepad writes. Files saved in another encoding are not guessed at and converted;
//! they are recognised (UTF-16, which Notepad calls "Unicode", and the old Thai encoding
//! TIS-620 / Windows-874, which it calls "ANSI") so the editor is told how to save them again.

use crate::diagnostics::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::path::Path;

/// The encoding a file that is not UTF-8 seems to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16, little or big endian (Notepad: "Unicode" / "Unicode big endian").
    Utf16,
    /// Thai in TIS-620 or Windows-874 (Notepad: "ANSI" on a Thai Windows).
    Thai,
    /// Something else.
    Unknown,
}

/// A file whose bytes are not UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// What the bytes look like.
    pub encoding: Encoding,
    /// The first place that is not UTF-8.
    pub pos: Pos,
    /// For Thai files: the start of that line as it reads in TIS-620, so the editor sees that
    /// the text is theirs.
    pub sample: Option<String>,
}

/// The text of a file's bytes: UTF-8, with a leading BOM removed. Checked with `simdutf8`,
/// many times quicker than the standard library on Thai text (three bytes a letter), which was
/// most of the time a build took to read its content.
pub fn decode(bytes: &[u8]) -> Result<&str, NotUtf8> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(NotUtf8 { encoding: Encoding::Utf16, pos: Pos::new(1, 1), sample: None });
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(text.strip_prefix('\u{feff}').unwrap_or(text));
    }
    if looks_thai(bytes) {
        // Thai bytes can happen to make a UTF-8 character or two: the first byte above ASCII is
        // where the Thai text starts.
        let first = bytes.iter().position(|b| *b >= 0x80).unwrap_or(0);
        let sample = Some(thai_line_at(bytes, first));
        return Err(NotUtf8 { encoding: Encoding::Thai, pos: position_of(bytes, first), sample });
    }
    let bad = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    Err(NotUtf8 { encoding: Encoding::Unknown, pos: position_of(bytes, bad), sample: None })
}

/// Reads a file of the site as text and returns what `with` makes of it; when it cannot be
/// read, says why in `diags`, naming it by `rel` (relative to the site folder).
pub fn read<R>(path: &Path, rel: &Path, diags: &mut Diagnostics, with: impl FnOnce(&str) -> R) -> Option<R> {
    let found = match std::fs::read(path) {
        Ok(bytes) => match decode(&bytes) {
            Ok(text) => return Some(with(text)),
            Err(e) => explain(rel, &e),
        },
        Err(e) => Diagnostic::error(rel, Pos::default(), None, format!("อ่านไฟล์ไม่ได้: {e}")),
    };
    diags.push(found);
    None
}

/// The finding for a file that is not UTF-8: which encoding it seems to be in and how to save
/// it as UTF-8.
pub fn explain(rel: &Path, e: &NotUtf8) -> Diagnostic {
    const SAVE: &str = "เปิดไฟล์ใน Notepad แล้วเลือก ไฟล์ → บันทึกเป็น (Save As) → การเข้ารหัส (Encoding): UTF-8 แล้วบันทึกทับไฟล์เดิม";
    let message = match e.encoding {
        Encoding::Utf16 => "ไฟล์นี้บันทึกเป็น UTF-16 (ที่ Notepad เรียกว่า \"Unicode\") โปรแกรมอ่านได้เฉพาะไฟล์ UTF-8".to_string(),
        Encoding::Thai => {
            let sample = e.sample.as_deref().map(|s| format!(" (บรรทัดนี้อ่านได้ว่า \"{s}\")")).unwrap_or_default();
            format!("ไฟล์นี้บันทึกเป็นภาษาไทยแบบเก่า TIS-620 / Windows-874 (ที่ Notepad เรียกว่า \"ANSI\") ไม่ใช่ UTF-8{sample}")
        }
        Encoding::Unknown => "ไฟล์นี้ไม่ได้บันทึกเป็น UTF-8 จึงอ่านตัวอักษรตั้งแต่ตรงนี้ไม่ได้".to_string(),
    };
    Diagnostic::error(rel, e.pos, None, message).with_help(SAVE)
}

/// Many zero bytes at every other place: UTF-16 without a BOM (ASCII and Thai alike have a
/// zero high or low byte in most characters of Thai and English text).
fn looks_utf16(bytes: &[u8]) -> bool {
    let pairs = bytes.len() / 2;
    // UTF-16 text of the scripts editors write has NUL bytes; a file without any is not it
    // (and this is the common case, answered by one fast scan).
    if pairs < 2 || !bytes.contains(&0) {
        return false;
    }
    let zeros_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    zeros_even.max(zeros_odd) * 3 >= pairs && zeros_even.min(zeros_odd) * 10 <= pairs
}

/// Most bytes above ASCII are Thai letters, digits and marks of TIS-620 (0xA1–0xFB), or the
/// punctuation Windows-874 adds (ellipsis, curly quotes, dashes).
fn looks_thai(bytes: &[u8]) -> bool {
    let high: Vec<u8> = bytes.iter().copied().filter(|b| *b >= 0x80).collect();
    let thai = high.iter().filter(|b| matches!(b, 0xA1..=0xFB | 0x85 | 0x91..=0x97)).count();
    !high.is_empty() && thai * 10 >= high.len() * 9
}

/// Line and column (in characters of the valid text before it) of byte `at`.
fn position_of(bytes: &[u8], at: usize) -> Pos {
    let at = at.min(bytes.len());
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map(|i| i + 1).unwrap_or(0);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Pos::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

/// The line holding byte `at`, read as TIS-620 (at most 40 characters).
fn thai_line_at(bytes: &[u8], at: usize) -> String {
    let at = at.min(bytes.len());
    let start = bytes[..at].iter().rposition(|b| *b == b'\n').map(|i| i + 1).unwrap_or(0);
    let end = bytes[start..].iter().position(|b| *b == b'\n').map(|i| start + i).unwrap_or(bytes.len());
    bytes[start..end].iter().map(|b| tis620_char(*b)).filter(|c| *c != '\r').take(40).collect::<String>()
}

/// One TIS-620 / Windows-874 byte as a character (ASCII as is, Thai block to U+0E01–U+0E5B).
fn tis620_char(b: u8) -> char {
    match b {
        0x00..=0x7F => char::from(b),
        0xA1..=0xFB => char::from_u32(0x0E01 + u32::from(b - 0xA1)).unwrap_or('?'),
        0x91 | 0x92 => '\'',
        0x93 | 0x94 => '"',
        0x85 => '…',
        0x96 | 0x97 => '-',
        _ => '?',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tis620(text: &str) -> Vec<u8> {
        text.chars()
            .map(|c| match c as u32 {
                0x0E01..=0x0E5B => (c as u32 - 0x0E01 + 0xA1) as u8,
                _ => c as u8,
            })
            .collect()
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("title: ก\n".as_bytes()).unwrap(), "title: ก\n");
        assert_eq!(decode("\u{feff}title: ก\n".as_bytes()).unwrap(), "title: ก\n");
        assert_eq!(decode(&[]).unwrap(), "");
    }

    #[test]
    fn notepad_unicode_is_utf16() {
        for bytes in [utf16le("title: แผน\n", true), utf16le("title: แผน\n", false)] {
            assert_eq!(decode(&bytes).unwrap_err().encoding, Encoding::Utf16);
        }
        let d = explain(Path::new("site.yaml"), &decode(&utf16le("title: x\n", true)).unwrap_err());
        assert!(d.to_string().contains("UTF-16") && d.to_string().contains("Notepad"), "{d}");
    }

    #[test]
    fn thai_ansi_is_recognised_and_shown() {
        let e = decode(&tis620("title: x\nbudget: 5\nnote: แบบงบประมาณ\n")).unwrap_err();
        assert_eq!(e.encoding, Encoding::Thai);
        assert_eq!(e.pos, Pos::new(3, 7));
        assert_eq!(e.sample.as_deref(), Some("note: แบบงบประมาณ"));
        let d = explain(Path::new("content/a.md"), &e).to_string();
        assert!(d.starts_with("content/a.md:3:7:") && d.contains("TIS-620") && d.contains("UTF-8"), "{d}");
    }

    #[test]
    fn any_bytes_decode_or_are_explained() {
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let bytes: Vec<u8> = (0..(seed % 40)).map(|i| (seed >> (i % 56)) as u8).collect();
            if let Err(e) = decode(&bytes) {
                assert!(e.pos.line >= 1 && e.pos.column >= 1, "{e:?}");
                assert!(!explain(Path::new("a.md"), &e).message.is_empty());
            }
        }
    }

    #[test]
    fn other_bytes_are_unknown() {
        let e = decode(&[b'a', b':', b' ', 0xFF, 0xFD, b'\n']).unwrap_err();
        assert_eq!(e.encoding, Encoding::Unknown);
        assert_eq!(e.pos, Pos::new(1, 4));
    }
}
