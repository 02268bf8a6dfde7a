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

use crate::load::encoding::{self, Encoding as TextEncoding};
use calamine::{Data, DataRef, ExcelDateTime, Reader, SheetType, SheetVisible};
use jiff::civil::Date;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::OnceLock;

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

// ---------------------------------------------------------------------------------------------
// CSV

/// Reads a CSV file: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text",
/// tab-separated) or without one, or Thai TIS-620 / Windows-874 (Excel's "CSV" on a Thai
/// Windows). Cells are separated by commas, or by tabs or semicolons when the heading row
/// uses them (or as a first line `sep=;` says, which Excel hides). Quoted cells may hold the
/// separator, quotes (`""`) and line breaks; rows may have different numbers of cells. Every
/// cell is [`Cell::Text`] or [`Cell::Empty`].
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = decode_csv(bytes)?;
    let (body, sep) = sep_line(&text);
    let delimiter = sep.unwrap_or_else(|| guess_delimiter(body));
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut builder = SheetBuilder::new(None, false);
    let mut record = csv::StringRecord::new();
    let mut number: u32 = 0;
    let mut last_start = 0;
    loop {
        let start = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(SheetError::new("อ่านไฟล์ CSV นี้ไม่ได้").with_help(SAVE_AS_CSV_UTF8).with_detail(e)),
        }
        last_start = start;
        // The reader passes over empty lines before a record; Excel shows each as a row.
        let bytes = body.as_bytes();
        let mut span = bytes.get(start..).unwrap_or_default();
        // The reader ends a record at the `\r` of `\r\n`: its `\n` is no line of its own.
        if start > 0 && bytes.get(start - 1) == Some(&b'\r') && span.first() == Some(&b'\n') {
            span = &span[1..];
        }
        let empty_lines = line_breaks(&span[..span.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count()]);
        number = number.saturating_add(1).saturating_add(empty_lines);
        builder.push(number, record.iter().map(Cell::from_text).collect());
    }
    // A quote left open makes the rest of the file one cell of the last row.
    if unclosed_quote(body.as_bytes().get(last_start..).unwrap_or_default(), delimiter) {
        return Err(SheetError::new(format!(
            "แถวที่ {number} มีเครื่องหมายคำพูด (\") เปิดไว้แต่ไม่ได้ปิด ข้อความตั้งแต่ตรงนั้นจนจบไฟล์จึงกลายเป็นช่องเดียว"
        ))
        .with_help("ใส่ \" ปิดท้ายข้อความในช่องนั้น ถ้าต้องการเครื่องหมายคำพูดในข้อความของช่องที่ขึ้นต้นด้วย \" ให้พิมพ์สองตัว (\"\")"));
    }
    Ok(builder.finish())
}

/// The record in `raw` has a quoted cell with no closing quote (a quote opens a quoted cell
/// only at the start of a cell; inside one, `""` is a quote).
fn unclosed_quote(raw: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    let mut cell_start = true;
    while i < raw.len() {
        if cell_start && raw[i] == b'"' {
            i += 1;
            loop {
                match raw.get(i) {
                    None => return true,
                    Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            cell_start = false;
            continue;
        }
        cell_start = matches!(raw[i], b'\r' | b'\n') || raw[i] == delimiter;
        i += 1;
    }
    false
}

/// The text of a CSV file's bytes.
fn decode_csv(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(e) => Err(unknown_encoding(line_of(rest, e.valid_up_to()))),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0);
    }
    if let Some(kind) = workbook_kind(bytes) {
        return Err(SheetError::new(format!("ไฟล์นี้เป็น{kind} ไม่ใช่ไฟล์ CSV แม้จะตั้งชื่อลงท้ายด้วย .csv")).with_help(
            "เปลี่ยนชื่อไฟล์ให้ลงท้ายด้วย .xlsx (หรือ .ods ถ้าบันทึกจาก LibreOffice) หรือเปิดใน Excel แล้วบันทึกเป็น CSV UTF-8",
        ));
    }
    if let Some(utf16) = utf16_without_bom(bytes) {
        return Ok(utf16.decode_without_bom_handling(bytes).0);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    match encoding::decode(bytes.to_vec()) {
        Ok(text) => Ok(Cow::Owned(text)),
        Err(e) if e.encoding == TextEncoding::Thai => {
            let (text, had_errors) = encoding_rs::WINDOWS_874.decode_without_bom_handling(bytes);
            if had_errors {
                Err(unknown_encoding(e.pos.line))
            } else {
                Ok(text)
            }
        }
        Err(e) => Err(unknown_encoding(e.pos.line)),
    }
}

/// The error for bytes in an encoding that is not read.
fn unknown_encoding(line: u32) -> SheetError {
    SheetError::new(format!(
        "ไฟล์ CSV นี้ไม่ได้บันทึกเป็น UTF-8 หรือภาษาไทยแบบ TIS-620 / Windows-874 จึงอ่านตัวอักษรตั้งแต่บรรทัดที่ {line} ไม่ได้"
    ))
    .with_help(SAVE_AS_CSV_UTF8)
}

/// The line (from 1) holding byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u32 {
    let before = bytes.get(..at).unwrap_or(bytes);
    u32::try_from(before.iter().filter(|b| **b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

/// UTF-16 without a byte order mark: NUL bytes (the other half of every ASCII character, and a
/// CSV file has commas or tabs) on one side of the byte pairs only.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if !bytes.contains(&0) {
        return None;
    }
    let even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd > 0 && even * 20 <= odd {
        Some(encoding_rs::UTF_16LE)
    } else if even > 0 && odd * 20 <= even {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Excel's `sep=;` first line, which names the separator and is not shown as a row.
fn sep_line(text: &str) -> (&str, Option<u8>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    if let Some(sep) = first.strip_prefix("sep=").or_else(|| first.strip_prefix("SEP=")) {
        if let [b] = sep.trim_end().as_bytes() {
            let rest = &text[first.len()..];
            let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix(['\r', '\n'])).unwrap_or(rest);
            return (rest, Some(*b));
        }
    }
    (text, None)
}

/// Comma, or tab or semicolon when the first row that is not empty has more of them than
/// commas (outside quotes).
fn guess_delimiter(text: &str) -> u8 {
    let (mut comma, mut tab, mut semicolon) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for c in text.trim_start_matches(['\r', '\n']).chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            ';' if !quoted => semicolon += 1,
            _ => {}
        }
    }
    if tab > 0 && tab >= comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// How many line breaks (`\r\n`, `\n` or `\r`) are in `bytes`.
fn line_breaks(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                n = n.saturating_add(1);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => n = n.saturating_add(1),
            _ => {}
        }
        i += 1;
    }
    n
}

