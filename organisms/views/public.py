"""The public pages: home and the directory of signatories (C14), with its open-data files."""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from charter_portal.spreadsheets import safe_cell
from organisms import directory
from organisms.forms import DirectorySearchForm
from organisms.models import CharterEdition, Departement, Organisation, today


def home(request):
    edition = CharterEdition.objects.in_force().first() or CharterEdition.objects.first()
    return render(
        request,
        "home.html",
        {"edition": edition, "signatory_count": Organisation.objects.signatories().count()},
    )


def directory_list(request):
    form = DirectorySearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = directory.search(
        directory.signatories(), data.get("q", ""), data.get("departement", "")
    )
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    nearby = None
    if data.get("q") and not page.paginator.count:
        nearby = directory.nearby(data["q"])
    return render(
        request,
        "organisms/public/directory.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "last_changed": directory.last_changed(),
            "departements": Departement,
            "nearby": nearby,
            "map_tiles": directory.departement_map(directory.count_by_departement()),
            "selected_departement": data.get("departement", ""),
        },
    )


def directory_detail(request, siret):
    organisation = directory.signatories().filter(siret=siret).first()
    if organisation is None:
        raise Http404(_("Cet organisme ne figure pas parmi les signataires de la charte."))
    return render(request, "organisms/public/signatory.html", {"organisation": organisation})


def _export_queryset(request):
    return directory.search(
        directory.signatories(), request.GET.get("q", ""), request.GET.get("departement", "")
    )


def directory_csv(request):
    """UTF-8 with a BOM and `;` separators, so French Excel opens it with accents intact."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="annuaire-signataires-{today():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=directory.EXPORT_FIELDS, delimiter=";")
    writer.writeheader()
    for row in directory.export_rows(_export_queryset(request)):
        writer.writerow({field: safe_cell(value) for field, value in row.items()})
    return response


def directory_json(request):
    changed = directory.last_changed()
    payload = {
        "last_changed": changed.isoformat() if changed else None,
        "signatories": list(directory.export_rows(_export_queryset(request))),
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
