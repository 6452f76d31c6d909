from django.urls import path

from alerts.views import files, member, staff, trainee

app_name = "alerts"

urlpatterns = [
    # OF members: « Mes alertes » and the links they give trainees
    path("mes-alertes/", member.my_alerts, name="my_alerts"),
    path("mes-alertes/nouvelle/", member.my_alert_create, name="my_alert_create"),
    path("mes-alertes/<int:pk>/", member.my_alert_detail, name="my_alert_detail"),
    path("mes-alertes/<int:pk>/messages/", member.my_alert_message, name="my_alert_message"),
    path("mes-alertes/<int:pk>/documents/", member.my_alert_attach, name="my_alert_attach"),
    path("mes-alertes/liens-stagiaires/", member.trainee_links, name="trainee_links"),
    path(
        "mes-alertes/liens-stagiaires/<int:pk>/revoquer/",
        member.trainee_link_revoke,
        name="trainee_link_revoke",
    ),
    # staff: the queue, its export, the alert page and its actions
    path("alertes/", staff.alert_queue, name="alert_queue"),
    path("alertes/export.csv", staff.alert_export, name="alert_export"),
    path("alertes/<int:pk>/", staff.alert_detail, name="alert_detail"),
    path("alertes/<int:pk>/prise-en-compte/", staff.alert_acknowledge, name="alert_acknowledge"),
    path("alertes/<int:pk>/suivi/", staff.alert_follow_up, name="alert_follow_up"),
    path("alertes/<int:pk>/cloture/", staff.alert_close, name="alert_close"),
    path("alertes/<int:pk>/messages/", staff.alert_message, name="alert_message"),
    path("alertes/<int:pk>/attribuer/", staff.alert_assign, name="alert_assign"),
    # both: a document attached to an alert the person may see
    path("alertes/documents/<int:pk>/", files.attachment, name="attachment"),
    # trainees, with no account: the shared link
    path("signalement/<str:token>/", trainee.trainee_alert, name="trainee_alert"),
    path("signalement/<str:token>/merci/", trainee.trainee_thanks, name="trainee_thanks"),
]
