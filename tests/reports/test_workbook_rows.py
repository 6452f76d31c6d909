"""The detail sheets' rows, written as XML by `reports.exports.xlsx._Rows` (not cell by cell through
XlsxWriter), read back with openpyxl exactly as XlsxWriter's own cells would be: same values, types,
number formats, escaping, extent, filter and frozen header."""

import datetime
import decimal
import re
import zipfile

from openpyxl import load_workbook

from charter_portal.spreadsheets import safe_cell
from reports.dataset import Period, Scope
from reports.details import DATE, DATETIME, NUMBER, TEXT, Table
from reports.exports import xlsx
from reports.exports.labels import workbook_labels
from reports.report import Report

COLUMNS = [("Nom", TEXT), ("N", NUMBER), ("Jour", DATE), ("Moment", DATETIME), ("Code", TEXT)]
PARIS = datetime.timezone(datetime.timedelta(hours=2))
ROWS = [
    ["=1+1", 3, datetime.date(2022, 5, 4), datetime.datetime(2022, 5, 4, 8, 30), "A & B <c>"],
    ["-3 jours", None, None, None, ""],
    ["  espacés  ", 2.5, datetime.date(1900, 2, 28), datetime.datetime(2023, 1, 1, 23, 59), "x"],
    ["bip\x07 et _x0041_", decimal.Decimal("1234.50"), None, None, "@SUM(A1)"],
    [None, 0, datetime.date(1900, 3, 1), datetime.datetime(2022, 6, 1, 10, tzinfo=PARIS), "\tTab"],
    ["Élodie — « Métiers » ✓", -7, None, None, "https://example.org"],
    ["x" * 40_000, 1e-7, None, None, 42],
    ["", float("nan"), None, None, None],
]


def _report():
    return Report(
        Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        Scope(),
        "Réseau",
        datetime.datetime(2023, 1, 2, 8, 30, tzinfo=datetime.UTC),
        [],
    )


def _reference(path):
    """The same sheet written cell by cell with XlsxWriter's own methods (the former path)."""
    import math

    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), xlsx.OPTIONS)
    formats = xlsx._Formats(workbook)
    sheet = workbook.add_worksheet("Tableau")
    sheet.set_column(0, len(COLUMNS) - 1, 18)
    sheet.freeze_panes(1, 0)
    for column, (title, _kind) in enumerate(COLUMNS):
        sheet.write_string(0, column, title, formats.header)
    for row, values in enumerate(ROWS, 1):
        for column, ((_title, kind), value) in enumerate(zip(COLUMNS, values, strict=True)):
            if value is None or value == "":
                continue
            if kind == TEXT:
                sheet.write_string(row, column, safe_cell(str(value)))
            elif kind == NUMBER:
                if math.isfinite(value):
                    sheet.write_number(row, column, value, formats.kinds[NUMBER])
            else:
                sheet.write_datetime(row, column, value, formats.kinds[kind])
    sheet.autofilter(0, 0, len(ROWS), len(COLUMNS) - 1)
    workbook.close()
    return load_workbook(path)["Tableau"]


def _sheet_xml(path, sheet):
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{sheet}.xml").decode()


def _dimension(path, sheet):
    return re.search(r"<dimension [^>]*>", _sheet_xml(path, sheet)).group()


def test_the_rows_xml_is_xlsxwriter_s_own_but_for_style_numbers(tmp_path):
    """Excel reads what XlsxWriter writes: the <sheetData> is the same text, character for
    character, once the style numbers (given in another order with a synthesis sheet) are set
    aside (openpyxl compares the formats they stand for, below)."""
    table = Table("t", "Tableau", COLUMNS, lambda: ROWS)
    xlsx.write(_report(), [table], str(tmp_path / "rapide.xlsx"), workbook_labels("Bilan"))
    _reference(tmp_path / "reference.xlsx")

    def rows(path, sheet):
        data = re.search("<sheetData>.*</sheetData>", _sheet_xml(path, sheet), re.S).group()
        return re.sub(r' s="\d+"', "", data)

    ours = rows(tmp_path / "rapide.xlsx", 2)
    assert ours == rows(tmp_path / "reference.xlsx", 1)
    assert '<t xml:space="preserve">  espacés  </t>' in ours
    assert "<t>bip_x0007_ et _x005F_x0041_</t>" in ours
    assert "<t>A &amp; B &lt;c&gt;</t>" in ours


def _cells(sheet):
    return [
        [(cell.value, cell.data_type, cell.number_format) for cell in row]
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=len(COLUMNS))
    ]


def test_rows_read_back_as_xlsxwriter_s_own_cells(tmp_path):
    table = Table("t", "Tableau", COLUMNS, lambda: ROWS)
    xlsx.write(_report(), [table], str(tmp_path / "rapide.xlsx"), workbook_labels("Bilan"))
    sheet = load_workbook(tmp_path / "rapide.xlsx")["Tableau"]
    reference = _reference(tmp_path / "reference.xlsx")

    assert _cells(sheet) == _cells(reference)
    # the sheet's own <dimension> element, which Excel reads before any row
    dimension = _dimension(tmp_path / "rapide.xlsx", 2)  # after the synthesis
    assert dimension == _dimension(tmp_path / "reference.xlsx", 1) == '<dimension ref="A1:E8"/>'
    assert sheet.dimensions == reference.dimensions == "A1:E8"  # the last row has no cell
    assert sheet.auto_filter.ref == reference.auto_filter.ref == "A1:E9"
    assert sheet.freeze_panes == reference.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == reference.column_dimensions["C"].width


