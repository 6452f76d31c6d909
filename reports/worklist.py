"""What staff must deal with first, at the head of their dashboard: alerts not acknowledged in
time (C7), proposals waiting for an answer beyond the target delay (C4), refusal dialogues open
past their delay (C6). Each list is one query, capped, with its total."""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alerts.models import Alert, AlertStatus
from charter_portal import roles
from charter_portal.models import ServiceLevels
from charter_portal.people import label
from organisms.models import Organisation, Signature, today
from paths import funding_data
from paths.commission import with_overdue
from paths.models import (
    AWAITING_FEEDBACK,
    CommissionSession,
    DialogueOutcome,
    PathProposal,
    ProposalStatus,
    RefusalDialogue,
)
from reports.models import AnnualReportRequest

SHOWN = 10


@dataclass
class Worklist:
    alerts: list
    alerts_total: int
    proposals: list
    proposals_total: int
    dialogues: list
    dialogues_total: int
    # administrators: « SMIC à confirmer » when a path starting today would be warned
    # `smic_may_be_outdated`
    smic_to_confirm: bool = False
    # administrators: proposals in progress whose start date no funding rule set covers
    without_rules: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.alerts_total
            or self.proposals_total
            or self.dialogues_total
            or self.smic_to_confirm
            or self.without_rules
        )


def staff_worklist(user) -> Worklist:
    levels = ServiceLevels.current()
    administrator = roles.is_administrator(user)
    alerts = (
        Alert.objects.visible_to(user)
        .overdue()
        .select_related("organisation")
        .order_by("ack_due_on", "pk")
    )
    proposals = (
        PathProposal.objects.visible_to(user)
        .with_feedback_wait(timezone.now(), levels.feedback_target_days)
        .filter(overdue=True)
        .select_related("organisation")
        .order_by("waiting_since", "pk")
    )
    dialogues = (
        with_overdue(RefusalDialogue.objects.visible_to(user), days=levels.dialogue_overdue_days)
        .filter(overdue=True)
        .select_related("proposal__organisation")
    )
    return Worklist(
        list(alerts[:SHOWN]),
        alerts.count(),
        list(proposals[:SHOWN]),
        proposals.count(),
        list(dialogues[:SHOWN]),
        dialogues.count(),
        smic_to_confirm=administrator and funding_data.smic_to_confirm(),
        without_rules=funding_data.proposals_without_rules(user).count() if administrator else 0,
    )


# ---------------------------------------------------------------- each role's own worklist
# What a person meets first after logging in (`/mon-travail/`): one section per job they hold.
# Each section is two queries (its first rows, its total): the page costs the same however much
# work is waiting.


@dataclass
class Item:
    url: str
    title: str
    detail: str = ""
    late: bool = False
    unread: bool = False
    assignee: object = None


@dataclass
class Section:
    key: str
    title: str
    items: list
    total: int
    more_url: str = ""
    empty: str = ""


