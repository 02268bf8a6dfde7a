//! The stages in order: load → check → render → write ([`build`]), or load → check only
//! ([`load_checked`], for `check` and `serve`).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::Targets;
use crate::load::{self, LoadOptions};
use crate::model::Site;
use crate::model::{PdfMode, SETTINGS_FILE};
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
    /// PDFs were required and could not be made.
    #[error("{0}")]
    Pdf(String),
}

/// How to build.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Include pages marked `draft: true`.
    pub include_drafts: bool,
    /// Require each round report's PDF (`build --pdf`), whatever `site.yaml` says.
    pub require_pdf: bool,
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
    /// Round reports printed to PDF, and how long printing them took.
    pub pdfs: (usize, Duration),
    /// Round reports whose PDF is a copy of an earlier build's (nothing they show changed).
    pub pdfs_reused: usize,
}

/// A site that passed its checks.
pub struct Checked {
    /// The site.
    pub site: Site,
    /// Every page and file a link may point at (made once, for the checks and the renderer).
    pub targets: Targets,
    /// The warnings found.
    pub diagnostics: Diagnostics,
}

/// Caches kept between loads by `serve`.
pub struct Caches<'c> {
    /// Parsed content files.
    pub content: &'c load::Cache,
    /// Link findings of Markdown bodies.
    pub links: &'c crate::check::LinkCache,
}

/// Loads and checks a site. `Err` holds the findings when there are errors (or, with
/// `strict`, warnings).
pub fn load_checked(root: &Path, include_drafts: bool, strict: bool) -> Result<Checked, Diagnostics> {
    load_checked_with(root, include_drafts, strict, None)
}

/// [`load_checked`], reusing what `caches` hold from the previous load.
pub fn load_checked_with(
    root: &Path,
    include_drafts: bool,
    strict: bool,
    caches: Option<Caches<'_>>,
) -> Result<Checked, Diagnostics> {
    let mut diags = Diagnostics::new();
    let opts = LoadOptions { include_drafts };
    let site = load::load(root, opts, caches.as_ref().map(|c| c.content), &mut diags);
    let Some(site) = site else {
        diags.sort();
        return Err(diags);
    };
    let targets = Targets::of_site(&site);
    // With files left out, links to them, sums over them and coverage by them would be judged
    // wrongly: the slip that left them out is the one finding until it is fixed.
    if site.skipped.is_empty() {
        diags.extend(crate::check::check(&site, &targets, caches.as_ref().map(|c| c.links)));
    }
    diags.extend(render::unused_templates(root, site.config.theme.as_ref().map(|t| t.value.as_str())));
    diags.sort();
    if strict {
        diags.make_warnings_errors();
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Checked { site, targets, diagnostics: diags })
}

/// [`load_checked_with`] after an edit that changed the Markdown bodies of content files alone
/// (see [`crate::load::reread_bodies`]): `checked`, the site as loaded before the edit, takes
/// the new `bodies` (by file, relative to the site folder) and its findings are brought up to
/// date, without loading the site again. `false`, with `checked` as it was, when a file is not
/// part of the site (or a file was left out of it): the site must then be loaded as a whole.
/// Its findings may hold errors, as the edit may have broken a link.
pub fn recheck_bodies(
    checked: &mut Checked,
    bodies: Vec<(PathBuf, std::sync::Arc<str>)>,
    links: &crate::check::LinkCache,
) -> bool {
    if !checked.site.skipped.is_empty() {
        return false;
    }
    let mut sources = crate::model::sources_mut(&mut checked.site);
    let mut at = Vec::with_capacity(bodies.len());
    for (file, _) in &bodies {
        match sources.iter().position(|s| s.file.as_os_str() == file.as_os_str()) {
            Some(i) => at.push(i),
            None => return false,
        }
    }
    for (i, (_, body)) in at.into_iter().zip(&bodies) {
        sources[i].body = std::sync::Arc::clone(body);
    }
    let edited: Vec<PathBuf> = bodies.into_iter().map(|(file, _)| file).collect();
    crate::check::recheck_bodies(&checked.site, &checked.targets, &edited, &mut checked.diagnostics, links);
    true
}

