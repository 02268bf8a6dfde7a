//! What the checks found, and how it is shown to a person.
//!
//! Every rule of the content contract produces a [`Diagnostic`]: where (file, line, column),
//! which field, what is wrong and what to do. Errors stop a build; warnings are printed and the
//! build goes on (`check --strict` treats them as errors).

use std::fmt;
use std::path::{Path, PathBuf};

/// A line and column in a source file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl Pos {
    /// A position.
    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

/// The known name nearest to `unknown`, if one is near enough to be a likely typo (for
/// "หมายถึง … หรือไม่?").
pub fn nearest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Printed; the build goes on.
    Warning,
}

/// One finding about the site's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site folder (`content/2565/plan/_index.md`).
    pub file: PathBuf,
    /// Line and column in that file; line 0 when the finding is about the whole file.
    pub pos: Pos,
    /// The field, as a dotted path (`budget.approved`, `rounds.6m.status`), if any.
    pub field: Option<String>,
    /// What is wrong, in words an editor understands.
    pub message: String,
    /// What to do about it, if there is something specific to say.
    pub help: Option<String>,
    /// A name for findings that come in numbers and may be summed up in one line
    /// (`oit-coverage`).
    pub group: Option<&'static str>,
    /// More to know, each shown on a line of its own after the advice.
    pub notes: Vec<String>,
    /// Technical detail for whoever helps the editor (a YAML parser's own words, in English);
    /// shown only with `--verbose` (the alternate form, `{:#}`).
    pub detail: Option<String>,
    /// For a spreadsheet: the sheet, row and column, as the editor sees them in Excel.
    pub cell: Option<CellRef>,
}

/// A place in a spreadsheet as an editor sees it: แผ่นงาน "ต.ค.", แถว 7, คอลัมน์ "ราคากลาง".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    /// The sheet's name (`None` for a CSV file).
    pub sheet: Option<String>,
    /// The row number the spreadsheet shows (the headings are row 1).
    pub row: u32,
    /// The column's heading as typed (`None` for the whole row).
    pub column: Option<String>,
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "แผ่นงาน \"{sheet}\" ")?;
        }
        write!(f, "แถว {}", self.row)?;
        if let Some(column) = &self.column {
            write!(f, " คอลัมน์ \"{column}\"")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// An error.
    pub fn error(file: &Path, pos: Pos, field: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            pos,
            field: field.map(str::to_string),
            message: message.into(),
            help: None,
            group: None,
            notes: Vec::new(),
            detail: None,
            cell: None,
        }
    }

    /// The same finding, placed in a cell of a spreadsheet.
    pub fn with_cell(mut self, cell: CellRef) -> Self {
        self.cell = Some(cell);
        self
    }

    /// A warning.
    pub fn warning(file: &Path, pos: Pos, field: Option<&str>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, pos, field, message) }
    }

    /// The same finding with its technical detail (shown with `--verbose` only).
    pub fn with_detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }

    /// The same finding with advice added.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same finding with a note added.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The same finding, marked as one of a group.
    pub fn in_group(mut self, group: &'static str) -> Self {
        self.group = Some(group);
        self
    }

    /// `file:line:column` (or just the file when the line is unknown); for a spreadsheet,
    /// `file [แผ่นงาน "ต.ค." แถว 7 คอลัมน์ "ราคากลาง"]`.
    pub fn location(&self) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        if let Some(cell) = &self.cell {
            format!("{file} [{cell}]")
        } else if self.pos.line == 0 {
            file
        } else {
            format!("{file}:{}:{}", self.pos.line, self.pos.column)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error (ข้อผิดพลาด)",
            Severity::Warning => "warning (คำเตือน)",
        };
        write!(f, "{}: {label}: ", self.location())?;
        if let Some(field) = &self.field {
            write!(f, "ช่อง `{field}`: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n    → {help}")?;
        }
        for note in &self.notes {
            write!(f, "\n    → {note}")?;
        }
        if let (true, Some(detail)) = (f.alternate(), &self.detail) {
            write!(f, "\n    ({detail})")?;
        }
        Ok(())
    }
}

/// The group of the one warning that sums up the OIT items no page serves.
pub const COVERAGE: &str = "oit-coverage";
/// The group of warnings about dates outside their round or fiscal year.
pub const ROUND_DATE: &str = "round-date";
/// The group of warnings about statuses that go back.
pub const STATUS_BACK: &str = "status-back";
/// How many warnings of one group a build or a preview prints before counting the rest.
pub const BRIEF: usize = 3;

