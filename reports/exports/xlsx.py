"""A report as an Excel workbook: a « Synthèse » sheet (period, scope, every indicator with its
definition, breakdown tables with native charts) and one sheet per detail table.

Written with XlsxWriter in `constant_memory` mode: each row goes to disk once written, so memory
stays flat on national-scale data. XlsxWriter makes the package, the synthesis, its charts, the
formats, widths, frozen headers and filters; the detail sheets' rows, millions of cells in a
national workbook, are written as XML by `_Rows`, each column's cell markup made once per distinct
value. User text is always written as a string (never a formula or a link), and text that a
spreadsheet would read as a formula keeps a leading apostrophe (`safe_cell`).
"""

import datetime
import functools
import math
import re
import threading
import zipfile
from contextlib import contextmanager
from operator import getitem

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name

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
    """A detail sheet's rows written as `<row>` XML straight into the sheet's data, the way
    XlsxWriter's `constant_memory` mode writes them, each column's markup, style and escaping
    resolved once per distinct value: XlsxWriter's per-cell path (cell tuple, dimension checks,
    XML writer calls, escaping) costs ~10 µs a cell, which put a national workbook at 4–5 × the
    same rows as CSV.

    It relies on internals of XlsxWriter's `constant_memory` worksheet (the version is pinned in
    pyproject.toml; tests/reports/test_workbook_rows.py checks the sheet's XML against
    XlsxWriter's own): `row_data_fh`, the temporary file holding the `<sheetData>` rows;
    `_write_single_row` and `previous_row`, the row it holds and flushes; `_check_dimensions`, the
    sheet's extent for its `<dimension>`; a format's `_get_xf_index()`, its style number.
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

    def write(self, rows, first: int) -> int:
        """Write `rows` from the zero-based row `first` on; the last row written (or first - 1)."""
        sheet = self.sheet
        sheet._write_single_row(first)  # the header row XlsxWriter holds goes out first
        out = sheet.row_data_fh.write
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
                out("".join(chunk))
                chunk.clear()
        out("".join(chunk))
        if filled > first:
            sheet._check_dimensions(filled - 1, len(self.cells) - 1)
        sheet.previous_row = number  # XlsxWriter holds no row: nothing to flush after these
        return number - 1


def _table(workbook, formats, table):
    sheet = workbook.add_worksheet(str(table.title)[:31])
    width = len(table.columns)
    sheet.set_column(0, width - 1, 18)
    sheet.freeze_panes(1, 0)
    for column, (title, _kind) in enumerate(table.columns):
        sheet.write_string(0, column, str(title), formats.header)
    last = _Rows(sheet, formats, table.columns).write(table.rows(), 1)
    sheet.autofilter(0, 0, max(last, 0), width - 1)


# zlib level of the package's parts. XlsxWriter zips with the default (6), where deflating ~25 MB
# of sheet XML costs as much as writing them; level 3 costs half as much and makes a file ~17 %
# larger (scale 0.1: 2.5 → 3.0 MB).
DEFLATE_LEVEL = 3
_zipping = threading.Lock()


@contextmanager
def _deflate_level(level: int):
    """XlsxWriter has no option for it: for the duration of a `close()`, its module's `ZipFile`
    is the standard one with `compresslevel` set (a lock keeps two closes from mixing them up)."""
    with _zipping:
        standard = xlsxwriter.workbook.ZipFile
        xlsxwriter.workbook.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=level)
        try:
            yield
        finally:
            xlsxwriter.workbook.ZipFile = standard


def write(report, tables, target, labels) -> None:
    """Write the workbook to `target` (a path or a binary file object)."""
    workbook = xlsxwriter.Workbook(target, OPTIONS)
    formats = _Formats(workbook)
    tables = list(tables)
    sheets = 1 + len(tables)
    _synthesis(workbook, formats, report, labels)
    progress.report(1 / sheets)
    for number, table in enumerate(tables, 2):
        with progress.stage((number - 1) / sheets, number / sheets):
            _table(workbook, formats, table)
    with _deflate_level(DEFLATE_LEVEL):
        workbook.close()
