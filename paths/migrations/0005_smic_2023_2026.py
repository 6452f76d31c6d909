"""The SMIC values since 01/05/2023, and the source of every SMIC value and of the seeded rule set.

Monthly gross SMIC for 35 hours (151.67 h). The rule set seeded in 0002 comes from Transitions Pro
Centre-Val de Loire's PTP guide (2025 priorities): Grand Est staff enter their own on the rule screen.
"""

import datetime
from decimal import Decimal

from django.db import migrations

JORF = "Journal officiel"
SOURCES = {
    datetime.date(2021, 1, 1): (
        Decimal("1554.58"),
        f"Décret n° 2020-1598 du 16 décembre 2020 portant relèvement du SMIC ({JORF})",
    ),
    datetime.date(2021, 10, 1): (
        Decimal("1589.47"),
        f"Arrêté du 27 septembre 2021 relatif au relèvement du SMIC ({JORF})",
    ),
    datetime.date(2022, 1, 1): (
        Decimal("1603.12"),
        f"Décret n° 2021-1741 du 22 décembre 2021 portant relèvement du SMIC ({JORF})",
    ),
    datetime.date(2022, 5, 1): (
        Decimal("1645.58"),
        f"Arrêté du 19 avril 2022 relatif au relèvement du SMIC ({JORF})",
    ),
    datetime.date(2022, 8, 1): (
        Decimal("1678.95"),
        f"Arrêté du 29 juillet 2022 relatif au relèvement du SMIC ({JORF})",
    ),
    datetime.date(2023, 1, 1): (
        Decimal("1709.28"),
        f"Décret n° 2022-1608 du 22 décembre 2022 portant relèvement du SMIC ({JORF})",
    ),
    datetime.date(2023, 5, 1): (
        Decimal("1747.20"),
        f"Arrêté du 26 avril 2023 relatif au relèvement du SMIC ({JORF})",
    ),
    datetime.date(2024, 1, 1): (
        Decimal("1766.92"),
        f"Décret n° 2023-1216 du 20 décembre 2023 portant relèvement du SMIC ({JORF})",
    ),
    datetime.date(2024, 11, 1): (
        Decimal("1801.80"),
        f"Décret n° 2024-951 du 23 octobre 2024 portant relèvement du SMIC ({JORF})",
    ),
    datetime.date(2026, 1, 1): (
        Decimal("1823.03"),
        f"Décret de décembre 2025 portant relèvement du SMIC au 1er janvier 2026 ({JORF})",
    ),
}
GUIDE = (
    "Guide « Accompagner la reconversion d'un salarié avec le projet de transition "
    "professionnelle (PTP) », Transitions Pro Centre-Val de Loire"
)
GUIDE_DATE = datetime.date(2025, 1, 1)


def forward(apps, schema_editor):
    SmicRate = apps.get_model("paths", "SmicRate")
    FundingRuleSet = apps.get_model("paths", "FundingRuleSet")
    for valid_from, (amount, source) in SOURCES.items():
        rate, created = SmicRate.objects.get_or_create(
            valid_from=valid_from, defaults={"monthly_gross": amount, "source": source}
        )
        # a value an administrator already sourced is left as they wrote it
        if not created and not rate.source:
            rate.source = source
            rate.save(update_fields=["source"])
    FundingRuleSet.objects.filter(name="Guide PTP", source="").update(
        source=GUIDE, source_date=GUIDE_DATE
    )


def backward(apps, schema_editor):
    SmicRate = apps.get_model("paths", "SmicRate")
    SmicRate.objects.filter(valid_from__gte=datetime.date(2023, 5, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("paths", "0004_funding_sources_and_date_bounds")]

    operations = [migrations.RunPython(forward, backward)]
