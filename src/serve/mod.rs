//! `prongsai serve`: a live preview. Builds the site (drafts included) into memory, serves it
//! over HTTP, watches the site folder and, on every change, re-renders what the change touches
//! and tells open pages to reload. A change that breaks the site keeps the last good pages and
//! shows the error on every page until it is fixed. The preview never prints a PDF: a round
//! report whose PDF a build kept for it as it is now is offered with it (`pdfs.rs`).
//!
//! Limits of the HTTP side (see `app.rs`): a request's headers must arrive within 10 seconds,
//! or the connection is closed; with 256 connections open, new ones from other computers
//! (`--bind`) are closed at once, while this computer's are still served.

mod app;
mod pdfs;
mod watch;

pub use watch::DEFAULT_POLL;

use crate::build;
use crate::diagnostics::Diagnostics;
use crate::load::Cache;
use crate::render::{self, Job, Renderer};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long the site must stay unchanged before the preview makes its search index again.
const SEARCH_AFTER_QUIET: Duration = Duration::from_millis(800);

/// Up to this many output files, the preview makes its search index again after every save.
const SEARCH_EVERY_SAVE: usize = 3000;

/// Sets the header timeout in milliseconds instead of [`app::HEADER_TIMEOUT`] (for tests).
const HEADER_TIMEOUT_VAR: &str = "PRONGSAI_HEADER_TIMEOUT_MS";

fn header_timeout() -> Duration {
    std::env::var(HEADER_TIMEOUT_VAR)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .filter(|&ms| ms > 0)
        .map_or(app::HEADER_TIMEOUT, Duration::from_millis)
}

/// The path of the event stream that tells pages to reload.
pub const EVENTS: &str = "/__prongsai/events";

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (loopback unless told otherwise).
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// Watch by polling at this interval instead of the system's change events (`--poll`).
    pub poll: Option<Duration>,
    /// Print each finding's technical detail (a YAML parser's own words) too.
    pub verbose: bool,
}

/// What the rebuild tells open pages.
#[derive(Debug, Clone)]
enum Notice {
    /// Reload: a rebuild succeeded.
    Reload,
    /// Show this error overlay (HTML): a rebuild failed.
    Error(String),
}

/// The last good build, held in memory.
#[derive(Default)]
struct Built {
    /// Output path (`2565/plan/index.html`) → bytes.
    files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    /// Output path → a file of the site copied as is (read from disk when asked for).
    statics: HashMap<String, PathBuf>,
    /// See [`Renderer::structure_fingerprint`].
    structure: u64,
    /// Round reports' PDFs kept by a build of the reports as they are now (see [`pdfs`]).
    pdfs: pdfs::Pdfs,
}

/// The state every connection reads.
#[derive(Default)]
struct State {
    built: Built,
    /// The current error, as HTML for the overlay, when the last rebuild failed.
    error: Option<String>,
}

/// The preview server: start it with [`Server::start`], then [`Server::run`].
pub struct Server {
    opts: Options,
    listener: TcpListener,
    state: Arc<RwLock<State>>,
    notices: tokio::sync::broadcast::Sender<Notice>,
    cache: Cache,
    links: crate::check::LinkCache,
    /// Changes seen by the watcher, taken by the rebuild thread.
    changes: Mutex<Option<Receiver<Change>>>,
    watcher: Mutex<watch::Watcher>,
    /// The theme's fonts and style, copied out of the binary once.
    assets: Vec<(String, Arc<Vec<u8>>)>,
    /// The pages the next search index is made of, when one is due.
    pending_search: Mutex<Option<Vec<SearchTarget>>>,
    /// The last rebuild's site, while it matches the files on disk.
    last: Mutex<Option<Last>>,
    /// What changed since the last good rebuild, while rebuilds fail.
    unbuilt: Mutex<Option<Change>>,
}

/// What the last rebuild made, kept while it matches the files on disk: an edit to Markdown
/// bodies alone changes its site in place instead of loading the site again, and reuses what
/// the renderer made of the site's structure.
struct Last {
    checked: build::Checked,
    structure: Structure,
}