// ---------------------------------------------------------------------------------------------
// Workbooks

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A zip archive: .xlsx, .xlsm, .xlsb or .ods.
    Zip,
    /// An OLE compound file: .xls, or an .xlsx with a password.
    Compound,
    /// A web page (many systems give "Excel" files that are HTML tables).
    Html,
    /// Other text (a CSV file under another name).
    Text,
    /// Something else.
    Other,
}

impl Kind {
    fn of(head: &[u8]) -> Kind {
        if head.starts_with(b"PK\x03\x04") {
            return Kind::Zip;
        }
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Kind::Compound;
        }
        let text = String::from_utf8_lossy(head);
        let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']).to_ascii_lowercase();
        if start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<table") {
            return Kind::Html;
        }
        if start.starts_with('<') && start.contains("urn:schemas-microsoft-com:office") {
            return Kind::Html;
        }
        let printable = head.iter().filter(|b| **b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n')).count();
        if !head.is_empty() && printable == head.len() {
            return Kind::Text;
        }
        Kind::Other
    }
}

/// "a workbook" in Thai, when the bytes are one.
fn workbook_kind(bytes: &[u8]) -> Option<&'static str> {
    match Kind::of(bytes.get(..8).unwrap_or(bytes)) {
        Kind::Zip | Kind::Compound => Some("สมุดงาน Excel (หรือ OpenDocument)"),
        _ => None,
    }
}

