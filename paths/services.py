"""Every write a user action causes on path proposals (C1–C4): drafts with their levers, modules
and attachments, the workflow's transitions, staff feedback with its funding check, and threads.

Each service validates everything first, then saves in one transaction (nothing is half-saved),
records who acted in the history, and sends its emails once the transaction is committed.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from charter_portal import assignment, roles
from charter_portal.history import delete_with_history, save_with_history
from paths import notifications, workflow
from paths.models import (
    EDITABLE_BY_OF,
    Feedback,
    Lever,
    LeverCode,
    Message,
    PathModule,
    PathProposal,
    PendingUpload,
    ProposalAttachment,
    ProposalStatus,
)

# Fields of a proposal an OF fills in (what the form and the API write).
PROPOSAL_FIELDS = [
    "trainee_reference",
    "target_job",
    "certification_code",
    "certification_title",
    "competence_blocks",
    "start_date",
    "end_date",
    "schedule",
    "centre_hours_in_person",
    "centre_hours_distance",
    "company_hours",
    "company_hours_required",
    "pedagogic_cost_ht",
    "standard_hours",
    "standard_cost_ht",
    "reference_monthly_salary",
    "concerted_on",
    "concerted_with",
]
MODULE_FIELDS = ["name", "hours", "modality", "cost_ht"]
# Set by the portal, not typed: left out of the validation of what the OF typed.
NOT_TYPED_BY_OF = ["reference", "created_by"]


def _require_member(user, organisation_id: int) -> None:
    """OF actions are for the members of the proposal's organisation only."""
    if not roles.is_member_of(user, organisation_id):
        raise PermissionDenied


def _require_perm(user, perm: str) -> None:
    if not (roles.is_staff_member(user) and user.has_perm(perm)):
        raise PermissionDenied


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# ---------------------------------------------------------------- drafts


def _check_levers(levers: list[dict]) -> tuple[list[Lever], list[str]]:
    built, errors, seen = [], [], set()
    for item in levers:
        code = (item.get("code") or "").strip()
        explanation = (item.get("explanation") or "").strip()
        if code not in LeverCode.values:
            errors.append(_("« %(code)s » n'est pas un levier connu.") % {"code": code})
            continue
        label = LeverCode(code).label
        if code in seen:
            errors.append(_("Le levier « %(lever)s » figure deux fois.") % {"lever": label})
            continue
        seen.add(code)
        if not explanation:
            errors.append(
                _("Expliquez en quoi consiste le levier « %(lever)s ».") % {"lever": label}
            )
            continue
        lever = Lever(code=code, explanation=explanation)
        try:
            lever.full_clean(exclude=["proposal"], validate_constraints=False)
        except ValidationError as exc:
            errors.extend(f"{label} : {message}" for message in _messages(exc))
            continue
        built.append(lever)
    return built, errors


def _check_modules(modules: list[dict]) -> tuple[list[PathModule], list[str]]:
    built: list[PathModule] = []
    errors: list[str] = []
    for position, item in enumerate(modules, start=1):
        module = PathModule(position=position, **{key: item.get(key) for key in MODULE_FIELDS})
        if module.cost_ht is None:
            module.cost_ht = 0
        try:
            module.full_clean(exclude=["proposal"])
        except ValidationError as exc:
            for field, field_errors in exc.message_dict.items():
                label = PathModule._meta.get_field(field).verbose_name  # type: ignore[union-attr]
                errors.extend(
                    _("Module n° %(number)s, %(field)s : %(message)s")
                    % {"number": position, "field": label, "message": message}
                    for message in field_errors
                )
            continue
        built.append(module)
    return built, errors


def _check_attachments(attachments) -> tuple[list[ProposalAttachment], list[str]]:
    built: list[ProposalAttachment] = []
    errors: list[str] = []
    for kind, upload in attachments:
        attachment = ProposalAttachment(kind=kind, file=upload)
        try:
            attachment.full_clean(exclude=["proposal", "uploaded_by"])
        except ValidationError as exc:
            name = getattr(upload, "name", "")
            errors.extend(f"{name} : {message}" for message in _messages(exc))
            continue
        built.append(attachment)
    return built, errors


