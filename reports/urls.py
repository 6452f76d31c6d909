from django.urls import path

from reports.views import annual, dashboard, meetings, reviews, worklist

app_name = "reports"

urlpatterns = [
    # where each person lands after logging in
    path("mon-travail/", worklist.worklist, name="worklist"),
    # dashboards: staff (organisation, département or network) and OF members (their own)
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("mon-tableau-de-bord/", dashboard.my_dashboard, name="my_dashboard"),
    # interim reviews (C9)
    path("bilans/", reviews.review_list, name="review_list"),
    path("bilans/nouveau/", reviews.review_create, name="review_create"),
    path("bilans/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("bilans/<int:pk>/commentaires/", reviews.review_comment, name="review_comment"),
    path("bilans/<int:pk>/classeur.xlsx", reviews.review_workbook, name="review_workbook"),
    path("bilans/<int:pk>/indicateurs.csv", reviews.review_csv, name="review_csv"),
    # annual PTP reports (C10): the OF asks, staff generate, the OF downloads
    path(
        "mon-tableau-de-bord/rapport-annuel/",
        annual.annual_request_create,
        name="annual_request_create",
    ),
    path("rapports-annuels/", annual.annual_request_list, name="annual_request_list"),
    path(
        "rapports-annuels/demandes/<int:pk>/",
        annual.annual_request_detail,
        name="annual_request_detail",
    ),
    path(
        "rapports-annuels/demandes/<int:pk>/generer/",
        annual.annual_report_generate,
        name="annual_report_generate",
    ),
    path("rapports-annuels/<int:pk>/", annual.annual_report_detail, name="annual_report_detail"),
    path(
        "rapports-annuels/<int:pk>/classeur.xlsx",
        annual.annual_report_workbook,
        name="annual_report_workbook",
    ),
    path(
        "rapports-annuels/<int:pk>/indicateurs.csv",
        annual.annual_report_csv,
        name="annual_report_csv",
    ),
    # dialogue meetings (C11)
    path("reunions-de-dialogue/", meetings.meeting_list, name="meeting_list"),
    path("reunions-de-dialogue/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("reunions-de-dialogue/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions-de-dialogue/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path(
        "reunions-de-dialogue/<int:pk>/classeur.xlsx",
        meetings.meeting_workbook,
        name="meeting_workbook",
    ),
    path(
        "reunions-de-dialogue/<int:pk>/indicateurs.csv",
        meetings.meeting_csv,
        name="meeting_csv",
    ),
]
