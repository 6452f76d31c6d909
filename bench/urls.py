"""The portal's URLs, plus the floor of the page measures: a bare Django view (no query, no
login) rendering a template to a page of the size asked, under the same settings and middleware.

    /bench/bare/?bytes=40000
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from charter_portal.urls import urlpatterns as portal_urlpatterns

TEXT = "Ligne de tableau rendue par le gabarit minimal du banc d'essai."
BARE = engines["django"].from_string(
    '<!doctype html><html lang="fr"><head><title>{{ title }}</title></head><body><table>'
    "{% for row in rows %}<tr><td>{{ row }}</td><td>{{ text }}</td></tr>\n{% endfor %}"
    "</table></body></html>"
)
ROW_BYTES = len(f"<tr><td>1000</td><td>{TEXT}</td></tr>\n")


def bare(request):
    """As many table rows as make the page about `bytes` long (at most 5 MB)."""
    try:
        size = min(max(int(request.GET.get("bytes", "20000")), 0), 5_000_000)
    except ValueError:
        size = 20000
    html = BARE.render({"title": "Banc d'essai", "rows": range(size // ROW_BYTES), "text": TEXT})
    return HttpResponse(html)


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