def _sync_levers(proposal, levers: list[Lever], user) -> None:
    existing = {lever.code: lever for lever in proposal.levers.all()}
    for lever in levers:
        current = existing.pop(lever.code, None)
        if current is None:
            lever.proposal = proposal
            save_with_history(lever, user, validate=False)
        elif current.explanation != lever.explanation:
            current.explanation = lever.explanation
            save_with_history(current, user, validate=False)
    for gone in existing.values():
        delete_with_history(gone, user)


def _sync_modules(proposal, modules: list[PathModule], user) -> None:
    existing = list(proposal.modules.all())
    for index, module in enumerate(modules):
        if index < len(existing):
            current = existing[index]
            changed = False
            for field in [*MODULE_FIELDS, "position"]:
                if getattr(current, field) != getattr(module, field):
                    setattr(current, field, getattr(module, field))
                    changed = True
            if changed:
                save_with_history(current, user, validate=False)
        else:
            module.proposal = proposal
            save_with_history(module, user, validate=False)
    for gone in existing[len(modules) :]:
        delete_with_history(gone, user)


@transaction.atomic
def save_proposal(
    proposal: PathProposal,
    user,
    *,
    levers: list[dict] | None = None,
    modules: list[dict] | None = None,
    attachments=(),
    remove_attachments=(),
    kept=(),
) -> PathProposal:
    """Create a draft (numbered PP-YYYY-NNNN) or update a draft or a proposal being revised after
    feedback, with its levers, modules and attachments, in one transaction: if anything is wrong,
    nothing is saved and every error is reported, named after its field.

    `levers` and `modules` (lists of dicts) replace the current ones; None leaves them as they are.
    `attachments` is a list of (kind, uploaded file); `remove_attachments` ids to delete;
    `kept` the files kept after a form with errors (PendingUpload, see keep_uploads): they become
    attachments unless a new file of the same kind replaces them, and are then discarded.
    """
    # locked and read again: a request sent twice at once (a double click) uses each kept file once
    kept = list(
        PendingUpload.objects.select_for_update()
        .filter(user=user, pk__in=[pending.pk for pending in kept])
        .order_by("pk")
    )
    chosen = {kind for kind, _upload in attachments}
    attachments = list(attachments) + [
        (pending.kind, File(pending.file.open("rb"), name=pending.filename))
        for pending in kept
        if pending.kind not in chosen
    ]
    creating = proposal.pk is None
    if creating:
        _require_member(user, proposal.organisation_id)
        proposal.status = ProposalStatus.DRAFT
        proposal.created_by = user
    else:
        current = PathProposal.objects.select_for_update().get(pk=proposal.pk)
        _require_member(user, current.organisation_id)
        if current.status not in EDITABLE_BY_OF:
            raise ValidationError(
                _("Une proposition « %(status)s » ne peut plus être modifiée.")
                % {"status": ProposalStatus(current.status).label},
                code="not_editable",
            )
        proposal.status = current.status
        proposal.reference = current.reference
        proposal.organisation_id = current.organisation_id

    errors: dict[str, list[str]] = {}
    try:
        proposal.full_clean(exclude=NOT_TYPED_BY_OF)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    built_levers, lever_errors = _check_levers(levers) if levers is not None else ([], [])
    built_modules, module_errors = _check_modules(modules) if modules is not None else ([], [])
    built_attachments, attachment_errors = _check_attachments(attachments)
    for field, field_errors in (
        ("levers", lever_errors),
        ("modules", module_errors),
        ("attachments", attachment_errors),
    ):
        if field_errors:
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)

    if creating:
        proposal.reference = workflow.next_reference(timezone.localdate().year)
        save_with_history(proposal, user, "Création", validate=False)
    else:
        # only what the OF types: the workflow's fields stay as the locked row has them
        save_with_history(
            proposal, user, validate=False, update_fields=[*PROPOSAL_FIELDS, "updated_at"]
        )
    if levers is not None:
        _sync_levers(proposal, built_levers, user)
    if modules is not None:
        _sync_modules(proposal, built_modules, user)
    if remove_attachments:
        for attachment in proposal.attachments.filter(pk__in=list(remove_attachments)):
            delete_with_history(attachment, user)
    for attachment in built_attachments:
        attachment.proposal = proposal
        attachment.uploaded_by = user
        save_with_history(attachment, user, validate=False)
    _discard_kept(kept, user)
    return proposal


