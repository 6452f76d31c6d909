"""Which database the benchmark uses: always its own, never the developer's or CI's.

SQLite by default (a file in bench/); PostgreSQL when DATABASE_URL names one, then in a database
of its own whose name ends in `_bench`, created when missing. Nothing here imports Django models,
so it can run before `django.setup()`.
"""

import os
from pathlib import Path

import dj_database_url

BENCH_DIR = Path(__file__).resolve().parent
SETTINGS_MODULE = "bench.settings"


def _suffix(scale: float) -> str:
    """A smaller dataset lives in a database of its own, so a smoke run keeps the full one."""
    return "" if scale == 1 else "_s" + f"{scale:g}".replace(".", "_").replace("-", "_")


def config_for(scale: float) -> dict:
    """The Django database settings of the benchmark's database for this scale."""
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BENCH_DIR / f"bench{_suffix(scale)}.sqlite3"),
        }
    config = dj_database_url.parse(url, conn_max_age=0)
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit(f"bench: SQLite or PostgreSQL only, not {config['ENGINE']}")
    base = config["NAME"]
    config["NAME"] = (base if base.endswith("_bench") else f"{base}_bench") + _suffix(scale)
    config["OPTIONS"] = {**config.get("OPTIONS", {}), "application_name": "charter-bench"}
    return config


def vendor(config: dict) -> str:
    return "sqlite" if config["ENGINE"].endswith("sqlite3") else "postgresql"


def _admin_connection(config: dict):
    """A connection to the server's maintenance database, to create or drop the bench one."""
    import psycopg

    last_error = None
    for dbname in ("postgres", "template1"):
        try:
            return psycopg.connect(
                dbname=dbname,
                user=config.get("USER") or None,
                password=config.get("PASSWORD") or None,
                host=config.get("HOST") or None,
                port=config.get("PORT") or None,
                autocommit=True,
            )
        except psycopg.OperationalError as error:
            last_error = error
    raise SystemExit(f"bench: cannot reach the PostgreSQL server: {last_error}")


def _check_name(name: str) -> None:
    if "_bench" not in name:  # the last guard before a DROP DATABASE
        raise SystemExit(f"bench: refusing to touch database {name!r}")


def ensure(config: dict) -> None:
    """Create the PostgreSQL database if missing (SQLite creates its file on first use)."""
    if vendor(config) == "sqlite":
        return
    from psycopg import sql

    name = config["NAME"]
    _check_name(name)
    with _admin_connection(config) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(config: dict) -> None:
    """Remove the benchmark's database entirely (for --fresh or an outdated dataset)."""
    if vendor(config) == "sqlite":
        for extra in ("", "-journal", "-wal", "-shm"):
            Path(config["NAME"] + extra).unlink(missing_ok=True)
        return
    from psycopg import sql

    name = config["NAME"]
    _check_name(name)
    with _admin_connection(config) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def setup(scale: float, fresh: bool = False) -> dict:
    """Point Django at the benchmark's database (created if needed) and set it up."""
    import warnings

    import django

    # whitenoise warns when collectstatic has not run; the benchmark serves no static file
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["BENCH_SCALE"] = repr(scale)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    config = config_for(scale)
    if fresh:
        drop(config)
    ensure(config)
    django.setup()
    return config
