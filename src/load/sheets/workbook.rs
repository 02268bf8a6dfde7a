//! Reading a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods) into [`Sheet`]s with calamine: what
//! kind of file it is, the errors told when it cannot be opened, and number and date cells.

use super::{Cell, Sheet, SheetBuilder, SheetError, SAVE_AS_XLSX};
use calamine::{Data, DataRef, ExcelDateTime, Reader, SheetType, SheetVisible};
use jiff::civil::Date;
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;

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
pub(super) fn workbook_kind(bytes: &[u8]) -> Option<&'static str> {
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
pub(super) fn open_error<E: OpenError>(e: E) -> SheetError {
    if e.is_password() {
        password_error()
    } else {
        not_a_workbook().with_detail(e)
    }
}

/// The errors of calamine's readers, which each say "password" in their own way.
pub(super) trait OpenError: fmt::Display {
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

pub(super) fn password_error() -> SheetError {
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
pub(super) fn number_cell(x: f64) -> Cell {
    match number_text(x) {
        Some(text) => Cell::Number(text),
        None => Cell::Text(x.to_string()),
    }
}

/// `11500.5`, `12000`, `0.3` (for 0.1 + 0.2): `None` for a value that is not a number.
pub(super) fn number_text(x: f64) -> Option<String> {
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
pub(super) fn date_time_cell(dt: &ExcelDateTime) -> Cell {
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
pub(super) fn iso_date_cell(s: &str) -> Cell {
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
pub(super) fn iso_duration_cell(s: &str) -> Cell {
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
pub(super) struct Collector {
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    out_of_order: bool,
}

impl Collector {
    pub(super) fn add(&mut self, row: u32, column: u32, cell: Cell) {
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

    pub(super) fn finish(mut self, name: Option<String>, hidden: bool) -> Sheet {
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