/// Compiles the site's templates.
pub fn templates(root: &Path, site: &Site) -> Result<tera::Tera, render::RenderError> {
    let list = render::load_templates(root, site.config.theme.as_ref().map(|t| t.value.as_str()))?;
    render::compile(&list, site.config.numerals)
}

/// Builds the site at `root` into `output`.
pub fn build(root: &Path, output: &Path, include_drafts: bool) -> Result<BuildSummary, BuildError> {
    build_with(root, output, BuildOptions { include_drafts, ..BuildOptions::default() })
}

/// [`build`], with every option.
pub fn build_with(root: &Path, output: &Path, opts: BuildOptions) -> Result<BuildSummary, BuildError> {
    let start = Instant::now();
    output::check_target(root, output)?;
    let Checked { site, targets, mut diagnostics } =
        load_checked(root, opts.include_drafts, false).map_err(BuildError::Invalid)?;
    let mode = if opts.require_pdf { PdfMode::Required } else { site.config.pdf.value };
    let browser = match mode {
        PdfMode::Off => None,
        _ => output::pdf::find_browser(),
    };
    if browser.is_none() && mode != PdfMode::Off {
        let message = "ไม่พบเว็บเบราว์เซอร์ตระกูล Chromium (Chromium, Google Chrome หรือ Microsoft Edge) จึงไม่ได้ทำไฟล์ report.pdf ของรายงาน";
        let help = "ติดตั้งเบราว์เซอร์เหล่านี้ หรือบอกที่อยู่ด้วยตัวแปร PRONGSAI_BROWSER; ปิดด้วย pdf: off ใน site.yaml";
        if mode == PdfMode::Required {
            return Err(BuildError::Pdf(format!("{message} (pdf: required หรือ --pdf) → {help}")));
        }
        diagnostics.push(
            Diagnostic::warning(Path::new(SETTINGS_FILE), site.config.pdf.pos, Some("pdf"), message).with_help(help),
        );
    }
    let tera = templates(root, &site)?;
    let mut renderer = Renderer::new(&site, tera, &targets);
    renderer.pdf = browser.is_some();
    let staging = Staging::new(output)?;
    let (pages, files) = write_all(&renderer, &site, &staging)?;
    let printing = Instant::now();
    let mut made = PdfsMade::default();
    let cache = browser.as_ref().map(|b| output::pdf::cache::Cache::new(&staging.pdf_cache_dir(), b));
    if let (Some(browser), Some(cache)) = (&browser, &cache) {
        made = print_reports(
            root,
            browser,
            cache,
            (mode, site.config.pdf.pos),
            &mut renderer,
            &staging,
            &mut diagnostics,
        )?;
    }
    let pdf_time = printing.elapsed();
    staging.commit()?;
    if let Some(cache) = &cache {
        // Only the PDFs of the output now published are kept.
        cache.keep_only(&made.keys);
    }
    Ok(BuildSummary {
        pages,
        files: files + made.printed + made.reused,
        diagnostics,
        elapsed: start.elapsed(),
        pdfs: (made.printed, pdf_time),
        pdfs_reused: made.reused,
    })
}

/// The PDFs a build made.
#[derive(Debug, Default)]
struct PdfsMade {
    /// Printed by this build.
    printed: usize,
    /// Copied from an earlier build's.
    reused: usize,
    /// Their keys in the cache.
    keys: Vec<String>,
}

