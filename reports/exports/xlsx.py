"""A report as an Excel workbook: a « Synthèse » sheet (period, scope, every indicator with its
definition, breakdown tables with native charts) and one sheet per detail table, written in
openpyxl's write-only mode so memory stays flat on national-scale data."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from charter_portal.spreadsheets import safe_cell
from reports.details import DATE, DATETIME, NUMBER

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
FORMATS = {DATE: "DD/MM/YYYY", DATETIME: "DD/MM/YYYY HH:MM", NUMBER: "#,##0.0#"}
# breakdowns drawn as bar charts on the synthesis sheet
CHARTED = [
    "proposals_by_month",
    "proposals_by_lever",
    "decisions_by_outcome",
    "alerts_by_outcome",
    "secured_paths_levers",
]


def _cell(sheet, value, *, bold=False, header=False, number_format=None, wrap=False):
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    if header:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    elif bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _synthesis(workbook, report, labels):
    sheet = workbook.create_sheet(labels["synthesis"])
    for column, width in zip("ABCDE", (28, 38, 70, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A7"  # rows 1–6: title, period, scope, date, blank, header
    sheet.append([_cell(sheet, labels["title"], bold=True)])
    sheet.append(
        [
            labels["period"],
            _cell(sheet, report.period.start, number_format="DD/MM/YYYY"),
            _cell(sheet, report.period.end, number_format="DD/MM/YYYY"),
        ]
    )
    sheet.append([labels["scope"], safe_cell(report.scope_label)])
    sheet.append(
        [
            labels["generated_at"],
            _cell(
                sheet, report.generated_at.replace(tzinfo=None), number_format="DD/MM/YYYY HH:MM"
            ),
        ]
    )
    sheet.append([])
    header_row = 6
    sheet.append([_cell(sheet, text, header=True) for text in labels["columns"]])
    row = header_row
    for item in report.indicators:
        value = item["value"]
        shown = (
            "; ".join(f"{k} : {v}" for k, v in value.items()) if isinstance(value, dict) else value
        )
        sheet.append(
            [
                item["code"],
                _cell(sheet, item["label"], wrap=True),
                _cell(sheet, item["definition"], wrap=True),
                labels.get("commitments", {}).get(item["commitment"], item["commitment"]),
                _cell(sheet, shown, number_format="#,##0.0#", wrap=isinstance(value, dict)),
            ]
        )
        row += 1
    sheet.auto_filter.ref = f"A{header_row}:E{row}"
    # breakdown tables, each with its chart beside it
    row += 2
    for code in CHARTED:
        item = next((i for i in report.indicators if i["code"] == code), None)
        if not item or not item["value"]:
            continue
        sheet.append([])
        sheet.append([_cell(sheet, item["label"], bold=True)])
        first = row + 2
        sheet.append(
            [_cell(sheet, labels["key"], header=True), _cell(sheet, labels["count"], header=True)]
        )
        for key, count in item["value"].items():
            sheet.append([key, count])
        last = first + len(item["value"])
        chart = BarChart()
        chart.title = item["label"]
        chart.y_axis.title = labels["count"]
        chart.legend = None
        chart.add_data(
            Reference(sheet, min_col=2, min_row=first, max_row=last), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
        chart.height, chart.width = 7, 16
        sheet.add_chart(chart, f"D{first}")
        row = last + max(0, 15 - len(item["value"]))
        for _filler in range(max(0, 15 - len(item["value"]))):
            sheet.append([])


def _table(workbook, table):
    sheet = workbook.create_sheet(str(table.title)[:31])
    width = len(table.columns)
    for index in range(width):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 18
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, str(title), header=True) for title, _kind in table.columns])
    formats = [FORMATS.get(kind) for _title, kind in table.columns]
    count = 0
    for values in table.rows():
        sheet.append(
            [
                _cell(sheet, value, number_format=fmt)
                if fmt and value is not None
                else safe_cell(value)
                for value, fmt in zip(values, formats, strict=True)
            ]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{count + 1}"


def write(report, tables, target, labels) -> None:
    """Write the workbook to `target` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    _synthesis(workbook, report, labels)
    for table in tables:
        _table(workbook, table)
    workbook.save(target)
