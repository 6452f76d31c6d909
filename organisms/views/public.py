"""The public pages: home and the directory of signatories (C14), with its open-data files."""

import csv
import io
import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
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


SEARCH_PARAMETERS = ("q", "departement")


def _search_parameters(request, *extra: str) -> dict[str, str]:
    """The parameters a directory page or file depends on, as typed (others are ignored)."""
    return {name: request.GET[name] for name in (*SEARCH_PARAMETERS, *extra) if name in request.GET}


def directory_list(request):
    """The page's content depends on nothing but the search and the directory's version: it is
    rendered without the request (no user, no token in it) and cached (`directory.cached`)."""
    parameters = _search_parameters(request, "page")
    content = directory.cached("page", parameters, lambda: _directory_content(parameters))
    return render(request, "organisms/public/directory.html", {"content": content})


def _directory_content(parameters: dict[str, str]) -> str:
    form = DirectorySearchForm(parameters or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = directory.search(
        directory.signatories(), data.get("q", ""), data.get("departement", "")
    )
    page = Paginator(queryset, 20).get_page(parameters.get("page"))
    for org in page.object_list:  # parsed once here rather than twice per row in the template
        org.certifications_shown = " ; ".join(
            f"{code} {title}" if title else code for code, title in org.certification_list
        )
    query = QueryDict(mutable=True)
    query.update({name: parameters[name] for name in SEARCH_PARAMETERS if name in parameters})
    nearby = None
    if data.get("q") and not page.paginator.count:
        nearby = directory.nearby(data["q"])
    return render_to_string(
        "organisms/public/directory_content.html",
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


def _export_queryset(parameters: dict[str, str]):
    return directory.search(
        directory.signatories(), parameters.get("q", ""), parameters.get("departement", "")
    )


def directory_csv(request):
    """UTF-8 with a BOM and `;` separators, so French Excel opens it with accents intact."""
    parameters = _search_parameters(request)
    response = HttpResponse(
        directory.cached("csv", parameters, lambda: _directory_csv(parameters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="annuaire-signataires-{today():%Y-%m-%d}.csv"'
    )
    return response


def _directory_csv(parameters: dict[str, str]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=directory.EXPORT_FIELDS, delimiter=";")
    writer.writeheader()
    for row in directory.export_rows(_export_queryset(parameters)):
        writer.writerow({field: safe_cell(value) for field, value in row.items()})
    return out.getvalue()


def directory_json(request):
    parameters = _search_parameters(request)
    return HttpResponse(
        directory.cached("json", parameters, lambda: _directory_json(parameters)),
        content_type="application/json",
    )


def _directory_json(parameters: dict[str, str]) -> bytes:
    changed = directory.last_changed()
    payload = {
        "last_changed": changed.isoformat() if changed else None,
        "signatories": list(directory.export_rows(_export_queryset(parameters))),
    }
    return json.dumps(payload, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
