//! The whole pipeline in one call: load → validate → render → write.

use crate::content::{self, LoadOptions};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::{self, Staging};
use crate::render::{self, Renderer};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a build stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content breaks the contract's rules (the diagnostics say where).
    #[error("พบข้อผิดพลาด {} รายการ: ยังไม่ได้สร้างเว็บไซต์", .0.error_count())]
    Invalid(Diagnostics),
    /// A template of the theme fails.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Reading or writing files failed.
    #[error("{0:#}")]
    Output(#[from] anyhow::Error),
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written or copied.
    pub files: usize,
    /// Warnings found.
    pub diagnostics: Diagnostics,
    /// How long it took.
    pub elapsed: Duration,
}

/// Loads and checks a site. `Err` holds the findings when there are errors (or, with
/// `strict`, warnings).
pub fn load_checked(root: &Path, include_drafts: bool, strict: bool) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let site = content::load(root, LoadOptions { include_drafts }, &mut diags);
    let Some(site) = site else {
        diags.sort();
        return Err(diags);
    };
    diags.extend(crate::validate::check(&site));
    diags.sort();
    if strict {
        diags.make_warnings_errors();
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((site, diags))
}

/// Compiles the site's templates.
pub fn templates(root: &Path, site: &Site) -> Result<tera::Tera, render::RenderError> {
    let list = render::load_templates(root, site.config.theme.as_ref().map(|t| t.value.as_str()))?;
    render::compile(&list, site.config.numerals)
}

/// Builds the site at `root` into `output`.
pub fn build(root: &Path, output: &Path, include_drafts: bool) -> Result<BuildSummary, BuildError> {
    let start = Instant::now();
    output::check_target(root, output)?;
    let (site, diagnostics) = load_checked(root, include_drafts, false).map_err(BuildError::Invalid)?;
    let tera = templates(root, &site)?;
    let renderer = Renderer::new(&site, tera);
    let staging = Staging::new(output)?;
    let (pages, files) = write_all(&renderer, &site, &staging)?;
    staging.commit()?;
    Ok(BuildSummary { pages, files, diagnostics, elapsed: start.elapsed() })
}

/// Renders every page and copies every file into `staging`, in parallel.
fn write_all(renderer: &Renderer<'_>, site: &Site, staging: &Staging) -> Result<(usize, usize), BuildError> {
    let jobs = renderer.jobs();
    jobs.par_iter().try_for_each(|job| -> Result<(), BuildError> {
        let bytes = renderer.render(job)?;
        staging.write(&renderer.output_path(job), &bytes)?;
        Ok(())
    })?;
    let pages = jobs.iter().filter(|j| renderer.output_path(j).ends_with(".html")).count();
    let assets = Renderer::theme_assets();
    assets.par_iter().try_for_each(|(path, bytes)| staging.write(path, bytes))?;
    let statics: Vec<_> = site.static_files.values().collect();
    statics.par_iter().try_for_each(|f| staging.copy(&f.path, &f.source))?;
    Ok((pages, jobs.len() - pages + assets.len() + statics.len()))
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
