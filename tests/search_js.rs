//! The search client's own tests (`tests/js/*.test.mjs`, Node's built-in test runner, no npm
//! packages), run by `cargo test` when `node` is on PATH, and skipped with a message when not.

use std::path::Path;
use std::process::Command;

#[test]
fn search_client_tests_pass_in_node() {
    let Ok(version) = Command::new("node").arg("--version").output() else {
        eprintln!("SKIPPED: the search client's tests need Node.js (`node` on PATH); install it to run tests/js/");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".test.mjs")))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no tests in {}", dir.display());
    // Files rather than the folder: `node --test DIR` is read as a folder or a glob depending on
    // Node's version.
    let out = Command::new("node").arg("--test").args(&files).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "node --test tests/js/ failed (node {}):\n{report}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
}
