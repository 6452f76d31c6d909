"""Reading a page as a person does: the text of the element that matters, not a word anywhere in
the HTML (a short word also matches the navigation, a tooltip or a hidden template)."""

from copy import deepcopy

from lxml import html


def parse(response):
    """The page's element tree (lxml), from a test client response, an HTML string or an element
    already parsed (then XPaths starting with "." search inside it)."""
    if hasattr(response, "xpath"):
        return response
    content = response if isinstance(response, str) else response.content.decode()
    return html.fromstring(content)


def text(element) -> str:
    """An element's visible text with its whitespace collapsed, as a screen reader would read it
    (a line break separates words)."""
    element = deepcopy(element)
    for line_break in element.iter("br"):
        line_break.tail = " " + (line_break.tail or "")
    return " ".join(element.text_content().split())


def texts(response, xpath: str) -> list[str]:
    """The text of every element the XPath finds, in page order."""
    return [text(element) for element in parse(response).xpath(xpath)]


def main_text(response) -> str:
    """The text of the page's <main>: without the header, the navigation and the footer."""
    (main,) = parse(response).xpath("//main")
    return text(main)


def with_class(name: str, tag: str = "*") -> str:
    """An XPath for elements carrying a CSS class (``class="badge badge-active"`` has ``badge``);
    prefix it with "." to search inside an element."""
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def cells_of_row(response, first_cell: str) -> list[str]:
    """The cells of the table row whose first cell contains the given text (inside an element
    when given one)."""
    for row in parse(response).xpath(".//tr"):
        cells = [text(cell) for cell in row.xpath("./th|./td")]
        if cells and first_cell in cells[0]:
            return cells
    raise AssertionError(f"no table row starts with {first_cell!r}")


def facts(response) -> dict[str, str]:
    """The page's description lists (<dl>) as {term: description}, e.g. facts(page)["Statut"]."""
    found = {}
    for term in parse(response).xpath("//dl/dt"):
        (description,) = term.xpath("following-sibling::dd[1]")
        found[text(term)] = text(description)
    return found


def by_id(response, element_id: str):
    """The one element with this id (an AssertionError if there is none or several)."""
    found = parse(response).xpath(f"//*[@id='{element_id}']")
    assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
    return found[0]


def nav_text(response) -> str:
    """The text of the header's main navigation (the menu a person uses to move around)."""
    (nav,) = parse(response).xpath("//header//nav")
    return text(nav)


def messages(response) -> list[str]:
    """The messages shown after an action, at the top of <main> (``Brouillon enregistré.``)."""
    return texts(response, "//main/div[@role='status']/p")


def buttons(response, within: str = "//main") -> list[str]:
    """The labels of the buttons a person can press in a region (default: the page's <main>)."""
    return texts(response, f"{within}//button") + [
        " ".join(value.split())
        for value in parse(response).xpath(f"{within}//input[@type='submit']/@value")
    ]


def field_names(response, within: str = "//main") -> set[str]:
    """The names of the form fields a person can fill in a region (default: the page's <main>)."""
    return set(
        parse(response).xpath(f"{within}//*[self::input or self::select or self::textarea]/@name")
    )


def error_of(response, field: str) -> str:
    """The error shown next to a form field (the element ``id_<field>_error``)."""
    return text(by_id(response, f"id_{field}_error"))


def options(response, name: str) -> list[str]:
    """The choices of the drop-down list named ``name``, as shown."""
    return texts(response, f"//select[@name='{name}']/option")


def form_errors(response) -> list[str]:
    """The errors about a whole form, shown above its fields (``role="alert"``)."""
    return texts(response, "//main//div[@class='form-errors']/p")


def rows(response, within: str = "//main") -> list[list[str]]:
    """The body rows of the tables in a region, each as the list of its cells' text."""
    return [
        [text(cell) for cell in row.xpath("./th|./td")]
        for row in parse(response).xpath(f"{within}//tbody/tr")
    ]


HISTORY = "//main//section[@aria-labelledby='history-title']"
"""The "Historique" table of a record's page: date, by whom, action, detail."""

PROPOSAL_STATUS = "//main/h1/following-sibling::p[1]" + with_class("badge", "span").replace(
    "//", "/", 1
)
"""The status badge under a proposal page's title (not the "Qualiopi manquant" one further down)."""
