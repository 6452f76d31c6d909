from paths.views import commission, proposals, simulator

app_name = "paths"

urlpatterns = [*proposals.urlpatterns, *commission.urlpatterns, *simulator.urlpatterns]
