//! The `prongsai` command: parses arguments, calls the library, prints, sets the exit code.

use clap::{Parser, Subcommand};
use prongsai::diagnostics::{Diagnostics, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

/// prongsai (โปร่งใส): builds the transparency (ITA/OIT) website of a Thai government office
/// from Markdown and YAML.
#[derive(Parser)]
#[command(name = "prongsai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (สร้างเว็บไซต์)
    Build {
        /// The site folder (with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked draft: true
        #[arg(long)]
        drafts: bool,
    },
    /// Check the content without writing anything (ตรวจเนื้อหา)
    Check {
        /// The site folder (with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site while editing: rebuilds and reloads on every save (ดูตัวอย่างขณะแก้ไข)
    Serve {
        /// The site folder (with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (only this computer by default)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the web browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new site folder that builds as it is (สร้างเว็บไซต์ใหม่)
    Init {
        /// The folder to create
        dir: PathBuf,
        /// Also add one draft page per OIT item of the catalogue, pre-filled
        #[arg(long)]
        oit: bool,
        /// The ITA year of the OIT catalogue for --oit
        #[arg(long)]
        ita_year: Option<i32>,
    },
}

fn print_diagnostics(d: &Diagnostics, collapse_coverage: bool) {
    let coverage: Vec<_> = d.iter().filter(|x| x.group == Some(prongsai::validate::COVERAGE)).collect();
    let collapse = collapse_coverage && coverage.len() > 3 && coverage.iter().all(|x| x.severity == Severity::Warning);
    for item in d.iter() {
        if collapse && item.group == Some(prongsai::validate::COVERAGE) {
            continue;
        }
        eprintln!("{item}");
    }
    if collapse {
        eprintln!(
            "site.yaml: warning (คำเตือน): ยังไม่มีหน้าเผยแพร่ OIT {} ข้อ — ดูรายการครบที่หน้า /oit/ หรือด้วย prongsai check เมื่อไม่มีข้อผิดพลาดแล้ว",
            coverage.len()
        );
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, drafts } => {
            let output = output.unwrap_or_else(|| prongsai::build::default_output(&root));
            match prongsai::build::build(&root, &output, drafts) {
                Ok(s) => {
                    print_diagnostics(&s.diagnostics, true);
                    println!(
                        "สร้างเว็บไซต์แล้ว: {} หน้า, ไฟล์อื่น {} ไฟล์, คำเตือน {} รายการ, {:.2} วินาที → {}",
                        s.pages,
                        s.files,
                        s.diagnostics.warning_count(),
                        s.elapsed.as_secs_f64(),
                        output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(prongsai::build::BuildError::Invalid(d)) => {
                    print_diagnostics(&d, true);
                    eprintln!(
                        "พบข้อผิดพลาด {} รายการ: ยังไม่ได้สร้างเว็บไซต์ ({} ยังเป็นแบบเดิม)",
                        d.error_count(),
                        output.display()
                    );
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, strict } => match prongsai::build::load_checked(&root, false, strict) {
            Ok(checked) => {
                print_diagnostics(&checked.diagnostics, false);
                print_coverage(&checked.site);
                println!("ตรวจแล้ว: ไม่พบข้อผิดพลาด, คำเตือน {} รายการ", checked.diagnostics.warning_count());
                ExitCode::SUCCESS
            }
            Err(d) => {
                // With errors to fix, the list of unserved OIT items would bury them: one line.
                print_diagnostics(&d, !strict);
                eprintln!("พบข้อผิดพลาด {} รายการ", d.error_count());
                ExitCode::FAILURE
            }
        },
        Command::Serve { root, port, bind, open } => {
            let opts = prongsai::serve::Options { root, bind, port };
            let server = match prongsai::serve::Server::start(opts) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            let url = format!("http://{}/", server.address());
            println!("ดูตัวอย่างได้ที่ {url} (กด Ctrl-C เพื่อหยุด)");
            if open {
                open_browser(&url);
            }
            match server.run() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir, oit, ita_year } => match prongsai::init::init(&dir, oit, ita_year) {
            Ok(n) => {
                println!(
                    "สร้างเว็บไซต์ใหม่ที่ {} แล้ว ({n} ไฟล์) — ลอง: prongsai build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error (ข้อผิดพลาด): {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd").args(["/C", "start", url]).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if cmd.is_err() {
        eprintln!("เปิดเว็บเบราว์เซอร์เองไม่ได้: เปิด {url} ด้วยตนเอง");
    }
}

fn print_coverage(site: &prongsai::model::Site) {
    let Some(catalog) = &site.catalog else { return };
    let servings = prongsai::oit::servings(site);
    let missing = prongsai::oit::missing(catalog, &servings);
    let total = catalog.items().count();
    println!("OIT ({}): เผยแพร่แล้ว {} จาก {} ข้อ", catalog.title, total - missing.len(), total);
}