/// Reads every worksheet of a workbook, in the order of its tabs: .xlsx, .xlsm, .xlsb, .xls
/// (Excel 97–2003) or .ods (LibreOffice / OpenOffice). The file's contents decide how it is
/// read, so an .xlsx saved under the name .xls is read all the same. Chart sheets are left
/// out; hidden sheets are read and marked [`Sheet::hidden`]. A formula cell gives the value
/// Excel last computed for it.
pub fn read_workbook(path: &Path) -> Result<Vec<Sheet>, SheetError> {
    let mut file = File::open(path).map_err(|e| SheetError::new("อ่านไฟล์ไม่ได้").with_detail(e))?;
    let mut head = [0u8; 512];
    let n = read_up_to(&mut file, &mut head).map_err(|e| SheetError::new("อ่านไฟล์ไม่ได้").with_detail(e))?;
    let head = &head[..n];
    drop(file);
    if head.is_empty() {
        return Err(SheetError::new("ไฟล์นี้ว่างเปล่า ไม่มีข้อมูล").with_help(SAVE_AS_XLSX));
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match Kind::of(head) {
        Kind::Zip => {
            // The name says which of the zip formats it is, unless it was renamed: then the
            // others are tried, and the error told is that of the format the name says.
            let order = if extension == "ods" || is_ods(head) {
                [Zipped::Ods, Zipped::Xlsx, Zipped::Xlsb]
            } else if extension == "xlsb" {
                [Zipped::Xlsb, Zipped::Xlsx, Zipped::Ods]
            } else {
                [Zipped::Xlsx, Zipped::Ods, Zipped::Xlsb]
            };
            let mut first_error = None;
            for format in order {
                match read_zipped(path, format) {
                    Ok(sheets) => return Ok(sheets),
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Err(first_error.unwrap_or_else(not_a_workbook))
        }
        Kind::Compound => match calamine::open_workbook::<calamine::Xls<_>, _>(path) {
            Ok(mut wb) => read_ranges(&mut wb),
            Err(e) => match calamine::open_workbook::<calamine::Xlsx<_>, _>(path) {
                // An .xlsx with a password is a compound file holding the encrypted workbook.
                Err(calamine::XlsxError::Password) => Err(password_error()),
                Ok(mut wb) => read_xlsx(&mut wb),
                Err(_) => Err(open_error(e)),
            },
        },
        Kind::Html => Err(SheetError::new(
            "ไฟล์นี้เป็นหน้าเว็บ (HTML) ที่ตั้งชื่อเป็นไฟล์ Excel ไม่ใช่สมุดงาน Excel จริง (ไฟล์ที่ดาวน์โหลดจากบางระบบเป็นแบบนี้)",
        )
        .with_help(SAVE_AS_XLSX)),
        Kind::Text => Err(SheetError::new("ไฟล์นี้เป็นไฟล์ข้อความ (เช่น CSV) ไม่ใช่สมุดงาน Excel แม้จะตั้งชื่อเป็นไฟล์ Excel")
            .with_help(
                "เปลี่ยนชื่อไฟล์ให้ลงท้ายด้วย .csv หรือเปิดไฟล์ใน Excel แล้วบันทึกเป็น (Save As) ชนิดไฟล์ สมุดงาน Excel (*.xlsx)",
            )),
        Kind::Other => Err(not_a_workbook().with_detail(format!("first bytes: {:02X?}", &head[..head.len().min(8)]))),
    }
}

/// Reads into `buf` until it is full or the file ends; the number of bytes read.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// An OpenDocument spreadsheet: its first zip entry is `mimetype`, stored as is, which names it.
fn is_ods(head: &[u8]) -> bool {
    const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
    head.get(30..38) == Some(b"mimetype".as_slice()) && head.windows(MIMETYPE.len()).any(|w| w == MIMETYPE)
}

/// The formats that are zip archives.
#[derive(Debug, Clone, Copy)]
enum Zipped {
    Xlsx,
    Xlsb,
    Ods,
}

fn read_zipped(path: &Path, format: Zipped) -> Result<Vec<Sheet>, SheetError> {
    match format {
        Zipped::Xlsx => read_xlsx(&mut calamine::open_workbook::<calamine::Xlsx<_>, _>(path).map_err(open_error)?),
        Zipped::Xlsb => read_ranges(&mut calamine::open_workbook::<calamine::Xlsb<_>, _>(path).map_err(open_error)?),
        Zipped::Ods => read_ranges(&mut calamine::open_workbook::<calamine::Ods<_>, _>(path).map_err(open_error)?),
    }
}

/// The error for a file calamine could not open.
fn open_error<E: OpenError>(e: E) -> SheetError {
    if e.is_password() {
        password_error()
    } else {
        not_a_workbook().with_detail(e)
    }
}

/// The errors of calamine's readers, which each say "password" in their own way.
trait OpenError: fmt::Display {
    fn is_password(&self) -> bool;
}

impl OpenError for calamine::XlsxError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsxError::Password)
    }
}

impl OpenError for calamine::XlsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsError::Password)
    }
}

impl OpenError for calamine::OdsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::OdsError::Password)
    }
}

impl OpenError for calamine::XlsbError {
    fn is_password(&self) -> bool {
        false
    }
}

fn password_error() -> SheetError {
    SheetError::new("ไฟล์นี้ตั้งรหัสผ่านไว้ จึงเปิดอ่านไม่ได้").with_help(
        "เปิดไฟล์ใน Excel ใส่รหัสผ่าน แล้วเลือก ไฟล์ → ข้อมูล → ป้องกันเวิร์กบุ๊ก → เข้ารหัสด้วยรหัสผ่าน \
         ลบรหัสผ่านออกให้ว่าง แล้วบันทึกเป็นสมุดงาน Excel (*.xlsx) อีกครั้ง",
    )
}

fn not_a_workbook() -> SheetError {
    SheetError::new("เปิดไฟล์นี้เป็นสมุดงาน Excel หรือ OpenDocument ไม่ได้: ไฟล์อาจเสียหาย หรือไม่ใช่ไฟล์ตารางคำนวณ")
        .with_help(SAVE_AS_XLSX)
}

fn sheet_error(name: &str, e: impl fmt::Display) -> SheetError {
    SheetError::new(format!("อ่านแผ่นงาน \"{name}\" ในไฟล์นี้ไม่ได้")).with_help(SAVE_AS_XLSX).with_detail(e)
}

