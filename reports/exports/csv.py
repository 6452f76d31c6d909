"""A report as CSV for French Excel: UTF-8 with a BOM, `;` separators, one row per value
(a breakdown gives one row per key, `code.key`)."""

import csv
import io

from django.utils.translation import gettext as _

from charter_portal.spreadsheets import safe_cell


def value_rows(report):
    for row in report.indicators:
        value = row["value"]
        if isinstance(value, dict):
            for key, count in value.items():
                yield f"{row['code']}.{key}", row["label"], row["definition"], count
        else:
            yield row["code"], row["label"], row["definition"], "" if value is None else value


def _value(value):
    """A decimal comma for French Excel; text never starts a formula."""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return safe_cell(value)


def write(report) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["period_start", "period_end", "scope"])
    writer.writerow(
        [
            report.period.start.isoformat(),
            report.period.end.isoformat(),
            safe_cell(report.scope_label),
        ]
    )
    writer.writerow([])
    writer.writerow(["code", _("libellé"), _("définition"), _("valeur")])
    for code, label, definition, value in value_rows(report):
        writer.writerow(
            [
                safe_cell(code),
                safe_cell(label),
                safe_cell(definition),
                _value(value),
            ]
        )
    return buffer.getvalue().encode("utf-8")
