//! Charts drawn at build time as inline SVG (no JavaScript): a round report's budget per
//! project (approved, spent to date, committed) and its statuses; a procurement register's
//! agreed value by method. Each chart carries its own
//! text equivalent (`<title>` and `<desc>`, read by screen readers) and scales to the width of
//! a phone or an A4 page.

use crate::values::money::Baht;
use crate::values::thai::Numerals;

/// One bar of the budget chart.
pub struct BudgetBar {
    /// The project's number and title.
    pub label: String,
    /// Approved budget.
    pub approved: Baht,
    /// Spent to date (`None`: nothing recorded).
    pub spent: Option<Baht>,
    /// Committed at the round's end.
    pub committed: Baht,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A label cut to `max` characters, with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// Horizontal bars, one per project: the approved budget as the track, what was spent to date
/// over it, and what is committed after that. `None` when there is nothing to draw.
pub fn budget(bars: &[BudgetBar], caption: &str, nf: Numerals) -> Option<String> {
    let max = bars.iter().map(|b| b.approved.max(b.spent.unwrap_or_default() + b.committed)).max()?;
    if max == Baht::ZERO {
        return None;
    }
    // Narrow enough to be read on a phone without scaling down: each project's label above its
    // bar, its figures below.
    const W: i64 = 360;
    const ROW: i64 = 54;
    let track = W;
    let scale = |b: Baht| (b.satang() as i128 * track as i128 / max.satang().max(1) as i128) as i64;
    let height = ROW * bars.len() as i64 + 24;
    let mut desc = Vec::new();
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"chart-budget-t chart-budget-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-budget-t\">{}</title>",
        esc(caption)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i as i64 * ROW;
        let spent = b.spent.unwrap_or_default();
        let (ws, wc) = (scale(spent), scale(b.committed));
        out.push_str(&format!(
            "<text x=\"0\" y=\"{}\" class=\"chart-label\">{}</text>\
             <rect x=\"0\" y=\"{}\" width=\"{}\" height=\"14\" class=\"bar-approved\"/>\
             <rect x=\"0\" y=\"{}\" width=\"{ws}\" height=\"14\" class=\"bar-spent\"/>\
             <rect x=\"{ws}\" y=\"{}\" width=\"{wc}\" height=\"14\" class=\"bar-committed\"/>\
             <text x=\"0\" y=\"{}\" class=\"chart-value\">{}</text>",
            y + 13,
            esc(&short(&b.label, 40)),
            y + 18,
            scale(b.approved),
            y + 18,
            y + 18,
            y + 46,
            esc(&bar_text(b, nf)),
        ));
        desc.push(format!("{}: {}", b.label, bar_text(b, nf)));
    }
    let ly = height - 6;
    out.push_str(&format!(
        "<rect x=\"0\" y=\"{}\" width=\"12\" height=\"10\" class=\"bar-approved\"/><text x=\"16\" y=\"{ly}\" class=\"chart-value\">ได้รับอนุมัติ</text>\
         <rect x=\"110\" y=\"{}\" width=\"12\" height=\"10\" class=\"bar-spent\"/><text x=\"126\" y=\"{ly}\" class=\"chart-value\">ใช้จ่ายสะสม</text>\
         <rect x=\"220\" y=\"{}\" width=\"12\" height=\"10\" class=\"bar-committed\"/><text x=\"236\" y=\"{ly}\" class=\"chart-value\">ผูกพัน</text>",
        ly - 9,
        ly - 9,
        ly - 9
    ));
    out.push_str(&format!("<desc id=\"chart-budget-d\">{}</desc></svg>", esc(&desc.join("; "))));
    Some(out)
}

/// Horizontal bars of amounts that make up a whole (agreed value by procurement method), each
/// with its amount and its share; `id` makes the chart's title and description unique on the
/// page. `None` when there is nothing to draw.
pub fn shares(rows: &[(String, Baht)], caption: &str, id: &str, nf: Numerals) -> Option<String> {
    let total: Baht = rows.iter().map(|(_, b)| *b).sum();
    let max = rows.iter().map(|(_, b)| *b).max()?;
    if max == Baht::ZERO {
        return None;
    }
    const W: i64 = 360;
    const ROW: i64 = 46;
    let height = ROW * rows.len() as i64;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-t\">{}</title>",
        esc(caption)
    );
    let mut desc = Vec::new();
    for (i, (label, amount)) in rows.iter().enumerate() {
        let y = i as i64 * ROW;
        let width = (amount.satang() as i128 * W as i128 / max.satang().max(1) as i128) as i64;
        let share = amount.percent_of(total).map(|h| format!(" (ร้อยละ {})", nf.percent(h))).unwrap_or_default();
        let text = format!("{} บาท{share}", nf.baht(*amount));
        out.push_str(&format!(
            "<text x=\"0\" y=\"{}\" class=\"chart-label\">{}</text>\
             <rect x=\"0\" y=\"{}\" width=\"{width}\" height=\"12\" class=\"bar-spent\"/>\
             <text x=\"0\" y=\"{}\" class=\"chart-value\">{}</text>",
            y + 13,
            esc(&short(label, 44)),
            y + 18,
            y + 42,
            esc(&text)
        ));
        desc.push(format!("{label}: {text}"));
    }
    out.push_str(&format!("<desc id=\"{id}-d\">{}</desc></svg>", esc(&desc.join("; "))));
    Some(out)
}