/// The worksheets (not chart sheets) of a workbook: name and hidden.
fn worksheets(metadata: &[calamine::Sheet]) -> Vec<(String, bool)> {
    metadata
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// An .xlsx read cell by cell, so that memory follows the cells that hold something (not the
/// rectangle from A1 to the farthest cell ever typed in).
fn read_xlsx<RS: Read + Seek>(wb: &mut calamine::Xlsx<RS>) -> Result<Vec<Sheet>, SheetError> {
    let mut sheets = Vec::new();
    for (name, hidden) in worksheets(wb.sheets_metadata()) {
        let mut collector = Collector::default();
        let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| sheet_error(&name, e))?;
        while let Some(cell) = cells.next_cell().map_err(|e| sheet_error(&name, e))? {
            let (row, column) = cell.get_position();
            collector.add(row, column, cell_of_data_ref(cell.get_value()));
        }
        drop(cells);
        sheets.push(collector.finish(Some(name), hidden));
    }
    Ok(sheets)
}

/// A workbook read sheet by sheet as calamine's ranges (.xls, .xlsb, .ods).
fn read_ranges<RS, R>(wb: &mut R) -> Result<Vec<Sheet>, SheetError>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: fmt::Display,
{
    let mut sheets = Vec::new();
    for (name, hidden) in worksheets(wb.sheets_metadata()) {
        let range = wb.worksheet_range(&name).map_err(|e| sheet_error(&name, e))?;
        let mut collector = Collector::default();
        if let Some((top, left)) = range.start() {
            for (row, column, data) in range.used_cells() {
                let row = top.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
                let column = left.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
                collector.add(row, column, cell_of_data(data));
            }
        }
        drop(range);
        sheets.push(collector.finish(Some(name), hidden));
    }
    Ok(sheets)
}

fn cell_of_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::from_text(s),
        Data::Float(x) => number_cell(*x),
        Data::Int(n) => Cell::Number(n.to_string()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => date_time_cell(dt),
        Data::DateTimeIso(s) => iso_date_cell(s),
        Data::DurationIso(s) => iso_duration_cell(s),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

fn cell_of_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::from_text(s),
        DataRef::SharedString(s) => Cell::from_text(s),
        DataRef::Float(x) => number_cell(*x),
        DataRef::Int(n) => Cell::Number(n.to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => date_time_cell(dt),
        DataRef::DateTimeIso(s) => iso_date_cell(s),
        DataRef::DurationIso(s) => iso_duration_cell(s),
        DataRef::Error(e) => Cell::Text(e.to_string()),
    }
}

/// A number cell: the value to Excel's 15 significant digits, as the shortest decimal text
/// that reads back as that value.
fn number_cell(x: f64) -> Cell {
    match number_text(x) {
        Some(text) => Cell::Number(text),
        None => Cell::Text(x.to_string()),
    }
}

/// `11500.5`, `12000`, `0.3` (for 0.1 + 0.2): `None` for a value that is not a number.
fn number_text(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    // Excel keeps and shows 15 significant digits; a typed value has no more, so this changes
    // only the results of formulas (0.30000000000000004 → 0.3).
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    // No "-0".
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    Some(format!("{rounded}"))
}

/// Excel's first serial day past its calendar (10000-01-01).
const SERIAL_END: f64 = 2_958_466.0;

/// A date cell of an Excel file: a serial day number in the workbook's date system (1900,
/// with its 29 February 1900 that never was, or 1904), and the time as the fraction.
fn date_time_cell(dt: &ExcelDateTime) -> Cell {
    let value = dt.as_f64();
    if dt.is_duration() {
        return Cell::Text(clock_text(value, true));
    }
    if !(0.0..SERIAL_END).contains(&value) {
        return number_cell(value);
    }
    if value < 1.0 {
        // A time of day with no date.
        return Cell::Text(clock_text(value, false));
    }
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    calendar_date(i32::from(year), month, day)
}

/// The date of a year, month and day shown in a date cell; a year of 2400 or later is B.E.
/// A day that does not exist (Excel's 29/02/1900, or 29/02 of a B.E. year that is not a leap
/// year) is text as Excel shows it, for the date rules to explain.
fn calendar_date(year: i32, month: u8, day: u8) -> Cell {
    let ce = if year >= 2400 { year - 543 } else { year };
    let date = match (i16::try_from(ce), i8::try_from(month), i8::try_from(day)) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).ok(),
        _ => None,
    };
    match date {
        Some(date) => Cell::Date(date),
        None => Cell::Text(format!("{day:02}/{month:02}/{year}")),
    }
}

