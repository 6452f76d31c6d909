"""The benchmark's national-scale dataset, generated into the benchmark's own database.

At scale 1: 1,000 organisations and their signatures, 100,000 path proposals submitted over
2021–2022 (and the first half of 2023) with their levers, modules, transitions, feedback and
commission decisions, refusal dialogues, and 200,000 alerts with their proposed responses,
transitions and threads (about 410,000 messages). A fixed seed makes it the same every time.

Rows are written with `bulk_create` in batches of 5,000, built in Python without a query per row.
`bulk_create` bypasses django-simple-history: only organisations and signatures get a history row
(the public directory reads it); the other tables have none, which is fine for a benchmark.

The dataset is reused when the database already holds one of the same version, seed and scale
(a marker table, `bench_dataset`); `--fresh` rebuilds it.

    .venv/bin/python bench/generate.py [--scale 0.01] [--fresh]
"""

import argparse
import bisect
import contextlib
import functools
import itertools
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import database  # noqa: E402

SEED = 20220101
VERSION = 2  # bump when the generator changes what it writes
BATCH = 5000
ORGANISATIONS, PROPOSALS, ALERTS = 1_000, 100_000, 200_000
# the dataset's "now": what happened after it has not happened yet
END = datetime(2023, 6, 30, 17, 0, tzinfo=UTC)
SENTINEL = "Sentinelle"  # the one organisation with a single proposal (query-count checks)
SENT = ("submit", "revise")  # the actions after which Transitions Pro owes an answer

CITIES = {
    "08": ("Charleville-Mézières", "08000"),
    "10": ("Troyes", "10000"),
    "51": ("Reims", "51100"),
    "52": ("Chaumont", "52000"),
    "54": ("Nancy", "54000"),
    "55": ("Verdun", "55100"),
    "57": ("Metz", "57000"),
    "67": ("Strasbourg", "67000"),
    "68": ("Mulhouse", "68100"),
    "88": ("Épinal", "88000"),
}
PREFIXES = [
    "Centre de formation",
    "Institut des métiers",
    "Campus professionnel",
    "École des compétences",
    "Atelier pédagogique",
    "Maison de la formation",
    "Pôle compétences",
]
CERTIFICATIONS = [
    ("RNCP35316", "Conseiller en insertion professionnelle"),
    ("RNCP34147", "Assistant de vie aux familles"),
    ("RNCP31115", "Secrétaire assistant"),
    ("RNCP35671", "Développeur web et web mobile"),
    ("RNCP34019", "Comptable assistant"),
    ("RNCP35299", "Électricien d'équipement du bâtiment"),
    ("RNCP35016", "Cuisinier"),
    ("RNCP34857", "Agent de restauration"),
    ("RNCP35830", "Conducteur de transport routier de marchandises"),
    ("RNCP36004", "Aide-soignant"),
    ("RNCP34486", "Technicien supérieur de maintenance industrielle"),
    ("RNCP35042", "Menuisier agenceur"),
    ("RS5080", "Accompagner la création d'entreprise"),
    ("RS5468", "Habilitation électrique"),
    ("RNCP35478", "Gestionnaire de paie"),
    ("RNCP34392", "Agent magasinier"),
]
MODULES = [
    "Positionnement et accueil",
    "Fondamentaux du métier",
    "Pratique professionnelle",
    "Réglementation et sécurité",
    "Communication professionnelle",
    "Outils numériques",
    "Préparation à la certification",
]
SCHEDULES = ["full_time", "part_time", "discontinuous"]
LEVERS = ["adjustment", "modularisation", "multimodality", "hybrid", "innovation", "digital"]
MODALITIES = ["in_person", "distance", "hybrid", "in_company"]
REASONS = (
    ["incoherent_path", "project_not_coherent", "employment_prospects", "budget"],
    [35, 20, 15, 15],
)
CATEGORIES = (
    [
        "dropout_risk",
        "absence",
        "modality_change",
        "schedule_change",
        "learning_difficulty",
        "personal",
        "financial",
        "other",
    ],
    [30, 20, 10, 10, 10, 10, 5, 5],
)
OUTCOMES = (["secured", "modified", "interrupted", "no_action"], [45, 25, 15, 15])
RESPONSES = ["adjusted_schedule", "tutoring", "modality_change", "catch_up", "referral"]