def _discard_kept(pending_uploads, user) -> None:
    for pending in pending_uploads:
        pending.file.close()
        name, storage = pending.file.name, pending.file.storage
        delete_with_history(pending, user)
        transaction.on_commit(partial(storage.delete, name))


KEPT_UPLOADS_LIFETIME = timedelta(days=7)


@transaction.atomic
def keep_uploads(user, proposal: PathProposal | None, uploads, kept=()) -> list[PendingUpload]:
    """The form had an error elsewhere: keep the valid PDFs just chosen (a list of (kind, file))
    for this user and this proposal (None: not yet created), replacing a kept file of the same
    kind. Returns every file kept now, to show on the page."""
    kept = [pending for pending in kept if pending.user_id == user.pk]
    # files kept for forms this person abandoned long ago go (with their file)
    stale = PendingUpload.objects.filter(
        user=user, created_at__lt=timezone.now() - KEPT_UPLOADS_LIFETIME
    ).exclude(pk__in=[pending.pk for pending in kept])
    _discard_kept(list(stale), user)
    chosen = {kind for kind, _upload in uploads}
    _discard_kept([pending for pending in kept if pending.kind in chosen], user)
    result = [pending for pending in kept if pending.kind not in chosen]
    for kind, upload in uploads:
        pending = PendingUpload(user=user, proposal=proposal, kind=kind, file=upload)
        save_with_history(pending, user)
        result.append(pending)
    return sorted(result, key=lambda pending: ProposalAttachment.Kind.values.index(pending.kind))


@transaction.atomic
def add_attachment(proposal_id: int, user, kind: str, upload) -> ProposalAttachment:
    """Attach a PDF (programme, positioning result…) to a proposal the OF may still edit."""
    proposal = PathProposal.objects.select_for_update().get(pk=proposal_id)
    _require_member(user, proposal.organisation_id)
    if proposal.status not in EDITABLE_BY_OF:
        raise ValidationError(
            _("Une proposition « %(status)s » ne peut plus être modifiée.")
            % {"status": ProposalStatus(proposal.status).label},
            code="not_editable",
        )
    attachment = ProposalAttachment(proposal=proposal, kind=kind, file=upload, uploaded_by=user)
    save_with_history(attachment, user)
    return attachment


# ---------------------------------------------------------------- submission and revision


# What a draft may lack but sending may not (the form marks them before the first attempt).
TYPED_FIELDS_REQUIRED_FOR_SENDING = {
    "trainee_reference": _lazy("la référence interne ou les initiales du stagiaire"),
    "target_job": _lazy("le projet professionnel (métier visé)"),
    "certification_code": _lazy("le code RNCP ou RS de la certification visée"),
    "certification_title": _lazy("l'intitulé de la certification visée"),
    "start_date": _lazy("la date de début prévue"),
    "end_date": _lazy("la date de fin prévue"),
    "schedule": _lazy("le rythme du parcours"),
}
# Every form field the sending needs: the typed ones above and the figures checked below.
REQUIRED_FOR_SENDING = [
    *TYPED_FIELDS_REQUIRED_FOR_SENDING,
    "centre_hours_in_person",
    "pedagogic_cost_ht",
    "standard_hours",
    "standard_cost_ht",
]


def _related(proposal: PathProposal, name: str) -> list:
    """A related list as prefetched for a page: the API's `to_attr` list (`prefetched_<name>`),
    else `.all()`, which reads a `prefetch_related` cache or runs a query of its own."""
    found = proposal.__dict__.get("prefetched_" + name)
    return list(getattr(proposal, name).all()) if found is None else found


