//! Spreadsheets an office keeps its registers in (the procurement records of แบบ สขร.๑): a CSV
//! file or a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) read into plain [`Sheet`]s of [`Cell`]s,
//! each row with the number Excel shows beside it, and [`field_of`]: the record field a column
//! heading names.
//!
//! Nothing here knows what a record means. Cells are what the editor typed: a number cell's
//! exact decimal text, a date cell's date, text as text; the rules of the register read them
//! (amounts with [`crate::values::money::Baht::parse`], dates typed as text with
//! [`crate::values::thai::parse_date`]).
//!
//! A file that cannot be read gives a [`SheetError`] that tells the editor, in Thai, what to do
//! (most often: open it in Excel and save it again as .xlsx or as CSV UTF-8).

mod csv;
mod headings;
mod workbook;

pub use self::csv::read_csv;
pub use headings::{field_of, Field};
pub use workbook::read_workbook;

use headings::is_invisible;
use jiff::civil::Date;
use std::borrow::Cow;
use std::fmt;

/// One cell as the editor typed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cell {
    /// Nothing, or only spaces.
    #[default]
    Empty,
    /// Text without the whitespace around it; line breaks inside the cell are kept (as `\n`).
    /// Every cell of a CSV file is text.
    Text(String),
    /// A number cell of a workbook as exact decimal text: `11500.5`, `12000` (a whole number
    /// has no `.0`), never an exponent and never the noise of binary fractions (`0.1+0.2` is
    /// `0.3`, as Excel shows it: Excel keeps 15 significant digits).
    Number(String),
    /// A date cell of a workbook (the time of day, if any, is dropped). A date whose year is
    /// 2400 or later is taken as a Buddhist-era year typed into a Christian-era calendar, as
    /// [`crate::values::thai::parse_date`] takes such a year: 15/01/2569 is 2026-01-15.
    Date(Date),
    /// A TRUE / FALSE cell.
    Bool(bool),
}

impl Cell {
    /// True for [`Cell::Empty`].
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, to quote back to the editor or to read as a value: the text, the
    /// number, a date as `YYYY-MM-DD` (Christian era), `TRUE` or `FALSE`; empty for an empty
    /// cell.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Number(s) => Cow::Borrowed(s),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Bool(true) => Cow::Borrowed("TRUE"),
            Cell::Bool(false) => Cow::Borrowed("FALSE"),
        }
    }

    /// A text cell from what was typed: trimmed (zero-width spaces too), `\r\n` inside made
    /// `\n`; empty when nothing is left.
    fn from_text(s: &str) -> Cell {
        let s = s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
        if s.is_empty() {
            Cell::Empty
        } else if s.contains('\r') {
            Cell::Text(s.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Cell::Text(s.to_string())
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's number as the spreadsheet shows it: 1 is the first row of the sheet (the
    /// headings, when nothing is above them), so the first record under the headings is
    /// usually row 2. In a CSV file, the record's number (a cell with a line break inside is
    /// still one row).
    pub number: u32,
    /// The cells from column A on (index 0 is column A, see [`column_name`]), up to the last
    /// one that is not empty; [`Row::get`] answers for the columns past it.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `column` (0 = A), [`Cell::Empty`] past the row's last cell.
    pub fn get(&self, column: usize) -> &Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.cells.get(column).unwrap_or(EMPTY)
    }
}

/// One sheet of a workbook; a CSV file is one sheet with `name: None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name as on its tab (`ต.ค.`); `None` for a CSV file.
    pub name: Option<String>,
    /// The sheet is hidden in the workbook (Excel: right-click a tab → Hide).
    pub hidden: bool,
    /// The headings: the cells of the sheet's first row that is not empty, as typed and
    /// trimmed, from column A on (an empty column is an empty heading); a number or date cell
    /// as [`Cell::text`] gives it. Empty for a sheet with nothing in it.
    pub headings: Vec<String>,
    /// The number of the headings' row (1 unless empty rows are above it; 0 for an empty sheet).
    pub heading_row: u32,
    /// The rows under the headings, without the rows that are entirely empty (they still
    /// count in the numbers of the rows below them).
    pub rows: Vec<Row>,
}

