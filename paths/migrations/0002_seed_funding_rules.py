"""The PTP funding rules and SMIC values published by Transitions Pro, as data administrators can edit."""

import datetime
from decimal import Decimal

from django.db import migrations

SMIC = [
    (datetime.date(2021, 1, 1), Decimal("1554.58")),
    (datetime.date(2021, 10, 1), Decimal("1589.47")),
    (datetime.date(2022, 1, 1), Decimal("1603.12")),
    (datetime.date(2022, 5, 1), Decimal("1645.58")),
    (datetime.date(2022, 8, 1), Decimal("1678.95")),
    (datetime.date(2023, 1, 1), Decimal("1709.28")),
]


def seed(apps, schema_editor):
    FundingRuleSet = apps.get_model("paths", "FundingRuleSet")
    SmicRate = apps.get_model("paths", "SmicRate")
    if not FundingRuleSet.objects.exists():
        FundingRuleSet.objects.create(
            name="Guide PTP",
            valid_from=datetime.date(2020, 1, 1),
            pedagogic_total_cap_ht=Decimal("18000.00"),
            pedagogic_hourly_cap_ht=Decimal("27.45"),
            vat_rate_percent=Decimal("20"),
            salary_full_rate_percent=Decimal("100"),
            salary_reduced_rate_percent=Decimal("90"),
            salary_threshold_smic_multiple=Decimal("2"),
            full_time_max_months=12,
            part_time_max_hours=1200,
            company_hours_share_percent=Decimal("30"),
            file_due_months_before=3,
            leave_notice_long_days=120,
            leave_notice_short_days=60,
            long_interruption_months=6,
        )
    for valid_from, amount in SMIC:
        SmicRate.objects.get_or_create(valid_from=valid_from, defaults={"monthly_gross": amount})


class Migration(migrations.Migration):
    dependencies = [("paths", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
