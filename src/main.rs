//! The `prongsai` command: parses arguments, calls the library, prints, sets the exit code.

use clap::{Parser, Subcommand};
use prongsai::diagnostics::Diagnostics;
use prongsai::model::Body;
use std::path::PathBuf;
use std::process::ExitCode;

/// prongsai (โปร่งใส): builds the transparency (ITA/OIT) website of a Thai government office
/// from Markdown and YAML.
#[derive(Parser)]
#[command(name = "prongsai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Also show technical detail under each finding (the YAML parser's own words, in English)
    #[arg(long, global = true)]
    verbose: bool,
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
        /// Require each round report's PDF (fails when no Chromium, Chrome or Edge is found)
        #[arg(long)]
        pdf: bool,
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
        /// Look for changes by polling, every MS milliseconds (for network drives, WSL and
        /// Docker folders, where the system sends no change events) [default: 500]
        #[arg(long, value_name = "MS", num_args = 0..=1, default_missing_value = "500")]
        poll: Option<u64>,
    },
    /// Create a new site folder that builds as it is (สร้างเว็บไซต์ใหม่)
    Init {
        /// The folder to create
        dir: PathBuf,
        /// Also add one draft page per OIT item of the catalogue, pre-filled
        #[arg(long)]
        oit: bool,
        /// Also add an example procurement register (one month in YAML, one in a CSV spreadsheet)
        #[arg(long)]
        procurement: bool,
        /// The ITA year (B.E., e.g. 2569) the site follows [default: the fiscal year of today]
        #[arg(long, value_parser = ita_year)]
        ita_year: Option<i32>,
        /// Which OIT list: agency (หน่วยงานภาครัฐ) or obec-school (สถานศึกษาสังกัด สพฐ.)
        #[arg(long, default_value = "agency", value_parser = body)]
        body: Body,
    },
    /// OIT lists: coverage item by item, or a new year's list (รายการ OIT)
    Oit {
        #[command(subcommand)]
        command: OitCommand,
    },
}