def missing_items(proposal: PathProposal) -> dict[str, list[str]]:
    """What a proposal still lacks before it can be sent to Transitions Pro, in French, by field."""
    missing: dict[str, list[str]] = {}

    def add(field, message):
        missing.setdefault(field, []).append(str(message))

    for field, item in TYPED_FIELDS_REQUIRED_FOR_SENDING.items():
        if getattr(proposal, field) in (None, ""):
            add(field, item)
    # prefetched lists rather than queries of their own, so one prefetch serves a whole page
    levers = _related(proposal, "levers")
    if not levers:
        add("levers", _("au moins un levier d'individualisation, avec son explication"))
    if not _related(proposal, "modules"):
        add("modules", _("au moins un module du parcours (intitulé, heures, modalité, coût)"))
    if not proposal.centre_hours:
        add("centre_hours_in_person", _("les heures en centre (présentiel et/ou distanciel)"))
    if not proposal.pedagogic_cost_ht:
        add("pedagogic_cost_ht", _("le coût pédagogique (€ HT)"))
    if proposal.standard_hours is None:
        add("standard_hours", _("les heures du parcours standard dont la proposition s'écarte"))
    if proposal.standard_cost_ht is None:
        add("standard_cost_ht", _("le coût du parcours standard (€ HT)"))
    kinds = {attachment.kind for attachment in _related(proposal, "attachments")}
    if ProposalAttachment.Kind.PROGRAMME not in kinds:
        add("attachments", _("le programme de formation (PDF)"))
    if (
        any(lever.code == LeverCode.ADJUSTMENT for lever in levers)
        and ProposalAttachment.Kind.POSITIONING not in kinds
    ):
        add(
            "attachments",
            _("le résultat du positionnement (PDF), qui justifie l'aménagement de la durée"),
        )
    return missing


def sending_errors(proposal: PathProposal) -> dict[str, list[str]]:
    """Everything that stops the proposal from being sent, all at once, by field: what is
    missing ("Il manque …") and what is typed but invalid. Empty when it can be sent."""
    missing = missing_items(proposal)
    try:
        proposal.full_clean(exclude=NOT_TYPED_BY_OF)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            missing.setdefault(field, []).extend(errors)
    return {
        field: [_("Il manque %(item)s.") % {"item": item} for item in items]
        if field in MISSING_ITEM_FIELDS
        else items
        for field, items in missing.items()
    }


def _check_complete(proposal: PathProposal) -> None:
    errors = sending_errors(proposal)
    if errors:
        raise ValidationError(errors, code="incomplete")


MISSING_ITEM_FIELDS = {
    *TYPED_FIELDS_REQUIRED_FOR_SENDING,
    "levers",
    "modules",
    "centre_hours_in_person",
    "pedagogic_cost_ht",
    "standard_hours",
    "standard_cost_ht",
    "attachments",
}


def _of_transition(
    proposal_id: int, action: str, user, *, complete: bool = False, signed: bool = False
):
    proposal = PathProposal.objects.select_for_update().get(pk=proposal_id)
    _require_member(user, proposal.organisation_id)
    workflow.check_allowed(proposal, action)
    if signed:
        _require_active_signature(proposal)
    if complete:
        _check_complete(proposal)
    return workflow.transition(proposal_id, action, user)


def _require_active_signature(proposal: PathProposal) -> None:
    """C13: only an organisation holding an active signature of the charter files a proposal."""
    reason = proposal.organisation.inactive_signature_reason()
    if reason:
        raise ValidationError({"organisation": [reason]}, code="signature_not_active")


@transaction.atomic
def submit(proposal_id: int, user) -> PathProposal:
    """The OF sends its draft to Transitions Pro (C2) once it is complete and its organisation
    holds an active signature of the charter (C13; the draft stays as it is otherwise); the
    quality officers and the path analysts are told by email."""
    proposal = _of_transition(proposal_id, "submit", user, complete=True, signed=True)
    transaction.on_commit(lambda: notifications.proposal_submitted(proposal))
    return proposal


@transaction.atomic
def revise(proposal_id: int, user) -> PathProposal:
    """The OF sends its revised proposal after feedback; staff study it again. Like a first
    sending, it needs an active signature of the charter (C13)."""
    proposal = _of_transition(proposal_id, "revise", user, complete=True, signed=True)
    transaction.on_commit(lambda: notifications.proposal_revised(proposal))
    return proposal


@transaction.atomic
def withdraw(proposal_id: int, user) -> PathProposal:
    """The OF withdraws its proposal before the commission; staff are told if it had been sent."""
    previous = PathProposal.objects.get(pk=proposal_id).status
    proposal = _of_transition(proposal_id, "withdraw", user)
    if previous != ProposalStatus.DRAFT:
        transaction.on_commit(lambda: notifications.proposal_withdrawn(proposal))
    return proposal


# ---------------------------------------------------------------- staff


