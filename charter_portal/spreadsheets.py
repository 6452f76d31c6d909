"""Cells written from user text never start a formula in a spreadsheet (CSV or workbook)."""

from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: T) -> T | str:
    """The value ready for a CSV or workbook cell: numbers, dates and None unchanged; text that a
    spreadsheet would read as a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