/// A fraction of a day as a clock: `13:30`, `13:30:15`; a duration may pass 24 hours
/// (`36:00:00`).
fn clock_text(days: f64, duration: bool) -> String {
    let millis = (days.abs() * 86_400_000.0).round();
    let seconds = (millis / 1000.0).round() as u64;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let sign = if days < 0.0 && seconds > 0 { "-" } else { "" };
    if duration {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else if s == 0 {
        format!("{:02}:{m:02}", h % 24)
    } else {
        format!("{:02}:{m:02}:{s:02}", h % 24)
    }
}

/// An ISO 8601 date cell (.ods, and .xlsx cells of type `d`): `2026-01-15` or
/// `2026-01-15T10:30:00`.
fn iso_date_cell(s: &str) -> Cell {
    let date = s.trim().split('T').next().unwrap_or("");
    let mut parts = date.split('-');
    let parsed = (|| {
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits =
            |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
            return None;
        }
        Some((y.parse::<i32>().ok()?, m.parse::<u8>().ok()?, d.parse::<u8>().ok()?))
    })();
    match parsed {
        Some((y, m, d)) => calendar_date(y, m, d),
        None => Cell::from_text(s),
    }
}

/// An ISO 8601 duration cell (an .ods time): `PT13H30M00S` → `13:30`.
fn iso_duration_cell(s: &str) -> Cell {
    let t = s.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let parsed = (|| {
        let t = t.strip_prefix('P')?;
        let (days, time) = t.split_once('T').unwrap_or((t, ""));
        let mut seconds = 0f64;
        if !days.is_empty() {
            seconds += days.strip_suffix('D')?.parse::<f64>().ok()? * 86_400.0;
        }
        let mut number = String::new();
        for c in time.chars() {
            let unit = match c {
                'H' => 3600.0,
                'M' => 60.0,
                'S' => 1.0,
                _ => {
                    number.push(c);
                    continue;
                }
            };
            seconds += number.parse::<f64>().ok()? * unit;
            number.clear();
        }
        number.is_empty().then_some(seconds)
    })();
    match parsed {
        Some(seconds) => {
            let days = if negative { -seconds } else { seconds } / 86_400.0;
            Cell::Text(clock_text(days, !(0.0..1.0).contains(&days)))
        }
        None => Cell::from_text(s),
    }
}

/// The cells of a sheet as they come (in rows, mostly in order), each at its row and column
/// counted from 0; empty cells are not kept.
#[derive(Default)]
struct Collector {
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    out_of_order: bool,
}

impl Collector {
    fn add(&mut self, row: u32, column: u32, cell: Cell) {
        if cell.is_empty() {
            return;
        }
        match self.rows.last_mut() {
            Some((last, cells)) if *last == row => {
                if cells.last().is_some_and(|(c, _)| *c >= column) {
                    self.out_of_order = true;
                }
                cells.push((column, cell));
            }
            last => {
                if last.is_some_and(|(r, _)| *r > row) {
                    self.out_of_order = true;
                }
                self.rows.push((row, vec![(column, cell)]));
            }
        }
    }

    fn finish(mut self, name: Option<String>, hidden: bool) -> Sheet {
        if self.out_of_order {
            // Rows and cells in order; of two values at the same place, the later one.
            let mut all: Vec<(u32, u32, Cell)> = self
                .rows
                .drain(..)
                .flat_map(|(r, cells)| cells.into_iter().map(move |(c, cell)| (r, c, cell)))
                .collect();
            all.sort_by_key(|(r, c, _)| (*r, *c));
            let mut previous: Option<(u32, u32)> = None;
            for (r, c, cell) in all {
                if previous == Some((r, c)) {
                    if let Some((_, cells)) = self.rows.last_mut() {
                        cells.pop();
                    }
                }
                previous = Some((r, c));
                match self.rows.last_mut() {
                    Some((last, cells)) if *last == r => cells.push((c, cell)),
                    _ => self.rows.push((r, vec![(c, cell)])),
                }
            }
        }
        let mut builder = SheetBuilder::new(name, hidden);
        for (row, cells) in self.rows {
            let width = cells.last().map_or(0, |(c, _)| *c as usize + 1);
            let mut dense = vec![Cell::Empty; width];
            for (c, cell) in cells {
                dense[c as usize] = cell;
            }
            builder.push(row.saturating_add(1), dense);
        }
        builder.finish()
    }
}

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

// ---------------------------------------------------------------------------------------------
// Headings

