"""The public directory of signatories (C14): who is listed, how to search, when it last changed."""

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, DateField, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from organisms.models import CharterEdition, Organisation, Signature, today

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
    if departement:
        queryset = queryset.filter(departement=departement)
    for word in (q or "").split():
        queryset = queryset.filter(
            Q(legal_name__icontains=word)
            | Q(trade_name__icontains=word)
            | Q(city__icontains=word)
            | Q(postcode__startswith=word)
            | Q(certifications__icontains=word)
        )
    return queryset


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
