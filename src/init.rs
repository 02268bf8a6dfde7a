//! `prongsai init`: a new site folder that builds as it is, with an example plan, project and
//! activity, a README for the editor and, on request, one draft page per OIT item.

use crate::model::Body;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;

const SITE_YAML: &str = "\
# ตั้งค่าเว็บไซต์ (แก้ชื่อหน่วยงานและที่อยู่เว็บไซต์ให้ถูกต้อง)
title: ชื่อหน่วยงานของท่าน
parents: [หน่วยงานต้นสังกัด]
base_url: https://example.go.th/
numerals: thai
";

const PLAN: &str = "\
---
type: plan
title: แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year_th}
kind: anti-corruption
---
แผนปฏิบัติการป้องกันการทุจริตของหน่วยงาน (ตัวอย่าง: แก้ไขข้อความนี้)
";

const PROJECT: &str = "\
---
type: project
title: โครงการตัวอย่าง
order: 1
responsible:
  - {name: ชื่อ นามสกุล, position: ตำแหน่ง, unit: กลุ่มงาน}
objectives:
  - เพื่อ...
targets:
  quantitative: [บุคลากรทุกคน]
  qualitative: [บุคลากรมีพฤติกรรมต่อต้านการทุจริต]
indicators:
  - {name: ร้อยละของบุคลากรที่เข้าร่วมกิจกรรม, target: 80, unit: ร้อยละ, results: {6m: 85}}
budget:
  approved: 20000
rounds: {}
---
";

const ACTIVITY: &str = "\
---
title: กิจกรรมตัวอย่าง
order: 1
budget: 20000
steps: [แต่งตั้งคณะกรรมการ, ประชุมวางแผน, ดำเนินกิจกรรม, สรุปผล]
rounds:
  6m: {status: in_progress, date: {year}-02-14, spent: 5000, note: ประชุมวางแผนแล้ว}
---
เล่าการดำเนินงานของกิจกรรมที่นี่ ใส่รูปภาพหรือลิงก์ไปยังเอกสารใน static/ ได้
";

const REGISTER: &str = "\
---
type: procurement
title: การจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {year_th}
through: {prev}-11      # เดือนสุดท้ายที่ข้อมูลครบแล้ว: เลื่อนทุกเดือนเมื่อบันทึกรายการของเดือนนั้นครบ
responsible: [{unit: งานพัสดุ}]
---
ทะเบียนการจัดซื้อจัดจ้าง: สรุปรายเดือนตามแบบ สขร.๑ และรายงานประจำปีคำนวณจากรายการในโฟลเดอร์นี้
(ไฟล์ YAML เช่น {prev}-10.yaml หรือไฟล์ Excel/CSV หนึ่งแถวต่อหนึ่งรายการ แถวแรกเป็นหัวคอลัมน์)
";