/// A field of a procurement record (content model, "Procurement registers"), as a column
/// heading names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `item`: งานที่จัดซื้อหรือจัดจ้าง.
    Item,
    /// `kind`: ประเภท (ซื้อ | จ้าง | เช่า).
    Kind,
    /// `budget`: วงเงินที่จะซื้อหรือจ้าง / วงเงินงบประมาณที่ได้รับจัดสรร.
    Budget,
    /// `source`: แหล่งที่มาของงบประมาณ.
    Source,
    /// `category`: หมวดงบรายจ่าย.
    Category,
    /// `reference_price`: ราคากลาง.
    ReferencePrice,
    /// `method`: วิธีซื้อหรือจ้าง.
    Method,
    /// `bidders`: รายชื่อผู้เสนอราคาและราคาที่เสนอ.
    Bidders,
    /// `winner`: ผู้ได้รับการคัดเลือก. The column of แบบ สขร.๑ that holds the winner and the
    /// agreed price together (ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง) is this one.
    Winner,
    /// `price`: ราคาที่ตกลงซื้อหรือจ้าง.
    Price,
    /// `reason`: เหตุผลที่คัดเลือกโดยสรุป.
    Reason,
    /// `contract_number`: เลขที่สัญญา. The column of แบบ สขร.๑ that holds the number and the
    /// date together (เลขที่และวันที่ของสัญญาหรือข้อตกลง…) is this one.
    ContractNumber,
    /// `contract_date`: วันที่สัญญา.
    ContractDate,
    /// `status`: สถานะการจัดซื้อจัดจ้าง.
    Status,
    /// `egp`: เลขที่โครงการในระบบ e-GP.
    Egp,
    /// `month`: เดือน.
    Month,
    /// ลำดับที่: a heading every form has, which is not a field of the record (the pages
    /// number the records themselves).
    Number,
}

impl Field {
    /// Every field, in the order of the contract.
    pub const ALL: [Field; 17] = [
        Field::Item,
        Field::Kind,
        Field::Budget,
        Field::Source,
        Field::Category,
        Field::ReferencePrice,
        Field::Method,
        Field::Bidders,
        Field::Winner,
        Field::Price,
        Field::Reason,
        Field::ContractNumber,
        Field::ContractDate,
        Field::Status,
        Field::Egp,
        Field::Month,
        Field::Number,
    ];

    /// The record's key in the contract (`reference_price`); `number` for [`Field::Number`],
    /// which is no key of a record.
    pub fn key(self) -> &'static str {
        match self {
            Field::Item => "item",
            Field::Kind => "kind",
            Field::Budget => "budget",
            Field::Source => "source",
            Field::Category => "category",
            Field::ReferencePrice => "reference_price",
            Field::Method => "method",
            Field::Bidders => "bidders",
            Field::Winner => "winner",
            Field::Price => "price",
            Field::Reason => "reason",
            Field::ContractNumber => "contract_number",
            Field::ContractDate => "contract_date",
            Field::Status => "status",
            Field::Egp => "egp",
            Field::Month => "month",
            Field::Number => "number",
        }
    }

    /// The Thai heading of the field, as the contract gives it (for messages: "ไม่มีคอลัมน์
    /// ราคาที่ตกลงซื้อหรือจ้าง").
    pub fn thai(self) -> &'static str {
        match self {
            Field::Item => "งานที่จัดซื้อหรือจัดจ้าง",
            Field::Kind => "ประเภท",
            Field::Budget => "วงเงินที่จะซื้อหรือจ้าง",
            Field::Source => "แหล่งที่มาของงบประมาณ",
            Field::Category => "หมวดงบรายจ่าย",
            Field::ReferencePrice => "ราคากลาง",
            Field::Method => "วิธีซื้อหรือจ้าง",
            Field::Bidders => "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
            Field::Winner => "ผู้ได้รับการคัดเลือก",
            Field::Price => "ราคาที่ตกลงซื้อหรือจ้าง",
            Field::Reason => "เหตุผลที่คัดเลือกโดยสรุป",
            Field::ContractNumber => "เลขที่สัญญา",
            Field::ContractDate => "วันที่สัญญา",
            Field::Status => "สถานะการจัดซื้อจัดจ้าง",
            Field::Egp => "เลขที่โครงการในระบบ e-GP",
            Field::Month => "เดือน",
            Field::Number => "ลำดับที่",
        }
    }
}

