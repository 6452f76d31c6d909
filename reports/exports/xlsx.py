"""A report as an Excel workbook: a « Synthèse » sheet (period, scope, every indicator with its
definition, breakdown tables with native charts) and one sheet per detail table.

Written with XlsxWriter in `constant_memory` mode: each row goes to disk once written, so memory
stays flat on national-scale data, and each column's writer and format are chosen once, not per
cell. User text is always written as a string (never a formula or a link), and text that a
spreadsheet would read as a formula keeps a leading apostrophe (`safe_cell`).
"""

import xlsxwriter

from charter_portal import progress
from charter_portal.spreadsheets import safe_cell
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


def _writers(sheet, formats, columns):
    """Per column, chosen once: the method that writes its values, with its format."""
    text = sheet.write_string
    number, moment = sheet.write_number, sheet.write_datetime
    chosen = []
    for _title, kind in columns:
        if kind == NUMBER:
            chosen.append((number, formats.kinds[NUMBER], False))
        elif kind in (DATE, DATETIME):
            chosen.append((moment, formats.kinds[kind], False))
        else:
            chosen.append((text, None, True))
    return chosen


def _table(workbook, formats, table):
    sheet = workbook.add_worksheet(str(table.title)[:31])
    width = len(table.columns)
    sheet.set_column(0, width - 1, 18)
    sheet.freeze_panes(1, 0)
    for column, (title, _kind) in enumerate(table.columns):
        sheet.write_string(0, column, str(title), formats.header)
    writers = list(enumerate(_writers(sheet, formats, table.columns)))
    row = 0
    for values in table.rows():
        row += 1
        for (column, (write, cell_format, is_text)), value in zip(writers, values, strict=True):
            if value is None or value == "":
                continue
            if is_text:
                write(row, column, safe_cell(value) if isinstance(value, str) else str(value))
            else:
                write(row, column, value, cell_format)
    sheet.autofilter(0, 0, row, width - 1)


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
    workbook.close()
