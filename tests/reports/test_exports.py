"""The exports give the API's figures: the workbook read back with openpyxl, the CSV with csv."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from reports.indicators import INDICATORS
from tests.reports.conftest import PERIOD_2022

CODES = {item.code for item in INDICATORS}

API = "/api/v1/indicators/"
XLSX = "/api/v1/indicators/export.xlsx"
CSV = "/api/v1/indicators/export.csv"


@pytest.fixture
def staff_api(api, quality_officer, records):
    api.force_authenticate(quality_officer)
    return api


def _indicators(api, params):
    return {row["code"]: row for row in api.get(API, params).json()["indicators"]}


def _workbook(api, params):
    response = api.get(XLSX, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _synthesis_values(sheet):
    """{code: value} from the synthesis sheet's table (column A code, column E value)."""
    values = {}
    for row in sheet.iter_rows(min_row=1, values_only=True):
        if row and isinstance(row[0], str) and len(row) >= 5 and row[3] and row[0] in CODES:
            values[row[0]] = row[4]
    return values


def test_the_workbook_has_the_api_s_figures_its_charts_and_its_tables(staff_api, org_a):
    params = {"organisation": org_a.pk, **PERIOD_2022}
    indicators = _indicators(staff_api, params)
    workbook = _workbook(staff_api, params)

    assert workbook.sheetnames == ["Synthèse", "Propositions", "Décisions", "Alertes"]
    synthesis = workbook["Synthèse"]
    assert synthesis["B2"].value == datetime.datetime(2022, 1, 1)
    assert synthesis["B2"].number_format == "DD/MM/YYYY"
    assert synthesis["B3"].value == "Formations Alpha"
    values = _synthesis_values(synthesis)
    assert set(values) == set(indicators)
    for code, row in indicators.items():
        value = row["value"]
        if isinstance(value, dict):
            assert values[code] == "; ".join(f"{k} : {v}" for k, v in value.items()), code
        else:
            assert values[code] == value, code
    assert values["proposals_submitted"] == 2
    # native charts, a frozen header and a filter
    assert len(synthesis._charts) >= 3
    assert synthesis.freeze_panes == "A7"
    assert synthesis["A6"].value == "Code"  # the header row stays in view
    assert synthesis.auto_filter.ref.startswith("A6:E")

    proposals = workbook["Propositions"]
    assert proposals.freeze_panes == "A2"
    assert proposals.auto_filter.ref == "A1:M3"
    assert proposals["A1"].value == "Référence"
    references = {proposals.cell(row=r, column=1).value for r in (2, 3)}
    assert len(references) == 2 and all(ref.startswith("PP-") for ref in references)
    submitted = proposals["G2"]
    assert submitted.value == datetime.datetime(2022, 1, 10, 9, 0)  # Paris time
    assert submitted.number_format == "DD/MM/YYYY HH:MM"
    assert proposals["I2"].value == 5.0  # days to the first feedback
    assert proposals["I2"].number_format == "#,##0.0#"

    decisions = workbook["Décisions"]
    assert decisions.max_row == 3
    assert decisions["C2"].number_format == "DD/MM/YYYY"
    alerts = workbook["Alertes"]
    assert alerts.max_row == 2  # A's alert only
    assert alerts["J2"].value == 6.0  # hours to acknowledgement


def test_the_csv_has_the_api_s_figures(staff_api, org_a):
    params = {"organisation": org_a.pk, **PERIOD_2022}
    indicators = _indicators(staff_api, params)
    response = staff_api.get(CSV, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM for French Excel
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["period_start", "period_end", "scope"]
    assert rows[1] == ["2022-01-01", "2022-06-30", "Formations Alpha"]
    header = rows.index(["code", "libellé", "définition", "valeur"])
    values = {row[0]: row[3] for row in rows[header + 1 :]}
    for code, row in indicators.items():
        value = row["value"]
        if isinstance(value, dict):
            for key, count in value.items():
                assert values[f"{code}.{key}"] == str(count)
        elif value is None:
            assert values[code] == ""
        elif isinstance(value, float):
            assert values[code] == str(value).replace(".", ",")  # decimal comma
        else:
            assert values[code] == str(value)
    assert values["feedback_median_days"] == "12,5"
    assert values["proposals_by_lever.hybrid"] == "1"


def test_an_of_member_exports_their_own_figures_with_the_session(client, member_a, records):
    client.force_login(member_a)
    response = client.get(CSV, PERIOD_2022)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Formations Alpha" in text
    assert "Beta Compétences" not in text


def test_the_network_workbook_lists_every_organisation_s_records(staff_api):
    workbook = _workbook(staff_api, PERIOD_2022)
    assert workbook["Synthèse"]["B3"].value == "Réseau Grand Est"
    assert workbook["Propositions"].max_row == 4  # header + PA1, PA2, PB1
    names = {workbook["Alertes"].cell(row=r, column=2).value for r in (2, 3)}
    assert names == {"Formations Alpha", "Beta Compétences"}


def test_the_workbook_writes_user_text_as_text_never_a_formula(tmp_path):
    """A name typed as `=HYPERLINK(…)` or `@SUM(…)` stays text with a leading apostrophe; numbers,
    dates and empty cells keep their type (read back with openpyxl)."""
    from reports.dataset import Period, Scope
    from reports.details import DATE, NUMBER, TEXT, Table
    from reports.exports import xlsx
    from reports.exports.labels import workbook_labels
    from reports.report import Report

    report = Report(
        Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)),
        Scope(),
        "=cmd|'/c calc'!A1",
        datetime.datetime(2023, 1, 2, 8, 30, tzinfo=datetime.UTC),
        [],
    )
    rows = [
        ['=HYPERLINK("http://x","y")', 3, datetime.date(2022, 5, 4)],
        ["@SUM(A1:A2)", None, None],
        ["https://example.org", 2.5, datetime.date(2022, 5, 5)],
    ]
    table = Table("t", "Tableau", [("Nom", TEXT), ("N", NUMBER), ("Jour", DATE)], lambda: rows)
    path = tmp_path / "classeur.xlsx"
    xlsx.write(report, [table], str(path), workbook_labels("Bilan"))

    book = load_workbook(path)
    assert book["Synthèse"]["B3"].value == "'=cmd|'/c calc'!A1"
    sheet = book["Tableau"]
    assert [cell.value for cell in sheet["A"]] == [
        "Nom",
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(A1:A2)",
        "https://example.org",
    ]
    assert all(cell.data_type == "s" for cell in sheet["A"])
    assert sheet["A4"].hyperlink is None  # not turned into a link
    assert [sheet["B2"].value, sheet["B3"].value, sheet["B4"].value] == [3, None, 2.5]
    assert sheet["C2"].value == datetime.datetime(2022, 5, 4)
    assert sheet["C2"].number_format == "DD/MM/YYYY"
    assert sheet.auto_filter.ref == "A1:C4"