def test_what_a_reader_sees_in_the_rows(tmp_path):
    """Spelled out, so that a change in XlsxWriter cannot make both sides wrong alike."""
    table = Table("t", "Tableau", COLUMNS, lambda: ROWS)
    xlsx.write(_report(), [table], str(tmp_path / "rapide.xlsx"), workbook_labels("Bilan"))
    sheet = load_workbook(tmp_path / "rapide.xlsx")["Tableau"]

    assert sheet.max_row == 8  # header + 8 rows, the last one without a cell
    assert [cell.value for cell in sheet[1]] == ["Nom", "N", "Jour", "Moment", "Code"]
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("0B4F8A")
    # text never starts a formula, keeps its spaces, its ampersands and its control characters
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A3"].value == "'-3 jours"
    assert sheet["A4"].value == "  espacés  "
    assert sheet["E2"].value == "A & B <c>"
    assert sheet["E5"].value == "'@SUM(A1)"
    assert sheet["E6"].value == "'\tTab"
    assert sheet["E7"].value == "https://example.org" and sheet["E7"].hyperlink is None
    assert sheet["A7"].value == "Élodie — « Métiers » ✓"
    assert len(sheet["A8"].value) == 32_767  # Excel's longest text
    assert sheet["E8"].value == "42" and sheet["E8"].data_type == "s"
    # numbers stay numbers with the column's format; none, "" and NaN are empty cells
    numbers = [sheet[f"B{row}"].value for row in range(2, 10)]
    assert numbers == [3, None, 2.5, 1234.5, 0, -7, 1e-7, None]
    assert sheet["B4"].number_format == "#,##0.0#"
    assert sheet["A6"].value is None and sheet["A9"].value is None and sheet["E3"].value is None
    # dates and moments: 4 May 2022 is Excel day 44685; 28 February 1900 is day 59 and 1 March
    # 1900 day 61 (Excel counts a 29 February 1900); an aware moment keeps its wall-clock time
    assert sheet["C2"].value == datetime.datetime(2022, 5, 4)
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet["C4"].value == datetime.datetime(1900, 2, 28)
    assert sheet["C6"].value == datetime.datetime(1900, 3, 1)
    assert sheet["D2"].value == datetime.datetime(2022, 5, 4, 8, 30)
    assert sheet["D2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["D4"].value == datetime.datetime(2023, 1, 1, 23, 59)
    assert sheet["D6"].value == datetime.datetime(2022, 6, 1, 10)


def test_an_empty_table_keeps_its_header_and_filter(tmp_path):
    table = Table("t", "Vide", COLUMNS, lambda: [])
    xlsx.write(_report(), [table], str(tmp_path / "vide.xlsx"), workbook_labels("Bilan"))
    sheet = load_workbook(tmp_path / "vide.xlsx")["Vide"]
    assert [cell.value for cell in sheet[1]] == ["Nom", "N", "Jour", "Moment", "Code"]
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref == "A1:E1"


def test_a_column_of_unique_values_keeps_its_cache_bounded(tmp_path, monkeypatch):
    """Past the bound, a column forgets the cells it made: 25,000 distinct references in a row
    would otherwise all stay in memory; every one still reaches the sheet."""
    rows = [[f"P-{number:05d}", number, None, None, "même"] for number in range(25_000)]
    table = Table("t", "Grand", COLUMNS, lambda: rows)
    cells = []
    original = xlsx._Cells.__missing__

    def spy(self, value):
        cell = original(self, value)
        cells.append(len(self))
        return cell

    monkeypatch.setattr(xlsx._Cells, "__missing__", spy)
    xlsx.write(_report(), [table], str(tmp_path / "grand.xlsx"), workbook_labels("Bilan"))
    assert max(cells) <= xlsx._Cells.BOUND
    sheet = load_workbook(tmp_path / "grand.xlsx", read_only=True)["Grand"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
    assert values[0] == "P-00000" and values[-1] == "P-24999" and len(set(values)) == 25_000


def test_every_part_of_the_package_reads_back_with_its_checksum(tmp_path):
    """The detail rows are deflated apart and spliced into the sheet: each part still unzips to
    the text its size and CRC-32 announce (2,500 rows: several pieces between head and tail)."""
    rows = [[f"P-{number:05d}", number, None, None, "é" * (number % 7)] for number in range(2_500)]
    path = tmp_path / "complet.xlsx"
    xlsx.write(
        _report(), [Table("t", "Grand", COLUMNS, lambda: rows)], str(path), workbook_labels("Bilan")
    )
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None  # every part's CRC-32 matches its text
        sheet = package.read("xl/worksheets/sheet2.xml").decode()
    assert sheet.startswith("<?xml") and sheet.endswith("</worksheet>")
    assert sheet.count("<row ") == 2_501 and '<row r="2501">' in sheet
    assert '<c r="A2501" t="inlineStr"><is><t>P-02499</t></is></c>' in sheet


def test_rows_that_fail_half_way_leave_no_file_nor_thread(tmp_path):
    import threading

    import pytest

    def rows():
        yield ["A", 1, None, None, "x"]
        raise RuntimeError("base perdue")

    path = tmp_path / "rate.xlsx"
    with pytest.raises(RuntimeError, match="base perdue"):
        xlsx.write(
            _report(), [Table("t", "Rate", COLUMNS, rows)], str(path), workbook_labels("Bilan")
        )
    assert not path.exists()
    assert not [t for t in threading.enumerate() if t.name == "xlsx-deflate"]
