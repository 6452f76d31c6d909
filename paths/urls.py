from paths.views import commission, funding_rules, proposals, simulator

app_name = "paths"

urlpatterns = [
    *proposals.urlpatterns,
    *commission.urlpatterns,
    *simulator.urlpatterns,
    *funding_rules.urlpatterns,
]
