"""A report as CSV for French Excel: UTF-8 with a BOM, `;` separators, one row per value
(a breakdown gives one row per key, `code.key`)."""

import csv
import io

from django.utils.translation import gettext as _


def value_rows(report):
    for row in report.indicators:
        value = row["value"]
        if isinstance(value, dict):
            for key, count in value.items():
                yield f"{row['code']}.{key}", row["label"], row["definition"], count
        else:
            yield row["code"], row["label"], row["definition"], "" if value is None else value


def write(report) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["period_start", "period_end", "scope"])
    writer.writerow(
        [report.period.start.isoformat(), report.period.end.isoformat(), report.scope_label]
    )
    writer.writerow([])
    writer.writerow(["code", _("libellé"), _("définition"), _("valeur")])
    for code, label, definition, value in value_rows(report):
        writer.writerow(
            [
                code,
                label,
                definition,
                str(value).replace(".", ",") if isinstance(value, float) else value,
            ]
        )
    return buffer.getvalue().encode("utf-8")