#[derive(Subcommand)]
enum OitCommand {
    /// List the OIT items of the site's ITA year in order, with the pages serving each
    Status {
        /// The site folder (with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write oit/catalog.yaml for a year that is not built in, starting from a built-in year
    New {
        /// The ITA year of the new list (B.E., e.g. 2570)
        #[arg(long, value_parser = ita_year)]
        year: i32,
        /// The built-in year to start from [default: the newest built in]
        #[arg(long, value_parser = ita_year)]
        from: Option<i32>,
        /// Which list: agency or obec-school
        #[arg(long, default_value = "agency", value_parser = body)]
        body: Body,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// `--ita-year`: B.E., Thai digits accepted; a C.E. year is answered with its B.E. year.
fn ita_year(text: &str) -> Result<i32, String> {
    prongsai::load::site_yaml::parse_ita_year(text)
}

/// `--body`: agency or obec-school.
fn body(text: &str) -> Result<Body, String> {
    Body::parse(text).ok_or_else(|| format!("ต้องเป็น agency หรือ obec-school (พบ \"{text}\")"))
}

/// Prints findings for an editor: warnings (`brief`: a few of each kind), then errors; with
/// `verbose`, each finding's technical detail too.
fn print_diagnostics(d: &Diagnostics, brief: bool, verbose: bool) {
    eprint!("{}", d.for_terminal(brief, verbose));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbose = cli.verbose;
    match cli.command {
        Command::Build { root, output, drafts, pdf } => {
            let output = output.unwrap_or_else(|| prongsai::build::default_output(&root));
            let opts = prongsai::build::BuildOptions { include_drafts: drafts, require_pdf: pdf };
            match prongsai::build::build_with(&root, &output, opts) {
                Ok(s) => {
                    print_diagnostics(&s.diagnostics, true, verbose);
                    if s.pdfs.0 + s.pdfs_reused > 0 {
                        println!(
                            "พิมพ์รายงานเป็น PDF {} ฉบับ ใน {:.1} วินาที, ใช้ฉบับเดิม {} ฉบับ",
                            s.pdfs.0,
                            s.pdfs.1.as_secs_f64(),
                            s.pdfs_reused
                        );
                    }
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
                    print_diagnostics(&d, true, verbose);
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
                print_diagnostics(&checked.diagnostics, false, verbose);
                print_coverage(&checked.site, &checked.diagnostics);
                print_confidence(&checked.site);
                println!("ตรวจแล้ว: ไม่พบข้อผิดพลาด, คำเตือน {} รายการ", checked.diagnostics.warning_count());
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diagnostics(&d, false, verbose);
                let warnings = match d.warning_count() {
                    0 => String::new(),
                    n => format!(", คำเตือน {n} รายการ"),
                };
                eprintln!("พบข้อผิดพลาด {} รายการ{warnings}", d.error_count());
                ExitCode::FAILURE
            }
        },
        Command::Serve { root, port, bind, open, poll } => {
            let poll = poll.map(|ms| std::time::Duration::from_millis(ms.max(50)));
            let opts = prongsai::serve::Options { root, bind, port, poll, verbose };
            let server = match prongsai::serve::Server::start(opts) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            let url = format!("http://{}/", server.address());
            if server.polls() {
                println!("ตรวจการเปลี่ยนแปลงของไฟล์แบบวนตรวจ (poll)");
            }
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
        Command::Init { dir, oit, procurement, ita_year, body } => {
            match prongsai::init::init(&dir, prongsai::init::Extras { oit, procurement }, ita_year, body) {
                Ok(created) => {
                    if let Some(from) = created.catalog_from {
                        println!(
                        "ยังไม่มีรายการ OIT ของปี {} ในโปรแกรม: เริ่ม oit/catalog.yaml จากรายการปี {from} (ยังไม่ยืนยัน) — แก้ตามประกาศของ ป.ป.ช. เมื่อออกแล้ว",
                        created.ita_year
                    );
                    }
                    if !created.by_generated.is_empty() {
                        println!("ข้อ OIT ที่หน้าซึ่งโปรแกรมสร้างเผยแพร่เอง (ไม่มีหน้าร่าง; รายการเดียวกันอยู่ใน README.md):");
                        for line in &created.by_generated {
                            println!("  {line}");
                        }
                    }
                    println!(
                        "สร้างเว็บไซต์ใหม่ที่ {} แล้ว ({} ไฟล์, ITA ปี {}) — ลอง: prongsai build --root {}",
                        dir.display(),
                        created.files,
                        created.ita_year,
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Oit { command: OitCommand::New { year, from, body, root } } => {
            let Some(from) = from.or_else(|| prongsai::load::catalog::newest_built_in(body)) else {
                eprintln!("error (ข้อผิดพลาด): ไม่มีรายการ OIT ในโปรแกรม");
                return ExitCode::FAILURE;
            };
            match prongsai::oit::write_site_catalog(&root, year, from, body) {
                Ok(rel) => {
                    println!(
                        "เขียน {} แล้ว: รายการ OIT ปี {year} เริ่มจากปี {from} ทุกข้อยังไม่ยืนยัน (verified: false)",
                        root.join(&rel).display()
                    );
                    println!("เพิ่มบรรทัดนี้ใน site.yaml:\n\n    oit_catalog: {}\n", rel.display());
                    println!("เมื่อ ป.ป.ช. ประกาศรายการของปี {year} แล้ว ให้แก้ไฟล์ตามประกาศ (ดู docs/oit.md)");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error (ข้อผิดพลาด): {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Oit { command: OitCommand::Status { root } } => {
            match prongsai::build::load_checked(&root, false, false) {
                Ok(checked) => {
                    let servings = prongsai::oit::servings(&checked.site);
                    print!("{}", prongsai::oit::status_text(&checked.site, &servings));
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    print_diagnostics(&d, true, verbose);
                    eprintln!("พบข้อผิดพลาด {} รายการ: แก้ก่อนแล้วเรียก prongsai oit status อีกครั้ง", d.error_count());
                    ExitCode::FAILURE
                }
            }
        }
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

/// `check`'s coverage line, when the warnings did not give it already.
fn print_coverage(site: &prongsai::model::Site, d: &Diagnostics) {
    let Some(catalog) = &site.catalog else { return };
    if d.iter().any(|x| x.group == Some(prongsai::diagnostics::COVERAGE)) {
        return;
    }
    println!("{}", prongsai::oit::coverage_line(catalog, &prongsai::oit::servings(site)));
}

/// `check`'s line on how sure the OIT list is and where to check it.
fn print_confidence(site: &prongsai::model::Site) {
    if let Some(catalog) = &site.catalog {
        println!("{}", prongsai::oit::confidence_line(catalog, site.config.oit_catalog.is_none()));
    }
}
