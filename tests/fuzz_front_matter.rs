//! A property test over whole content files: real front matter (the example site's plan,
//! project, activities and report, and the test sites' files) edited a whole character at a
//! time — inserted, deleted, replaced or a run duplicated, with characters that matter to YAML,
//! to Thai text and to our values — so that most inputs stay valid UTF-8 and reach the YAML
//! reader, the model and the rules; a procurement register (YAML records and a CSV file) is among
//! them. Whatever the edit, loading and checking never panic, and every finding names a file of
//! the site and says something.
//!
//! `PROPTEST_CASES` sets the number of edited sites (default 64 here, so that `cargo test`
//! stays quick); the closing figures of a long run are printed with `--nocapture`.

mod common;
use proptest::prelude::*;

/// Characters an edit draws from: YAML's own, digits of both kinds, Thai letters and marks,
/// quotes Word puts in, whitespace of every kind.
const ALPHABET: &[char] = &[
    ':', '-', ' ', '\n', '\t', '#', '{', '}', '[', ']', ',', '"', '\'', '|', '>', '&', '*', '!', '%', '@', '`', '?',
    '0', '1', '5', '9', '.', '๐', '๕', '๙', 'ก', 'ข', 'า', 'ำ', '่', '้', 'ั', 'เ', '“', '”', '\u{a0}', '\u{feff}', '\r',
    'a', 'O', 'x', '/', '\\', '\u{0}', '=', '~', '_',
];

/// The files a site is made of, by path: the example site's own, and the test site's.
fn originals() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![("site.yaml".to_string(), common::SITE_YAML.to_string())];
    for e in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.push((rel, std::fs::read_to_string(e.path()).unwrap()));
        }
    }
    files.push(("content/2565/anti-corruption/extra/_index.md".into(), common::PROJECT.into()));
    files.push(("content/2565/anti-corruption/extra/a.md".into(), common::ACTIVITY_1.into()));
    files.push(("content/2565/anti-corruption/extra/b.md".into(), common::ACTIVITY_2.into()));
    files.push(("content/2565/jat/_index.md".into(), "---\ntype: procurement\nthrough: 2565-03\n---\n".into()));
    files.push((
        "content/2565/jat/jan.yaml".into(),
        "records:\n  - item: จัดซื้อวัสดุ\n    budget: 12000\n    reference_price: 12000\n    method: specific\n    bidders: [{name: ร้านก, price: 11500}, {name: ร้านข, price: 11900}]\n    winner: {name: ร้านก, price: 11500}\n    reason: ต่ำสุด\n    contract: {number: \"ข.๑/๒๕๖๕\", date: 15/01/2565}\n    egp: \"65019123456\"\n".into(),
    ));
    files.push((
        "content/2565/jat/nov.csv".into(),
        "งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง,วิธีซื้อหรือจ้าง,ผู้ได้รับการคัดเลือก,ราคาที่ตกลงซื้อหรือจ้าง,เลขที่สัญญา,วันที่สัญญา\nจ้างเหมา,\"24,000\",เฉพาะเจาะจง,บริษัท ก,\"23,000\",ข.๓,03/11/2564\n".into(),
    ));
    files
}

/// One edit of a text, by character: (kind, where as a fraction of the length, what).
#[derive(Debug, Clone)]
struct Edit {
    kind: u8,
    at: f64,
    with: char,
    len: usize,
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = ((chars.len() as f64) * edit.at) as usize;
    let i = i.min(chars.len());
    match edit.kind % 4 {
        0 => chars.insert(i, edit.with),
        1 if i < chars.len() => {
            let end = (i + edit.len).min(chars.len());
            chars.drain(i..end);
        }
        2 if i < chars.len() => chars[i] = edit.with,
        _ => {
            let end = (i + edit.len).min(chars.len());
            let run: Vec<char> = chars[i..end].to_vec();
            chars.splice(i..i, run);
        }
    }
    chars.into_iter().collect()
}

fn edit() -> impl Strategy<Value = Edit> {
    (0u8..4, 0.0f64..1.0, prop::sample::select(ALPHABET), 1usize..12).prop_map(|(kind, at, with, len)| Edit {
        kind,
        at,
        with,
        len,
    })
}

/// How far one edited site got.
enum Outcome {
    /// Loaded and checked without an error.
    Clean,
    /// Stopped by a rule of the model (a finding names a field).
    Rules,
    /// Stopped before the model: UTF-8, encoding or YAML.
    Reading,
}

fn run_one(files: &[(String, String)], which: usize, edits: &[Edit]) -> Result<Outcome, TestCaseError> {
    let target = which % files.len();
    let dir = tempfile::tempdir().unwrap();
    for (i, (rel, text)) in files.iter().enumerate() {
        let text = if i == target { edits.iter().fold(text.clone(), |t, e| apply(&t, e)) } else { text.clone() };
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
    let Err(diags) = prongsai::load_checked(dir.path(), true, false) else { return Ok(Outcome::Clean) };
    prop_assert!(diags.has_errors());
    let mut outcome = Outcome::Reading;
    for d in diags.iter() {
        prop_assert!(!d.message.trim().is_empty(), "a finding says nothing: {:?}", d);
        prop_assert!(d.file.is_relative() && !d.file.as_os_str().is_empty(), "a finding names no site file: {:?}", d);
        if d.field.is_some() {
            outcome = Outcome::Rules;
        }
    }
    Ok(outcome)
}

#[test]
fn edited_files_are_loaded_checked_and_explained_without_a_panic() {
    use proptest::test_runner::{Config, TestRunner};
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64);
    let files = originals();
    let counts = std::cell::RefCell::new([0usize; 3]);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let started = std::time::Instant::now();
    let strategy = (0usize..64, prop::collection::vec(edit(), 1..6));
    runner
        .run(&strategy, |(which, edits)| {
            let outcome = run_one(&files, which, &edits)?;
            counts.borrow_mut()[outcome as usize] += 1;
            Ok(())
        })
        .unwrap();
    let [clean, rules, reading] = *counts.borrow();
    println!(
        "{} edited sites in {:.0?}: {clean} clean, {rules} stopped by a rule of the model, {reading} stopped in reading (UTF-8, YAML)",
        clean + rules + reading,
        started.elapsed()
    );
}
