//! `prongsai serve`: a live preview. Builds the site (drafts included) into memory, serves it
//! over HTTP, watches the site folder and, on every change, re-renders what the change touches
//! and tells open pages to reload. A change that breaks the site keeps the last good pages and
//! shows the error on every page until it is fixed.

pub mod http;
mod watch;

use crate::build;
use crate::content::Cache;
use crate::diagnostics::Diagnostics;
use crate::render::{Job, Renderer};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

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
    /// Print each finding's technical detail (a YAML parser's own words) too.
    pub verbose: bool,
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
    clients: Arc<Mutex<Vec<Sender<String>>>>,
    cache: Cache,
    links: crate::validate::LinkCache,
    /// Changes seen by the watcher, taken by the rebuild thread.
    changes: Mutex<Option<Receiver<Change>>>,
    watcher: Mutex<watch::Watcher>,
    /// The theme's fonts and style, copied out of the binary once.
    assets: Vec<(String, Arc<Vec<u8>>)>,
}

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
    overlay_box(&format!("<p><strong>พบข้อผิดพลาด {} รายการ</strong> — หน้าที่เห็นอยู่เป็นฉบับล่าสุดที่สร้างได้ แก้ไฟล์ตามนี้แล้วบันทึก หน้าจะโหลดใหม่เอง</p><ul>{items}</ul>", diags.error_count()))
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
        let watcher = watch::watch(&opts.root, tx)?;
        let server = Server {
            opts,
            listener,
            state: Arc::new(RwLock::new(State::default())),
            clients: Arc::new(Mutex::new(Vec::new())),
            cache: Cache::new(),
            links: crate::validate::LinkCache::new(),
            changes: Mutex::new(Some(rx)),
            watcher: Mutex::new(watcher),
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
        for stream in this.listener.incoming() {
            let Ok(stream) = stream else { continue };
            let this = Arc::clone(&this);
            std::thread::spawn(move || this.handle(stream));
        }
        Ok(())
    }

    fn rebuild_loop(&self, rx: Receiver<Change>) {
        while let Ok(first) = rx.recv() {
            // Gather everything that arrived together (a checkout saves many files at once).
            let mut change = first;
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
                change = change.merge(more);
            }
            self.rebuild(&change);
        }
    }

    /// Rebuilds after `change`, then tells every open page.
    fn rebuild(&self, change: &Change) {
        let start = Instant::now();
        if matches!(change, Change::Everything) {
            // A site folder (static/, themes/) may have been created since the start.
            if let Ok(mut w) = self.watcher.lock() {
                if let Err(e) = watch::watch_site_folders(&mut w, &self.opts.root) {
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
                self.broadcast("event: error-report\ndata: \n\nevent: reload\ndata: \n\n");
            }
            Err(html) => {
                let data: String = html.lines().map(|l| format!("data: {l}\n")).collect();
                if let Ok(mut s) = self.state.write() {
                    s.error = Some(html);
                }
                self.broadcast(&format!("event: error-report\n{data}\n"));
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
        self.cache.changed(match change {
            Change::Everything => None,
            Change::Files(files) => Some(
                files
                    .iter()
                    .filter_map(|f| f.strip_prefix("content").ok())
                    .map(|f| f.to_string_lossy().replace('\\', "/"))
                    .collect(),
            ),
        });
        let caches = build::Caches { content: &self.cache, links: &self.links };
        let build::Checked { site, targets, diagnostics } = build::load_checked_with(root, true, false, Some(caches))
            .map_err(|diags| {
            eprint!("{}", diags.for_terminal_verbose(self.opts.verbose));
            overlay_html(&diags)
        })?;
        lap("load and check");
        let tera = build::templates(root, &site).map_err(|e| {
            eprintln!("{e}");
            overlay_box(&escape(&e.to_string()))
        })?;
        let mut renderer = Renderer::new(&site, tera, targets);
        renderer.inject = Some(reload_script());
        let structure = renderer.structure_fingerprint();
        lap("renderer");
        let jobs = renderer.jobs();
        let old = self.state.read().map(|s| s.built.files.clone()).unwrap_or_default();
        let everything = matches!(change, Change::Everything)
            || self.state.read().map(|s| s.built.structure != structure).unwrap_or(true);
        let changed: BTreeSet<PathBuf> = match change {
            Change::Files(f) => f.clone(),
            Change::Everything => BTreeSet::new(),
        };
        let must_render = |job: &Job| -> bool {
            if everything || !old.contains_key(&renderer.output_path(job)) {
                return true;
            }
            match renderer.sources(job) {
                None => true,
                Some(files) => files.iter().any(|f| changed.contains(*f)),
            }
        };
        let rendered: Vec<(String, Option<Arc<Vec<u8>>>)> = jobs
            .par_iter()
            .map(|job| {
                let path = renderer.output_path(job);
                if must_render(job) {
                    match renderer.render(job) {
                        Ok(bytes) => Ok((path, Some(Arc::new(bytes)))),
                        Err(e) => Err(e),
                    }
                } else {
                    Ok((path, None))
                }
            })
            .collect::<Result<_, _>>()
            .map_err(|e| {
                eprintln!("{e}");
                overlay_box(&escape(&e.to_string()))
            })?;
        let count = rendered.iter().filter(|(_, b)| b.is_some()).count();
        lap("render");
        let mut files = HashMap::with_capacity(rendered.len() + 16);
        for (path, bytes) in rendered {
            let bytes = match bytes {
                Some(b) => b,
                None => match old.get(&path) {
                    Some(b) => Arc::clone(b),
                    None => continue,
                },
            };
            files.insert(path, bytes);
        }
        files.extend(self.assets.iter().cloned());
        let statics = site.static_files.values().map(|f| (f.path.clone(), f.source.clone())).collect();
        let total = jobs.len();
        let warnings = diagnostics.warning_count();
        if let Ok(mut s) = self.state.write() {
            s.built = Built { files: Arc::new(files), statics, structure };
        }
        Ok((count, total, warnings))
    }

    fn broadcast(&self, message: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.to_string()).is_ok());
        }
    }

    fn handle(&self, stream: TcpStream) {
        let req = match http::read_request(&stream) {
            Ok(r) => r,
            Err(http::BadRequest::Method) => {
                return http::respond(
                    &stream,
                    "405 Method Not Allowed",
                    "text/plain; charset=utf-8",
                    "Allow: GET, HEAD\r\n",
                    b"405",
                    false,
                )
            }
            Err(_) => {
                return http::respond(
                    &stream,
                    "400 Bad Request",
                    "text/plain; charset=utf-8",
                    "",
                    "คำขอไม่ถูกต้อง (400)".as_bytes(),
                    false,
                )
            }
        };
        let head = req.method == "HEAD";
        if req.path == EVENTS {
            return self.events(stream);
        }
        let key = req.path.trim_start_matches('/');
        let key = if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key.to_string() };
        let (page, file, error, dir) = match self.state.read() {
            Ok(s) => (
                s.built.files.get(&key).cloned(),
                s.built.statics.get(&key).cloned(),
                s.error.clone(),
                s.built.files.contains_key(&format!("{key}/index.html")),
            ),
            Err(_) => (None, None, None, false),
        };
        if let Some(bytes) = page {
            let ctype = http::content_type(&key);
            if let (Some(err), true) = (&error, ctype.starts_with("text/html")) {
                let body = with_overlay(&bytes, err);
                return http::respond(&stream, "200 OK", ctype, "", &body, head);
            }
            return http::respond(&stream, "200 OK", ctype, "", &bytes, head);
        }
        if let Some(source) = file {
            return match std::fs::read(&source) {
                Ok(bytes) => http::respond(&stream, "200 OK", http::content_type(&key), "", &bytes, head),
                Err(_) => self.not_found(&stream, head, error.as_deref()),
            };
        }
        if dir {
            let location = format!("Location: {}/\r\n", crate::links::percent_encode(&req.path));
            return http::respond(&stream, "301 Moved Permanently", "text/plain; charset=utf-8", &location, b"", head);
        }
        self.not_found(&stream, head, error.as_deref())
    }

    fn not_found(&self, stream: &TcpStream, head: bool, error: Option<&str>) {
        let page = self.state.read().ok().and_then(|s| s.built.files.get("404.html").cloned());
        let (status, body) = match (page, error) {
            (Some(p), Some(e)) => ("404 Not Found", with_overlay(&p, e)),
            (Some(p), None) => ("404 Not Found", p.to_vec()),
            // Nothing has been built yet: the site is broken from the start.
            (None, e) => (
                "503 Service Unavailable",
                format!(
                    "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>ยังสร้างเว็บไซต์ไม่ได้</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"wrap\"><h1>ยังสร้างเว็บไซต์ไม่ได้</h1><p>แก้ข้อผิดพลาดด้านล่างแล้วบันทึกไฟล์ หน้านี้จะโหลดใหม่เอง</p></main>{}{}</body></html>",
                    e.map(|e| format!("<div id=\"prongsai-error\">{e}</div>")).unwrap_or_default(),
                    reload_script()
                )
                .into_bytes(),
            ),
        };
        http::respond(stream, status, "text/html; charset=utf-8", "", &body, head);
    }

    /// Keeps the connection open and writes each broadcast as server-sent events.
    fn events(&self, mut stream: TcpStream) {
        use std::io::Write;
        let (tx, rx) = mpsc::channel::<String>();
        let current_error = self.state.read().ok().and_then(|s| s.error.clone());
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
        if stream.write_all(header.as_bytes()).is_err() {
            return;
        }
        if let Some(e) = current_error {
            let data: String = e.lines().map(|l| format!("data: {l}\n")).collect();
            let _ = stream.write_all(format!("event: error-report\n{data}\n").as_bytes());
        }
        let _ = stream.flush();
        loop {
            let message = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if stream.write_all(message.as_bytes()).and_then(|_| stream.flush()).is_err() {
                return;
            }
        }
    }
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
                _ if rel == Path::new(crate::config::FILE) || settings.iter().any(|s| s == rel) => {
                    return Some(Change::Everything)
                }
                _ => {}
            }
        }
        relevant.then_some(Change::Files(files))
    }
}
