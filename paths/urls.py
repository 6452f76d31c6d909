from django.urls import path

from paths.views import commission, dialogues, funding_rules, proposals, simulator

app_name = "paths"

urlpatterns = [
    *proposals.urlpatterns,
    # commission sessions, their decisions and the queue (C5)
    path("commissions/", commission.session_list, name="session_list"),
    path("commissions/nouvelle/", commission.session_create, name="session_create"),
    path("commissions/a-inscrire/", commission.commission_queue, name="commission_queue"),
    path(
        "commissions/a-inscrire/<int:proposal_pk>/",
        commission.schedule_proposal,
        name="schedule_proposal",
    ),
    path("commissions/<int:pk>/", commission.session_detail, name="session_detail"),
    path("commissions/<int:pk>/modifier/", commission.session_edit, name="session_edit"),
    path(
        "commissions/<int:pk>/decisions/<int:proposal_pk>/",
        commission.decision_create,
        name="decision_create",
    ),
    # refusal dialogues (C6)
    path("dialogues/", dialogues.dialogue_list, name="dialogue_list"),
    path("dialogues/<int:pk>/", dialogues.dialogue_detail, name="dialogue_detail"),
    path("dialogues/<int:pk>/etapes/<slug:step>/", dialogues.dialogue_step, name="dialogue_step"),
    *simulator.urlpatterns,
    *funding_rules.urlpatterns,
]
