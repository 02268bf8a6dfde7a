//! End-to-end: the slips an editor makes in YAML, one test each. Every one is told in Thai, by
//! its cause, at `file:line:column`, with what to type instead, and a site with one broken
//! file gives exactly one error — nothing about the files beside it, and never the parser's
//! English (which `--verbose` adds).

mod common;
use common::{TestSite, SITE_YAML};

const PROJECT_FILE: &str = "content/2565/anti/integrity/_index.md";
const ACTIVITY_FILE: &str = "content/2565/anti/integrity/risk.md";
const PLAN_FILE: &str = "content/2565/anti/_index.md";

/// Words of the YAML parser's messages, which must not reach an editor.
const PARSER_WORDS: &[&str] =
    &["disallowed", "mapping", "scalar", "while parsing", "did not find", "unclosed", "indicator", "document"];

/// Applies `change` to the standard site, runs `check`, and asserts one error at `at`
/// (`file:line:col`) whose text has every one of `phrases`. Returns the output.
fn one_error(change: impl FnOnce(&TestSite), at: &str, phrases: &[&str]) -> String {
    let s = TestSite::standard();
    change(&s);
    let r = s.run(&["check"]);
    let all = r.all();
    assert!(!r.ok, "check should fail:\n{all}");
    let errors: Vec<&str> = all.lines().filter(|l| l.contains("error (ข้อผิดพลาด)")).collect();
    assert_eq!(errors.len(), 1, "one error expected:\n{all}");
    assert!(errors[0].starts_with(&format!("{at}: error")), "expected the error at {at}:\n{all}");
    for p in phrases {
        assert!(all.contains(p), "expected {p:?} in:\n{all}");
    }
    for w in PARSER_WORDS {
        assert!(!all.contains(w), "the parser's English {w:?} reached the editor:\n{all}");
    }
    all
}

fn edit(s: &TestSite, rel: &str, from: &str, to: &str) {
    let text = s.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    s.write(rel, &text.replacen(from, to, 1));
}

/// The column (in characters, from 1) where `needle` starts in line `line` (from 1) of `text`.
fn col(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).expect("line");
    l[..l.find(needle).expect("needle")].chars().count() + 1
}

fn tis620(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0x0E01..=0x0E5B => (c as u32 - 0x0E01 + 0xA1) as u8,
            n => u8::try_from(n).expect("ASCII or Thai"),
        })
        .collect()
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}

#[test]
fn a_tab_in_a_projects_index_is_one_error_and_the_activities_wait() {
    let out = one_error(
        |s| edit(s, PROJECT_FILE, "  approved: 100000", "\tapproved: 100000"),
        &format!("{PROJECT_FILE}:12:1"),
        &["ย่อหน้าด้วยแท็บ (Tab) ที่บรรทัด 12 คอลัมน์ 1", "ใช้เว้นวรรค (space) แทนแท็บ", "(2 ไฟล์) ยังไม่ถูกตรวจ"],
    );
    assert!(!out.contains("risk.md") && !out.contains("media.md"), "{out}");
    assert!(!out.contains("OIT ปี"), "no coverage judged on a site with a file left out:\n{out}");
}

#[test]
fn a_broken_plan_index_leaves_its_projects_alone() {
    let out = one_error(
        |s| edit(s, PLAN_FILE, "title: แผนป้องกันการทุจริต", "title: แผนป้องกันการทุจริต\n\tkind: anti-corruption"),
        &format!("{PLAN_FILE}:4:1"),
        &["แท็บ (Tab)", "content/2565/anti/ (4 ไฟล์)"],
    );
    assert!(!out.contains("type: project"), "{out}");
}

#[test]
fn the_parsers_words_only_with_verbose() {
    let s = TestSite::standard();
    edit(&s, PROJECT_FILE, "  approved: 100000", "\tapproved: 100000");
    let out = s.run(&["check", "--verbose"]).all();
    assert!(out.contains("(ตัวอ่าน YAML: tabs disallowed"), "{out}");
}

#[test]
fn missing_closing_line_of_front_matter() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "---\nเนื้อหากิจกรรม", "\nเนื้อหากิจกรรม\n\n- ข้อแรก: ทดสอบ"),
        &format!("{ACTIVITY_FILE}:9:1"),
        &["ไม่มีเส้น --- ปิด", "พิมพ์ --- ในบรรทัดของตัวเอง", "แทรกเป็นบรรทัด 9"],
    );
}

#[test]
fn missing_opening_line_of_front_matter() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "---\ntitle:", "title:"),
        &format!("{ACTIVITY_FILE}:1:1"),
        &["ไม่ได้ขึ้นต้นด้วยเส้น ---", "พิมพ์ --- เป็นบรรทัดแรกของไฟล์"],
    );
}

#[test]
fn an_extra_line_in_front_matter() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "order: 1\n", "order: 1\n---\n"),
        &format!("{ACTIVITY_FILE}:4:1"),
        &["มีเส้น --- เกินมาในบรรทัด 4", "budget, steps, rounds", "ลบเส้น --- ในบรรทัด 4 ออก"],
    );
}

