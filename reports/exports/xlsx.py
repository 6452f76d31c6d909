"""A report as an Excel workbook: a « Synthèse » sheet (period, scope, every indicator with its
definition, breakdown tables with native charts) and one sheet per detail table.

Written with XlsxWriter in `constant_memory` mode: each row goes to disk once written, so memory
stays flat on national-scale data. XlsxWriter makes the package, the synthesis, its charts, the
formats, widths, frozen headers and filters; the detail sheets' rows, millions of cells in a
national workbook, are written as XML by `_Rows`, each column's cell markup made once per distinct
value, deflated on another core while the next rows are built (`_Deflater`), and spliced into
XlsxWriter's package as it is copied to the target (`_package`). User text is always written as
a string (never a formula or a link), and text that a spreadsheet would read as a formula keeps a
leading apostrophe (`safe_cell`).
"""

import datetime
import io
import math
import queue
import re
import shutil
import tempfile
import threading
import zipfile
import zlib
from operator import getitem

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from zlib_ng.zlib_ng import crc32_combine

from charter_portal import progress
from charter_portal.spreadsheets import FORMULA_STARTS, safe_cell
from reports.details import DATE, DATETIME, NUMBER

HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#0B4F8A", "pattern": 1}
FORMATS = {DATE: "DD/MM/YYYY", DATETIME: "DD/MM/YYYY HH:MM", NUMBER: "#,##0.0#"}
# breakdowns drawn as bar charts on the synthesis sheet
CHARTED = [
    "proposals_by_month",
    "proposals_by_lever",
    "decisions_by_outcome",
    "alerts_by_outcome",
    "secured_paths_levers",
]
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}


class _Formats:
    def __init__(self, workbook):
        add = workbook.add_format
        self.header = add(HEADER)
        self.bold = add({"bold": True})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.number = add({"num_format": FORMATS[NUMBER]})
        self.number_wrap = add({"num_format": FORMATS[NUMBER], "text_wrap": True, "valign": "top"})
        self.kinds = {kind: add({"num_format": code}) for kind, code in FORMATS.items()}


def _value(sheet, row, column, value, cell_format=None):
    """One synthesis cell: text as text (never a formula), numbers as numbers, None as blank."""
    if value is None or value == "":
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, column, safe_cell(value), cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, cell_format)
    else:
        sheet.write(row, column, value, cell_format)


def _synthesis(workbook, formats, report, labels):
    name = str(labels["synthesis"])
    sheet = workbook.add_worksheet(name)
    for column, width in enumerate((28, 38, 70, 12, 16)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(6, 0)  # rows 1–6: title, period, scope, date, blank, header
    sheet.write_string(0, 0, safe_cell(str(labels["title"])), formats.bold)
    sheet.write_string(1, 0, str(labels["period"]))
    sheet.write_datetime(1, 1, report.period.start, formats.kinds[DATE])
    sheet.write_datetime(1, 2, report.period.end, formats.kinds[DATE])
    sheet.write_string(2, 0, str(labels["scope"]))
    _value(sheet, 2, 1, report.scope_label)
    sheet.write_string(3, 0, str(labels["generated_at"]))
    sheet.write_datetime(3, 1, report.generated_at.replace(tzinfo=None), formats.kinds[DATETIME])
    header_row = 5
    for column, text in enumerate(labels["columns"]):
        sheet.write_string(header_row, column, str(text), formats.header)
    row = header_row
    for item in report.indicators:
        row += 1
        value = item["value"]
        breakdown = isinstance(value, dict)
        shown = "; ".join(f"{k} : {v}" for k, v in value.items()) if breakdown else value
        _value(sheet, row, 0, item["code"])
        _value(sheet, row, 1, item["label"], formats.wrap)
        _value(sheet, row, 2, item["definition"], formats.wrap)
        _value(
            sheet, row, 3, labels.get("commitments", {}).get(item["commitment"], item["commitment"])
        )
        _value(sheet, row, 4, shown, formats.number_wrap if breakdown else formats.number)
    sheet.autofilter(header_row, 0, row, 4)
    # breakdown tables, each with its chart beside it
    row += 2
    for code in CHARTED:
        item = next((i for i in report.indicators if i["code"] == code), None)
        if not item or not item["value"]:
            continue
        row += 1  # a blank row, then the table's title
        _value(sheet, row, 0, item["label"], formats.bold)
        row += 1
        header = row
        sheet.write_string(header, 0, str(labels["key"]), formats.header)
        sheet.write_string(header, 1, str(labels["count"]), formats.header)
        for key, count in item["value"].items():
            row += 1
            _value(sheet, row, 0, str(key))
            _value(sheet, row, 1, count)
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": [name, header, 1],
                "categories": [name, header + 1, 0, row, 0],
                "values": [name, header + 1, 1, row, 1],
            }
        )
        chart.set_title({"name": str(item["label"])})
        chart.set_y_axis({"name": str(labels["count"])})
        chart.set_legend({"none": True})
        chart.set_size({"width": 605, "height": 265})  # 16 × 7 cm
        sheet.insert_chart(header, 3, chart)
        row += max(0, 15 - len(item["value"]))


