"""The public directory of signatories (C14): who is listed, how to search, when it last changed."""

import functools
import hashlib
from datetime import date, datetime, time, timedelta

from django.core.cache import caches
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from organisms.models import CharterEdition, Departement, Organisation, Signature, today
from organisms.search import Fold, stem
from organisms.towns import departement_of

EXPORT_FIELDS = [
    "siret",
    "nda",
    "name",
    "legal_name",
    "city",
    "postcode",
    "departement",
    "website",
    "signed_on",
    "edition",
    "valid_until",
]


def signatories(on: date | None = None):
    """Organisations with an active signature, each with its latest active signature's facts."""
    on = on or today()
    latest = (
        Signature.objects.active(on)
        .filter(organisation=OuterRef("pk"))
        .order_by("-signed_on", "-pk")
    )
    return (
        Organisation.objects.signatories(on)
        .annotate(
            name=Coalesce(
                NullIf(F("trade_name"), Value("")), F("legal_name"), output_field=CharField()
            ),
            signed_on=Subquery(latest.values("signed_on")[:1], output_field=DateField()),
            edition_title=Subquery(latest.values("edition__title")[:1], output_field=CharField()),
            edition_version=Subquery(
                latest.values("edition__version")[:1], output_field=CharField()
            ),
            valid_until=Subquery(
                latest.values("edition__valid_until")[:1], output_field=DateField()
            ),
        )
        .order_by("name", "pk")
    )


def search(queryset, q: str = "", departement: str = ""):
    """Signatories matching every word typed, in their names, city, postcode or certifications
    (codes and titles), whatever the accents and capitals: "Epinal" finds Épinal, "soudure" a
    welder's certification, "soudure mulhouse" only those in Mulhouse."""
    if departement:
        queryset = queryset.filter(departement=departement)
    words = (q or "").split()
    if not words:
        return queryset
    queryset = queryset.annotate(
        searched_text=Fold(
            Concat(
                "legal_name",
                Value(" "),
                "trade_name",
                Value(" "),
                "city",
                Value(" "),
                "certifications",
                output_field=TextField(),
            )
        )
    )
    for word in words:
        queryset = queryset.filter(
            Q(searched_text__contains=stem(word)) | Q(postcode__startswith=word)
        )
    return queryset


def nearby(q: str, on: date | None = None):
    """When a town typed has no signatory: its département and that département's signatories
    (None when the portal does not know the town)."""
    code = departement_of(q or "")
    if code is None:
        return None
    return Departement(code), signatories(on).filter(departement=code)


def count_by_departement(on: date | None = None) -> dict[str, int]:
    """Number of signatories in each of the ten départements (0 where there is none)."""
    counts = dict.fromkeys(Departement.values, 0)
    rows = (
        Organisation.objects.signatories(on or today())
        .values("departement")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["departement"] in counts:
            counts[row["departement"]] = row["count"]
    return counts


def last_changed(on: date | None = None) -> date | None:
    """The day the list last changed: a signature recorded or withdrawn, an edition ending,
    or a listed organisation's public details edited."""
    on = on or today()
    candidates: list[date] = []
    before = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    signature_change = Signature.history.filter(history_date__lt=before).aggregate(
        latest=Max("history_date")
    )["latest"]
    if signature_change:
        candidates.append(timezone.localtime(signature_change).date())
    organisation_change = Organisation.history.filter(
        id__in=Organisation.objects.signatories(on).values("pk"), history_date__lt=before
    ).aggregate(latest=Max("history_date"))["latest"]
    if organisation_change:
        candidates.append(timezone.localtime(organisation_change).date())
    ended = CharterEdition.objects.filter(valid_until__lt=on, signatures__isnull=False).aggregate(
        latest=Max("valid_until")
    )["latest"]
    if ended:
        candidates.append(ended + timedelta(days=1))
    started = Signature.objects.filter(signed_on__lte=on).aggregate(latest=Max("signed_on"))[
        "latest"
    ]
    if started:
        candidates.append(started)
    return max(candidates) if candidates else None


def version(on: date | None = None) -> str:
    """What the directory shows depends on the day and on organisations, signatures and charter
    editions; every change to those, through the portal or the admin, records a history row.
    The day and the newest history row of each (its id and time: a reused id after a deletion
    still comes with a new time) make the version, read in one query on every request, so that
    every server process sees a change at its next request."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor))
        row = cursor.fetchone()
    return f"{(on or today()).isoformat()}:{row!r}"


@functools.cache
def _version_sql(vendor: str) -> str:
    """Built once per process: reaching a model's history manager costs more than the query."""
    columns = []
    for model in (Organisation, Signature, CharterEdition):
        # the models' own table names, quoted: nothing typed by anyone reaches this SQL
        table = connection.ops.quote_name(model.history.model._meta.db_table)
        columns.append(f"(SELECT MAX(history_id) FROM {table})")  # noqa: S608
        columns.append(f"(SELECT MAX(history_date) FROM {table})")  # noqa: S608
    return "SELECT " + ", ".join(columns)


def cached(kind: str, params: dict[str, str], build):
    """What `build()` returns for these search parameters, kept in the "directory" cache under
    the language and the directory's current version: a changed list is never served stale, an
    unchanged one is rendered once per process, search and page."""
    key = (
        "directory:"
        + hashlib.sha256(
            repr((kind, get_language(), sorted(params.items()), version())).encode()
        ).hexdigest()
    )
    cache = caches["directory"]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def export_rows(queryset):
    """One dict per signatory, the open-data fields in a stable order."""
    for org in queryset:
        yield {
            "siret": org.siret,
            "nda": org.nda,
            "name": org.name,
            "legal_name": org.legal_name,
            "city": org.city,
            "postcode": org.postcode,
            "departement": org.departement,
            "website": org.website,
            "signed_on": org.signed_on.isoformat() if org.signed_on else "",
            "edition": org.edition_version,
            "valid_until": org.valid_until.isoformat() if org.valid_until else "",
        }


# The map of Grand Est drawn as one hexagon per département, each where it lies on the region's
# map (north up): (code, centre x, centre y) in the SVG's 0 0 390 320 box.
MAP_TILES = [
    ("08", 131, 52),
    ("51", 90, 124),
    ("55", 173, 124),
    ("54", 256, 124),
    ("57", 339, 124),
    ("10", 48, 196),
    ("52", 131, 196),
    ("88", 214, 196),
    ("67", 297, 196),
    ("68", 256, 268),
]
HEX_RADIUS = 46


def departement_map(counts: dict[str, int]) -> list[dict]:
    """The map's hexagons: points of the polygon, label position, count and its shade."""
    half_width = HEX_RADIUS * 3**0.5 / 2
    top = max(counts.values(), default=0)
    tiles = []
    for code, x, y in MAP_TILES:
        corners = [
            (x, y - HEX_RADIUS),
            (x + half_width, y - HEX_RADIUS / 2),
            (x + half_width, y + HEX_RADIUS / 2),
            (x, y + HEX_RADIUS),
            (x - half_width, y + HEX_RADIUS / 2),
            (x - half_width, y - HEX_RADIUS / 2),
        ]
        count = counts.get(code, 0)
        # three shades: none, fewer than half the busiest département, the others
        shade = "none" if count == 0 else ("some" if count * 2 < top else "many")
        tiles.append(
            {
                "departement": Departement(code),
                "code": code,
                "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in corners),
                "x": x,
                "y": y,
                "count": count,
                "shade": shade,
            }
        )
    return tiles