/// What the renderer made of a site's structure, which an edit to bodies alone leaves as it is.
struct Structure {
    tables: Arc<render::Tables>,
    /// See [`Renderer::structure_fingerprint`].
    fingerprint: u64,
}

/// A page for the search index: its output file, its path in the site and its title.
type SearchTarget = (String, String, String);

/// The script added to every served page (never to `build` output): reloads on a rebuild,
/// keeping the scroll position, and shows or hides the error overlay.
fn reload_script() -> String {
    format!(
        r#"<script>(function(){{
var k="prongsai-scroll:"+location.pathname;
var y=sessionStorage.getItem(k);if(y!==null){{sessionStorage.removeItem(k);window.scrollTo(0,+y);addEventListener("load",function(){{window.scrollTo(0,+y);}});}}
function overlay(html){{var o=document.getElementById("prongsai-error");if(!html){{if(o)o.remove();return;}}
if(!o){{o=document.createElement("div");o.id="prongsai-error";document.body.appendChild(o);}}o.innerHTML=html;}}
var es=new EventSource("{EVENTS}");
es.addEventListener("reload",function(){{sessionStorage.setItem(k,String(window.scrollY));location.reload();}});
es.addEventListener("error-report",function(e){{overlay(e.data);}});
}})();</script>"#
    )
}

fn overlay_html(diags: &Diagnostics) -> String {
    let mut items = String::new();
    for d in diags.iter().filter(|d| d.severity == crate::diagnostics::Severity::Error) {
        items.push_str(&format!("<li>{}</li>", escape(&d.to_string())));
    }
    let warnings = match diags.warning_count() {
        0 => String::new(),
        n => format!("<p>คำเตือนอีก {n} รายการอยู่ในหน้าต่างคำสั่ง (ไม่หยุดการสร้างเว็บไซต์)</p>"),
    };
    overlay_box(&format!("<p><strong>พบข้อผิดพลาด {} รายการ</strong> — หน้าที่เห็นอยู่เป็นฉบับล่าสุดที่สร้างได้ แก้ไฟล์ตามนี้แล้วบันทึก หน้าจะโหลดใหม่เอง</p><ul>{items}</ul>{warnings}", diags.error_count()))
}

fn overlay_box(inner: &str) -> String {
    format!(
        "<div role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:99999;background:#fff5f5;color:#7f1d1d;border-top:4px solid #b91c1c;padding:1rem 1.5rem;font:15px/1.6 Sarabun,Tahoma,sans-serif;white-space:pre-wrap\">{inner}</div>"
    )
}

impl Server {
    /// Binds the address and makes the first build (which may fail: the error is then shown).
    pub fn start(opts: Options) -> anyhow::Result<Server> {
        use anyhow::Context;
        let addr = SocketAddr::new(opts.bind, opts.port);
        let listener = TcpListener::bind(addr)
            .with_context(|| format!("เปิดพอร์ต {addr} ไม่ได้ (มีโปรแกรมอื่นใช้อยู่หรือไม่? ลอง --port อื่น)"))?;
        // Watch before the first build, so that no save is missed in between.
        let (tx, rx) = mpsc::channel();
        let watcher = watch::watch(&opts.root, tx, opts.poll)?;
        let server = Server {
            opts,
            listener,
            state: Arc::new(RwLock::new(State::default())),
            notices: tokio::sync::broadcast::channel(16).0,
            cache: Cache::new(),
            links: crate::check::LinkCache::new(),
            changes: Mutex::new(Some(rx)),
            watcher: Mutex::new(watcher),
            pending_search: Mutex::new(None),
            last: Mutex::new(None),
            unbuilt: Mutex::new(None),
            assets: Renderer::theme_assets().into_iter().map(|(p, b)| (p, Arc::new(b.to_vec()))).collect(),
        };
        // The theme's fonts and style serve even before a first good build.
        if let Ok(mut s) = server.state.write() {
            s.built.files = Arc::new(server.assets.iter().cloned().collect());
        }
        server.rebuild(&Change::Everything);
        Ok(server)
    }