@transaction.atomic
def start_review(proposal_id: int, user) -> PathProposal:
    """The path analyst starts studying a submitted (or revised) proposal."""
    _require_perm(user, "paths.change_pathproposal")
    return workflow.transition(proposal_id, "start_review", user)


def funding_snapshot(proposal: PathProposal) -> dict:
    """The funding check of the proposal as it stands now (in French, the source language)."""
    from paths.funding_data import check_proposal  # the funding check's own module

    if proposal.start_date is None or proposal.end_date is None or not proposal.schedule:
        return {"unavailable": _("Les dates et le rythme du parcours ne sont pas renseignés.")}
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return check_proposal(proposal)
        except ValidationError as exc:  # no rule set applies to the start date
            return {"unavailable": " ".join(_messages(exc))}


@transaction.atomic
def give_feedback(proposal_id: int, user, text: str, cofunding_leads: str = "") -> Feedback:
    """Transitions Pro answers a proposal (C4): a text on the path and its financial engineering,
    the funding check as computed at that moment (a snapshot), and co-funding leads.
    The first feedback dates `first_feedback_at`; the OF's members are told by email."""
    _require_perm(user, "paths.add_feedback")
    feedback = Feedback(text=(text or "").strip(), cofunding_leads=(cofunding_leads or "").strip())
    feedback.author = user
    try:
        feedback.full_clean(exclude=["proposal", "funding_check"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    proposal = workflow.transition(proposal_id, "give_feedback", user)
    feedback.proposal = proposal
    feedback.funding_check = funding_snapshot(proposal)
    save_with_history(feedback, user, validate=False)
    transaction.on_commit(lambda: notifications.feedback_given(feedback))
    return feedback


# ---------------------------------------------------------------- thread


@transaction.atomic
def post_message(
    proposal_id: int, user, body: str, *, internal: bool = False, attachment=None
) -> Message:
    """A message in the proposal's thread. Staff may write an internal note, which the OF never
    sees (no page, no API answer, no email, no export); an OF member never can."""
    proposal = PathProposal.objects.get(pk=proposal_id)
    if roles.is_staff_member(user):
        _require_perm(user, "paths.add_message")
    else:
        _require_member(user, proposal.organisation_id)
        if internal:
            raise ValidationError(
                {
                    "internal": _(
                        "Seul le personnel de Transitions Pro peut écrire une note interne."
                    )
                }
            )
    message = Message(
        proposal=proposal,
        author=user,
        body=(body or "").strip(),
        internal=bool(internal),
        attachment=attachment or "",
    )
    save_with_history(message, user)
    if not message.internal:
        transaction.on_commit(lambda: notifications.message_posted(message))
    return message


# ---------------------------------------------------------------- funding rules (administrators)


@transaction.atomic
def add_smic_rate(rate, user):
    """An administrator records a SMIC value with the day it takes effect and its source; the
    funding check uses it for paths starting from that day. Unique by date; history keeps who."""
    _require_perm(user, "paths.add_smicrate")
    save_with_history(rate, user, "SMIC ajouté")
    return rate


@transaction.atomic
def save_rule_set(rule_set, user):
    """An administrator records or corrects a PTP rule set (its figures, its source and the date
    from which it applies). Feedback already given keeps the check as it was computed."""
    creating = rule_set.pk is None
    _require_perm(user, "paths.add_fundingruleset" if creating else "paths.change_fundingruleset")
    save_with_history(rule_set, user, "Règles créées" if creating else "Règles modifiées")
    return rule_set


# ---------------------------------------------------------------- assignment and reading marks

ASSIGN_PERMISSION = "paths.change_pathproposal"


def assign(proposal_id: int, user, assignee) -> PathProposal:
    """Staff give a proposal to a colleague who studies proposals (or take it themselves: « je
    m'en occupe »); `assignee=None` leaves it unassigned. The change is in the history."""
    return assignment.assign(
        PathProposal,
        proposal_id,
        user,
        assignee,
        perm=ASSIGN_PERMISSION,
        not_a_colleague=_("Cette personne n'étudie pas les propositions de parcours."),
    )


def record_visit(proposal: PathProposal, user):
    """Remember when this user last looked at the proposal; returns the previous visit's time
    (None the first time), so the page can mark what changed since."""
    from paths.models import ProposalVisit

    return assignment.record_visit(ProposalVisit, "proposal", proposal, user)