def _section(key, title, queryset, to_item, *, more_url="", empty=""):
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    return Section(key, str(title), [to_item(row) for row in rows], total, more_url, str(empty))


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def of_sections(user) -> list[Section]:

    day = today()
    sections = []
    proposals = PathProposal.objects.of_own_organisations(user).with_unread(user)
    drafts = proposals.filter(status=ProposalStatus.DRAFT).order_by("start_date", "pk")
    draft_rows = list(drafts[:SHOWN])
    due = funding_data.file_due_dates(draft_rows)

    def draft_item(p):
        deadline = due.get(p.pk)
        if deadline is None:
            detail = _("Brouillon à compléter.")
        elif deadline < day:
            detail = _("Dossier complet attendu le %(day)s : date dépassée.") % {
                "day": _day(deadline)
            }
        else:
            detail = _("Dossier complet attendu au plus tard le %(day)s.") % {"day": _day(deadline)}
        return Item(
            reverse("paths:proposal_edit", args=[p.pk]),
            f"{p.reference} — {p.target_job or _('sans intitulé')}",
            detail,
            late=deadline is not None and deadline < day,
            unread=p.unread,
        )

    sections.append(
        Section(
            "drafts",
            str(gettext_lazy("Brouillons à terminer")),
            [draft_item(p) for p in draft_rows],
            len(draft_rows) if len(draft_rows) < SHOWN else drafts.count(),
            reverse("paths:proposal_list") + "?status=draft",
            str(gettext_lazy("Aucun brouillon en cours.")),
        )
    )
    sections.append(
        _section(
            "feedback",
            gettext_lazy("Retours de Transitions Pro auxquels répondre"),
            proposals.filter(status=ProposalStatus.FEEDBACK_GIVEN).order_by("updated_at", "pk"),
            lambda p: Item(
                reverse("paths:proposal_detail", args=[p.pk]),
                f"{p.reference} — {p.target_job}",
                _("Lisez le retour, puis révisez la proposition ou répondez dans le fil."),
                unread=p.unread,
            ),
            more_url=reverse("paths:proposal_list") + "?status=feedback_given",
            empty=gettext_lazy("Aucun retour en attente de votre réponse."),
        )
    )
    sections.append(
        _section(
            "alerts",
            gettext_lazy("Alertes en cours"),
            Alert.objects.of_own_organisations(user)
            .with_unread(user)
            .exclude(status=AlertStatus.CLOSED)
            .order_by("created_at", "pk"),
            lambda a: Item(
                reverse("alerts:my_alert_detail", args=[a.pk]),
                f"{a.reference} — {a.get_category_display()}",
                a.get_status_display(),
                unread=a.unread,
            ),
            more_url=reverse("alerts:my_alerts"),
            empty=gettext_lazy("Aucune alerte en cours."),
        )
    )
    # the charter to sign, or to renew when the signed edition ends within three months
    organisations = Organisation.objects.of_own_organisations(user)
    active = {
        s.organisation_id: s
        for s in Signature.objects.of_own_organisations(user).active(day).select_related("edition")
    }
    documents = []
    for organisation in organisations.order_by("legal_name"):
        signature = active.get(organisation.pk)
        if signature is None:
            documents.append(
                Item(
                    reverse("organisms:my_organisation"),
                    organisation.display_name,
                    _("Aucune signature active de la charte : signez l'édition en vigueur."),
                    late=True,
                )
            )
        elif (signature.valid_until - day).days <= 90:
            documents.append(
                Item(
                    reverse("organisms:my_organisation"),
                    organisation.display_name,
                    _("La signature prend fin le %(day)s : pensez à la renouveler.")
                    % {"day": _day(signature.valid_until)},
                )
            )
    sections.append(
        Section(
            "documents",
            str(gettext_lazy("Documents à signer ou à renouveler")),
            documents,
            len(documents),
            reverse("organisms:my_organisation"),
            str(gettext_lazy("La charte est signée et en vigueur.")),
        )
    )
    return sections


