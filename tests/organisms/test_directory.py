"""C14: the public directory of signatories, its search, its open data, and when it last changed."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisms import directory, services
from organisms.models import CommunicationControl
from tests.dom import facts, main_text, parse, texts
from tests.factories import (
    CharterEditionFactory,
    ControlFactory,
    OrganisationFactory,
    SignatureFactory,
)

D = datetime.date
TODAY = D(2022, 3, 15)


@pytest.fixture
def listing(db, edition, on_day):
    """Three signatories in Reims, Metz and Mulhouse; one expired, one withdrawn, one never signed."""
    on_day(TODAY)
    old = CharterEditionFactory(
        version="2019", valid_from=D(2019, 1, 1), valid_until=D(2020, 12, 31)
    )
    reims = OrganisationFactory(
        legal_name="Atelier Champagne",
        city="Reims",
        postcode="51100",
        departement="51",
        certifications="RNCP35625 Soudeur assembleur industriel",
        website="https://atelier.example.org",
    )
    metz = OrganisationFactory(
        legal_name="Compétences Lorraine", city="Metz", postcode="57000", departement="57"
    )
    mulhouse = OrganisationFactory(
        legal_name="Alsace Sud",
        trade_name="ASF",
        city="Mulhouse",
        postcode="68100",
        departement="68",
    )
    expired = OrganisationFactory(
        legal_name="Ancien Signataire", city="Reims", postcode="51100", departement="51"
    )
    withdrawn = OrganisationFactory(
        legal_name="Retiré Formation", city="Reims", postcode="51100", departement="51"
    )
    OrganisationFactory(legal_name="Jamais Signé", city="Reims", departement="51")
    for org, day in [(reims, D(2021, 7, 1)), (metz, D(2021, 8, 1)), (mulhouse, D(2021, 9, 1))]:
        SignatureFactory(organisation=org, edition=edition, signed_on=day)
    SignatureFactory(organisation=expired, edition=old, signed_on=D(2019, 6, 1))
    SignatureFactory(
        organisation=withdrawn, edition=edition, signed_on=D(2021, 7, 1), withdrawn_on=D(2022, 2, 1)
    )
    return {
        "reims": reims,
        "metz": metz,
        "mulhouse": mulhouse,
        "expired": expired,
        "withdrawn": withdrawn,
    }


def _names(response):
    return [org.name for org in response.context["page"].object_list]


def test_the_directory_lists_only_active_signatories(client, listing, on_day):
    on_day(TODAY)
    response = client.get(reverse("organisms:directory"))
    assert _names(response) == ["ASF", "Atelier Champagne", "Compétences Lorraine"]
    page = response.content.decode()
    assert "Ancien Signataire" not in page
    assert "Retiré Formation" not in page
    assert "Jamais Signé" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "reims"}, ["Atelier Champagne"]),
        ({"q": "Lorraine"}, ["Compétences Lorraine"]),
        ({"q": "RNCP35625"}, ["Atelier Champagne"]),
        ({"q": "soudeur"}, ["Atelier Champagne"]),
        ({"q": "Alsace"}, ["ASF"]),  # legal name behind the trade name
        ({"departement": "57"}, ["Compétences Lorraine"]),
        ({"q": "Reims", "departement": "57"}, []),
        ({"q": "Paris"}, []),
    ],
)
def test_a_visitor_searches_by_name_city_or_certification(client, listing, on_day, query, expected):
    on_day(TODAY)
    assert _names(client.get(reverse("organisms:directory"), query)) == expected


def test_a_search_with_no_result_says_so(client, listing, on_day):
    on_day(TODAY)
    response = client.get(reverse("organisms:directory"), {"q": "Paris"})
    [count] = texts(response, "//main//p[@role='status']")
    assert count.startswith("0 organisme")
    assert not parse(response).xpath("//ul[@class='directory-list']")
    assert (
        "Aucun organisme signataire ne correspond à votre recherche. Essayez un autre nom, "
        "une autre ville ou un autre département."
    ) in texts(response, "//main//p")


def test_the_directory_is_paginated(client, edition, on_day, django_assert_max_num_queries):
    on_day(TODAY)
    for index in range(45):
        SignatureFactory(
            organisation=OrganisationFactory(legal_name=f"OF {index:02d}"), edition=edition
        )
    with django_assert_max_num_queries(12):
        first = client.get(reverse("organisms:directory"))
    assert len(first.context["page"].object_list) == 20
    assert first.context["page"].paginator.count == 45
    third = client.get(reverse("organisms:directory"), {"page": 3})
    assert _names(third) == [f"OF {index:02d}" for index in range(40, 45)]


def test_directory_queries_do_not_grow_with_rows(
    client, edition, on_day, django_assert_max_num_queries
):
    on_day(TODAY)
    for _ in range(5):
        SignatureFactory(organisation=OrganisationFactory(), edition=edition)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("organisms:directory"))
    for _ in range(30):
        SignatureFactory(organisation=OrganisationFactory(), edition=edition)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("organisms:directory"))


def test_a_signatory_has_its_own_page(client, listing, on_day):
    on_day(TODAY)
    org = listing["reims"]
    response = client.get(reverse("organisms:directory_detail", args=[org.siret]))
    assert texts(response, "//h1") == ["Atelier Champagne"]
    shown = facts(response)
    assert shown["Site web"] == "https://atelier.example.org"
    assert shown["Signataire depuis le"] == "01/07/2021"
    assert shown["Engagement valable jusqu'au"] == "31/12/2022"


@pytest.mark.parametrize("who", ["expired", "withdrawn"])
def test_expired_and_withdrawn_organisations_have_no_public_page(client, listing, on_day, who):
    on_day(TODAY)
    assert (
        client.get(reverse("organisms:directory_detail", args=[listing[who].siret])).status_code
        == 404
    )


def test_the_csv_opens_in_french_excel_and_carries_the_open_data_fields(client, listing, on_day):
    on_day(TODAY)
    response = client.get(reverse("organisms:directory_csv"))
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 accents
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [row["name"] for row in rows] == ["ASF", "Atelier Champagne", "Compétences Lorraine"]
    reims = rows[1]
    assert reims == {
        "siret": listing["reims"].siret,
        "nda": listing["reims"].nda,
        "name": "Atelier Champagne",
        "legal_name": "Atelier Champagne",
        "city": "Reims",
        "postcode": "51100",
        "departement": "51",
        "website": "https://atelier.example.org",
        "signed_on": "2021-07-01",
        "edition": "2021",
        "valid_until": "2022-12-31",
    }


def test_the_json_and_the_api_give_the_same_signatories(client, listing, on_day):
    on_day(TODAY)
    payload = client.get(reverse("organisms:directory_json")).json()
    api = client.get("/api/v1/public/signatories/").json()
    assert [row["siret"] for row in payload["signatories"]] == [
        row["siret"] for row in api["results"]
    ]
    assert payload["signatories"][2]["city"] == "Metz"
    first = api["results"][1]
    assert first["certifications"] == ["RNCP35625 Soudeur assembleur industriel"]
    assert first["valid_until"] == "2022-12-31"
    assert first["signed_on"] == "2021-07-01"


def test_the_list_changes_when_a_signature_is_withdrawn_or_an_edition_ends(
    listing, on_day, quality_officer
):
    """Recorded on 15/03/2022; nothing happens until a breach withdraws Metz on 10/05/2022;
    the 2021 edition ends on 31/12/2022, so on 01/02/2023 the list last changed on 01/01/2023."""
    on_day(TODAY)
    assert directory.last_changed(TODAY) == TODAY  # the factories recorded signatures today
    withdrawal_day = on_day(D(2022, 5, 10))
    assert directory.last_changed(withdrawal_day) == TODAY  # a quiet day changes nothing

    control = ControlFactory(organisation=listing["metz"], opened_by=quality_officer)
    services.conclude_control(
        control.pk, CommunicationControl.Outcome.BREACH, "Logo détourné.", quality_officer
    )

    assert directory.last_changed(withdrawal_day) == withdrawal_day
    assert "Compétences Lorraine" not in [org.name for org in directory.signatories()]
    assert directory.last_changed(D(2023, 2, 1)) == D(2023, 1, 1)


def test_the_page_shows_when_the_list_last_changed(client, listing, on_day):
    on_day(TODAY)
    response = client.get(reverse("organisms:directory"))
    assert "Liste mise à jour le 15/03/2022." in texts(response, "//main//section//p")


def _listed(response):
    return texts(response, "//ul[@class='directory-list']/li/h2")


def test_the_cached_directory_follows_every_change_at_the_next_request(
    client, listing, edition, on_day, quality_officer
):
    """The page, its JSON and its CSV are cached per search, page and language; each request reads
    the directory's version first. A repeated request renders nothing again (1 query instead of
    the 7 of a first rendering), and a withdrawal, a renamed organisation or an edition ending
    shows at the next request, never a stale list."""
    on_day(TODAY)
    url = reverse("organisms:directory")
    first = client.get(url)
    assert _listed(first) == ["ASF", "Atelier Champagne", "Compétences Lorraine"]
    with CaptureQueriesContext(connection) as rendered_once:
        again = client.get(url)
    assert len(rendered_once) == 1  # the version; the content comes from the cache
    assert main_text(again) == main_text(first)
    assert "Compétences Lorraine" in {
        row["name"] for row in client.get(reverse("organisms:directory_json")).json()["signatories"]
    }

    # a breach withdraws Metz's signature: gone from the page, the JSON and the CSV
    control = ControlFactory(organisation=listing["metz"], opened_by=quality_officer)
    services.conclude_control(
        control.pk, CommunicationControl.Outcome.BREACH, "Logo détourné.", quality_officer
    )
    after = client.get(url)
    assert _listed(after) == ["ASF", "Atelier Champagne"]
    assert texts(after, "//main//p[@role='status']") == ["2 organismes signataires"]
    payload = client.get(reverse("organisms:directory_json")).json()
    assert [row["name"] for row in payload["signatories"]] == ["ASF", "Atelier Champagne"]
    rows = csv.DictReader(
        io.StringIO(client.get(reverse("organisms:directory_csv")).content.decode("utf-8-sig")),
        delimiter=";",
    )
    assert listing["metz"].siret not in {row["siret"] for row in rows}

    # a renamed organisation (its public details edited by staff)
    reims = listing["reims"]
    reims.trade_name = "Champagne Compétences"
    services.save_organisation(reims, quality_officer)
    assert _listed(client.get(url)) == ["ASF", "Champagne Compétences"]

    # the edition's title corrected: each row says which edition it signed
    edition.title = "Charte révisée"
    services.save_edition(edition, quality_officer)
    signed = texts(client.get(url), "//ul[@class='directory-list']/li/p[last()]")
    assert signed == [
        "Signataire depuis le 01/09/2021 — Charte révisée",
        "Signataire depuis le 01/07/2021 — Charte révisée",
    ]

    # the 2021 edition ends on 31/12/2022: on 02/01/2023 nobody is listed any more
    on_day(D(2023, 1, 2))
    assert _listed(client.get(url)) == []
    assert client.get(reverse("organisms:directory_json")).json()["signatories"] == []


def test_each_row_lists_the_signatorys_certifications(client, listing, on_day, quality_officer):
    """Two lines typed by staff, one a code alone: « code title ; code » after the label."""
    on_day(TODAY)
    reims = listing["reims"]
    reims.certifications = "RNCP35625 Soudeur assembleur industriel\nrs5468"
    services.save_organisation(reims, quality_officer)
    rows = parse(client.get(reverse("organisms:directory"))).xpath(
        "//ul[@class='directory-list']/li"
    )
    certifications = {
        texts(row, "./h2")[0]: [line for line in texts(row, "./p") if "Certifications" in line]
        for row in rows
    }
    assert certifications == {
        "ASF": [],
        "Atelier Champagne": ["Certifications : RNCP35625 Soudeur assembleur industriel ; RS5468"],
        "Compétences Lorraine": [],
    }