const RECORDS_YAML: &str = "\
# รายการจัดซื้อจัดจ้างของเดือนตุลาคม (ตัวอย่าง: แก้หรือลบได้)
records:
  - item: จัดซื้อวัสดุสำนักงาน
    kind: ซื้อ
    budget: 12000
    category: งบดำเนินงาน
    reference_price: 12000
    method: specific
    bidders: [{name: ร้านตัวอย่างพาณิชย์, price: 11500}, {name: หจก.ตัวอย่าง, price: 11900}]
    winner: {name: ร้านตัวอย่างพาณิชย์, price: 11500}
    reason: เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน
    contract: {number: \"๑/{prev_th}\", date: 15/10/{prev}}
";

/// A spreadsheet of records as Excel saves "CSV UTF-8": the form's Thai headings.
const RECORDS_CSV: &str = "\u{feff}ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง,ราคากลาง,วิธีซื้อหรือจ้าง,รายชื่อผู้เสนอราคาและราคาที่เสนอ,ผู้ได้รับการคัดเลือก,ราคาที่ตกลงซื้อหรือจ้าง,เหตุผลที่คัดเลือกโดยสรุป,เลขที่สัญญา,วันที่สัญญา,หมวดงบรายจ่าย\r
1,จ้างเหมาทำความสะอาดอาคาร,\"24,000\",\"24,000\",วิธีเฉพาะเจาะจง,\"บริษัท ตัวอย่าง จำกัด 23,000\",บริษัท ตัวอย่าง จำกัด,\"23,000\",เสนอราคาต่ำสุด,๒/{prev_th},03/11/{prev},งบดำเนินงาน\r
";

/// Publishing with GitHub Pages: the site is built with a release binary of prongsai (no Rust
/// on the runner) and published at the repository's Pages address (a sub-path).
const GITHUB_PAGES: &str = r#"# สร้างและเผยแพร่เว็บไซต์ด้วย GitHub Pages ทุกครั้งที่ push
# 1) ตั้งค่า Settings → Pages → Source: GitHub Actions
# 2) ตั้งตัวแปร Settings → Secrets and variables → Actions → Variables: PRONGSAI_RELEASES
#    = ที่อยู่หน้าดาวน์โหลด (releases) ของ prongsai ที่มีไฟล์ prongsai-<รุ่น>-x86_64-unknown-linux-musl.tar.gz
#    และ PRONGSAI_VERSION = รุ่นที่ใช้ เช่น v0.2.0
# 3) ตั้ง base_url ใน site.yaml เป็นที่อยู่ของ Pages เช่น https://<ชื่อบัญชี>.github.io/<ชื่อ repository>/
name: Publish
on:
  push: { branches: [main] }
  workflow_dispatch:
permissions: { contents: read, pages: write, id-token: write }
concurrency: { group: pages, cancel-in-progress: true }
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install prongsai
        run: |
          name=prongsai-${{ vars.PRONGSAI_VERSION }}-x86_64-unknown-linux-musl
          curl -fsSL "${{ vars.PRONGSAI_RELEASES }}/download/${{ vars.PRONGSAI_VERSION }}/$name.tar.gz" | tar xz
          echo "$PWD/$name" >> "$GITHUB_PATH"
      - run: prongsai check
      - run: prongsai build
      - uses: actions/upload-pages-artifact@v3
        with: { path: public }
  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment: { name: github-pages, url: "${{ steps.deployment.outputs.page_url }}" }
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Publishing with GitLab Pages, the same way.
const GITLAB_PAGES: &str = r#"# สร้างและเผยแพร่เว็บไซต์ด้วย GitLab Pages ทุกครั้งที่ push ไปยัง branch หลัก
# ตั้งตัวแปร Settings → CI/CD → Variables: PRONGSAI_RELEASES (ที่อยู่หน้าดาวน์โหลดของ prongsai)
# และ PRONGSAI_VERSION (เช่น v0.2.0) แล้วตั้ง base_url ใน site.yaml เป็นที่อยู่ของ Pages
pages:
  image: alpine:3
  script:
    - apk add --no-cache curl tar
    - name=prongsai-$PRONGSAI_VERSION-x86_64-unknown-linux-musl
    - curl -fsSL "$PRONGSAI_RELEASES/download/$PRONGSAI_VERSION/$name.tar.gz" | tar xz
    - ./$name/prongsai check
    - ./$name/prongsai build
  artifacts:
    paths: [public]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"#;

const README: &str = "\
# เว็บไซต์ของหน่วยงาน (สร้างด้วย prongsai)

- `site.yaml` — ชื่อหน่วยงาน ต้นสังกัด ที่อยู่เว็บไซต์
- `content/<ปี พ.ศ.>/<แผน>/_index.md` — แผน (type: plan)
- `content/<ปี พ.ศ.>/<แผน>/<โครงการ>/_index.md` — โครงการ (type: project)
- ไฟล์อื่นในโฟลเดอร์โครงการ — กิจกรรม: สถานะ วันที่ และเงินที่ใช้ในแต่ละรอบ (6m, 9m, 12m)
- `content/<ปี พ.ศ.>/<แผน>/reports/6m.md` — คำนำ/บทสรุปของรายงานรอบ ๖ เดือน
{oit_readme}- `static/` — ไฟล์ PDF รูปภาพ เอกสารที่ลงนามแล้ว

คำสั่ง:

    prongsai check      ตรวจเนื้อหา (บอกไฟล์ บรรทัด และช่องที่ผิด)
    prongsai serve      ดูตัวอย่างขณะแก้ไข
    prongsai build      สร้างเว็บไซต์ลงใน public/

เผยแพร่ด้วย GitHub Pages หรือ GitLab Pages: ดูคำอธิบายที่ต้นไฟล์ .github/workflows/pages.yml และ .gitlab-ci.yml
";

fn slug(code: &str) -> String {
    code.to_lowercase()
}

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The Thai fiscal year (B.E.) of today: it starts on 1 October.
pub fn current_fiscal_year() -> i32 {
    let today = jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(7))).date();
    crate::values::thai::be_year(today) + i32::from(today.month() >= 10)
}

