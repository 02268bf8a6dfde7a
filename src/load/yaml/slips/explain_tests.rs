//! Each slip through the real parser: the cause named, at its place, with the fix.

use crate::load::yaml::{parse, Pos, YamlError};

fn err(text: &str) -> YamlError {
    let e = parse(text).expect_err("should not parse");
    assert!(e.message.chars().any(|c| ('\u{0e00}'..='\u{0e7f}').contains(&c)), "not Thai: {e:?}");
    assert!(e.parser.is_some(), "{e:?}");
    e
}

fn help(e: &YamlError) -> &str {
    e.help.as_deref().unwrap_or_default()
}

#[test]
fn tab_used_for_indenting() {
    let e = err("title: x\nbudget:\n\tapproved: 5\n");
    assert_eq!(e.pos, Pos::new(3, 1));
    assert!(e.message.contains("แท็บ (Tab)") && e.message.contains("บรรทัด 3 คอลัมน์ 1"), "{e:?}");
    assert!(help(&e).contains("ใช้เว้นวรรค (space) แทนแท็บ"), "{e:?}");
    // The parser stops on the line before; the Tab is still found where it is.
    assert_eq!(err("title: x\n\torder: 1\n").pos, Pos::new(2, 1));
    assert_eq!(err("rounds:\n  6m:\n  \t  status: done\n").pos, Pos::new(3, 3));
}

#[test]
fn curly_quotes_from_word() {
    let e = err("note: “ผล: ดี”\n");
    assert_eq!(e.pos, Pos::new(1, 7));
    assert!(e.message.contains("“ ”"), "{e:?}");
    assert!(help(&e).contains("note: \"ผล: ดี\""), "{e:?}");
    let e = err("title: ‘ชื่อ: ย่อย’\n");
    assert!(e.message.contains("‘ ’"), "{e:?}");
    let e = err("title: \"ชื่อ”\norder: 1\n");
    assert_eq!(e.pos, Pos::new(1, 8));
    assert!(e.message.contains("”") && help(&e).contains("title: \"ชื่อ\""), "{e:?}");
}

#[test]
fn no_space_after_colon() {
    let e = err("title:ชื่อ\norder: 1\n");
    assert_eq!(e.pos, Pos::new(1, 6));
    assert!(e.message.contains("ไม่มีเว้นวรรคหลังเครื่องหมาย :") && help(&e).contains("title: ชื่อ"), "{e:?}");
    assert_eq!(err("order: 1\ntitle:ชื่อ\n").pos, Pos::new(2, 6));
    let e = err("budget:\n  approved:5000\n  sources: []\n");
    assert_eq!(e.pos, Pos::new(2, 11));
    assert!(help(&e).contains("  approved: 5000"), "{e:?}");
}

#[test]
fn brackets_and_quotes_left_open() {
    let e = err("steps: [a, b\norder: 1\n");
    assert_eq!(e.pos, Pos::new(1, 8));
    assert!(e.message.contains("วงเล็บ [") && help(&e).contains("steps: [a, b]"), "{e:?}");
    let e = err("budget: {approved: 5\n");
    assert_eq!(e.pos, Pos::new(1, 9));
    assert!(help(&e).contains("{approved: 5}"), "{e:?}");
    let e = err("title: \"ชื่อ\norder: 1\ndraft: \"false\"\n");
    assert_eq!(e.pos, Pos::new(1, 8));
    assert!(e.message.contains("ไม่มีตัวปิด") && help(&e).contains("title: \"ชื่อ\""), "{e:?}");
    let e = err("a: [1, 2]]\n");
    assert!(e.message.contains("] เกินมา"), "{e:?}");
}

#[test]
fn extra_document_line() {
    let e = err("title: x\n---\norder: 1\n");
    assert_eq!(e.pos, Pos::new(2, 1));
    assert!(e.message.contains("--- เกินมา"), "{e:?}");
    assert_eq!(err("---\ntitle: x\n---\nเนื้อหา\n").pos, Pos::new(3, 1));
}