fn bar_text(b: &BudgetBar, nf: Numerals) -> String {
    let spent = match b.spent {
        Some(s) => format!("ใช้จ่ายสะสม {} บาท", nf.baht(s)),
        None => "ใช้จ่ายสะสม ไม่มีข้อมูล".to_string(),
    };
    let committed = if b.committed > Baht::ZERO {
        format!(" ผูกพัน {} บาท", nf.baht(b.committed))
    } else {
        String::new()
    };
    format!("{spent}{committed} จากงบ {} บาท", nf.baht(b.approved))
}

/// One stacked bar of statuses (done, in progress, not started, cancelled): of activities, or of
/// projects that report their own. `None` when there is nothing to count.
pub fn statuses(counts: [usize; 4], unit: &str, caption: &str, nf: Numerals) -> Option<String> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return None;
    }
    const W: usize = 360;
    const NAMES: [(&str, &str); 4] = [
        ("ดำเนินการแล้ว", "st-done"),
        ("อยู่ระหว่างดำเนินการ", "st-in_progress"),
        ("ยังไม่ดำเนินการ", "st-not_started"),
        ("ยกเลิก", "st-cancelled"),
    ];
    let shown = counts.iter().filter(|n| **n > 0).count();
    let height = 30 + 18 * shown;
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-labelledby=\"chart-status-t chart-status-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-status-t\">{}</title>",
        esc(caption)
    );
    let mut x = 0;
    let mut desc = Vec::new();
    let mut legend_y = 34;
    for (n, (name, class)) in counts.iter().zip(NAMES) {
        if *n == 0 {
            continue;
        }
        let w = W * n / total;
        out.push_str(&format!("<rect x=\"{x}\" y=\"0\" width=\"{w}\" height=\"22\" class=\"{class}\"/>"));
        let text = format!("{name} {} {unit}", nf.number(*n as i64));
        out.push_str(&format!(
            "<rect x=\"0\" y=\"{legend_y}\" width=\"12\" height=\"12\" class=\"{class}\"/><text x=\"18\" y=\"{}\" class=\"chart-value\">{}</text>",
            legend_y + 11,
            esc(&text)
        ));
        legend_y += 18;
        desc.push(text);
        x += w;
    }
    out.push_str(&format!("<desc id=\"chart-status-d\">{}</desc></svg>", esc(&desc.join(", "))));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_budget_and_say_their_figures() {
        let bars = [
            BudgetBar {
                label: "1. โครงการ <ก>".into(),
                approved: Baht::from_baht(100),
                spent: Some(Baht::from_baht(50)),
                committed: Baht::from_baht(25),
            },
            BudgetBar {
                label: "2. โครงการ ข".into(),
                approved: Baht::from_baht(50),
                spent: None,
                committed: Baht::ZERO,
            },
        ];
        let svg = budget(&bars, "งบประมาณ", Numerals::Arabic).unwrap();
        assert!(svg.contains("width=\"360\" height=\"14\" class=\"bar-approved\""), "{svg}");
        assert!(svg.contains("width=\"180\" height=\"14\" class=\"bar-spent\""), "{svg}");
        assert!(svg.contains("&lt;ก&gt;"), "escaped: {svg}");
        assert!(svg.contains("ใช้จ่ายสะสม ไม่มีข้อมูล"), "not recorded is not zero: {svg}");
        assert!(svg
            .contains("<desc id=\"chart-budget-d\">1. โครงการ &lt;ก&gt;: ใช้จ่ายสะสม 50 บาท ผูกพัน 25 บาท จากงบ 100 บาท"));
        assert!(budget(&[], "x", Numerals::Thai).is_none());
    }

    #[test]
    fn shares_scale_to_the_largest_and_say_their_share() {
        let rows =
            vec![("วิธีเฉพาะเจาะจง".to_string(), Baht::from_baht(300)), ("e-market".to_string(), Baht::from_baht(100))];
        let svg = shares(&rows, "มูลค่าตามวิธี", "by-method", Numerals::Arabic).unwrap();
        assert!(svg.contains("width=\"360\"") && svg.contains("width=\"120\""), "{svg}");
        assert!(svg.contains("300 บาท (ร้อยละ 75)") && svg.contains("id=\"by-method-d\""), "{svg}");
        assert_eq!(shares(&[("x".into(), Baht::ZERO)], "c", "i", Numerals::Arabic), None);
    }

    #[test]
    fn statuses_in_one_bar_with_a_text_equivalent() {
        let svg = statuses([4, 1, 0, 0], "กิจกรรม", "สถานะ", Numerals::Thai).unwrap();
        assert!(svg.contains("width=\"288\""), "{svg}");
        assert!(
            svg.contains("<desc id=\"chart-status-d\">ดำเนินการแล้ว ๔ กิจกรรม, อยู่ระหว่างดำเนินการ ๑ กิจกรรม</desc>"),
            "{svg}"
        );
        assert!(statuses([0; 4], "กิจกรรม", "x", Numerals::Thai).is_none());
    }
}