impl Sheet {
    /// The field each heading names ([`field_of`]), column by column.
    pub fn fields(&self) -> Vec<Option<Field>> {
        self.headings.iter().map(|h| field_of(h)).collect()
    }
}

/// The letters of a column as Excel shows them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError {
    /// What is wrong, in Thai, for the editor.
    pub message: String,
    /// What to do about it, in Thai.
    pub help: Option<String>,
    /// Technical detail for whoever helps the editor (a library's own words, in English).
    pub detail: Option<String>,
}

impl SheetError {
    fn new(message: impl Into<String>) -> SheetError {
        SheetError { message: message.into(), help: None, detail: None }
    }

    fn with_help(mut self, help: impl Into<String>) -> SheetError {
        self.help = Some(help.into());
        self
    }

    fn with_detail(mut self, detail: impl fmt::Display) -> SheetError {
        self.detail = Some(detail.to_string());
        self
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n    → {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SheetError {}

/// The advice for a workbook that cannot be opened.
const SAVE_AS_XLSX: &str = "เปิดไฟล์ใน Excel (หรือ LibreOffice Calc) แล้วเลือก ไฟล์ → บันทึกเป็น (Save As) → ชนิดไฟล์: \
     สมุดงาน Excel (*.xlsx) แล้วใช้ไฟล์ .xlsx ที่ได้แทนไฟล์เดิม";

/// The advice for a CSV file that cannot be read.
const SAVE_AS_CSV_UTF8: &str = "เปิดไฟล์ใน Excel แล้วเลือก ไฟล์ → บันทึกเป็น (Save As) → ชนิดไฟล์: CSV UTF-8 \
     (Comma delimited) (*.csv) หรือบันทึกเป็นสมุดงาน Excel (*.xlsx) แทน";

/// How many rows with something in them may stand above the headings (a form's title, the
/// agency's name, the month) before the first row is taken as the headings.
const TITLE_ROWS: usize = 8;

/// A sheet built row by row. The headings are the first row that names at least two record
/// fields, looked for among the first rows with something in them (so that the title rows of a
/// แบบ สขร.๑ template above the headings are skipped); when none does, the first row with
/// something in it.
struct SheetBuilder {
    sheet: Sheet,
    headings_seen: bool,
    /// Rows seen before the headings were found: `(number, cells)`.
    waiting: Vec<(u32, Vec<Cell>)>,
}

impl SheetBuilder {
    fn new(name: Option<String>, hidden: bool) -> SheetBuilder {
        SheetBuilder {
            sheet: Sheet { name, hidden, headings: Vec::new(), heading_row: 0, rows: Vec::new() },
            headings_seen: false,
            waiting: Vec::new(),
        }
    }

    fn push(&mut self, number: u32, mut cells: Vec<Cell>) {
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            return;
        }
        if self.headings_seen {
            cells.shrink_to_fit();
            self.sheet.rows.push(Row { number, cells });
            return;
        }
        let named = cells.iter().filter(|c| field_of(&c.text()).is_some_and(|f| f != Field::Number)).count();
        if named >= 2 {
            // Rows above the headings are the form's titles.
            self.waiting.clear();
            self.set_headings(number, &cells);
            return;
        }
        self.waiting.push((number, cells));
        if self.waiting.len() > TITLE_ROWS {
            self.first_row_is_headings();
        }
    }

    fn set_headings(&mut self, number: u32, cells: &[Cell]) {
        self.headings_seen = true;
        self.sheet.heading_row = number;
        self.sheet.headings = cells.iter().map(|c| c.text().into_owned()).collect();
    }

    /// No row names two fields: the first row is the headings, the others are rows.
    fn first_row_is_headings(&mut self) {
        let mut waiting = std::mem::take(&mut self.waiting).into_iter();
        if let Some((number, cells)) = waiting.next() {
            self.set_headings(number, &cells);
        }
        for (number, cells) in waiting {
            self.sheet.rows.push(Row { number, cells });
        }
    }

    fn finish(mut self) -> Sheet {
        if !self.headings_seen {
            self.first_row_is_headings();
        }
        self.sheet
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod workbook_tests;
