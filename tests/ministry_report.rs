//! End-to-end: a ministry-style quarterly report — rounds q1–q4, groups that nest, units as
//! responsible, amounts in ล้านบาท, committed amounts, progress recorded per project, a project
//! with no entry in the round and rounds with nothing recorded. Every total is checked against
//! values computed by hand below.

mod common;
use common::{text, TestSite};

const SITE: &str = "title: สำนักงานปลัดกระทรวงทดสอบ
base_url: https://example.go.th/
numerals: arabic
ita_year: 2566
pdf: off
rounds:
  - {id: q1, name: ไตรมาสที่ 1, end: 12-31}
  - {id: q2, name: ไตรมาสที่ 2, end: 03-31}
  - {id: q3, name: ไตรมาสที่ 3, end: 06-30}
  - {id: q4, name: ไตรมาสที่ 4, end: 09-30}
";

fn ministry() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", SITE);
    s.write(
        "content/2566/ops/_index.md",
        "---\ntype: plan\ntitle: แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2566\nkind: operations\n---\n",
    );
    s.write("content/2566/ops/d1/_index.md", "---\ntype: group\ntitle: มิติที่ 1 การพัฒนาองค์กร\norder: 1\n---\nมิติแรก\n");
    s.write("content/2566/ops/d1/m1/_index.md", "---\ntype: group\ntitle: ภารกิจที่ 1.1 พัฒนาระบบ\norder: 1\n---\n");
    s.write(
        "content/2566/ops/d1/m1/p1/_index.md",
        "---
type: project
title: โครงการพัฒนาระบบสารสนเทศ ประจำปีงบประมาณ พ.ศ. 2566
responsible: [{unit: กก.สป.}]
indicators:
  - {name: ร้อยละความสำเร็จของโครงการ, unit: ร้อยละ, target: {q1: 25, q2: 50, q4: 100}, results: {q1: 20, q2: 50}}
budget: {approved: \"55.9164 ล้านบาท\"}
rounds:
  q1: {status: in_progress, progress: 20, spent: \"5.5 ล้านบาท\", committed: \"10 ล้านบาท\"}
  q2: {status: in_progress, progress: 45, spent: \"12.25 ล้านบาท\", committed: \"8 ล้านบาท\", note: รอส่งมอบงวดที่ 2}
---
",
    );
    s.write(
        "content/2566/ops/d1/p2/_index.md",
        "---
type: project
title: โครงการฝึกอบรมบุคลากร
order: 2
responsible: [{unit: กพร.สป., position: ผู้อำนวยการ}]
budget: {approved: 1200000}
rounds:
  q1: {status: not_started, progress: 0, spent: 0}
---
",
    );
    s.write("content/2566/ops/d2/_index.md", "---\ntype: group\ntitle: มิติที่ 2 การสื่อสารองค์กร\norder: 2\n---\n");
    s.write(
        "content/2566/ops/d2/p3/_index.md",
        "---
type: project
title: โครงการประชาสัมพันธ์
responsible: [{name: นายทดสอบ ใจดี, unit: สลก.}]
budget: {approved: \"2.5 ล้านบาท\"}
rounds:
  q1: {status: done, progress: 100, spent: \"2,400,000.50 บ.\"}
  q2: {status: done, progress: 100, spent: 0}
---
",
    );
    s
}

#[test]
fn the_quarterly_report_adds_up_through_every_level() {
    let s = ministry();
    s.build_ok();
    let html = s.page("2566/ops/q2/");
    let t = text(&html);
    // Projects, groups (nested) and their subtotals, in order.
    let order = [
        "มิติที่ 1 การพัฒนาองค์กร",
        "ภารกิจที่ 1.1 พัฒนาระบบ",
        "1. โครงการพัฒนาระบบสารสนเทศ",
        "รวม ภารกิจที่ 1.1 พัฒนาระบบ",
        "2. โครงการฝึกอบรมบุคลากร",
        "รวม มิติที่ 1 การพัฒนาองค์กร",
        "มิติที่ 2 การสื่อสารองค์กร",
        "3. โครงการประชาสัมพันธ์",
        "รวม มิติที่ 2 การสื่อสารองค์กร",
        "รวมทั้งแผน",
    ];
    let at: Vec<usize> = order.iter().map(|x| t.find(x).unwrap_or_else(|| panic!("{x} missing: {t}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{t}");

    // p1: approved 55,916,400; q2 spent 12,250,000; to date 5,500,000 + 12,250,000 = 17,750,000;
    // committed 8,000,000; remaining 55,916,400 − 17,750,000 − 8,000,000 = 30,166,400.
    let row = |label: &str| {
        let from = t.find(label).unwrap();
        t[from..].split("รวม").next().unwrap_or_default().to_string()
    };
    let p1 = row("1. โครงการพัฒนาระบบสารสนเทศ");
    for figure in ["55,916,400", "12,250,000", "17,750,000", "8,000,000", "30,166,400", "ร้อยละ 31.74"] {
        assert!(p1.contains(figure), "p1 {figure}: {p1}");
    }
    // p2 has no entry for q2: its spending in the round is not known, never zero.
    let p2 = row("2. โครงการฝึกอบรมบุคลากร");
    assert!(p2.contains("1,200,000 ไม่มีข้อมูล 0"), "p2: {p2}");
    // Group d1 = p1 + p2: approved 57,116,400; q2 spent 12,250,000 (p2 unknown); to date
    // 17,750,000; committed 8,000,000; remaining 57,116,400 − 17,750,000 − 8,000,000 = 31,366,400.
    let d1 = &t[t.find("รวม มิติที่ 1").unwrap()..];
    assert!(d1.starts_with("รวม มิติที่ 1 การพัฒนาองค์กร 57,116,400 12,250,000 17,750,000 8,000,000 31,366,400"), "{d1}");
    // Group d2 = p3: approved 2,500,000; q2 spent 0; to date 2,400,000.50; nothing committed at
    // q2; remaining 99,999.50.
    let d2 = &t[t.find("รวม มิติที่ 2").unwrap()..];
    assert!(d2.starts_with("รวม มิติที่ 2 การสื่อสารองค์กร 2,500,000 0 2,400,000.50 – 99,999.50"), "{d2}");
    // The plan: approved 59,616,400; q2 spent 12,250,000; to date 20,150,000.50; committed
    // 8,000,000; remaining 59,616,400 − 20,150,000.50 − 8,000,000 = 31,466,399.50.
    let total = &t[t.find("รวมทั้งแผน").unwrap()..];
    assert!(total.starts_with("รวมทั้งแผน 59,616,400 12,250,000 20,150,000.50 8,000,000 31,466,399.50"), "{total}");
    assert!(t.contains("ยอดรวมไม่รวม 1 โครงการที่ไม่มีข้อมูลการใช้จ่ายในไตรมาสที่ 2"), "{t}");

    // Progress lives on projects: projects are counted, activities never mentioned.
    assert!(t.contains("มี 3 โครงการ ณ สิ้นไตรมาสที่ 2"), "{t}");
    assert!(t.contains("ดำเนินการแล้ว 1 โครงการ อยู่ระหว่างดำเนินการ 1 โครงการ ไม่มีข้อมูลสถานะ 1 โครงการ"), "{t}");
    assert!(!t.contains("กิจกรรม"), "no activities anywhere: {t}");
    assert!(t.contains("ร้อยละ 45"), "p1's own progress: {t}");
    // Units as responsible.
    assert!(t.contains("กก.สป.") && t.contains("กพร.สป. (ผู้อำนวยการ)") && t.contains("นายทดสอบ ใจดี สลก."), "{t}");
    // The title that already has its year does not get it twice.
    assert_eq!(t.matches("โครงการพัฒนาระบบสารสนเทศ ประจำปีงบประมาณ พ.ศ. 2566 ประจำปีงบประมาณ").count(), 0, "{t}");
}

#[test]
fn indicators_are_measured_against_the_rounds_own_target() {
    let s = ministry();
    s.build_ok();
    // q1: target 25, result 20 → not met; q2: target 50, result 50 → met.
    let q1 = text(&s.page("2566/ops/q1/"));
    assert!(q1.contains("ร้อยละความสำเร็จของโครงการ ร้อยละ 25 ร้อยละ 20 ไม่บรรลุ"), "{q1}");
    let q2 = text(&s.page("2566/ops/q2/"));
    assert!(q2.contains("ร้อยละความสำเร็จของโครงการ ร้อยละ 50 ร้อยละ 50 บรรลุ"), "{q2}");
}

#[test]
fn rounds_with_nothing_recorded_have_no_page_and_groups_have_pages() {
    let s = ministry();
    s.build_ok();
    assert!(s.path("public/2566/ops/q1/index.html").exists());
    assert!(!s.path("public/2566/ops/q3/index.html").exists());
    assert!(!s.path("public/2566/ops/q4/index.html").exists());
    let plan = text(&s.page("2566/ops/"));
    assert!(plan.contains("ไตรมาสที่ 3 (ถึง 30 มิถุนายน 2566) · ยังไม่รายงาน"), "{plan}");
    assert!(plan.contains("2 กลุ่ม 3 โครงการ") || plan.contains("3 กลุ่ม 3 โครงการ"), "{plan}");
    // A group's page lists its projects (with those of its sub-groups) and its total.
    let g = text(&s.page("2566/ops/d1/"));
    assert!(g.contains("มิติแรก") && g.contains("โครงการพัฒนาระบบสารสนเทศ") && g.contains("โครงการฝึกอบรมบุคลากร"), "{g}");
    assert!(g.contains("รวมทั้งกลุ่ม 57,116,400 17,750,000 31,366,400"), "{g}");
    assert!(
        g.contains("ภารกิจที่ 1.1 พัฒนาระบบ") && g.contains("รวม ภารกิจที่ 1.1 พัฒนาระบบ 55,916,400"),
        "sub-group rows: {g}"
    );
    assert!(s.page("2566/ops/d1/").contains("2566/ops/d1/m1/\""), "the sub-group is linked");
    // The project page shows progress per round, ไม่มีข้อมูล where nothing was recorded.
    let p2 = text(&s.page("2566/ops/d1/p2/"));
    assert!(p2.contains("ไตรมาสที่ 2 ไม่มีข้อมูล ไม่มีข้อมูล"), "{p2}");
}

#[test]
fn the_report_draws_its_budget_and_statuses_with_a_text_equivalent() {
    let s = ministry();
    s.build_ok();
    let html = s.page("2566/ops/q2/");
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 2, "budget and statuses");
    assert!(html.contains("role=\"img\""));
    // The text equivalent says every figure the bars show, ไม่มีข้อมูล included.
    assert!(html.contains("1. โครงการพัฒนาระบบสารสนเทศ ประจำปีงบประมาณ พ.ศ. 2566: ใช้จ่ายสะสม 17,750,000 บาท ผูกพัน 8,000,000 บาท จากงบ 55,916,400 บาท"), "{html}");
    assert!(html.contains("ดำเนินการแล้ว 1 โครงการ, อยู่ระหว่างดำเนินการ 1 โครงการ"), "{html}");
}