/// The headings each field is known by, besides its key: what แบบ สขร.๑ and offices' own
/// sheets say, and the names of the government's open procurement data (data.go.th: the Thai
/// column names of its data store and the JSON names of its API) where they mean the same.
/// Written as people write them; [`heading_key`] makes them comparable.
const HEADINGS: &[(&str, Field)] = &[
    // item
    ("งานที่จัดซื้อหรือจัดจ้าง", Field::Item),
    ("งานที่จัดซื้อจัดจ้าง", Field::Item),
    ("งานที่ซื้อหรือจ้าง", Field::Item),
    ("ชื่อรายการ", Field::Item),
    ("ชื่อรายการของงานที่ซื้อหรือจ้าง", Field::Item),
    ("รายการ", Field::Item),
    ("รายการพัสดุ", Field::Item),
    ("ชื่อโครงการ", Field::Item),
    ("โครงการ", Field::Item),
    ("project_name", Field::Item),
    // kind
    ("ประเภท", Field::Kind),
    ("ประเภทการจัดซื้อจัดจ้าง", Field::Kind),
    ("ประเภทงาน", Field::Kind),
    ("ชื่อประเภทโครงการ", Field::Kind),
    ("project_type_name", Field::Kind),
    // budget
    ("วงเงินที่จะซื้อหรือจ้าง", Field::Budget),
    ("วงเงินที่จะซื้อหรือจ้างหรือเช่า", Field::Budget),
    ("วงเงินงบประมาณที่ได้รับจัดสรร", Field::Budget),
    ("วงเงินงบประมาณ", Field::Budget),
    ("วงเงิน", Field::Budget),
    ("งบประมาณที่ได้รับจัดสรร", Field::Budget),
    ("งบประมาณ", Field::Budget),
    ("project_money", Field::Budget),
    // source
    ("แหล่งที่มาของงบประมาณ", Field::Source),
    ("แหล่งงบประมาณ", Field::Source),
    ("แหล่งเงิน", Field::Source),
    ("แหล่งที่มาของเงิน", Field::Source),
    // category
    ("หมวดงบรายจ่าย", Field::Category),
    ("หมวดรายจ่าย", Field::Category),
    ("งบรายจ่าย", Field::Category),
    // reference_price
    ("ราคากลาง", Field::ReferencePrice),
    ("price_build", Field::ReferencePrice),
    // method
    ("วิธีซื้อหรือจ้าง", Field::Method),
    ("วิธีการซื้อหรือจ้าง", Field::Method),
    ("วิธีการจัดซื้อจัดจ้าง", Field::Method),
    ("วิธีจัดซื้อจัดจ้าง", Field::Method),
    ("วิธีจัดซื้อฯ", Field::Method),
    ("วิธีจัดซื้อ", Field::Method),
    ("purchase_method_name", Field::Method),
    // bidders
    ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", Field::Bidders),
    ("ผู้เสนอราคาและราคาที่เสนอ", Field::Bidders),
    ("รายชื่อผู้เสนอราคา", Field::Bidders),
    ("ผู้เสนอราคา", Field::Bidders),
    ("ชื่อผู้เสนอราคา", Field::Bidders),
    // winner
    ("ผู้ได้รับการคัดเลือก", Field::Winner),
    ("ผู้ได้รับคัดเลือก", Field::Winner),
    ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", Field::Winner),
    ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", Field::Winner),
    ("ชื่อผู้ชนะ", Field::Winner),
    ("ผู้ชนะ", Field::Winner),
    ("winner.name", Field::Winner),
    // price
    ("ราคาที่ตกลงซื้อหรือจ้าง", Field::Price),
    ("ราคาที่ตกลง", Field::Price),
    ("ราคาตกลงซื้อ/จ้าง", Field::Price),
    ("ราคาตกลงซื้อหรือจ้าง", Field::Price),
    ("ราคาที่ตกลงซื้อ/จ้าง", Field::Price),
    ("price_agree", Field::Price),
    ("winner.price", Field::Price),
    // reason
    ("เหตุผลที่คัดเลือกโดยสรุป", Field::Reason),
    ("เหตุผลที่คัดเลือก", Field::Reason),
    ("เหตุผลที่ใช้ในการคัดเลือกโดยสรุป", Field::Reason),
    ("เหตุผลที่ใช้ในการคัดเลือก", Field::Reason),
    ("เหตุผลในการคัดเลือก", Field::Reason),
    // contract_number
    ("เลขที่สัญญา", Field::ContractNumber),
    ("เลขที่สัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่ของสัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่และวันที่ของสัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", Field::ContractNumber),
    ("contract_no", Field::ContractNumber),
    ("contract.number", Field::ContractNumber),
    // contract_date
    ("วันที่สัญญา", Field::ContractDate),
    ("วันที่ของสัญญา", Field::ContractDate),
    ("วันที่ของสัญญาหรือข้อตกลง", Field::ContractDate),
    ("วันที่สัญญาหรือข้อตกลง", Field::ContractDate),
    ("วันที่ทำสัญญา", Field::ContractDate),
    ("วันที่ลงนามสัญญา", Field::ContractDate),
    ("วันที่ลงนามในสัญญา", Field::ContractDate),
    ("contract.date", Field::ContractDate),
    // status
    ("สถานะการจัดซื้อจัดจ้าง", Field::Status),
    ("สถานะ", Field::Status),
    ("สถานะสัญญา", Field::Status),
    // egp
    ("เลขที่โครงการในระบบ e-GP", Field::Egp),
    ("เลขที่โครงการ e-GP", Field::Egp),
    ("เลขโครงการ e-GP", Field::Egp),
    ("เลขที่โครงการ", Field::Egp),
    ("รหัสโครงการ", Field::Egp),
    ("project_id", Field::Egp),
    // month
    ("เดือน", Field::Month),
    ("ประจำเดือน", Field::Month),
    ("เดือนที่รายงาน", Field::Month),
    // the number column
    ("ลำดับที่", Field::Number),
    ("ลำดับ", Field::Number),
    ("ที่", Field::Number),
    ("no.", Field::Number),
    ("no", Field::Number),
    ("#", Field::Number),
];

