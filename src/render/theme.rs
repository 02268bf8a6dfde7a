//! The theme: the built-in templates, overridden by the site's own (`themes/default/`, then the
//! theme named in `site.yaml`), compiled into Tera with the Thai filters; and the warnings about
//! template files no page uses.

use super::{filters, tera_error, RenderError, DEFAULT_THEME};
use include_dir::Dir;
use std::collections::BTreeMap;
use std::path::Path;

/// The theme's templates: the built-in ones, overridden by the site's theme folders
/// ([`crate::model::theme_dirs`]).
pub fn load_templates(root: &Path, theme: Option<&str>) -> Result<Vec<(String, String)>, RenderError> {
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        collect_embedded(dir, &mut templates);
    }
    for (name, path) in site_templates(root, theme) {
        let text = std::fs::read_to_string(&path)
            .map_err(|source| RenderError::Read { path: path.display().to_string(), source })?;
        templates.insert(name, text);
    }
    Ok(templates.into_iter().collect())
}

/// The template files of the site's theme folders: (name, file), later folders last.
fn site_templates(root: &Path, theme: Option<&str>) -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for dir in crate::model::theme_dirs(root, theme).iter().map(|d| d.join("templates")).filter(|d| d.is_dir()) {
        // A link out of the site is left out (loading has reported it).
        for f in crate::walk::walk(root, &dir, |_| true, false).files {
            out.push((f.rel, f.path));
        }
    }
    out
}

/// Warnings about the site's template files that no page uses: a name that is not one of the
/// theme's templates (a typo such as `reprot.html`), unless another template includes it.
pub fn unused_templates(root: &Path, theme: Option<&str>) -> crate::diagnostics::Diagnostics {
    let mut built_in = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        collect_embedded(dir, &mut built_in);
    }
    let own = site_templates(root, theme);
    let texts: Vec<String> = own.iter().filter_map(|(_, p)| std::fs::read_to_string(p).ok()).collect();
    let known: Vec<&str> = built_in.keys().map(String::as_str).collect();
    let mut d = crate::diagnostics::Diagnostics::new();
    for (name, path) in &own {
        let included = texts.iter().chain(built_in.values()).any(|t| t.contains(&format!("\"{name}\"")));
        if built_in.contains_key(name) || included {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let w = crate::diagnostics::Diagnostic::warning(
            rel,
            crate::diagnostics::Pos::default(),
            None,
            format!("ไม่มีหน้าใดใช้แม่แบบ \"{name}\""),
        );
        d.push(match crate::diagnostics::nearest(name, &known) {
            Some(n) => w.with_help(format!("หมายถึง \"{n}\" หรือไม่? แม่แบบที่ใช้ได้: {}", known.join(", "))),
            None => w.with_help(format!("แม่แบบที่ใช้ได้: {}", known.join(", "))),
        });
    }
    d
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, String>) {
    for f in dir.files() {
        let name = f.path().strip_prefix("templates").unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
        if let Some(text) = f.contents_utf8() {
            out.insert(name, text.to_string());
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Compiles templates into a Tera instance with prongsai's filters.
pub fn compile(
    templates: &[(String, String)],
    numerals: crate::values::thai::Numerals,
) -> Result<tera::Tera, RenderError> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    filters::register(&mut tera, numerals);
    tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| tera_error("", e))?;
    Ok(tera)
}