/// What `init` did.
#[derive(Debug)]
pub struct Created {
    /// How many files were written.
    pub files: usize,
    /// The ITA year the site follows.
    pub ita_year: i32,
    /// When the year has no built-in OIT list: the year whose list `oit/catalog.yaml` starts from.
    pub catalog_from: Option<i32>,
    /// With `oit`: the items that generated pages serve (a plan of a kind, its round report, a
    /// procurement register), each with what serves it — no draft page is made for them.
    pub by_generated: Vec<String>,
}

/// Creates a new site in `dir` (which must not exist or be empty) for the ITA year `ita_year`
/// (default: the fiscal year of today) and `body`; with `oit`, one draft page per OIT item
/// that no generated page can serve (an item without `serves`). A year without a built-in list gets `oit/catalog.yaml`
/// made from the newest built-in one.
/// What `init` adds besides the example plan.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// One draft page per OIT item that no generated page can serve.
    pub oit: bool,
    /// An example procurement register: one month in YAML, one in a spreadsheet (CSV).
    pub procurement: bool,
}

/// Makes the site folder `dir` for the ITA year `ita_year` (default: this fiscal year) and the
/// OIT list of `body`, with what `extras` asks for.
pub fn init(dir: &Path, extras: Extras, ita_year: Option<i32>, body: Body) -> Result<Created> {
    let oit = extras.oit;
    if dir.exists() && fs::read_dir(dir).with_context(|| format!("อ่านโฟลเดอร์ {} ไม่ได้", dir.display()))?.next().is_some()
    {
        bail!("โฟลเดอร์ {} มีไฟล์อยู่แล้ว: เลือกโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง", dir.display());
    }
    let year = ita_year.unwrap_or_else(current_fiscal_year);
    let mut catalog_from = None;
    let catalog = if oit {
        match crate::load::catalog::built_in(year, body) {
            Some(c) => Some(c),
            None => {
                let from = crate::load::catalog::newest_built_in(body).context("ไม่มีรายการ OIT ในโปรแกรม")?;
                catalog_from = Some(from);
                let base = crate::load::catalog::built_in(from, body).context("ไม่มีรายการ OIT ในโปรแกรม")?;
                let text = crate::oit::to_site_file(&base, from, year);
                let mut d = crate::diagnostics::Diagnostics::new();
                crate::load::catalog::parse_catalog(&text, Path::new(crate::load::catalog::SITE_FILE), body, &mut d)
            }
        }
    } else {
        None
    };
    let fill = |text: &str| {
        text.replace("{year}", &year.to_string())
            .replace("{year_th}", &crate::values::digits::to_thai_digits(&year.to_string()))
            .replace("{prev}", &(year - 1).to_string())
            .replace("{prev_th}", &crate::values::digits::to_thai_digits(&(year - 1).to_string()))
    };
    let mut files: Vec<(String, String)> = Vec::new();
    let mut site = SITE_YAML.to_string();
    site.push_str(&format!("ita_year: {year}          # ปีที่ประเมิน ITA: รายการ OIT ของปีนี้ (เปลี่ยนปีเมื่อเริ่มปีประเมินใหม่)\n"));
    if body != Body::Agency {
        site.push_str(&format!("ita_body: {}   # {}\n", body.id(), body.label()));
    }
    if let (Some(c), Some(from)) = (&catalog, catalog_from) {
        site.push_str(&format!(
            "oit_catalog: {}   # รายการ OIT ปี {year} เริ่มจากปี {from}: แก้ตามประกาศ\n",
            crate::load::catalog::SITE_FILE
        ));
        files.push((crate::load::catalog::SITE_FILE.into(), crate::oit::to_site_file(c, from, year)));
    }
    files.push(("site.yaml".into(), site));
    let oit_readme = if catalog.is_some() {
        "- `content/oit/` — หน้าข้อมูลสาธารณะ (OIT) ทีละข้อ ยังเป็นฉบับร่าง (draft: true): กรอกข้อมูลแล้วลบบรรทัด draft ออก\n"
    } else {
        ""
    };
    // Items a generated page can serve (with `serves`) get no draft page: the README and the
    // command say which plan or register serves each.
    let by_generated: Vec<String> = catalog
        .iter()
        .flat_map(|c| c.items())
        .filter(|i| !i.serves.is_empty())
        .map(|i| {
            let how: Vec<String> = i.serves.iter().map(crate::oit::serves_hint).collect();
            format!("{} {} — {}", i.code, i.title_or_unknown(), how.join(" หรือ "))
        })
        .collect();
    let mut oit_readme = oit_readme.to_string();
    if !by_generated.is_empty() {
        oit_readme.push_str(
            "- ข้อ OIT ที่หน้าแผน รายงานรอบ หรือทะเบียนจัดซื้อจัดจ้างที่โปรแกรมสร้างเผยแพร่เอง (ไม่มีหน้าร่าง):
",
        );
        for line in &by_generated {
            oit_readme.push_str(&format!(
                "  - {line}
"
            ));
        }
    }
    files.push(("README.md".into(), README.replace("{oit_readme}", &oit_readme)));
    // The output, and the build folders and PDF cache kept beside it, are made by `build`.
    files.push((".gitignore".into(), "/public/\n/.public.*\n".into()));
    files.push((".github/workflows/pages.yml".into(), GITHUB_PAGES.into()));
    files.push((".gitlab-ci.yml".into(), GITLAB_PAGES.into()));
    files.push((fill("content/{year}/anti-corruption/_index.md"), fill(PLAN)));
    files.push((fill("content/{year}/anti-corruption/example-project/_index.md"), PROJECT.into()));
    files.push((fill("content/{year}/anti-corruption/example-project/example-activity.md"), fill(ACTIVITY)));
    if extras.procurement {
        files.push((fill("content/{year}/procurement/_index.md"), fill(REGISTER)));
        files.push((fill("content/{year}/procurement/{prev}-10.yaml"), fill(RECORDS_YAML)));
        files.push((fill("content/{year}/procurement/{prev}-11.csv"), fill(RECORDS_CSV)));
    }
    files.push(("content/about/_index.md".into(), "---\ntitle: เกี่ยวกับหน่วยงาน\n---\nข้อมูลพื้นฐานของหน่วยงาน\n".into()));
    files.push(("static/docs/README.txt".into(), "วางไฟล์ PDF และเอกสารอื่น ๆ ไว้ในโฟลเดอร์นี้\n".into()));
    if let Some(c) = &catalog {
        // Only the items no generated page can serve get a draft page.
        for item in c.items().filter(|i| i.serves.is_empty()) {
            let title = item.title_or_unknown();
            let mut text = format!(
                "---\ntitle: {}\noit: [{}]\ndraft: true\n---\n",
                yaml_quote(&format!("{} {title}", item.code)),
                item.code
            );
            text.push_str(&format!("<!-- ข้อ {} {title} -->\n\n", item.code));
            match &item.detail {
                Some(detail) => text.push_str(&format!("สิ่งที่ต้องเผยแพร่: {detail}\n")),
                None => text.push_str(&format!("เผยแพร่ข้อมูล \"{title}\" ของหน่วยงานที่หน้านี้ แล้วลบบรรทัด draft: true ออก\n")),
            }
            files.push((format!("content/oit/{}.md", slug(&item.code.to_string())), text));
        }
        files.push(("content/oit/_index.md".into(), format!("---\ntitle: {}\n---\n", yaml_quote(&c.title))));
    }
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("สร้างโฟลเดอร์ {} ไม่ได้", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("เขียนไฟล์ {} ไม่ได้", path.display()))?;
    }
    Ok(Created { files: files.len(), ita_year: year, catalog_from, by_generated })
}