#[test]
fn an_extra_line_in_a_yaml_file() {
    one_error(
        |s| s.write("content/about/info.yaml", "title: ข้อมูลหน่วยงาน\n---\ndate: 2565-01-01\n"),
        "content/about/info.yaml:2:1",
        &["มีเส้น --- เกินมาในบรรทัด 2"],
    );
}

#[test]
fn curly_quotes_around_text_with_a_colon() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "title: กิจกรรมวิเคราะห์ความเสี่ยง", "title: “กิจกรรม: วิเคราะห์ความเสี่ยง”"),
        &format!("{ACTIVITY_FILE}:2:8"),
        &["เครื่องหมายคำพูดแบบโค้ง “ ”", "Word", "title: \"กิจกรรม: วิเคราะห์ความเสี่ยง\""],
    );
}

#[test]
fn curly_quotes_around_an_amount() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "budget: 20000", "budget: “๒๐,๐๐๐”"),
        &format!("{ACTIVITY_FILE}:4:9"),
        &["ไม่ใช่จำนวนเงิน", "เครื่องหมายคำพูดแบบโค้ง “ ”", "\"๒๐,๐๐๐\""],
    );
}

#[test]
fn curly_quotes_around_an_amount_in_brackets() {
    let line = "  6m: {status: in_progress, date: 2565-02-10, spent: “๕,๐๐๐.๕๐”}";
    one_error(
        |s| edit(s, ACTIVITY_FILE, "  6m: {status: in_progress, date: 2565-02-10, spent: 5000.50}", line),
        &format!("{ACTIVITY_FILE}:7:{}", col(line, 1, "“")),
        &["“ ”", "ถูกตัดที่เครื่องหมาย ,", "spent: \"๕,๐๐๐.๕๐\"}"],
    );
}

#[test]
fn no_space_after_a_colon() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "title: กิจกรรม", "title:กิจกรรม"),
        &format!("{ACTIVITY_FILE}:2:6"),
        &["ไม่มีเว้นวรรคหลังเครื่องหมาย : ของช่อง title", "แก้เป็น: title: กิจกรรมวิเคราะห์ความเสี่ยง"],
    );
}

#[test]
fn no_space_after_a_colon_under_another_field() {
    one_error(
        |s| edit(s, PROJECT_FILE, "  approved: 100000", "  approved:100000"),
        &format!("{PROJECT_FILE}:12:11"),
        &["ไม่มีเว้นวรรคหลังเครื่องหมาย : ของช่อง approved", "แก้เป็น:   approved: 100000"],
    );
}

#[test]
fn no_space_after_a_colon_taken_for_a_field_name() {
    one_error(
        |s| {
            let budget = "budget:\n  approved: 100000\n  sources: [{name: สพฐ., amount: 100000}]\n";
            edit(s, PROJECT_FILE, budget, "budget:{approved: 100000}\n");
        },
        &format!("{PROJECT_FILE}:11:1"),
        &["ไม่มีเว้นวรรคหลังเครื่องหมาย : ของช่อง budget", "แก้เป็น budget: {approved: 100000}"],
    );
}

#[test]
fn a_bracket_left_open() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "ประชุมวางแผน]", "ประชุมวางแผน"),
        &format!("{ACTIVITY_FILE}:5:8"),
        &["วงเล็บ [ ที่เปิดในบรรทัด 5 คอลัมน์ 8 ไม่มี ] ปิด", "steps: [แต่งตั้งคณะกรรมการ, ประชุมวางแผน]"],
    );
}

#[test]
fn a_quote_left_open() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "title: กิจกรรมวิเคราะห์ความเสี่ยง", "title: \"กิจกรรมวิเคราะห์ความเสี่ยง"),
        &format!("{ACTIVITY_FILE}:2:8"),
        &["เครื่องหมายคำพูด \" ที่เปิดในบรรทัด 2 คอลัมน์ 8 ไม่มีตัวปิด", "title: \"กิจกรรมวิเคราะห์ความเสี่ยง\""],
    );
}

#[test]
fn a_colon_inside_a_value() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "title: กิจกรรมวิเคราะห์ความเสี่ยง", "title: กิจกรรม: วิเคราะห์ความเสี่ยง"),
        &format!("{ACTIVITY_FILE}:2:15"),
        &["มีเครื่องหมาย : ตามด้วยเว้นวรรค", "title: \"กิจกรรม: วิเคราะห์ความเสี่ยง\""],
    );
}

#[test]
fn a_field_twice() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "order: 1\n", "order: 1\norder: 2\n"),
        &format!("{ACTIVITY_FILE}:4:1"),
        &["ช่อง \"order\" ซ้ำ: มีช่องนี้แล้วในบรรทัด 3"],
    );
}

#[test]
fn an_unknown_type_in_a_projects_index() {
    let out = one_error(
        |s| edit(s, PROJECT_FILE, "type: project", "type: projet"),
        &format!("{PROJECT_FILE}:2:7"),
        &["ไม่รู้จักชนิด \"projet\"", "หมายถึง \"project\"", "(2 ไฟล์) ยังไม่ถูกตรวจ"],
    );
    assert!(!out.contains("budget") && !out.contains("risk.md"), "{out}");
}

