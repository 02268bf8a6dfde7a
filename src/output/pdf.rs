//! Each round report as an A4 PDF, for signing and filing: the report's own page printed by a
//! Chromium-family browser found on the computer (Chromium, Google Chrome, Microsoft Edge —
//! Edge is on every Windows office PC), one browser process for all reports, driven over the
//! DevTools protocol by `chromiumoxide`. The print stylesheet is the PDF's design; the browser
//! shapes Thai, breaks lines between words, embeds the fonts and keeps the text extractable.

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::page::PrintToPdfParams;
use futures_util::StreamExt;
use std::path::{Path, PathBuf};

/// The names a Chromium-family browser goes by on `PATH`.
const NAMES: [&str; 7] =
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge", "microsoft-edge"];

/// Where the browsers install themselves when they are not on `PATH`.
const PLACES: [&str; 6] = [
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
];

/// The browser to print with: `PRONGSAI_BROWSER` when set, else the first one found.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PRONGSAI_BROWSER") {
        let path = PathBuf::from(path);
        return if path.is_file() { Some(path) } else { which::which(&path).ok() };
    }
    NAMES.iter().find_map(|n| which::which(n).ok()).or_else(|| PLACES.iter().map(PathBuf::from).find(|p| p.is_file()))
}

/// Why no PDF was made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The browser could not be started or driven.
    #[error("พิมพ์รายงานเป็น PDF ด้วยเว็บเบราว์เซอร์ {browser} ไม่ได้: {why}")]
    Browser {
        /// The browser.
        browser: String,
        /// What went wrong.
        why: String,
    },
    /// A PDF could not be written.
    #[error("เขียนไฟล์ {path} ไม่ได้: {source}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Prints each `(html file, pdf file)` pair with the browser at `browser`, A4 as the page's
/// print stylesheet lays it out, in one browser process.
pub fn print(browser: &Path, pages: &[(PathBuf, PathBuf)]) -> Result<(), PdfError> {
    if pages.is_empty() {
        return Ok(());
    }
    let fail = |why: String| PdfError::Browser { browser: browser.display().to_string(), why };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| fail(e.to_string()))?;
    let profile = tempfile_dir().map_err(|e| fail(e.to_string()))?;
    let result = runtime.block_on(async {
        let config = BrowserConfig::builder()
            .chrome_executable(browser)
            .no_sandbox()
            .user_data_dir(&profile)
            .args([
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .build()
            .map_err(fail)?;
        let (mut chrome, mut handler) = Browser::launch(config).await.map_err(|e| fail(e.to_string()))?;
        let events = tokio::spawn(async move { while handler.next().await.is_some() {} });
        let mut outcome = Ok(());
        for (html, pdf) in pages {
            if let Err(e) = print_one(&chrome, html, pdf).await {
                outcome = Err(e);
                break;
            }
        }
        let _ = chrome.close().await;
        let _ = chrome.wait().await;
        events.abort();
        outcome
    });
    let _ = std::fs::remove_dir_all(&profile);
    result
}

async fn print_one(chrome: &Browser, html: &Path, pdf: &Path) -> Result<(), PdfError> {
    let fail = |why: String| PdfError::Browser { browser: "chromium".into(), why };
    let url = format!("file://{}", html.display());
    let page = chrome.new_page(url).await.map_err(|e| fail(e.to_string()))?;
    page.wait_for_navigation().await.map_err(|e| fail(e.to_string()))?;
    // The Thai font must be in before printing, or the PDF shows a fallback font.
    let _ = page.evaluate("document.fonts.ready.then(() => true)").await;
    let params = PrintToPdfParams {
        print_background: Some(true),
        prefer_css_page_size: Some(true),
        display_header_footer: Some(false),
        ..Default::default()
    };
    let bytes = page.pdf(params).await.map_err(|e| fail(e.to_string()))?;
    std::fs::write(pdf, bytes).map_err(|source| PdfError::Write { path: pdf.display().to_string(), source })?;
    let _ = page.close().await;
    Ok(())
}

/// A fresh, empty browser profile folder (the browser refuses a profile in use).
fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("prongsai-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
