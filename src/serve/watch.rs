//! Watching the site folder: `site.yaml`, `content/`, `static/`, `themes/` and `oit/`, with
//! editors' many ways of saving (in place, write-and-rename, delete-and-create, many files at
//! once) folded into one change by the debouncer.

use super::Change;
use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders of the site watched recursively.
const FOLDERS: [&str; 4] = ["content", "static", "themes", "oit"];

/// Watches each folder of the site that exists (again, harmlessly, if it was already watched):
/// called at start and after a change of settings, so that a folder created later is watched.
pub fn watch_site_folders(debouncer: &mut Watcher, root: &Path) -> anyhow::Result<()> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

/// The running watcher; dropping it stops watching.
pub type Watcher =
    notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>;

/// Starts watching; changes are sent on `tx` until the returned watcher is dropped.
pub fn watch(root: &Path, tx: Sender<Change>) -> anyhow::Result<Watcher> {
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let root_for_events = root_abs.clone();
    // A site's own OIT catalogue may live anywhere in the site folder.
    let mut ignored = crate::diagnostics::Diagnostics::new();
    let catalogue: Vec<PathBuf> = crate::content::load_config(&root_abs, &mut ignored)
        .and_then(|c| c.oit_catalog)
        .map(|c| PathBuf::from(c.value))
        .filter(|p| p.is_relative() && !p.components().any(|c| matches!(c, std::path::Component::ParentDir)))
        .into_iter()
        .collect();
    let settings = catalogue.clone();
    let mut debouncer =
        new_debouncer(Duration::from_millis(5), Some(Duration::from_millis(2)), move |res: DebounceEventResult| {
            let Ok(events) = res else { return };
            // Reading files (our own rebuild reads them all) is not a change.
            let changes = events.iter().filter(|e| {
                !matches!(
                    e.kind,
                    EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
                )
            });
            let paths: Vec<PathBuf> = changes.flat_map(|e| e.paths.iter().cloned()).collect();
            if let Some(change) = Change::of_paths(&root_for_events, &paths, &settings) {
                let _ = tx.send(change);
            }
        })?;
    // The root itself, not recursively (site.yaml, and folders created later), then each
    // folder of the site recursively: never public/ or target/.
    debouncer.watch(&root_abs, RecursiveMode::NonRecursive)?;
    watch_site_folders(&mut debouncer, &root_abs)?;
    for file in &catalogue {
        let folder = root_abs.join(file).parent().map(Path::to_path_buf).unwrap_or_else(|| root_abs.clone());
        let top = file.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
        let watched = FOLDERS.contains(&top.as_str()) || folder == root_abs;
        if !watched && folder.is_dir() {
            debouncer.watch(&folder, RecursiveMode::NonRecursive)?;
        }
    }
    Ok(debouncer)
}
