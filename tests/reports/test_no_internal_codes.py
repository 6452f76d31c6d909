"""Users read the charter's commitments in words: no internal code such as « C8 » or « (C1 à C3) »
in the dashboard, the review, the workbook or the CSV (the codes stay in the API's data)."""

import csv
import datetime
import io
import re

from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from reports import services
from reports.dataset import Period, Scope
from tests.reports.conftest import PERIOD_2022

CODE = re.compile(r"\bC\d{1,2}\b")


def _visible_text(response) -> str:
    html = response.content.decode()
    return strip_tags(re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))


def test_pages_workbook_and_csv_name_commitments_in_words(client, org_a, records, quality_officer):
    review = services.generate_interim_review(
        Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)),
        Scope(org_a.pk),
        quality_officer,
    )
    client.force_login(quality_officer)
    query = {"organisation": org_a.pk, **PERIOD_2022}

    dashboard = _visible_text(client.get(reverse("reports:dashboard"), query))
    assert "Propositions de parcours individualisés" in dashboard
    assert CODE.findall(dashboard) == []

    page = _visible_text(client.get(reverse("reports:review_detail", args=[review.pk])))
    assert "Aucun contrôle à cause d'une alerte" in page.replace("&#x27;", "'")
    assert CODE.findall(page) == []

    response = client.get("/api/v1/indicators/export.xlsx", query)
    synthesis = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    engagement = {row[0]: row[3] for row in synthesis.iter_rows(min_row=7, values_only=True) if row}
    assert engagement["proposals_submitted"] == (
        "Un suivi commun des propositions de parcours aménagés"
    )
    assert all(not CODE.search(str(cell)) for row in synthesis.values for cell in row if cell)

    raw = client.get("/api/v1/indicators/export.csv", query).content.decode("utf-8-sig")
    assert all(
        not CODE.search(cell) for row in csv.reader(io.StringIO(raw), delimiter=";") for cell in row
    )
    # the API keeps the code, for software
    api = client.get("/api/v1/indicators/", query).json()["indicators"]
    assert {row["code"]: row["commitment"] for row in api}["proposals_submitted"] == "C3"
