"""Form widgets every app's forms share."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (type="date"), which reads and writes ISO dates (2022-06-21)
    whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