/// Prints each round report's `report.pdf` into `staging` (or copies it from `cache` when
/// nothing it shows changed) and says what happened: one warning naming what the reports would
/// have loaded from elsewhere (left out), and one for each report that could not be printed
/// (its page then has no link to a PDF). With PDFs required, a report that could not be printed
/// fails the build.
fn print_reports(
    root: &Path,
    browser: &Path,
    cache: &output::pdf::cache::Cache,
    (mode, pdf_pos): (PdfMode, crate::diagnostics::Pos),
    renderer: &mut Renderer<'_>,
    staging: &Staging,
    diagnostics: &mut Diagnostics,
) -> Result<PdfsMade, BuildError> {
    let reports = renderer.pdf_jobs();
    let jobs: Vec<_> =
        reports.iter().map(|(page, pdf, _)| output::pdf::Job { page: page.clone(), pdf: pdf.clone() }).collect();
    let profile = staging.scratch("browser");
    let limit = output::pdf::time_limit();
    let (printed, keys) = match output::pdf::print_cached(browser, staging.site_dir(), &profile, &jobs, limit, cache) {
        Ok(done) => done,
        Err(e) if mode == PdfMode::Required => return Err(BuildError::Pdf(e.to_string())),
        Err(e) => {
            diagnostics.push(Diagnostic::warning(Path::new(SETTINGS_FILE), pdf_pos, Some("pdf"), e.to_string()));
            let pages: Vec<&str> = reports.iter().map(|(page, _, _)| page.as_str()).collect();
            unlink_pdfs(renderer, staging, &pages)?;
            return Ok(PdfsMade::default());
        }
    };
    let reused = printed.iter().filter(|p| p.reused).count();
    let made = |failed: usize| PdfsMade { printed: printed.len() - reused - failed, reused, keys: keys.clone() };
    let url = |page: &str| format!("/{}", page.strip_suffix("index.html").unwrap_or(page));
    let left_out: Vec<_> = reports.iter().zip(&printed).filter(|(_, p)| !p.left_out.is_empty()).collect();
    if let Some(((_, _, source), first)) = left_out.first() {
        let count: usize = left_out.iter().map(|(_, p)| p.left_out.len()).sum();
        let mut warning = Diagnostic::warning(
            source,
            line_of(&root.join(source), &first.left_out[0]),
            None,
            format!(
                "report.pdf พิมพ์จากไฟล์ของเว็บไซต์เท่านั้น: ภาพ กรอบ (iframe) หรือไฟล์จากที่อยู่อื่น {count} รายการไม่ได้อยู่ใน PDF"
            ),
        )
        .with_help(
            "วางไฟล์ภาพไว้ใน static/ แล้วใส่ด้วยที่อยู่ในเว็บไซต์ เช่น ![ภาพกิจกรรม](/images/2565/ภาพ.jpg); วิดีโอหรือเอกสารจากที่อื่นให้ใช้ลิงก์ธรรมดาแทนกรอบ (หน้าเว็บยังแสดงสิ่งเหล่านี้ตามเดิม)",
        );
        for ((page, _, source), p) in &left_out {
            let source = source.to_string_lossy().replace('\\', "/");
            warning = warning.with_note(format!("รายงาน {} ({source}): {}", url(page), p.left_out.join(", ")));
        }
        diagnostics.push(warning);
    }
    let failed: Vec<_> = reports.iter().zip(&printed).filter_map(|(r, p)| p.failure.as_ref().map(|f| (r, f))).collect();
    if failed.is_empty() {
        return Ok(made(0));
    }
    if mode == PdfMode::Required {
        let list: Vec<String> = failed
            .iter()
            .map(|((page, _, source), f)| {
                format!("{} ({}): {f}", url(page), source.to_string_lossy().replace('\\', "/"))
            })
            .collect();
        return Err(BuildError::Pdf(format!(
            "ทำ report.pdf ไม่ได้ {} ฉบับ (pdf: required หรือ --pdf): {} → เว็บไซต์เดิมยังไม่ถูกแตะต้อง",
            failed.len(),
            list.join("; ")
        )));
    }
    for ((page, _, source), failure) in &failed {
        let help = match failure {
            output::pdf::Failure::TimedOut(_) => format!(
                "รายงานที่ยาวมากหรือมีภาพขนาดใหญ่มากพิมพ์ช้า: ย่อภาพ แบ่งตารางที่ยาวมาก หรือให้เวลามากขึ้นด้วยตัวแปร {} (วินาที)",
                output::pdf::TIME_LIMIT_VAR
            ),
            _ => "สร้างเว็บไซต์ใหม่อีกครั้ง ถ้ายังไม่ได้ ให้ส่งข้อความนี้ให้ผู้ดูแลระบบ".to_string(),
        };
        diagnostics.push(
            Diagnostic::warning(
                source,
                crate::diagnostics::Pos::default(),
                None,
                format!("ทำ report.pdf ของรายงาน {} ไม่ได้: {failure}", url(page)),
            )
            .with_help(help)
            .with_note("รายงานอื่นพิมพ์แล้วตามปกติ หน้าเว็บของรายงานนี้ยังเผยแพร่แต่ไม่มีลิงก์ PDF; ให้การสร้างหยุดเมื่อพิมพ์ไม่ได้ด้วย pdf: required ใน site.yaml"),
        );
    }
    let pages: Vec<&str> = failed.iter().map(|((page, _, _), _)| page.as_str()).collect();
    unlink_pdfs(renderer, staging, &pages)?;
    Ok(made(failed.len()))
}

