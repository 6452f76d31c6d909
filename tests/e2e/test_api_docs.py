"""A developer of a training organisation reads the API documentation, on a desktop and a phone:
the page is in French, has a main landmark and passes the accessibility and 390 px checks once
Swagger UI has drawn the operations."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_api_documentation_is_readable_by_everyone(
    new_context, live_server, check_page, screen
):
    page = new_context(**screen).new_page()
    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", name="API du portail de la charte")).to_be_visible()
    expect(page.locator(".opblock-tag").first).to_be_visible()
    check_page(page)  # the operations drawn by Swagger UI, not only the empty page that loaded

    page.locator(".opblock-summary").first.click()  # an operation opened, its parameters shown
    expect(page.locator(".opblock-body").first).to_be_visible()
    check_page(page)