def sizes_for(scale: float) -> dict:
    return {
        "organisations": max(10, round(ORGANISATIONS * scale)),
        "proposals": max(100, round(PROPOSALS * scale)),
        "alerts": max(200, round(ALERTS * scale)),
    }


# ---------------------------------------------------------------- the marker


MARKER_TABLE = "bench_dataset"


def read_marker() -> dict | None:
    from django.db import connection

    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE name = 'dataset'")  # noqa: S608
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_marker(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (name varchar(40) PRIMARY KEY, value text)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (name, value) VALUES ('dataset', %s)",  # noqa: S608
            [json.dumps(info)],
        )


def _is_current(marker: dict | None, scale: float) -> bool:
    from paths.models import PathProposal

    return bool(
        marker
        and marker.get("version") == VERSION
        and marker.get("seed") == SEED
        and marker.get("scale") == scale
        and PathProposal.objects.count() == marker["sizes"]["proposals"]
    )


# ---------------------------------------------------------------- helpers


@contextlib.contextmanager
def _dated(*models):
    """Let generated rows keep their own dates: auto_now(_add) would stamp them all today."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _insert(model, objects) -> int:
    """bulk_create in batches from an iterable, so a table is never all in memory at once."""
    count = 0
    iterator = iter(objects)
    while batch := list(itertools.islice(iterator, BATCH)):
        model.objects.bulk_create(batch, batch_size=BATCH)
        count += len(batch)
    return count


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _moment(day: date, rng: random.Random) -> datetime:
    """A time in office hours (07:00–17:00 UTC) on that day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        minutes=rng.randint(7 * 60, 17 * 60)
    )


def _days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


@functools.lru_cache(maxsize=4096)
def _ack_due(day: date) -> date:
    from alerts.deadlines import add_working_days

    return add_working_days(day, 2)