/// Writes the report pages at `pages` again without their link to a PDF that was not made
/// (round reports and a register's months and annual report alike).
fn unlink_pdfs(renderer: &mut Renderer<'_>, staging: &Staging, pages: &[&str]) -> Result<(), BuildError> {
    renderer.pdf = false;
    for job in &renderer.jobs() {
        let path = renderer.output_path(job);
        if pages.contains(&path.as_str()) {
            staging.write(&path, &renderer.render(job)?)?;
        }
    }
    renderer.pdf = true;
    Ok(())
}

/// Where `needle` first appears in the file at `path` (line 0, the whole file, when it does
/// not appear as written).
fn line_of(path: &Path, needle: &str) -> crate::diagnostics::Pos {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            let at = line.find(needle)?;
            Some(crate::diagnostics::Pos::new(i as u32 + 1, line[..at].chars().count() as u32 + 1))
        })
        .unwrap_or_default()
}

/// Renders every page and copies every file into `staging`, in parallel.
fn write_all(renderer: &Renderer<'_>, site: &Site, staging: &Staging) -> Result<(usize, usize), BuildError> {
    let jobs = renderer.jobs();
    // Each page is added to the search index as it is written.
    let indexer = site
        .config
        .search
        .then(|| crate::render::search::Indexer::new(jobs.len(), crate::render::search::DEFAULT_LIMIT));
    // Pages are numbered in the index by their place in the search order; the url and title of
    // each page indexed are kept for the index's lists of pages.
    let order = render::search_order(&jobs);
    let listed: Vec<std::sync::OnceLock<(String, String)>> = order.iter().map(|_| std::sync::OnceLock::new()).collect();
    order.par_iter().enumerate().try_for_each(|(id, &i)| -> Result<(), BuildError> {
        let job = &jobs[i];
        let bytes = renderer.render(job)?;
        staging.write(&renderer.output_path(job), &bytes)?;
        if let (Some(indexer), Some(target)) = (&indexer, renderer.search_target(job)) {
            indexer.add_html(id, &target.1, &bytes);
            let _ = listed[id].set(target);
        }
        Ok(())
    })?;
    let index = indexer.map(|i| render::search_files(i, |k| listed.get(k)?.get().cloned())).unwrap_or_default();
    index.par_iter().try_for_each(|(path, bytes)| staging.write(path, bytes))?;
    let pages = jobs.iter().filter(|j| renderer.output_path(j).ends_with(".html")).count();
    let assets = Renderer::theme_assets();
    assets.par_iter().try_for_each(|(path, bytes)| staging.write(path, bytes))?;
    let statics: Vec<_> = site.static_files.values().collect();
    statics.par_iter().try_for_each(|f| staging.copy(&f.path, &f.source))?;
    Ok((pages, jobs.len() - pages + assets.len() + statics.len() + index.len()))
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