def _mine_first(queryset, user):

    return queryset.annotate(
        mine=Case(
            When(assigned_to=user, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )


def analyst_sections(user) -> list[Section]:
    """Proposals to study, those assigned to the analyst first, then the longest waiting."""

    levels = ServiceLevels.current()
    proposals = (
        _mine_first(
            PathProposal.objects.visible_to(user)
            .with_feedback_wait(timezone.now(), levels.feedback_target_days)
            .with_unread(user)
            .filter(status__in=AWAITING_FEEDBACK)
            .filter(_mine_or_free(user)),
            user,
        )
        .select_related("organisation", "assigned_to")
        .prefetch_related("assigned_to__groups")
        .order_by("mine", F("waiting_since").asc(nulls_last=True), "pk")
    )

    def item(p):
        waiting = _("en attente depuis le %(day)s") % {
            "day": _day(timezone.localtime(p.waiting_since)) if p.waiting_since else ""
        }
        return Item(
            reverse("paths:proposal_detail", args=[p.pk]),
            f"{p.reference} — {p.organisation.display_name}",
            f"{p.get_status_display()}, {waiting}",
            late=p.overdue,
            unread=p.unread,
            assignee=label(p.assigned_to) if p.assigned_to_id else "",
        )

    return [
        _section(
            "proposals",
            gettext_lazy("Propositions à étudier"),
            proposals,
            item,
            more_url=reverse("paths:proposal_queue"),
            empty=gettext_lazy("Aucune proposition en attente d'étude."),
        )
    ]


def _mine_or_free(user):
    """What a staff member should pick up: assigned to them, or to nobody yet."""

    return Q(assigned_to=user) | Q(assigned_to__isnull=True)


def quality_sections(user) -> list[Section]:
    """Alerts to acknowledge (late first, those assigned to the officer on top), refusal
    dialogues under way, annual reports requested by organisations."""

    alerts = (
        _mine_first(
            Alert.objects.visible_to(user)
            .with_unread(user)
            .filter(status=AlertStatus.OPEN)
            .filter(_mine_or_free(user)),
            user,
        )
        .select_related("organisation", "assigned_to")
        .prefetch_related("assigned_to__groups")
        .order_by("ack_due_on", "mine", "created_at", "pk")
    )
    dialogues = (
        RefusalDialogue.objects.visible_to(user)
        .filter(outcome=DialogueOutcome.OPEN)
        .select_related("proposal__organisation")
        .order_by("opened_at", "pk")
    )
    requests = (
        AnnualReportRequest.objects.visible_to(user)
        .filter(status=AnnualReportRequest.Status.REQUESTED)
        .select_related("organisation")
        .order_by("requested_at", "pk")
    )
    return [
        _section(
            "alerts_to_acknowledge",
            gettext_lazy("Alertes à prendre en compte"),
            alerts,
            lambda a: Item(
                reverse("alerts:alert_detail", args=[a.pk]),
                f"{a.reference} — {a.organisation.display_name}",
                _("%(category)s, à prendre en compte au plus tard le %(day)s")
                % {"category": a.get_category_display(), "day": _day(a.ack_due_on)},
                late=a.is_overdue,
                unread=a.unread,
                assignee=label(a.assigned_to) if a.assigned_to_id else "",
            ),
            more_url=reverse("alerts:alert_queue") + "?status=open",
            empty=gettext_lazy("Aucune alerte en attente de prise en compte."),
        ),
        _section(
            "dialogues",
            gettext_lazy("Dialogues après refus en cours"),
            dialogues,
            lambda d: Item(
                reverse("paths:dialogue_detail", args=[d.pk]),
                f"{d.proposal.reference} — {d.proposal.organisation.display_name}",
                _("ouvert le %(day)s") % {"day": _day(timezone.localtime(d.opened_at))},
            ),
            more_url=reverse("paths:dialogue_list"),
            empty=gettext_lazy("Aucun dialogue en cours."),
        ),
        _section(
            "annual_requests",
            gettext_lazy("Rapports annuels demandés"),
            requests,
            lambda r: Item(
                reverse("reports:annual_request_detail", args=[r.pk]),
                r.organisation.display_name,
                _("demandé le %(day)s") % {"day": _day(timezone.localtime(r.requested_at))},
            ),
            more_url=reverse("reports:annual_request_list"),
            empty=gettext_lazy("Aucune demande en attente."),
        ),
    ]


def commission_sections(user) -> list[Section]:
    """The next commission's list, concerted proposals first as on the session page."""

    session = CommissionSession.objects.filter(held_on__gte=today()).order_by("held_on").first()
    if session is None:
        return [
            Section(
                "next_session",
                str(gettext_lazy("Prochaine commission")),
                [],
                0,
                reverse("paths:session_list"),
                str(gettext_lazy("Aucune commission programmée.")),
            )
        ]
    proposals = (
        PathProposal.objects.visible_to(user)
        .with_unread(user)
        .filter(commission_session=session, status=ProposalStatus.AT_COMMISSION)
        .select_related("organisation")
        .order_by("reference")
    )
    return [
        _section(
            "next_session",
            gettext_lazy("Prochaine commission : %(session)s") % {"session": session},
            proposals,
            lambda p: Item(
                reverse("paths:proposal_detail", args=[p.pk]),
                f"{p.reference} — {p.organisation.display_name}",
                p.target_job,
                unread=p.unread,
            ),
            more_url=reverse("paths:session_detail", args=[session.pk]),
            empty=gettext_lazy("Aucune proposition inscrite pour l'instant."),
        )
    ]


def sections_for(user) -> list[Section]:
    """Every section of the user's jobs: an OF member's, then each staff role's."""

    sections = []
    if roles.is_of_member(user):
        sections += of_sections(user)
    if roles.is_staff_member(user):
        if user.has_perm("paths.change_pathproposal"):
            sections += analyst_sections(user)
        if user.has_perm("alerts.change_alert"):
            sections += quality_sections(user)
        if roles.COMMISSION in roles.staff_roles(user) or roles.is_administrator(user):
            sections += commission_sections(user)
    return sections
