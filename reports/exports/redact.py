"""A stored snapshot's workbook as a reader who may not see alert data gets it (C8), filtered when
it is served: the synthesis rewritten from the frozen figures without the alert indicators, the
frozen detail sheets copied as they were made, the alerts' sheet left out."""

from openpyxl import load_workbook

from reports import details
from reports.details import TEXT, Table
from reports.exports import xlsx
from reports.exports.labels import workbook_labels


def _stored_table(definition: Table, sheet) -> Table:
    rows = sheet.iter_rows(values_only=True)
    header = [value for value in next(rows, ()) if value is not None]
    columns = definition.columns
    if len(header) == len(columns):  # the frozen titles (language of the day), today's kinds
        columns = [(title, kind) for title, (_old, kind) in zip(header, columns, strict=True)]
    else:  # a sheet made by another version of the portal: every column as text
        columns = [(title, TEXT) for title in header]
    width = len(columns)

    def frozen_rows():
        for values in rows:
            values = list(values[:width])
            yield values + [None] * (width - len(values))

    return Table(definition.key, sheet.title, columns, frozen_rows)


def write_without_alerts(stored, report, target) -> None:
    """Write `stored` (a workbook file made by reports.services) to `target` without alert data;
    `report` is the snapshot's report as the reader may read it (Report.for_user)."""
    book = load_workbook(stored, read_only=True)
    try:
        sheets = book.worksheets
        title = next(sheets[0].iter_rows(max_row=1, max_col=1, values_only=True), ("",))[0]
        tables = [
            _stored_table(definition, sheets[index + 1])
            # sheets follow details.tables' order, whatever language they were made in
            for index, definition in enumerate(details.tables(report.period, report.scope))
            if definition.key != "alerts" and index + 1 < len(sheets)
        ]
        xlsx.write(report, tables, target, workbook_labels(title or ""))
    finally:
        book.close()