/// The record field a column heading names, or `None` for a heading that names none.
///
/// Known headings: the contract's keys (`item` … `month`, also `Reference price` or
/// `reference-price`), the Thai headings of แบบ สขร.๑ and those offices type, and the open
/// procurement data's column names where they mean the same thing (รหัสโครงการ, ชื่อโครงการ,
/// วิธีจัดซื้อฯ, งบประมาณ(บาท), ราคากลาง(บาท), ราคาตกลงซื้อ/จ้าง, ชื่อผู้ชนะ, เลขที่สัญญา,
/// วันที่ลงนามสัญญา, สถานะสัญญา; project_id, project_name, purchase_method_name, project_money,
/// price_build, price_agree, winner, contract_no, contract_date). ลำดับที่ / ลำดับ / ที่ is
/// [`Field::Number`].
///
/// Headings are compared without spaces and line breaks (a heading cell is often broken
/// over lines), Latin letters in lower case, `_` and `-` left out, Thai digits as Arabic, a
/// leading number (`1.`, `๑)`) and a trailing colon ignored, and a trailing part in brackets
/// (`(บาท)`, `(ถ้ามี)`) ignored when the rest is known. A bracket that changes the unit
/// (`(ล้านบาท)`, `(พันบาท)`) is not ignored: such a heading names no field.
pub fn field_of(heading: &str) -> Option<Field> {
    let table = heading_table();
    let mut key = heading_key(heading);
    // At most two trailing brackets: "ราคากลาง (บาท) (ถ้ามี)".
    for _ in 0..3 {
        if key.is_empty() {
            return None;
        }
        if let Some(field) = table.get(&key) {
            return Some(*field);
        }
        key = without_trailing_bracket(&key)?.to_string();
    }
    None
}

/// [`HEADINGS`] and the fields' keys, by [`heading_key`].
fn heading_table() -> &'static HashMap<String, Field> {
    static TABLE: OnceLock<HashMap<String, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let keys = Field::ALL.iter().filter(|f| **f != Field::Number).map(|f| (f.key(), *f));
        keys.chain(HEADINGS.iter().copied()).map(|(h, f)| (heading_key(h), f)).collect()
    })
}

/// A heading made comparable (see [`field_of`]).
fn heading_key(heading: &str) -> String {
    let digits = crate::values::digits::to_arabic_digits(heading);
    let mut key: String = digits
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c) && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    // SARA AM typed as NIKHAHIT + SARA AA (with a tone mark between, in "น้ำ").
    if key.contains('\u{0E4D}') {
        key = compose_sara_am(&key);
    }
    let key = key.trim_end_matches([':', '：']);
    without_leading_number(key).to_string()
}

/// NIKHAHIT (U+0E4D), a tone mark or not, then SARA AA (U+0E32) → the tone mark, SARA AM.
fn compose_sara_am(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let tone = |c: char| ('\u{0E48}'..='\u{0E4B}').contains(&c);
        match (chars[i], chars.get(i + 1), chars.get(i + 2)) {
            ('\u{0E4D}', Some('\u{0E32}'), _) => {
                out.push('\u{0E33}');
                i += 2;
            }
            ('\u{0E4D}', Some(t), Some('\u{0E32}')) if tone(*t) => {
                out.push(*t);
                out.push('\u{0E33}');
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `1.งาน` → `งาน`, `(1)งาน` → `งาน`, `1)งาน` → `งาน`; anything else as it is.
fn without_leading_number(key: &str) -> &str {
    let inner = key.strip_prefix('(').unwrap_or(key);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return key;
    }
    let rest = &inner[digits..];
    let rest = match rest.strip_prefix(['.', ')']) {
        Some(rest) => rest,
        None => return key,
    };
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        key
    } else {
        rest
    }
}

/// `ราคากลาง(บาท)` → `ราคากลาง`; `None` when there is no trailing bracket or it holds a unit
/// other than the baht.
fn without_trailing_bracket(key: &str) -> Option<&str> {
    let open = if key.ends_with(')') {
        key.rfind('(')?
    } else if key.ends_with(']') {
        key.rfind('[')?
    } else {
        return None;
    };
    let inner = &key[open..];
    const SCALES: [&str; 6] = ["ล้าน", "แสน", "หมื่น", "พัน", "million", "thousand"];
    if SCALES.iter().any(|s| inner.contains(s)) {
        return None;
    }
    Some(&key[..open])
}

/// Characters with no width that editors' text carries along: zero-width space and joiners,
/// the byte order mark, the soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

#[cfg(test)]
mod tests;
