"""A visitor searches the directory as people type: without accents or capitals, by certification
title, with several words narrowing the list; a town without a signatory suggests its
département's; a map of the ten départements counts the signatories and links to each list."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.dom import parse, text, texts
from tests.factories import OrganisationFactory, SignatureFactory

TODAY = datetime.date(2022, 3, 15)


@pytest.fixture
def listing(db, edition, on_day):
    """Four signatories: Épinal (88), Mulhouse ×2 (68), Strasbourg (67); one never signed in 88."""
    on_day(TODAY)
    organisations = {
        "epinal": OrganisationFactory(
            legal_name="Vosges Œuvre Formation",
            city="Épinal",
            postcode="88000",
            departement="88",
            certifications="RNCP36141 Technicien supérieur de maintenance industrielle",
        ),
        "welding": OrganisationFactory(
            legal_name="Alsace Sud Formation",
            city="Mulhouse",
            postcode="68100",
            departement="68",
            certifications="RNCP35625 Soudeur assembleur industriel\nRS5080 Créer son entreprise",
        ),
        "mulhouse": OrganisationFactory(
            legal_name="Haute-Alsace Compétences",
            city="Mulhouse",
            postcode="68200",
            departement="68",
            certifications="RNCP34464 Comptable assistant",
        ),
        "strasbourg": OrganisationFactory(
            legal_name="Institut Rhénan",
            city="Strasbourg",
            postcode="67000",
            departement="67",
            certifications="RS6000 Soudage à l'arc",
        ),
    }
    for organisation in organisations.values():
        SignatureFactory(organisation=organisation, edition=edition, signed_on=TODAY)
    OrganisationFactory(legal_name="Gérardmer Savoirs", city="Gérardmer", departement="88")
    return organisations


def names(response):
    return [org.name for org in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Epinal", ["Vosges Œuvre Formation"]),  # no accent typed
        ("ÉPINAL", ["Vosges Œuvre Formation"]),  # capitals and accent
        ("rhenan", ["Institut Rhénan"]),
        ("oeuvre", ["Vosges Œuvre Formation"]),  # the ligature typed as two letters
        ("soudure", ["Alsace Sud Formation", "Institut Rhénan"]),  # "Soudeur", "Soudage"
        ("maintenance", ["Vosges Œuvre Formation"]),  # a certification's title
        ("RS5080", ["Alsace Sud Formation"]),  # a certification's code
        ("creer entreprise", ["Alsace Sud Formation"]),
        ("mulhouse", ["Alsace Sud Formation", "Haute-Alsace Compétences"]),
        ("soudure mulhouse", ["Alsace Sud Formation"]),  # two words narrow
        ("comptable mulhouse", ["Haute-Alsace Compétences"]),
        ("soudure epinal", []),
        ("68200", ["Haute-Alsace Compétences"]),
    ],
)
def test_the_search_ignores_accents_and_case_and_narrows_with_each_word(
    client, listing, q, expected
):
    assert names(client.get(reverse("organisms:directory"), {"q": q})) == expected


def test_the_public_api_searches_the_same_way(client, listing):
    response = client.get(reverse("api:public-signatory-list"), {"q": "Epinal"})
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [row["name"] for row in rows] == ["Vosges Œuvre Formation"]


def test_a_town_without_a_signatory_suggests_its_departements(client, listing):
    """Gérardmer (88) has no signatory (its organisation never signed): Épinal's is suggested."""
    response = client.get(reverse("organisms:directory"), {"q": "Gerardmer"})
    page = response.content.decode()

    assert "Aucun organisme signataire ne correspond" in page
    (nearby,) = parse(response).xpath("//main//section[@aria-labelledby='nearby-title']")
    assert texts(nearby, "./h2") == ["Signataires du département 88 – Vosges"]
    assert texts(nearby, ".//li//h3") == ["Vosges Œuvre Formation"]
    assert "Gérardmer Savoirs" not in page  # never signed: not a signatory anywhere
    assert "Alsace Sud Formation" not in page
    # the map links to every département: the suggestion's own link is the one that matters
    (all_of_88,) = nearby.xpath(".//a[contains(@href, '?departement=')]")
    assert all_of_88.get("href").endswith("?departement=88")
    assert text(all_of_88) == "Tous les signataires du département 88 – Vosges"


def test_an_unknown_town_suggests_nothing(client, listing):
    page = client.get(reverse("organisms:directory"), {"q": "Brest"}).content.decode()
    assert "Aucun organisme signataire ne correspond" in page
    assert "Signataires du département" not in page


def test_the_map_counts_the_signatories_of_each_departement_and_links_to_its_list(client, listing):
    """68 has two signatories, 67 and 88 one each, the seven others none."""
    page = client.get(reverse("organisms:directory")).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]

    tiles = re.findall(r'<a href="[^"]*\?departement=(\d\d)"[^>]*aria-label="([^"]+)"', svg)
    assert len(tiles) == 10
    labels = dict(tiles)
    assert labels["68"] == "68 – Haut-Rhin : 2 signataires"
    assert labels["67"] == "67 – Bas-Rhin : 1 signataire"
    assert labels["88"] == "88 – Vosges : 1 signataire"
    assert labels["08"] == "08 – Ardennes : aucun signataire"
    assert len(re.findall(r"<polygon ", svg)) == 10

    filtered = client.get(reverse("organisms:directory"), {"departement": "68"})
    assert names(filtered) == ["Alsace Sud Formation", "Haute-Alsace Compétences"]
    assert 'aria-current="true"' in filtered.content.decode()
