"""Every page carries the portal's favicon and a header that folds into a menu on a phone."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_names_its_favicon_and_the_file_exists(client, db):
    page = client.get(reverse("organisms:directory")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    favicon = finders.find("favicon.svg")
    assert favicon and Path(favicon).read_text().startswith("<svg")


def test_the_header_has_a_menu_button_controlling_the_navigation(client, quality_officer, org_a):
    client.force_login(quality_officer)
    page = client.get(reverse("organisms:organisation_list")).content.decode()
    assert (
        '<button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-menu">'
        "Menu</button>" in page
    )
    menu = page[page.index('id="site-menu"') : page.index("</header>")]
    assert "Se déconnecter" in menu and "Organismes" in menu
    # the list's table scrolls in a region that says so
    assert 'class="table-scroll" role="region" tabindex="0" aria-label="Tableau' in page
