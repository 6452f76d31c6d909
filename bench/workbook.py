"""One workbook export of every proposal, alone in a fresh process so that its peak memory is its
own (bench/run.py starts it; it prints one JSON line). `--format csv` writes the same report and
rows as CSV (the workbook's floor), `--format none` only builds them.

    .venv/bin/python bench/workbook.py [--scale 0.01] [--format xlsx|csv|none]
"""

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database  # noqa: E402

# wider than the dataset (2021 to mid-2023): the workbook of all proposals
PERIOD = (date(2020, 1, 1), date(2023, 12, 31))


def _rss_mb() -> float:
    """This process's peak resident memory so far, in MiB.

    VmHWM, not getrusage: Linux carries ru_maxrss over fork and exec, so a child started by a
    big parent would report the parent's memory as its own."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export(scale: float, output: str = "xlsx") -> dict:
    database.setup(scale)
    from django.utils import translation

    from alerts.models import Alert
    from paths.models import CommissionDecision, PathProposal
    from reports import details
    from reports.dataset import Period, Scope
    from reports.exports import xlsx
    from reports.exports.csv import value_rows
    from reports.exports.labels import workbook_labels
    from reports.report import build

    translation.activate("fr")
    period, scope = Period(*PERIOD), Scope()
    first, after = period.bounds()
    rows = {
        "proposals": PathProposal.objects.filter(
            submitted_at__gte=first, submitted_at__lt=after
        ).count(),
        "decisions": CommissionDecision.objects.filter(
            proposal__submitted_at__gte=first, proposal__submitted_at__lt=after
        ).count(),
        "alerts": Alert.objects.filter(created_at__gte=first, created_at__lt=after).count(),
    }
    baseline = _rss_mb()
    started, started_cpu = time.perf_counter(), time.process_time()
    report = build(period, scope)
    built = time.perf_counter()
    sheets: dict[str, float] = {}

    def clocked(table):
        """The same sheet, timed from its first row asked to its last written."""

        def rows():
            started = time.perf_counter()
            yield from table.rows()
            sheets[table.key] = round(time.perf_counter() - started, 2)

        return details.Table(table.key, table.title, table.columns, rows)

    tables = [clocked(table) for table in details.tables(period, scope)]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"export.{output}"
        if output == "xlsx":
            xlsx.write(
                report,
                tables,
                str(target),
                workbook_labels("Banc d'essai : toutes les propositions"),
            )
        elif output == "csv":  # the floor: the same report and rows, written as CSV
            with target.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, delimiter=";")
                for row in value_rows(report):
                    writer.writerow(row)
                for table in tables:
                    writer.writerow([str(title) for title, _kind in table.columns])
                    writer.writerows(table.rows())
        else:  # the rows alone, built and dropped
            for table in tables:
                for _row in table.rows():
                    pass
        size = target.stat().st_size if target.exists() else 0
    finished = time.perf_counter()
    return {
        "seconds": round(finished - started, 2),
        "cpu_median": round(time.process_time() - started_cpu, 2),
        "build_seconds": round(built - started, 2),
        "write_seconds": round(finished - built, 2),
        "sheet_seconds": sheets,
        "peak_rss_mb": round(_rss_mb(), 1),
        "baseline_rss_mb": round(baseline, 1),
        "file_mb": round(size / 1024 / 1024, 1),
        "rows": rows,
        "format": output,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--format",
        choices=["xlsx", "csv", "none"],
        default="xlsx",
        help="the workbook, its floor (the same rows as CSV), or the rows alone",
    )
    args = parser.parse_args(argv)
    print(json.dumps(export(args.scale, args.format)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
