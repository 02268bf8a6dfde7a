//! Watching the site folder: `site.yaml`, `content/`, `static/`, `themes/` and `oit/`, with
//! editors' many ways of saving (in place, write-and-rename, delete-and-create, many files at
//! once) folded into one change by the debouncer.
//!
//! The operating system's change events are used when they work. File systems that send none
//! (WSL's `/mnt`, Docker bind mounts, network drives) are watched by polling: on request
//! (`--poll`), or by itself when the native watcher cannot start or the system's limit of
//! watched folders is reached — saying so, in Thai, once.
//!
//! A folder of the site that is itself removed, created or renamed (what `git checkout`,
//! `git stash` or putting back a backup do: `mv content content.bak && mv content.bak content`)
//! loses its native watch: the system drops it with the folder deleted or moved away, and never
//! follows the name. The site folder itself is watched (not recursively), so such a change is
//! seen there: the folder is then watched anew and everything is rebuilt, since all its files
//! may differ. Polling looks at names, not folders, and needs none of this.

use super::Change;
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventHandler, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The folders of the site watched recursively.
const FOLDERS: [&str; 4] = ["content", "static", "themes", "oit"];

/// How often polling looks at the files when `--poll` gives no interval, or when serve falls
/// back to polling by itself.
pub const DEFAULT_POLL: Duration = Duration::from_millis(500);

/// Which folder a name is on disk (device and inode): a folder put back under its name may be
/// another one. `None` where the system does not tell, or nothing is there.
type Identity = Option<(u64, u64)>;

fn identity(path: &Path) -> Identity {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    kind: Kind,
    /// The site folder, absolute.
    root: PathBuf,
    /// The site's folders and how each is watched: those of [`FOLDERS`] recursively, the folder
    /// of a site's own OIT list (when elsewhere) on its own.
    folders: Vec<(PathBuf, RecursiveMode)>,
    /// The folders watched now, and which folder each name was when it was watched. A polling
    /// watcher never watches one again: it would forget what it has seen, and miss a save made
    /// meanwhile.
    watched: HashMap<PathBuf, Identity>,
    /// The handler of events, kept to start a polling watcher with it.
    events: Events,
}

enum Kind {
    /// The operating system's change events.
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    /// Looking at every file's time and size at an interval.
    Poll(Debouncer<notify::PollWatcher, RecommendedCache>),
}

impl Kind {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Kind::Native(d) => d.watch(path, mode),
            Kind::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Kind::Native(d) => d.unwatch(path),
            Kind::Poll(d) => d.unwatch(path),
        }
    }
}

/// What the handler of events tells the watcher.
#[derive(Default)]
struct Shared {
    /// Folders of the site removed, created or renamed (themselves, or a folder above them)
    /// since they were last watched: their native watch is gone.
    replaced: BTreeSet<PathBuf>,
    /// Why the native watcher stopped following new folders (the system's limit was reached).
    failed: Option<String>,
}

/// Turns the debouncer's events into [`Change`]s sent to the rebuild.
#[derive(Clone)]
struct Events {
    root: PathBuf,
    /// The site's folders, watched or not (yet).
    folders: Vec<PathBuf>,
    /// More files (relative to the root) whose change means everything.
    settings: Vec<PathBuf>,
    tx: Sender<Change>,
    shared: Arc<Mutex<Shared>>,
}

impl DebounceEventHandler for Events {
    fn handle_event(&mut self, res: DebounceEventResult) {
        let events = match res {
            Ok(events) => events,
            Err(errors) => {
                // The system's limit was reached while following a new folder: the next
                // rebuild switches to polling, so that no folder goes unwatched.
                if let Some(e) = errors.iter().find(|e| matches!(e.kind, notify::ErrorKind::MaxFilesWatch)) {
                    if let Ok(mut shared) = self.shared.lock() {
                        shared.failed.get_or_insert_with(|| why(e));
                    }
                    let _ = self.tx.send(Change::Everything);
                }
                return;
            }
        };
        // Reading files (our own rebuild reads them all) is not a change.
        let changes = events.iter().filter(|e| {
            !matches!(e.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)))
        });
        let paths: Vec<PathBuf> = changes.flat_map(|e| e.paths.iter().cloned()).collect();
        let change = match self.replaced(&events) {
            true => Some(Change::Everything),
            false => Change::of_paths(&self.root, &paths, &self.settings),
        };
        if let Some(change) = change {
            let _ = self.tx.send(change);
        }
    }
}