# Control characters XML 1.0 cannot hold, which Excel spells `_xHHHH_` (and a literal `_xHHHH_`
# keeps its underscore as `_x005F`); `&`, `<`, `>` become entities. One search per text finds the
# rare cells that need any of it.
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_TEXT_MAX = 32767  # Excel's longest cell text
# Excel's serial day 0 for every moment from 1 March 1900 on (its 1900 counts a 29 February, so
# earlier moments count one day less, as XlsxWriter writes them)
_EPOCH = datetime.datetime(1899, 12, 30)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_DAY = datetime.timedelta(days=1)
_LAST_SHIFTED_SERIAL = 60  # 29 February 1900, a day that never was


def _text(value) -> str:
    """A text cell's XML after its reference: never a formula (`safe_cell`), escaped as XlsxWriter
    escapes it, with `xml:space` kept when it starts or ends with a space; "" for no text."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    if len(value) > _TEXT_MAX:
        value = value[:_TEXT_MAX]
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    if _NEEDS_ESCAPE.search(value):
        value = _LITERAL_ESCAPE.sub(r"_x005F\1", value)
        value = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", value)
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _number(style):
    def cell(value) -> str:
        """A number cell's XML after its reference; "" for none (or NaN, infinity)."""
        if value is None or value == "" or not math.isfinite(value):
            return ""
        return f' s="{style}"><v>{value:.16G}</v></c>'

    return cell


def _moment(style):
    def cell(value) -> str:
        """A date or a naive local moment as Excel's serial day number; "" for none."""
        if value is None or value == "":
            return ""
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:  # as XlsxWriter's `remove_timezone`
                value = value.replace(tzinfo=None)
            serial = (value - _EPOCH) / _DAY
        else:
            serial = value.toordinal() - _EPOCH_ORDINAL
        if serial <= _LAST_SHIFTED_SERIAL:
            serial -= 1
        return f' s="{style}"><v>{serial:.16G}</v></c>'

    return cell


class _Cells(dict):
    """One column's cells: value → its XML after the cell reference, made once per distinct value
    (statuses, labels, organisations, days repeat down a column) and forgotten past a bound so that
    columns of unique values (references, moments) keep memory flat."""

    BOUND = 20_000

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, value):
        if len(self) >= self.BOUND:
            self.clear()
        cell = self[value] = self.make(value)
        return cell


class _Moments(_Cells):
    """A column of moments to the minute or second, nearly all distinct: each cell is made when met
    (the common naive moment inline, anything else by `_moment`) and none is kept."""

    def __init__(self, style):
        super().__init__(_moment(style))
        self.start = f' s="{style}"><v>'

    def __missing__(self, value):
        if value.__class__ is datetime.datetime and value.tzinfo is None:
            serial = (value - _EPOCH) / _DAY
            if serial > _LAST_SHIFTED_SERIAL:
                return f"{self.start}{serial:.16G}</v></c>"
        return self.make(value)


