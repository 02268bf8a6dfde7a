//! Writes the search index of a folder of pages, and measures what queries download.
//!
//!     cargo run --release --example search_index -- PAGES_DIR OUT_DIR [LIMIT]
//!     cargo run --release --example search_index -- --query SITE_DIR WORD...
//!     cargo run --release --example search_index -- --time SITE_DIR [RUNS]
//!
//! PAGES_DIR holds `*.txt` files (the first line is the title, the rest the text; the url is the
//! file's path without `.txt`, plus `/`) or a built site (each `*.html` file read with
//! `page_text`, its title from `<title>`, its url its folder). The index goes to `OUT_DIR/search/`;
//! the total size and the number of files are printed. LIMIT (bytes of folded text, default
//! `DEFAULT_LIMIT`) chooses between one `index.json` and the sharded index: 0 always shards. A
//! sharded index holds no text, so `--query` needs the pages beside it: write the index of a
//! built site into that site (OUT_DIR = PAGES_DIR) to search it.
//! With `--query`, each word is searched in a built site (its index in `SITE_DIR/search/`, its
//! pages read as a web server gives them) the way the client does
//! ([`prongsai::render::search::search`]), and one JSON line per word tells what it found and
//! which files it fetched (paths from the site root as the client asks for them), with their
//! sizes.
//! With `--time`, the pages of a built site (its `*.html` files, read first) are added to an
//! index as a build adds them ([`Indexer::add_html`]), one after another on one thread, RUNS
//! times (5 by default), and the index files are made from them ([`Indexer::files`], on all
//! threads); the median and the least time of each step are printed: the indexer's own work,
//! without the build around it.

use prongsai::render::search::{index_files, page_text, search, Indexer, Page, DEFAULT_LIMIT};
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, out, words @ ..] if flag == "--query" => query(Path::new(out), words),
        [flag, site] if flag == "--time" => time(Path::new(site), 5),
        [flag, site, runs] if flag == "--time" => time(Path::new(site), runs.parse()?),
        [pages, out] => write(Path::new(pages), Path::new(out), DEFAULT_LIMIT),
        [pages, out, limit] => write(Path::new(pages), Path::new(out), limit.parse()?),
        _ => anyhow::bail!(
            "usage: search_index PAGES_DIR OUT_DIR [LIMIT] | search_index --query OUT_DIR WORD... \
             | search_index --time SITE_DIR [RUNS]"
        ),
    }
}

fn write(dir: &Path, out: &Path, limit: usize) -> anyhow::Result<()> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        let path = entry.path();
        let rel = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        if let Some(stem) = rel.strip_suffix(".txt") {
            let content = std::fs::read_to_string(path)?;
            let (title, text) = content.split_once('\n').unwrap_or((&content, ""));
            pages.push(Page { title: title.to_string(), url: format!("{stem}/"), text: text.to_string() });
        } else if rel.ends_with(".html") {
            let html = std::fs::read_to_string(path)?;
            let title = html.split_once("<title>").and_then(|(_, t)| t.split_once("</title>")).map_or("", |t| t.0);
            let title = page_text(title.split(" – ").next().unwrap_or(title));
            let url = rel.trim_end_matches("index.html").to_string();
            pages.push(Page { title, url, text: page_text(&html) });
        }
    }
    let files = index_files(&pages, limit);
    let mut total = 0;
    for (name, bytes) in &files {
        let path = out.join("search").join(name);
        std::fs::create_dir_all(path.parent().unwrap())?;
        std::fs::write(&path, bytes)?;
        total += bytes.len();
    }
    println!("{} pages, {} files, {} bytes", pages.len(), files.len(), total);
    Ok(())
}

fn query(site: &Path, words: &[String]) -> anyhow::Result<()> {
    let read = |url: &str| {
        let path = prongsai::links::percent_decode(url);
        let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path };
        std::fs::read(site.join(path)).ok()
    };
    for word in words {
        let found = search(word, read);
        let line = serde_json::json!({
            "query": word,
            "hits": found.urls.len(),
            "candidates": found.candidates,
            "checked": found.checked,
            "files": found.fetched,
        });
        println!("{line}");
    }
    Ok(())
}

fn time(site: &Path, runs: usize) -> anyhow::Result<()> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry?;
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages.push(std::fs::read(entry.path())?);
        }
    }
    let (mut adding, mut files) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let indexer = Indexer::new(pages.len(), DEFAULT_LIMIT);
        let start = std::time::Instant::now();
        for (id, html) in pages.iter().enumerate() {
            indexer.add_html(id, "", html);
        }
        adding.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = std::time::Instant::now();
        let made = indexer.files(|id| Some((format!("{id}/"), format!("page {id}"))));
        files.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(made);
    }
    for (step, times) in [("adding the pages (one thread)", &mut adding), ("making the files", &mut files)] {
        times.sort_by(f64::total_cmp);
        let (median, least) = (times[times.len() / 2], times[0]);
        println!("{} pages, {step}: {median:.1} ms median, {least:.1} ms least, of {} runs", pages.len(), times.len());
    }
    Ok(())
}
