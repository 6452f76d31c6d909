"""API v1 of the paths app, gathered from its modules (proposals, commission, funding check)."""

from paths.api import commission, funding, proposals

ROUTES = [*proposals.ROUTES, *commission.ROUTES, *funding.ROUTES]
urlpatterns = [*proposals.urlpatterns, *commission.urlpatterns, *funding.urlpatterns]