class _Rows:
    """A detail sheet's rows written as `<row>` XML, each column's markup, style and escaping
    resolved once per distinct value, and deflated as they come by a `_Deflater` for `_package`
    to splice into the sheet: XlsxWriter's per-cell path (cell tuple, dimension checks, XML writer
    calls, escaping) costs ~10 µs a cell, which put a national workbook at 4–5 × the same rows as
    CSV.

    It relies on internals of XlsxWriter's `constant_memory` worksheet (the version is pinned in
    pyproject.toml; tests/reports/test_workbook_rows.py checks the sheet's XML against
    XlsxWriter's own): `_write_single_row` and `previous_row`, the row it holds and flushes;
    `_check_dimensions`, the sheet's extent for its `<dimension>`; a format's `_get_xf_index()`,
    its style number.
    """

    def __init__(self, sheet, formats, columns):
        self.sheet = sheet
        self.references, self.cells = [], []
        for column, (_title, kind) in enumerate(columns):
            self.references.append(f'<c r="{xl_col_to_name(column)}')
            if kind == NUMBER:
                cells = _Cells(_number(formats.kinds[NUMBER]._get_xf_index()))
            elif kind == DATE:
                cells = _Cells(_moment(formats.kinds[DATE]._get_xf_index()))
            elif kind == DATETIME:
                cells = _Moments(formats.kinds[DATETIME]._get_xf_index())
            else:
                cells = _Cells(_text)
            self.cells.append(cells)

    def write(self, rows, first: int, out: "_Deflater") -> int:
        """Write `rows` from the zero-based row `first` on into `out`; the last row written (or
        first - 1). The rows before `first` stay XlsxWriter's, in the sheet's own XML."""
        sheet = self.sheet
        sheet._write_single_row(first)  # the header row XlsxWriter holds goes out first
        references, columns = self.references, self.cells
        number = filled = first
        chunk: list[str] = []
        add = chunk.append
        for values in rows:
            number += 1  # Excel counts rows from 1
            line = str(number)
            cells = [
                f'{reference}{line}"{cell}'
                for reference, cell in zip(references, map(getitem, columns, values), strict=True)
                if cell
            ]
            if cells:  # as XlsxWriter, no <row> without a cell
                add(f'<row r="{line}">{"".join(cells)}</row>')
                filled = number
            if len(chunk) >= 1000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
        if filled > first:
            sheet._check_dimensions(filled - 1, len(self.cells) - 1)
        sheet.previous_row = number  # XlsxWriter holds no row: nothing to flush after these
        return number - 1


# zlib level of the detail sheets' rows: level 6, zlib's default, costs twice as much as level 3
# for a file ~17 % smaller (scale 0.1: 2.5 → 3.0 MB); with the compression on a core of its own
# (`_Deflater`), the row building sets the pace either way.
DEFLATE_LEVEL = 3


class _Deflater:
    """A detail sheet's rows deflated in a thread of their own while the next rows are built:
    zlib lets go of the interpreter while it compresses, so the compression runs on a second
    core instead of after the last row. Keeps the raw deflate stream (ended on a byte boundary,
    not final, so that more can follow) in a temporary file, with the text's length and CRC-32,
    for `_splice`."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        self.size = self.crc = 0
        self._deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        self._pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-deflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while (data := self._pieces.get()) is not None:
                self.size += len(data)
                self.crc = zlib.crc32(data, self.crc)
                self.file.write(self._deflate.compress(data))
            self.file.write(self._deflate.flush(zlib.Z_SYNC_FLUSH))
        except BaseException as error:  # handed to the writer by `write` or `finish`
            self._error = error
            while self._pieces.get() is not None:  # keep the writer from blocking
                pass

    def write(self, text: str) -> None:
        if self._error is not None:
            raise self._error
        self._pieces.put(text.encode())

    def finish(self) -> None:
        """Wait for the last piece; after it, `file` holds the whole stream, from its start."""
        if self._thread.is_alive():
            self._pieces.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error
        self.file.seek(0)

    def close(self) -> None:
        """Stop the thread (also when the rows failed half-way) and drop the stream."""
        if self._thread.is_alive():
            self._pieces.put(None)
            self._thread.join()
        self.file.close()


class _Given:
    """Stands in for zipfile's compressor in an entry made of deflate data given, not computed."""

    @staticmethod
    def compress(data: bytes) -> bytes:
        return data

    @staticmethod
    def flush() -> bytes:
        return b""