#[test]
fn the_rest_by_their_causes() {
    let e = err("a: 1\nb:\n  c: 1\n  c: 2\n");
    assert_eq!(e.pos, Pos::new(4, 3));
    assert!(e.message.contains("\"c\" ซ้ำ") && e.message.contains("บรรทัด 3"), "{e:?}");
    let e = err("title: โครงการ: ส่งเสริม\n");
    assert!(help(&e).contains("title: \"โครงการ: ส่งเสริม\""), "{e:?}");
    let e = err("title: @ชื่อ\n");
    assert!(e.message.contains("@") && help(&e).contains("title: \"@ชื่อ\""), "{e:?}");
    let e = err("title: \"ITA\" คืออะไร\n");
    assert!(help(&e).contains("title: '\"ITA\" คืออะไร'"), "{e:?}");
    let e = err(": x\n");
    assert!(e.message.contains("ไม่มีชื่อช่อง"), "{e:?}");
    let e = err("rounds:\n  6m:\n    status: done\n   spent: 5\n");
    assert_eq!(e.pos, Pos::new(4, 1));
    assert!(e.message.contains("ย่อหน้าไม่ตรงกัน"), "{e:?}");
    let e = err("title: ก\nผิด\n");
    assert_eq!(e.pos, Pos::new(2, 1));
    assert!(e.message.contains("ชื่อช่อง: ค่า"), "{e:?}");
    let e = err("title: x\n\u{feff}order: 1\n");
    assert!(e.message.contains("BOM"), "{e:?}");
}

#[test]
fn never_english_never_a_panic() {
    // Random bytes and mutations of real front matter: whatever the parser says, the message
    // is Thai and the position is inside the text.
    let base = "type: project\ntitle: “โครงการ”\nbudget:\n  approved: 100000\n  sources: [{name: สพฐ., amount: 100000}]\nrounds:\n  6m: {spent: \"๕,๐๐๐\", status: done}\nnote: |\n  ข้อความ \"ยาว\n";
    let pieces = [
        "\t", ":", " ", "\"", "'", "[", "]", "{", "}", "“", "”", "-", "#", "\n", "---\n", "\u{feff}", "&", "*", "|",
        ",", "ก", "\r\n", "\u{3000}", "\u{a0}", "\u{e31}",
    ];
    let mut seed = 0x2545_f491_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..1500 {
        let mut text: String = base.to_string();
        for _ in 0..(1 + next() % 4) {
            let chars: Vec<char> = text.chars().collect();
            let at = (next() as usize) % (chars.len() + 1);
            let piece = pieces[(next() as usize) % pieces.len()];
            let mut out: String = chars[..at].iter().collect();
            if next() % 3 == 0 && at < chars.len() {
                out.extend(chars[at + 1..].iter());
            } else {
                out.push_str(piece);
                out.extend(chars[at..].iter());
            }
            text = out;
        }
        if round % 5 == 0 {
            let bytes: Vec<u8> = (0..(next() % 60)).map(|_| (next() % 128) as u8).collect();
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        if let Err(e) = parse(&text) {
            let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
            assert!(e.pos.line >= 1 && e.pos.line <= lines.max(1), "{text:?} → {e:?}");
            assert!(!e.message.is_ascii(), "{text:?} → {e:?}");
        }
        let _ = crate::load::parse_front_matter(&format!("---\n{text}"), false);
        let _ = crate::load::parse_front_matter(&format!("---\n{text}\n---\n{text}"), false);
    }
}

#[test]
fn slips_inside_brackets() {
    let e = err("responsible:\n  - {name: นาย ก, position: ครู unit: กลุ่ม}\n");
    assert_eq!(e.pos, Pos::new(2, 33));
    assert!(e.message.contains("ก่อนช่อง unit"), "{e:?}");
    assert!(help(&e).contains("{name: นาย ก, position: ครู, unit: กลุ่ม}"), "{e:?}");
    let e = err("responsible:\n  - {name: นาย ก], unit: กลุ่ม}\n");
    assert!(e.message.contains("ไม่ครบคู่"), "{e:?}");
    let e = err("responsible:\n  - {n{ame: นาย ก, unit: กลุ่ม}\nobjectives: [ก]\nindicators:\n  - {name: ข}\n");
    assert_eq!(e.pos, Pos::new(2, 5));
    assert!(e.message.contains("บรรทัด 2 ไม่ครบคู่: มี { 2 ตัว แต่ } 1 ตัว"), "{e:?}");
    let e = err("objectives: - เพื่อปลูกฝัง\n");
    assert!(e.message.contains("ต้องขึ้นบรรทัดใหม่"), "{e:?}");
    let e = err("steps:\n  - ข้อแรก\n  -ข้อสอง\n  - ข้อสาม\n");
    assert!(e.message.contains("หลังเครื่องหมาย -") && help(&e).contains("  - ข้อสอง"), "{e:?}");
}
