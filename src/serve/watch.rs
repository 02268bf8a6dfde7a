//! Watching the site folder: `site.yaml`, `content/`, `static/`, `themes/` and `oit/`, with
//! editors' many ways of saving (in place, write-and-rename, delete-and-create, many files at
//! once) folded into one change by the debouncer.
//!
//! The operating system's change events are used when they work. File systems that send none
//! (WSL's `/mnt`, Docker bind mounts, network drives) are watched by polling: on request
//! (`--poll`), or by itself when the native watcher cannot start or the system's limit of
//! watched folders is reached — saying so, in Thai, once.

use super::Change;
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders of the site watched recursively.
const FOLDERS: [&str; 4] = ["content", "static", "themes", "oit"];

/// How often polling looks at the files when `--poll` gives no interval, or when serve falls
/// back to polling by itself.
pub const DEFAULT_POLL: Duration = Duration::from_millis(500);

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    kind: Kind,
    /// The folders watched so far: watching one again would make a polling watcher forget
    /// what it has seen, and miss a save made meanwhile.
    watched: std::collections::HashSet<PathBuf>,
}

enum Kind {
    /// The operating system's change events.
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    /// Looking at every file's time and size at an interval.
    Poll(Debouncer<notify::PollWatcher, RecommendedCache>),
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        if self.watched.contains(path) {
            return Ok(());
        }
        match &mut self.kind {
            Kind::Native(d) => d.watch(path, mode)?,
            Kind::Poll(d) => d.watch(path, mode)?,
        }
        self.watched.insert(path.to_path_buf());
        Ok(())
    }

    /// Whether this watcher polls.
    pub fn polls(&self) -> bool {
        matches!(self.kind, Kind::Poll(_))
    }
}

/// Watches each folder of the site that exists and is not watched yet: called at start and
/// after a change of settings, so that a folder created later is watched.
pub fn watch_site_folders(watcher: &mut Watcher, root: &Path) -> notify::Result<()> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

/// Starts watching; changes are sent on `tx` until the returned watcher is dropped. `poll`
/// asks for polling at that interval; otherwise the native watcher is tried first.
pub fn watch(root: &Path, tx: Sender<Change>, poll: Option<Duration>) -> anyhow::Result<Watcher> {
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if let Some(interval) = poll {
        return Ok(start(&root_abs, tx, Some(interval))?);
    }
    match start(&root_abs, tx.clone(), None) {
        Ok(w) => Ok(w),
        Err(e) => {
            let why = match e.kind {
                notify::ErrorKind::MaxFilesWatch => "ระบบเฝ้าดูไฟล์ของเครื่องถึงขีดจำกัดจำนวนโฟลเดอร์แล้ว".to_string(),
                _ => format!("เฝ้าดูการเปลี่ยนแปลงของไฟล์ด้วยระบบของเครื่องไม่ได้ ({e})"),
            };
            eprintln!(
                "{why}: เปลี่ยนไปตรวจไฟล์ทุก {} มิลลิวินาทีแทน (ช้ากว่าเล็กน้อย) — สั่ง prongsai serve --poll เองได้เมื่อไฟล์อยู่บนไดรฟ์เครือข่าย WSL หรือ Docker",
                DEFAULT_POLL.as_millis()
            );
            Ok(start(&root_abs, tx, Some(DEFAULT_POLL))?)
        }
    }
}

/// A watcher (native, or polling at `poll`) on the site folder at `root_abs`.
fn start(root_abs: &Path, tx: Sender<Change>, poll: Option<Duration>) -> notify::Result<Watcher> {
    let root_for_events = root_abs.to_path_buf();
    // A site's own OIT catalogue may live anywhere in the site folder.
    let mut ignored = crate::diagnostics::Diagnostics::new();
    let catalogue: Vec<PathBuf> = crate::load::load_config(root_abs, &mut ignored)
        .and_then(|c| c.oit_catalog)
        .map(|c| PathBuf::from(c.value))
        .filter(|p| p.is_relative() && !p.components().any(|c| matches!(c, std::path::Component::ParentDir)))
        .into_iter()
        .collect();
    let settings = catalogue.clone();
    let handler = move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        // Reading files (our own rebuild reads them all) is not a change.
        let changes = events.iter().filter(|e| {
            !matches!(e.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)))
        });
        let paths: Vec<PathBuf> = changes.flat_map(|e| e.paths.iter().cloned()).collect();
        if let Some(change) = Change::of_paths(&root_for_events, &paths, &settings) {
            let _ = tx.send(change);
        }
    };
    let (timeout, tick) = (Duration::from_millis(5), Some(Duration::from_millis(2)));
    let kind = match poll {
        None => {
            Kind::Native(new_debouncer_opt(timeout, tick, handler, RecommendedCache::new(), notify::Config::default())?)
        }
        Some(interval) => Kind::Poll(new_debouncer_opt(
            timeout,
            tick,
            handler,
            RecommendedCache::new(),
            // Times are compared in whole seconds: two saves within a second differ only by
            // their contents, so those are compared too.
            notify::Config::default().with_poll_interval(interval).with_compare_contents(true),
        )?),
    };
    let mut watcher = Watcher { kind, watched: Default::default() };
    // The root itself, not recursively (site.yaml, and folders created later), then each
    // folder of the site recursively: never public/ or target/.
    watcher.watch(root_abs, RecursiveMode::NonRecursive)?;
    watch_site_folders(&mut watcher, root_abs)?;
    for file in &catalogue {
        let folder = root_abs.join(file).parent().map(Path::to_path_buf).unwrap_or_else(|| root_abs.to_path_buf());
        let top = file.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
        let watched = FOLDERS.contains(&top.as_str()) || folder == root_abs;
        if !watched && folder.is_dir() {
            watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(watcher)
}