def _splice(archive: zipfile.ZipFile, info: zipfile.ZipInfo, xml: bytes, rows: _Deflater):
    """Write a detail sheet into `archive`: XlsxWriter's XML for it (`xml`: everything but the
    rows after the header) with the rows' deflate stream spliced in before `</sheetData>`.
    Raw deflate streams ended on a byte boundary follow one another as one stream; the CRC-32s
    of the three texts combine into the entry's. zipfile has no way to take deflate data made
    beforehand: the entry is opened as usual, written through a compressor that passes the data
    on (`_Given`), and given the text's size and CRC before it closes (tests/reports/
    test_workbook_rows.py reads every entry back, CRC checked)."""
    rows.finish()
    head, end, tail = xml.partition(b"</sheetData>")
    tail = end + tail
    crc = crc32_combine(zlib.crc32(head), rows.crc, rows.size)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = len(head) + rows.size + len(tail)  # decides zip64, as zipfile would
    with archive.open(info, "w") as entry:
        entry._compressor = _Given()  # type: ignore[attr-defined]
        deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        entry.write(deflate.compress(head) + deflate.flush(zlib.Z_SYNC_FLUSH))
        shutil.copyfileobj(rows.file, entry, 1 << 20)
        deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        entry.write(deflate.compress(tail) + deflate.flush())
        entry._file_size, entry._crc = info.file_size, crc  # type: ignore[attr-defined]


def _package(built, target, spliced: dict[str, _Deflater]) -> None:
    """Copy the package XlsxWriter built (`built`: everything but the detail rows, small) into
    `target`, part by part in its order, each detail sheet with its rows spliced in."""
    with (
        zipfile.ZipFile(built) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for part in source.infolist():
            info = zipfile.ZipInfo(part.filename, part.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            rows = spliced.get(part.filename)
            if rows is None:
                archive.writestr(info, source.read(part))
            else:
                _splice(archive, info, source.read(part), rows)


def _table(workbook, formats, table, spliced: dict[str, _Deflater]):
    sheet = workbook.add_worksheet(str(table.title)[:31])
    width = len(table.columns)
    sheet.set_column(0, width - 1, 18)
    sheet.freeze_panes(1, 0)
    for column, (title, _kind) in enumerate(table.columns):
        sheet.write_string(0, column, str(title), formats.header)
    rows = _Deflater()
    # XlsxWriter's name for the sheet's part: its place among the worksheets
    spliced[f"xl/worksheets/sheet{len(workbook.worksheets())}.xml"] = rows
    last = _Rows(sheet, formats, table.columns).write(table.rows(), 1, rows)
    rows.finish()
    sheet.autofilter(0, 0, max(last, 0), width - 1)


def write(report, tables, target, labels) -> None:
    """Write the workbook to `target` (a path or a binary file object)."""
    built = io.BytesIO()
    workbook = xlsxwriter.Workbook(built, OPTIONS)
    formats = _Formats(workbook)
    tables = list(tables)
    sheets = 1 + len(tables)
    spliced: dict[str, _Deflater] = {}
    try:
        _synthesis(workbook, formats, report, labels)
        progress.report(1 / sheets)
        for number, table in enumerate(tables, 2):
            with progress.stage((number - 1) / sheets, number / sheets):
                _table(workbook, formats, table, spliced)
        workbook.close()
        built.seek(0)
        _package(built, target, spliced)
    finally:
        for rows in spliced.values():
            rows.close()