#[test]
fn a_misspelt_type_field_in_a_projects_index() {
    one_error(
        |s| edit(s, PROJECT_FILE, "type: project", "typ: project"),
        &format!("{PROJECT_FILE}:2:1"),
        &["ไม่รู้จักช่อง \"typ\"", "หมายถึง \"type\"", "(2 ไฟล์) ยังไม่ถูกตรวจ"],
    );
}

#[test]
fn a_bom_at_the_start_is_fine() {
    let s = TestSite::standard();
    s.write("site.yaml", &format!("\u{feff}{SITE_YAML}"));
    let activity = s.read(ACTIVITY_FILE);
    s.write(ACTIVITY_FILE, &format!("\u{feff}{activity}"));
    s.write("content/about/info.yaml", "\u{feff}title: ข้อมูลหน่วยงาน\n");
    let r = s.run(&["check"]);
    assert!(r.ok, "{}", r.all());
}

#[test]
fn site_yaml_saved_as_utf16() {
    let out = one_error(
        |s| std::fs::write(s.path("site.yaml"), utf16le_with_bom(SITE_YAML)).unwrap(),
        "site.yaml:1:1",
        &["UTF-16", "\"Unicode\"", "บันทึกเป็น (Save As) → การเข้ารหัส (Encoding): UTF-8"],
    );
    assert!(!out.contains("prongsai init"), "{out}");
}

#[test]
fn site_yaml_saved_as_thai_ansi() {
    let out = one_error(
        |s| std::fs::write(s.path("site.yaml"), tis620(SITE_YAML)).unwrap(),
        "site.yaml:1:8",
        &["TIS-620 / Windows-874", "\"ANSI\"", "อ่านได้ว่า \"title: สำนักงานทดสอบ\"", "UTF-8"],
    );
    assert!(!out.contains("prongsai init"), "{out}");
}

#[test]
fn an_activity_saved_as_thai_ansi() {
    one_error(
        |s| {
            let text = s.read(ACTIVITY_FILE);
            std::fs::write(s.path(ACTIVITY_FILE), tis620(&text)).unwrap();
        },
        &format!("{ACTIVITY_FILE}:2:8"),
        &["TIS-620", "UTF-8"],
    );
}

#[test]
fn a_page_saved_as_utf16() {
    one_error(
        |s| std::fs::write(s.path("content/about/contact.md"), utf16le_with_bom("---\ntitle: ติดต่อ\n---\n")).unwrap(),
        "content/about/contact.md:1:1",
        &["UTF-16"],
    );
}

#[test]
fn an_oit_catalogue_saved_as_thai_ansi() {
    let catalogue = "ita_year: 2565\nbody: agency\ntitle: แบบตรวจ OIT\ngroups:\n  - title: ข้อมูลพื้นฐาน\n    items:\n      - {code: O1, title: โครงสร้าง}\n";
    one_error(
        |s| {
            s.write("site.yaml", &format!("{SITE_YAML}oit_catalog: oit/catalog.yaml\n"));
            std::fs::create_dir_all(s.path("oit")).unwrap();
            std::fs::write(s.path("oit/catalog.yaml"), tis620(catalogue)).unwrap();
        },
        "oit/catalog.yaml:3:8",
        &["TIS-620", "UTF-8"],
    );
}

#[test]
fn a_tab_in_site_yaml() {
    let out = one_error(
        |s| s.write("site.yaml", &format!("{SITE_YAML}contact:\n\tphone: 0 4200 0000\n")),
        "site.yaml:6:1",
        &["แท็บ (Tab)", "ใช้เว้นวรรค (space) แทนแท็บ"],
    );
    assert!(!out.contains("prongsai init"), "{out}");
}

#[test]
fn anything_else_is_told_in_thai_with_its_place() {
    one_error(
        |s| edit(s, ACTIVITY_FILE, "order: 1\n", "order: 1\n- ขั้นตอนแรก\n"),
        &format!("{ACTIVITY_FILE}:4:1"),
        &["รายการ (ขึ้นต้นด้วย -) นี้ไม่มีช่องที่เป็นเจ้าของ"],
    );
}

#[test]
fn a_comma_inside_braces_cuts_a_value() {
    let line = "  - {name: นางภัทราวดี แก้วจันทร์, position: ศึกษานิเทศก์, unit: กลุ่มนิเทศ, ติดตาม}";
    one_error(
        |s| edit(s, PROJECT_FILE, "  - {name: นางภัทราวดี แก้วจันทร์, position: ศึกษานิเทศก์, unit: กลุ่มนิเทศ}", line),
        &format!("{PROJECT_FILE}:6:{}", col(line, 1, "ติดตาม")),
        &["ไม่รู้จักช่อง \"ติดตาม\"", "ถูกแยกออกมาด้วยเครื่องหมาย ,", "\"ก, ติดตาม\""],
    );
}