class Log:
    def __init__(self):
        self.started = time.perf_counter()
        self.counts: dict[str, int] = {}

    def __call__(self, table: str, count: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + count
        elapsed = time.perf_counter() - self.started
        print(f"  {elapsed:7.1f} s  {table:<22} {count:>9,}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- organisations, people


def _organisations(rng, n, log):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from simple_history.utils import bulk_create_with_history

    from accounts.models import User
    from charter_portal import roles
    from organisms.identifiers import make_nda, make_siret
    from organisms.models import CharterEdition, Membership, Organisation, Signature

    password = make_password("bench-only")  # one hash for every generated account
    staff = {
        roles.QUALITY_OFFICER: ["qualite1", "qualite2"],
        roles.PATH_ANALYST: ["analyste1", "analyste2", "analyste3"],
        roles.COMMISSION: ["commission1"],
        roles.ADMINISTRATOR: ["admin1"],
    }
    people = {}
    for role, names in staff.items():
        group = Group.objects.get(name=role)
        for name in names:
            user = User.objects.create(
                email=f"{name}@bench.invalid", first_name=name.capitalize(), password=password
            )
            user.groups.add(group)
            people.setdefault(role, []).append(user.pk)
    first_org = _next_id(Organisation)
    departements = list(CITIES)
    with _dated(Organisation, Signature, User, Membership, CharterEdition):
        organisations = []
        for index in range(n):
            pk = first_org + index
            dep = departements[index % len(departements)]
            city, postcode = CITIES[dep]
            sentinel = index == n - 1
            created = _moment(date(2020, 9, 1) + timedelta(days=rng.randint(0, 120)), rng)
            organisations.append(
                Organisation(
                    pk=pk,
                    legal_name=f"Organisme {SENTINEL} {city}"
                    if sentinel
                    else f"{rng.choice(PREFIXES)} {city} {index + 1:04d}",
                    trade_name="" if sentinel or rng.random() < 0.6 else f"Form'{index + 1:04d}",
                    siret=make_siret(500_000 + index),
                    nda=make_nda(500_000 + index, dep),
                    address=f"{rng.randint(1, 120)} rue de la Formation",
                    postcode=postcode,
                    city=city,
                    departement=dep,
                    website=f"https://of{index + 1:04d}.example.org",
                    contact_name="Responsable des dossiers",
                    contact_email=f"contact{index + 1:04d}@of.bench.invalid",
                    qualiopi_certified=rng.random() < 0.9,
                    certifications="\n".join(
                        f"{code} {title}" for code, title in rng.sample(CERTIFICATIONS, 3)
                    ),
                    public_description="Organisme de formation du réseau Grand Est.",
                    created_at=created,
                    updated_at=created,
                )
            )
        bulk_create_with_history(organisations, Organisation, batch_size=BATCH, default_date=END)
        log("organisations", n)

        editions = [
            CharterEdition.objects.create(
                title="Charte d'engagement 2021-2022",
                version="bench-2021",
                valid_from=date(2021, 1, 1),
                valid_until=date(2022, 12, 31),
                created_at=END,
            ),
            # still in force when the benchmark runs, so the directory lists signatories
            CharterEdition.objects.create(
                title="Charte d'engagement 2023-2030",
                version="bench-2023",
                valid_from=date(2023, 1, 1),
                valid_until=date(2030, 12, 31),
                created_at=END,
            ),
        ]
        signatures = []
        for organisation in organisations:
            for edition, start, share in (
                (editions[0], date(2021, 1, 4), 1.0),
                (editions[1], date(2023, 1, 2), 0.92),
            ):
                if rng.random() >= share and SENTINEL not in organisation.legal_name:
                    continue
                signed = start + timedelta(days=rng.randint(0, 150))
                signatures.append(
                    Signature(
                        organisation_id=organisation.pk,
                        edition=edition,
                        place=organisation.city,
                        signed_on=signed,
                        of_signatory_name="Direction de l'organisme",
                        of_signatory_function="Directeur",
                        tp_signatory_name="Direction de Transitions Pro",
                        tp_signatory_function="Directrice",
                        withdrawn_on=signed + timedelta(days=90)
                        if edition is editions[1] and rng.random() < 0.02
                        else None,
                        created_at=_moment(signed, rng),
                        updated_at=_moment(signed, rng),
                    )
                )
        bulk_create_with_history(signatures, Signature, batch_size=BATCH, default_date=END)
        log("signatures", len(signatures))

        first_user = _next_id(User)
        users = [
            User(
                pk=first_user + index,
                email=f"of{index + 1:04d}@bench.invalid",
                first_name="Chargée",
                last_name=f"qualité OF {index + 1:04d}",
                password=password,
                date_joined=END,
            )
            for index in range(n)
        ]
        log("users (OF members)", _insert(User, users))
        memberships = [
            Membership(
                user_id=user.pk,
                organisation_id=organisation.pk,
                role=Membership.Role.MANAGER,
                created_at=END,
            )
            for user, organisation in zip(users, organisations, strict=True)
        ]
        log("memberships", _insert(Membership, memberships))
    org_users = {org.pk: user.pk for org, user in zip(organisations, users, strict=True)}
    return [org.pk for org in organisations], org_users, people


# ---------------------------------------------------------------- proposals


def _sessions(log):
    from paths.models import CommissionSession

    held = []
    for year in (2021, 2022, 2023, 2024):
        for month in range(1, 13):
            day = date(year, month, 15)
            while day.weekday() != 3:  # the commission sits on a Thursday
                day += timedelta(days=1)
            held.append(day)
    sessions = CommissionSession.objects.bulk_create(
        [CommissionSession(held_on=day, title=f"Commission du {day:%d/%m/%Y}") for day in held]
    )
    log("commission sessions", len(sessions))
    if sessions[0].pk is None:  # a backend that does not return ids
        sessions = list(CommissionSession.objects.filter(held_on__in=held).order_by("held_on"))
    return held, [session.pk for session in sessions]


def _timeline(rng, submitted, held, session_ids):
    """What happened to one proposal until END: its events, status, decisions and dates."""
    events = [("submit", "draft", "submitted", submitted)]
    out = {"feedbacks": [], "decisions": [], "session": None, "first_feedback": None}
    roll = rng.random()
    target = (
        "decided"
        if roll < 0.88
        else "withdrawn"
        if roll < 0.93
        else "feedback_given"
        if roll < 0.98
        else "revised"
        if roll < 0.99
        else "in_review"
        if roll < 0.995
        else "submitted"
    )

    def step(action, source, to, at):
        if at > END:
            return False
        events.append((action, source, to, at))
        return True

    def finish():
        out["events"] = events
        out["status"] = events[-1][2]
        return out

    at = submitted
    if target == "withdrawn" and rng.random() < 0.4:
        step("withdraw", "submitted", "withdrawn", at + _days(rng, 1, 20))
        return finish()
    if target == "submitted":  # still waiting for someone to open it
        return finish()
    at += _days(rng, 0.2, 4)
    if not step("start_review", "submitted", "in_review", at) or target == "in_review":
        return finish()
    at = max(at + timedelta(hours=2), submitted + timedelta(days=rng.lognormvariate(2.2, 0.6)))
    if not step("give_feedback", "in_review", "feedback_given", at):
        return finish()
    out["first_feedback"] = at
    out["feedbacks"].append(at)
    if target in ("feedback_given", "withdrawn"):
        if target == "withdrawn":
            step("withdraw", "feedback_given", "withdrawn", at + _days(rng, 2, 30))
        return finish()
    if target == "revised" or rng.random() < 0.2:
        at += _days(rng, 3, 20)
        if not step("revise", "feedback_given", "revised", at) or target == "revised":
            return finish()
        at += _days(rng, 2, 12)
        if not step("give_feedback", "revised", "feedback_given", at):
            return finish()
        out["feedbacks"].append(at)
    at += _days(rng, 1, 10)
    if not step("send_to_commission", "feedback_given", "at_commission", at):
        return finish()
    index = bisect.bisect_left(held, (at + timedelta(days=7)).date())
    if rng.random() < 0.1:  # postponed once, decided at the next session
        decided = datetime.combine(held[index], datetime.min.time(), UTC) + timedelta(hours=15)
        out["session"] = session_ids[index]
        if not step("postpone", "at_commission", "at_commission", decided):
            return finish()
        out["decisions"].append((session_ids[index], "postponed", "", decided))
        index += 1
    out["session"] = session_ids[index]
    decided = datetime.combine(held[index], datetime.min.time(), UTC) + timedelta(hours=15)
    if not step("decide", "at_commission", "decided", decided):
        return finish()
    roll = rng.random()
    if roll < 0.6:
        outcome, reason = "accepted", ""
    elif roll < 0.75:
        outcome, reason = "accepted_with_adjustments", ""
    else:
        outcome, reason = "refused", rng.choices(*REASONS)[0]
    out["decisions"].append((session_ids[index], outcome, reason, decided))
    return finish()


def _proposals(rng, sizes, org_ids, org_users, people, log):
    from paths.models import (
        CommissionDecision,
        Feedback,
        Lever,
        PathModule,
        PathProposal,
        ProposalTransition,
        ReferenceSequence,
        RefusalDialogue,
    )

    held, session_ids = _sessions(log)
    n = sizes["proposals"]
    drafts = round(n * 0.03)
    # submission days: 2021 and 2022 mostly, a few in the first half of 2023
    spans = [
        (date(2021, 1, 4), 361, 0.46),
        (date(2022, 1, 3), 361, 0.46),
        (date(2023, 1, 2), 178, 0.08),
    ]
    submitted = []
    for start, length, share in spans:
        count = round((n - drafts - 1) * share)
        submitted += [
            _moment(start + timedelta(days=rng.randrange(length)), rng) for _ in range(count)
        ]
    submitted = sorted(submitted[: n - drafts - 1])
    weights = list(itertools.accumulate(rng.lognormvariate(0, 1.0) for _ in org_ids[:-1]))
    owners = rng.choices(org_ids[:-1], cum_weights=weights, k=len(submitted))
    # the sentinel organisation files exactly one proposal, in 2022
    sentinel_at = _moment(date(2022, 5, 10), rng)
    position = bisect.bisect(submitted, sentinel_at)
    submitted.insert(position, sentinel_at)
    owners.insert(position, org_ids[-1])
    submitted += [None] * (n - len(submitted))
    owners += rng.choices(org_ids[:-1], cum_weights=weights, k=n - len(owners))

    analysts = people["path_analyst"]
    first = _next_id(PathProposal)
    numbers: dict[int, int] = {}
    plan = []  # what the alerts need to know: (pk, organisation, submitted)
    transitions, feedbacks, decisions, dialogues = [], [], [], []

    def proposals():
        for index in range(n):
            pk, organisation, sent = first + index, owners[index], submitted[index]
            if sent is None:
                created = _moment(date(2023, 1, 2) + timedelta(days=rng.randrange(178)), rng)
                story = {"events": [], "status": "draft", "first_feedback": None}
                story.update(feedbacks=[], decisions=[], session=None)
            else:
                created = sent - _days(rng, 1, 30)
                story = _timeline(rng, sent, held, session_ids)
                plan.append((pk, organisation, sent))
            year = created.year
            numbers[year] = numbers.get(year, 0) + 1
            code, title = rng.choice(CERTIFICATIONS)
            start = (sent or created).date() + timedelta(days=rng.randint(60, 150))
            hours = rng.randint(120, 1200)
            distance = round(hours * rng.choice([0, 0, 0.2, 0.3, 0.5]))
            cost = hours * rng.uniform(12, 24)
            concerted = None
            if sent is not None and rng.random() < 0.4:
                concerted = sent.date() - timedelta(days=rng.randint(-5, 60))
            for action, source, to, at in story["events"]:
                by = org_users[organisation] if action in ("submit", "revise", "withdraw") else None
                transitions.append(
                    ProposalTransition(
                        proposal_id=pk,
                        action=action,
                        from_status=source,
                        to_status=to,
                        at=at,
                        by_id=by or rng.choice(analysts),
                    )
                )
            for at in story["feedbacks"]:
                feedbacks.append(
                    Feedback(
                        proposal_id=pk,
                        author_id=rng.choice(analysts),
                        text="Parcours cohérent avec le projet ; précisez le planning de la PAE.",
                        cofunding_leads="" if rng.random() < 0.7 else "Cofinancement employeur.",
                        funding_check={},
                        created_at=at,
                    )
                )
            for session, outcome, reason, at in story["decisions"]:
                decision = CommissionDecision(
                    proposal_id=pk,
                    session_id=session,
                    outcome=outcome,
                    reason=reason,
                    comment="",
                    decided_by_id=rng.choice(analysts),
                    decided_at=at,
                )
                decisions.append(decision)
                if reason == "incoherent_path":
                    dialogues.append((pk, decision, at))
            last = story["events"][-1][3] if story["events"] else created
            waiting = None  # what paths/workflow.py stores: the last submission or revision
            if story["status"] in ("submitted", "in_review", "revised"):
                waiting = max(at for action, _s, _t, at in story["events"] if action in SENT)
            yield PathProposal(
                pk=pk,
                organisation_id=organisation,
                reference=f"PP-{year}-{numbers[year]:04d}",
                created_by_id=org_users[organisation],
                trainee_reference=f"ST-{index + 1:06d}",
                target_job=title,
                certification_code=code,
                certification_title=title,
                start_date=start,
                end_date=start + timedelta(days=rng.randint(90, 330)),
                schedule=rng.choice(SCHEDULES),
                centre_hours_in_person=Decimal(hours - distance),
                centre_hours_distance=Decimal(distance),
                company_hours=Decimal(rng.choice([0, 70, 140, 210])),
                pedagogic_cost_ht=_money(cost),
                standard_hours=Decimal(round(hours * rng.uniform(1.0, 1.5))),
                standard_cost_ht=_money(cost * rng.uniform(1.0, 1.4)),
                concerted_on=concerted,
                concerted_with="Chargée de projet analyse des parcours" if concerted else "",
                status=story["status"],
                submitted_at=sent,
                first_feedback_at=story["first_feedback"],
                decided_at=story["events"][-1][3] if story["status"] == "decided" else None,
                awaiting_feedback_since=waiting,
                commission_session_id=story["session"],
                created_at=created,
                updated_at=last,
            )

    def levers():
        for index in range(n):
            count = rng.choices([0, 1, 2, 3], weights=[15, 40, 30, 15])[0]
            for code in rng.sample(LEVERS, count):
                yield Lever(
                    proposal_id=first + index,
                    code=code,
                    explanation="Levier retenu après le positionnement du candidat.",
                )

    def modules():
        for index in range(n):
            for position in range(rng.randint(1, 3)):
                yield PathModule(
                    proposal_id=first + index,
                    position=position,
                    name=MODULES[position],
                    hours=Decimal(rng.randint(35, 400)),
                    modality=rng.choice(MODALITIES),
                    cost_ht=_money(rng.uniform(500, 6000)),
                )

    with _dated(PathProposal, Feedback):
        log("proposals", _insert(PathProposal, proposals()))
        log("levers", _insert(Lever, levers()))
        log("modules", _insert(PathModule, modules()))
        log("proposal transitions", _insert(ProposalTransition, transitions))
        log("feedbacks", _insert(Feedback, feedbacks))
        transitions.clear()
        feedbacks.clear()
        first_decision = _next_id(CommissionDecision)
        for offset, decision in enumerate(decisions):
            decision.pk = first_decision + offset
        log("commission decisions", _insert(CommissionDecision, decisions))
        log("refusal dialogues", _insert(RefusalDialogue, _dialogues(rng, dialogues, analysts)))
    ReferenceSequence.objects.bulk_create(
        [ReferenceSequence(year=year, last_number=last) for year, last in numbers.items()],
        update_conflicts=True,
        unique_fields=["year"],
        update_fields=["last_number"],
    )
    return plan


def _dialogues(rng, refused, analysts):
    from paths.models import RefusalDialogue

    for proposal_id, decision, decided in refused:
        dialogue = RefusalDialogue(
            proposal_id=proposal_id, decision_id=decision.pk, opened_at=decided + timedelta(hours=2)
        )
        if decided < END - timedelta(days=45) and rng.random() < 0.8:
            contacted = (decided + _days(rng, 2, 10)).date()
            shared = contacted + timedelta(days=rng.randint(0, 10))
            dialogue.contacted_on = contacted
            dialogue.contact_channel = rng.choice(["phone", "email", "meeting", "video"])
            dialogue.contacted_by_id = rng.choice(analysts)
            dialogue.contact_person = "Responsable pédagogique"
            dialogue.reason_stated_on = contacted
            dialogue.reason_statement = "Le volume de PAE ne correspond pas au métier visé."
            dialogue.expectations_shared_on = shared
            dialogue.expectations = "Un positionnement écrit et un planning de PAE détaillé."
            dialogue.outcome = "new_proposal" if rng.random() < 0.6 else "abandoned"
            dialogue.closed_at = _moment(shared + timedelta(days=1), rng)
        elif decided < END - timedelta(days=10):
            dialogue.contacted_on = (decided + _days(rng, 2, 10)).date()
            dialogue.contact_channel = "phone"
            dialogue.contacted_by_id = rng.choice(analysts)
        yield dialogue


# ---------------------------------------------------------------- alerts


def _alerts(rng, sizes, plan, org_ids, org_users, people, log):
    from alerts.models import Alert, AlertMessage, AlertTransition, ProposedResponse

    officers = people["quality_officer"]
    weights = list(itertools.accumulate(rng.lognormvariate(0, 1.0) for _ in org_ids[:-1]))
    sent_times = [sent for _pk, _org, sent in plan]
    first = _next_id(Alert)
    n = sizes["alerts"]
    spans = [
        (date(2021, 1, 4), 361, 0.35),
        (date(2022, 1, 3), 361, 0.5),
        (date(2023, 1, 2), 178, 0.15),
    ]
    days = []
    for start, length, share in spans:
        days += [start + timedelta(days=rng.randrange(length)) for _ in range(round(n * share))]
    days = sorted((days + [date(2022, 6, 1)] * n)[:n])
    transitions, responses, stories = [], [], []

    def alerts():
        for index, day in enumerate(days):
            pk = first + index
            created = _moment(day, rng)
            # most alerts are about a path in progress: a proposal sent 20 to 400 days before
            low = bisect.bisect_left(sent_times, created - timedelta(days=400))
            high = bisect.bisect_left(sent_times, created - timedelta(days=20))
            proposal = None
            if high > low and rng.random() < 0.75:
                proposal, organisation, _sent = plan[rng.randrange(low, high)]
            else:
                organisation = rng.choices(org_ids[:-1], cum_weights=weights)[0]
            origin = "trainee" if rng.random() < 0.15 else "of"
            events, fields = [], {}
            at = created + timedelta(hours=rng.lognormvariate(3.0, 1.0))
            if at <= END:
                events.append(("acknowledge", "open", "acknowledged", at))
                fields.update(acknowledged_at=at, acknowledged_by_id=rng.choice(officers))
                status = "acknowledged"
                if rng.random() < 0.6:
                    at += _days(rng, 1, 7)
                    if at <= END:
                        events.append(("follow_up", status, "in_follow_up", at))
                        fields.update(follow_up_at=at, follow_up_by_id=fields["acknowledged_by_id"])
                        status = "in_follow_up"
                at += _days(rng, 3, 45)
                if at <= END and rng.random() < 0.95:
                    events.append(("close", status, "closed", at))
                    fields.update(
                        closed_at=at,
                        closed_by_id=fields["acknowledged_by_id"],
                        outcome=rng.choices(*OUTCOMES)[0],
                        closing_comment="Situation suivie avec l'organisme ; merci.",
                    )
            status = events[-1][2] if events else "open"
            for action, source, to, moment in events:
                transitions.append(
                    AlertTransition(
                        alert_id=pk,
                        action=action,
                        from_status=source,
                        to_status=to,
                        at=moment,
                        by_id=fields["acknowledged_by_id"],
                    )
                )
            if origin == "of":
                for code in rng.sample(RESPONSES, rng.choice([0, 1, 1, 2])):
                    responses.append(ProposedResponse(alert_id=pk, code=code))
            last = events[-1][3] if events else created
            stories.append((pk, organisation, created, last))
            yield Alert(
                pk=pk,
                organisation_id=organisation,
                proposal_id=proposal,
                trainee_reference="" if proposal else f"STG-{index + 1:06d}",
                category=rng.choices(*CATEGORIES)[0],
                origin=origin,
                observed_on=day - timedelta(days=rng.randint(0, 5)),
                description="Absences répétées depuis deux semaines ; le stagiaire évoque "
                "des difficultés de garde d'enfants.",
                severity=rng.choices(["low", "medium", "high"], weights=[30, 50, 20])[0],
                created_by_id=org_users[organisation] if origin == "of" else None,
                created_at=created,
                ack_due_on=_ack_due(day),
                status=status,
                updated_at=last,
                **fields,
            )

    def messages():
        for pk, organisation, created, last in stories:
            count = rng.choices([0, 1, 2, 3, 4], weights=[10, 25, 30, 20, 15])[0]
            span = max((last - created).total_seconds(), 3600.0)
            moments = sorted(
                created + timedelta(seconds=rng.uniform(60, span)) for _ in range(count)
            )
            for rank, moment in enumerate(moments):
                staff = rank % 2 == 1
                yield AlertMessage(
                    alert_id=pk,
                    author_id=rng.choice(officers) if staff else org_users[organisation],
                    body="Point d'étape : un entretien est prévu avec le stagiaire cette semaine."
                    if not staff
                    else "Merci ; tenez-nous informés de la suite de l'entretien.",
                    internal=staff and rng.random() < 0.15,
                    created_at=moment,
                )

    with _dated(Alert, AlertMessage):
        log("alerts", _insert(Alert, alerts()))
        log("alert transitions", _insert(AlertTransition, transitions))
        log("proposed responses", _insert(ProposedResponse, responses))
        log("alert messages", _insert(AlertMessage, messages()))


# ---------------------------------------------------------------- entry points


def _finish(vendor: str) -> None:
    """Sequences past the explicit ids, and statistics for the query planner."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if vendor == "postgresql":
        models = [model for model in apps.get_models() if model._meta.app_label != "contenttypes"]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fast_sqlite() -> None:
    """Write the file without waiting for the disk: a crash only means generating again (no
    marker is written until the end), and the settings last for this connection only."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB


def generate(scale: float, vendor: str) -> dict:
    from django.db import transaction

    rng = random.Random(SEED)
    sizes = sizes_for(scale)
    if vendor == "sqlite":
        _fast_sqlite()
    log = Log()
    print(f"bench: generating the dataset (scale {scale:g}) …", file=sys.stderr)
    with transaction.atomic():
        org_ids, org_users, people = _organisations(rng, sizes["organisations"], log)
        plan = _proposals(rng, sizes, org_ids, org_users, people, log)
        _alerts(rng, sizes, plan, org_ids, org_users, people, log)
        seconds = round(time.perf_counter() - log.started, 1)
        info = {
            "version": VERSION,
            "seed": SEED,
            "scale": scale,
            "sizes": {**sizes, "rows": log.counts},
            "generation_seconds": seconds,
            "generated_on": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _write_marker(info)
    _finish(vendor)
    print(f"bench: dataset generated in {seconds:.0f} s", file=sys.stderr)
    return info


def _pending_migrations() -> bool:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def prepare(scale: float = 1.0, fresh: bool = False) -> tuple[dict, dict]:
    """Set Django up on the benchmark's database, migrate it, and generate the dataset unless
    the same one is already there. Returns the database settings and the dataset's marker."""
    from django.core.management import call_command
    from django.db import connections

    config = database.setup(scale, fresh=fresh)
    vendor = database.vendor(config)
    marker = read_marker() if not fresh else None
    if marker and _is_current(marker, scale):
        if _pending_migrations():
            call_command("migrate", interactive=False, verbosity=0)
            with connections["default"].cursor() as cursor:
                cursor.execute("ANALYZE")  # statistics for the indexes a migration just made
        return config, marker
    if marker is not None or _has_tables():
        print("bench: the stored dataset is outdated; rebuilding it", file=sys.stderr)
        connections.close_all()
        database.drop(config)
        database.ensure(config)
    call_command("migrate", interactive=False, verbosity=0)
    return config, generate(scale, vendor)


def _has_tables() -> bool:
    from django.db import connection

    return "paths_pathproposal" in connection.introspection.table_names()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale (default)")
    parser.add_argument("--fresh", action="store_true", help="regenerate even if present")
    args = parser.parse_args(argv)
    config, marker = prepare(args.scale, args.fresh)
    print(json.dumps({"database": config["NAME"], **marker}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