    /// The address actually listened on.
    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::new(self.opts.bind, self.opts.port))
    }

    /// Serves and watches until the process ends.
    pub fn run(self) -> anyhow::Result<()> {
        let this = Arc::new(self);
        let rx = this.changes.lock().ok().and_then(|mut c| c.take());
        if let Some(rx) = rx {
            let rebuilder = Arc::clone(&this);
            std::thread::spawn(move || rebuilder.rebuild_loop(rx));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        runtime.block_on(async move {
            let std_listener = this.listener.try_clone()?;
            std_listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(std_listener)?;
            app::serve(listener, app::router(Arc::clone(&this)), header_timeout()).await;
            Ok(())
        })
    }

    /// Makes the search index from the pages now held (when one is due) and adds it to them.
    fn make_search_index(&self) {
        let Some(targets) = self.pending_search.lock().ok().and_then(|mut p| p.take()) else { return };
        let Some(files) = self.state.read().ok().map(|s| Arc::clone(&s.built.files)) else { return };
        let indexer = crate::render::search::Indexer::new(targets.len(), crate::render::search::DEFAULT_LIMIT);
        targets.par_iter().enumerate().for_each(|(id, (out, _, title))| {
            if let Some(html) = files.get(out) {
                indexer.add_html(id, title, html);
            }
        });
        let index =
            render::search_files(indexer, |id| targets.get(id).map(|(_, url, title)| (url.clone(), title.clone())));
        if let Ok(mut s) = self.state.write() {
            // Only if no newer build replaced the pages meanwhile.
            if Arc::ptr_eq(&s.built.files, &files) {
                let mut with_index: HashMap<String, Arc<Vec<u8>>> = (*files).clone();
                with_index.extend(index.into_iter().map(|(p, b)| (p, Arc::new(b))));
                s.built.files = Arc::new(with_index);
            }
        }
    }

    /// Whether changes are seen by polling (asked for, or fallen back to).
    pub fn polls(&self) -> bool {
        self.watcher.lock().map(|w| w.polls()).unwrap_or(false)
    }

    fn rebuild_loop(&self, rx: Receiver<Change>) {
        loop {
            // The search index waits until the editor pauses, so that it never delays a reload.
            let first = match rx.recv_timeout(SEARCH_AFTER_QUIET) {
                Ok(change) => change,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.make_search_index();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            // Gather everything that arrived together (a checkout saves many files at once).
            let mut change = first;
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
                change = change.merge(more);
            }
            self.rebuild(&change);
        }
    }

    /// Rebuilds after `change` (and the changes of rebuilds that failed since the last good
    /// one, whose files were never rendered), then tells every open page.
    fn rebuild(&self, change: &Change) {
        let start = Instant::now();
        let change = &match self.unbuilt.lock().ok().and_then(|mut u| u.take()) {
            Some(before) => before.merge(change.clone()),
            None => change.clone(),
        };
        if matches!(change, Change::Everything) {
            // A site folder (static/, themes/) may have been created since the start, or
            // replaced (content/ moved away and back): watched anew before it is read.
            if let Ok(mut w) = self.watcher.lock() {
                if let Err(e) = w.refresh() {
                    eprintln!("เฝ้าดูโฟลเดอร์ไม่ได้: {e:#}");
                }
            }
        }
        match self.try_rebuild(change) {
            Ok((rendered, total, warnings)) => {
                if let Ok(mut s) = self.state.write() {
                    s.error = None;
                }
                eprintln!(
                    "สร้างใหม่ {rendered} จาก {total} หน้า, คำเตือน {warnings} รายการ, {:.0} มิลลิวินาที",
                    start.elapsed().as_secs_f64() * 1000.0
                );
                let _ = self.notices.send(Notice::Reload);
            }
            Err(html) => {
                if let Ok(mut unbuilt) = self.unbuilt.lock() {
                    *unbuilt = Some(change.clone());
                }
                if let Ok(mut s) = self.state.write() {
                    s.error = Some(html.clone());
                }
                let _ = self.notices.send(Notice::Error(html));
            }
        }
    }

    /// Returns (pages rendered, pages in all, warnings), or the error overlay.
    fn try_rebuild(&self, change: &Change) -> Result<(usize, usize, usize), String> {
        let root = &self.opts.root;
        let t = Instant::now();
        let lap = |what: &str| {
            if std::env::var_os("PRONGSAI_TIMINGS").is_some() {
                eprintln!("  {what}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
            }
        };
        let (checked, reuse) = self.checked(change)?;
        let build::Checked { site, targets, diagnostics } = &checked;
        lap("load and check");
        let tera = build::templates(root, site).map_err(|e| {
            eprintln!("{e}");
            overlay_box(&escape(&e.to_string()))
        })?;
        let mut renderer = match &reuse {
            Some(last) => Renderer::with_tables(site, tera, targets, Arc::clone(&last.tables)),
            None => Renderer::new(site, tera, targets),
        };
        renderer.inject = Some(reload_script());
        renderer.preview = true;
        let structure = reuse.as_ref().map_or_else(|| renderer.structure_fingerprint(), |last| last.fingerprint);
        lap("renderer");
        let jobs = renderer.jobs();
        // Each job's output path, made once (a string for each of a large site's pages).
        let paths: Vec<String> = jobs.par_iter().map(|job| renderer.output_path(job)).collect();
        let old = self.state.read().map(|s| s.built.files.clone()).unwrap_or_default();
        let everything = matches!(change, Change::Everything)
            || self.state.read().map(|s| s.built.structure != structure).unwrap_or(true);
        // Compared as strings: comparing paths parses them into components, for every source.
        let changed: HashSet<&std::ffi::OsStr> = match change {
            Change::Files(f) => f.iter().map(|f| f.as_os_str()).collect(),
            Change::Everything => HashSet::new(),
        };
        let must_render = |job: &Job, path: &String| -> bool {
            if everything || !old.contains_key(path) {
                return true;
            }
            match renderer.sources(job) {
                None => true,
                Some(files) => files.iter().any(|f| changed.contains(f.as_os_str())),
            }
        };
        let rendered: Vec<Option<Arc<Vec<u8>>>> = jobs
            .par_iter()
            .zip(&paths)
            .map(|(job, path)| match must_render(job, path) {
                true => renderer.render(job).map(|bytes| Some(Arc::new(bytes))),
                false => Ok(None),
            })
            .collect::<Result<_, _>>()
            .map_err(|e| {
                eprintln!("{e}");
                overlay_box(&escape(&e.to_string()))
            })?;
        let fresh: HashSet<String> =
            paths.iter().zip(&rendered).filter(|(_, b)| b.is_some()).map(|(p, _)| p.clone()).collect();
        lap("render");
        let mut files = HashMap::with_capacity(rendered.len() + 16);
        for (path, bytes) in paths.iter().zip(rendered) {
            let bytes = match bytes {
                Some(b) => b,
                None => match old.get(path) {
                    Some(b) => Arc::clone(b),
                    None => continue,
                },
            };
            files.insert(path.clone(), bytes);
        }
        files.extend(self.assets.iter().cloned());
        // The search index of the preview is made once the editor pauses (off the path from a
        // save to the page): after every change on a site of ordinary size, on a very large one only when
        // everything was rebuilt (it is then a little stale between such rebuilds). Until it is
        // made, the previous index serves.
        if site.config.search {
            for (path, bytes) in old.iter().filter(|(p, _)| p.starts_with("search/") && !p.ends_with(".html")) {
                files.insert(path.clone(), Arc::clone(bytes));
            }
            if jobs.len() <= SEARCH_EVERY_SAVE || everything {
                let pending: Vec<SearchTarget> = render::search_order(&jobs)
                    .into_iter()
                    .filter_map(|i| renderer.search_target(&jobs[i]).map(|(url, title)| (paths[i].clone(), url, title)))
                    .collect();
                if let Ok(mut p) = self.pending_search.lock() {
                    *p = Some(pending);
                }
            }
        }
        let statics = site.static_files.values().map(|f| (f.path.clone(), f.source.clone())).collect();
        let before = self.state.read().map(|s| s.built.pdfs.clone()).unwrap_or_default();
        let cache = pdfs::cache_of(root, site);
        let held = pdfs::Held { files: &mut files, statics: &statics, fresh: &fresh, before: &before };
        let pdfs = pdfs::offer(&mut renderer, (&jobs, &paths), cache.as_ref(), held);
        lap("PDFs");
        let (count, total) = (fresh.len(), jobs.len());
        let warnings = diagnostics.warning_count();
        if let Ok(mut s) = self.state.write() {
            s.built = Built { files: Arc::new(files), statics, structure, pdfs };
        }
        let tables = renderer.tables();
        drop(renderer);
        if let Ok(mut last) = self.last.lock() {
            *last = Some(Last { checked, structure: Structure { tables, fingerprint: structure } });
        }
        Ok((count, total, warnings))
    }

    /// The site after `change`, checked: the last one with new bodies when the change edited
    /// Markdown bodies alone, with what the last renderer made of its structure, else loaded
    /// anew (see [`build::recheck_bodies`]). `Err` is the error overlay.
    fn checked(&self, change: &Change) -> Result<(build::Checked, Option<Structure>), String> {
        let last = self.last.lock().ok().and_then(|mut last| last.take());
        if let (Change::Files(files), Some(Last { mut checked, structure })) = (change, last) {
            let rels: Option<Vec<String>> = files.iter().map(|f| content_rel(f)).collect();
            let bodies = rels.and_then(|rels| crate::load::reread_bodies(&self.opts.root, &self.cache, &rels));
            if let Some(bodies) = bodies {
                if build::recheck_bodies(&mut checked, bodies, &self.links) {
                    if !checked.diagnostics.has_errors() {
                        return Ok((checked, Some(structure)));
                    }
                    eprint!("{}", checked.diagnostics.for_terminal(true, self.opts.verbose));
                    let overlay = overlay_html(&checked.diagnostics);
                    if let Ok(mut last) = self.last.lock() {
                        *last = Some(Last { checked, structure });
                    }
                    return Err(overlay);
                }
            }
        }
        self.cache.changed(match change {
            Change::Everything => None,
            Change::Files(files) => Some(files.iter().filter_map(|f| content_rel(f)).collect()),
        });
        let caches = build::Caches { content: &self.cache, links: &self.links };
        let checked = build::load_checked_with(&self.opts.root, true, false, Some(caches)).map_err(|diags| {
            eprint!("{}", diags.for_terminal(true, self.opts.verbose));
            overlay_html(&diags)
        })?;
        Ok((checked, None))
    }
}

/// A file of the site (`content/a/b.md`) relative to `content/`, with `/` separators (`a/b.md`);
/// `None` if it is not under `content/`.
fn content_rel(file: &Path) -> Option<String> {
    file.strip_prefix("content").ok().map(|f| f.to_string_lossy().replace('\\', "/"))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn with_overlay(page: &[u8], overlay: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(page);
    let block = format!("<div id=\"prongsai-error\">{overlay}</div>");
    match html.rfind("<script>") {
        Some(i) => format!("{}{block}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{block}").into_bytes(),
    }
}

/// What changed in the site folder.
#[derive(Debug, Clone)]
pub enum Change {
    /// Settings, templates, catalogue or something unknown: render everything.
    Everything,
    /// These content files (relative to the site folder, `content/...`).
    Files(BTreeSet<PathBuf>),
}

impl Change {
    fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Files(mut a), Change::Files(b)) => {
                a.extend(b);
                Change::Files(a)
            }
            _ => Change::Everything,
        }
    }

    /// Classifies changed absolute paths under `root`; `settings` are more files (relative to
    /// `root`) whose change means everything (the site's own OIT catalogue).
    pub fn of_paths(root: &Path, paths: &[PathBuf], settings: &[PathBuf]) -> Option<Change> {
        let mut files = BTreeSet::new();
        let mut relevant = false;
        for p in paths {
            let Ok(rel) = p.strip_prefix(root) else { continue };
            let first =
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
            let name = rel.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
                continue;
            }
            match first.as_str() {
                "content" => {
                    relevant = true;
                    files.insert(rel.to_path_buf());
                }
                "static" | "themes" | "oit" => return Some(Change::Everything),
                _ if rel == Path::new(crate::model::SETTINGS_FILE) || settings.iter().any(|s| s == rel) => {
                    return Some(Change::Everything)
                }
                _ => {}
            }
        }
        relevant.then_some(Change::Files(files))
    }
}