impl Events {
    /// Whether a folder of the site was itself removed, created or renamed, or events were lost;
    /// such folders are noted to be watched anew.
    fn replaced(&self, events: &[DebouncedEvent]) -> bool {
        let mut found = BTreeSet::new();
        for e in events {
            if e.need_rescan() {
                // The system dropped events: any folder may have been replaced meanwhile.
                found.extend(self.folders.iter().cloned());
                continue;
            }
            if !matches!(e.kind, EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))) {
                continue;
            }
            for path in e.paths.iter().filter(|p| **p != self.root) {
                found.extend(self.folders.iter().filter(|f| f.starts_with(path)).cloned());
            }
        }
        if found.is_empty() {
            return false;
        }
        if let Ok(mut shared) = self.shared.lock() {
            shared.replaced.extend(found);
        }
        true
    }
}

/// Why the native watcher failed, in Thai.
fn why(e: &notify::Error) -> String {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => "ระบบเฝ้าดูไฟล์ของเครื่องถึงขีดจำกัดจำนวนโฟลเดอร์แล้ว".to_string(),
        _ => format!("เฝ้าดูการเปลี่ยนแปลงของไฟล์ด้วยระบบของเครื่องไม่ได้ ({e})"),
    }
}

/// Tells the editor that serve polls from now on, and why.
fn say_polling(why: &str) {
    eprintln!(
        "{why}: เปลี่ยนไปตรวจไฟล์ทุก {} มิลลิวินาทีแทน (ช้ากว่าเล็กน้อย) — สั่ง prongsai serve --poll เองได้เมื่อไฟล์อยู่บนไดรฟ์เครือข่าย WSL หรือ Docker",
        DEFAULT_POLL.as_millis()
    );
}

impl Watcher {
    /// Whether this watcher polls.
    pub fn polls(&self) -> bool {
        matches!(self.kind, Kind::Poll(_))
    }

    /// Watches each folder of the site that exists and is not watched yet (one created after
    /// the start), and watches anew one that was replaced; called before every full rebuild.
    /// When the native watcher fails, switches to polling, saying so.
    pub fn refresh(&mut self) -> notify::Result<()> {
        let failed = self.events.shared.lock().ok().and_then(|mut s| s.failed.take());
        if self.polls() {
            return self.watch_folders();
        }
        let reason = match failed {
            Some(reason) => reason,
            None => match self.watch_folders() {
                Ok(()) => return Ok(()),
                Err(e) => why(&e),
            },
        };
        say_polling(&reason);
        self.kind = Kind::Poll(debouncer_poll(self.events.clone(), DEFAULT_POLL)?);
        self.watched.clear();
        self.kind.watch(&self.root, RecursiveMode::NonRecursive)?;
        self.watch_folders()
    }

    fn watch_folders(&mut self) -> notify::Result<()> {
        let replaced = self.events.shared.lock().map(|mut s| std::mem::take(&mut s.replaced)).unwrap_or_default();
        for (path, mode) in self.folders.clone() {
            let was = self.watched.get(&path).copied();
            let now = identity(&path);
            if self.polls() {
                // Polling follows the name, whatever folder is under it, even while it is away.
                if was.is_none() && path.is_dir() {
                    self.kind.watch(&path, mode)?;
                    self.watched.insert(path, now);
                }
                continue;
            }
            if was.is_some_and(|id| id == now && !replaced.contains(&path)) {
                continue;
            }
            if was.is_some() {
                // The watch may be gone already, or follow the folder moved away.
                let _ = self.kind.unwatch(&path);
                self.watched.remove(&path);
            }
            self.watch_anew(&path, mode)?;
        }
        Ok(())
    }