/// The Thai name of a group of warnings.
fn group_name(kind: &str) -> &'static str {
    match kind {
        ROUND_DATE => "วันที่อยู่นอกรอบหรือนอกปีงบประมาณ",
        STATUS_BACK => "สถานะย้อนกลับ",
        _ => "คำเตือนอื่น",
    }
}

/// All findings of one run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No findings yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds all findings of another run.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps only the findings for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// All findings.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// How many warnings.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Whether there are no findings.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, then position, so output is stable whatever order checks ran in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, &a.cell, a.pos, a.severity, &a.message).cmp(&(&b.file, &b.cell, b.pos, b.severity, &b.message))
        });
        self.items.dedup();
    }

    /// The findings as an editor reads them in a terminal: the OIT coverage line first, then
    /// the warnings (with `brief`, at most [`BRIEF`] of a kind, the rest counted), then the
    /// errors last, so that an error is never scrolled away under warnings; with `verbose`, each
    /// finding's technical detail too. The caller adds one summary line.
    pub fn for_terminal(&self, brief: bool, verbose: bool) -> String {
        let mut out = String::new();
        let show = |d: &Diagnostic| if verbose { format!("{d:#}\n") } else { format!("{d}\n") };
        let coverage = |d: &&Diagnostic| d.group == Some(COVERAGE) && d.severity == Severity::Warning;
        for d in self.items.iter().filter(coverage) {
            out.push_str(&format!("{}\n", d.message));
        }
        let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut hidden: Vec<(&str, usize)> = Vec::new();
        for d in self.items.iter().filter(|d| d.severity == Severity::Warning && !coverage(d)) {
            if let (true, Some(kind)) = (brief, d.group) {
                let n = shown.entry(kind).or_default();
                *n += 1;
                if *n > BRIEF {
                    match hidden.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, count)) => *count += 1,
                        None => hidden.push((kind, 1)),
                    }
                    continue;
                }
            }
            out.push_str(&show(d));
        }
        for (kind, count) in hidden {
            out.push_str(&format!(
                "… และคำเตือนแบบเดียวกันอีก {count} รายการ ({}) — prongsai check แสดงทั้งหมด\n",
                group_name(kind)
            ));
        }
        for d in self.items.iter().filter(|d| d.severity == Severity::Error) {
            out.push_str(&show(d));
        }
        out
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_column_and_field() {
        let d = Diagnostic::error(
            Path::new("content/2565/plan/_index.md"),
            Pos::new(12, 5),
            Some("budget.approved"),
            "จำนวนเงินต้องไม่ติดลบ",
        )
        .with_help("แก้เป็นจำนวนบวก");
        let text = d.to_string();
        assert!(text.starts_with("content/2565/plan/_index.md:12:5: error"), "{text}");
        assert!(text.contains("`budget.approved`"));
        assert!(text.contains("แก้เป็นจำนวนบวก"));
    }

    #[test]
    fn terminal_report_puts_warnings_first_a_few_of_each_kind_and_errors_last() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error(Path::new("a.md"), Pos::new(1, 1), None, "the error"));
        for i in 0..5 {
            all.push(
                Diagnostic::warning(Path::new("b.md"), Pos::new(i + 1, 1), None, format!("date {i}"))
                    .in_group(ROUND_DATE),
            );
        }
        all.push(Diagnostic::warning(Path::new("site.yaml"), Pos::default(), None, "OIT: 3 of 43").in_group(COVERAGE));
        let brief = all.for_terminal(true, false);
        let lines: Vec<&str> = brief.lines().collect();
        assert_eq!(lines[0], "OIT: 3 of 43");
        assert!(lines[1].contains("date 0") && lines[3].contains("date 2"), "{brief}");
        assert!(lines[4].contains("อีก 2 รายการ"), "{brief}");
        assert!(lines.last().unwrap().contains("the error"), "errors last: {brief}");
        assert_eq!(all.for_terminal(false, false).matches("date ").count(), 5, "check shows all");
    }

    #[test]
    fn strict_turns_warnings_into_errors() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning(Path::new("a"), Pos::default(), None, "w"));
        assert!(!all.has_errors());
        all.make_warnings_errors();
        assert!(all.has_errors());
    }
}