    /// Watches a folder with the native watcher, if it is there. A folder being deleted or
    /// replaced meanwhile is tried again, then left to the next change (its creation is seen).
    fn watch_anew(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        for _ in 0..3 {
            let id = identity(path);
            if !path.is_dir() {
                return Ok(());
            }
            match self.kind.watch(path, mode) {
                Ok(()) if identity(path) == id => {
                    self.watched.insert(path.to_path_buf(), id);
                    return Ok(());
                }
                Ok(()) => {
                    let _ = self.kind.unwatch(path);
                }
                Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {
                    let _ = self.kind.unwatch(path);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
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
            say_polling(&why(&e));
            Ok(start(&root_abs, tx, Some(DEFAULT_POLL))?)
        }
    }
}

/// How long the debouncer waits for more events of one save, and how often it looks.
const DEBOUNCE: (Duration, Option<Duration>) = (Duration::from_millis(5), Some(Duration::from_millis(2)));

fn debouncer_poll(
    events: Events,
    interval: Duration,
) -> notify::Result<Debouncer<notify::PollWatcher, RecommendedCache>> {
    new_debouncer_opt(
        DEBOUNCE.0,
        DEBOUNCE.1,
        events,
        RecommendedCache::new(),
        // Times are compared in whole seconds: two saves within a second differ only by their
        // contents, so those are compared too.
        notify::Config::default().with_poll_interval(interval).with_compare_contents(true),
    )
}

/// A watcher (native, or polling at `poll`) on the site folder at `root_abs`.
fn start(root_abs: &Path, tx: Sender<Change>, poll: Option<Duration>) -> notify::Result<Watcher> {
    // A site's own OIT catalogue may live anywhere in the site folder.
    let mut ignored = crate::diagnostics::Diagnostics::new();
    let catalogue: Vec<PathBuf> = crate::load::load_config(root_abs, &mut ignored)
        .and_then(|c| c.oit_catalog)
        .map(|c| PathBuf::from(c.value))
        .filter(|p| p.is_relative() && !p.components().any(|c| matches!(c, std::path::Component::ParentDir)))
        .into_iter()
        .collect();
    // Each folder of the site recursively (never public/ or target/), and the catalogue's
    // folder on its own when it is in none of them.
    let mut folders: Vec<(PathBuf, RecursiveMode)> =
        FOLDERS.iter().map(|dir| (root_abs.join(dir), RecursiveMode::Recursive)).collect();
    for file in &catalogue {
        let folder = root_abs.join(file).parent().map(Path::to_path_buf).unwrap_or_else(|| root_abs.to_path_buf());
        let top = file.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
        if !FOLDERS.contains(&top.as_str()) && folder != root_abs && !folders.iter().any(|(f, _)| *f == folder) {
            folders.push((folder, RecursiveMode::NonRecursive));
        }
    }
    let events = Events {
        root: root_abs.to_path_buf(),
        folders: folders.iter().map(|(f, _)| f.clone()).collect(),
        settings: catalogue,
        tx,
        shared: Arc::default(),
    };
    let kind = match poll {
        None => Kind::Native(new_debouncer_opt(
            DEBOUNCE.0,
            DEBOUNCE.1,
            events.clone(),
            RecommendedCache::new(),
            notify::Config::default(),
        )?),
        Some(interval) => Kind::Poll(debouncer_poll(events.clone(), interval)?),
    };
    let mut watcher = Watcher { kind, root: root_abs.to_path_buf(), folders, watched: HashMap::new(), events };
    // The root itself, not recursively: site.yaml, folders created later, and folders of the
    // site removed, renamed or put back.
    watcher.kind.watch(root_abs, RecursiveMode::NonRecursive)?;
    watcher.watch_folders()?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, RenameMode};
    use std::sync::mpsc;
    use std::time::Instant;

    fn events(root: &Path) -> (Events, mpsc::Receiver<Change>) {
        let (tx, rx) = mpsc::channel();
        let folders = FOLDERS.iter().map(|f| root.join(f)).collect();
        (Events { root: root.to_path_buf(), folders, settings: Vec::new(), tx, shared: Arc::default() }, rx)
    }

    fn event(kind: EventKind, path: PathBuf) -> DebouncedEvent {
        DebouncedEvent::new(notify::Event::new(kind).add_path(path), Instant::now())
    }

    #[test]
    fn a_folder_of_the_site_moved_or_created_is_noted_and_rebuilds_everything() {
        let root = Path::new("/site");
        let (mut handler, rx) = events(root);
        let renamed = event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), root.join("content"));
        handler.handle_event(Ok(vec![renamed]));
        assert!(matches!(rx.try_recv(), Ok(Change::Everything)));
        assert!(handler.shared.lock().unwrap().replaced.contains(&root.join("content")));
        // A file in it, or the site folder itself, replaces no folder.
        let shared = Arc::clone(&handler.shared);
        shared.lock().unwrap().replaced.clear();
        let file = event(EventKind::Create(CreateKind::File), root.join("content/about/a.md"));
        handler.handle_event(Ok(vec![file, event(EventKind::Create(CreateKind::Folder), root.to_path_buf())]));
        assert!(matches!(rx.try_recv(), Ok(Change::Files(_))));
        assert!(shared.lock().unwrap().replaced.is_empty());
    }

    /// Waits for a change from the watcher; gives up after 5 s.
    fn next(rx: &mpsc::Receiver<Change>) -> Option<Change> {
        rx.recv_timeout(Duration::from_secs(5)).ok()
    }

    #[test]
    fn the_native_watcher_falls_back_to_polling_when_it_fails() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut watcher = watch(site.path(), tx, None).unwrap();
        if watcher.polls() {
            return; // No native watcher here to fail.
        }
        watcher.events.shared.lock().unwrap().failed = Some("ทดสอบ".to_string());
        watcher.refresh().unwrap();
        assert!(watcher.polls());
        while rx.try_recv().is_ok() {}
        std::fs::write(site.path().join("content/a.md"), "---\ntitle: ก\n---\n").unwrap();
        assert!(matches!(next(&rx), Some(Change::Files(_))), "the polling watcher sees the save");
    }
}
