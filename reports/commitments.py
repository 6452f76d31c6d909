"""The charter's fifteen commitments as the interim review (C9) walks through them: who commits,
what they commit to, and where the evidence comes from when no indicator counts it.

The indicators name their commitment themselves (`reports.indicators.Indicator.commitment`); this
module only says what the review shows for each commitment, in the PRODUCT.md table's words.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OF, TP, BOTH = "of", "tp", "both"
PARTIES = {
    OF: _("L'organisme de formation"),
    TP: _("Transitions Pro Grand Est"),
    BOTH: _("Les deux parties"),
}
# the two sides of a comment, as stored in InterimReview.comments {"C1": {"of": …, "tp": …}}
SIDES = {OF: _("Commentaire de l'organisme"), TP: _("Commentaire de Transitions Pro")}


# what users read instead of the internal codes (C1…C15), which stay in the data and the API
TITLES = {
    "C1": _("Des parcours individualisés"),
    "C2": _("Une concertation dès que le parcours est imaginé"),
    "C3": _("Un suivi commun des propositions de parcours aménagés"),
    "C4": _("Un retour sur chaque proposition"),
    "C5": _("Des aménagements valorisés en commission paritaire"),
    "C6": _("Un dialogue après un refus pour parcours incohérent"),
    "C7": _("Des alertes sur les parcours des stagiaires"),
    "C8": _("Aucun contrôle à cause d'une alerte"),
    "C9": _("Un bilan intermédiaire"),
    "C10": _("Un bilan annuel PTP à la demande de l'organisme"),
    "C11": _("Un temps de dialogue"),
    "C12": _("La durée et la révision de la charte"),
    "C13": _("Une communication limitée aux principes de la charte"),
    "C14": _("La liste publique des signataires"),
    "C15": _("La signature de la charte"),
}


def title(code: str) -> str:
    """A commitment in words, for users (never its internal code)."""
    return str(TITLES.get(code, code))


@dataclass(frozen=True)
class Commitment:
    code: str
    party: str
    summary: object
    evidence: object = ""  # what the portal holds when no indicator counts the commitment

    @property
    def party_label(self):
        return PARTIES[self.party]

    @property
    def title(self):
        return TITLES[self.code]


COMMITMENTS = [
    Commitment(
        "C1",
        OF,
        _(
            "Concevoir des parcours individualisés adaptés à chaque candidat : aménagement, "
            "modularisation, multimodalité, hybridation, innovation pédagogique, digitalisation…"
        ),
    ),
    Commitment(
        "C2",
        OF,
        _(
            "Prendre contact dès que le parcours est imaginé et le transmettre par écrit à la "
            "chargée de projet qualité OF et à la chargée de projet analyse des parcours."
        ),
    ),
    Commitment(
        "C3",
        BOTH,
        _(
            "Suivre conjointement l'indicateur : nombre de propositions de l'organisme permettant "
            "des parcours aménagés."
        ),
    ),
    Commitment(
        "C4",
        TP,
        _(
            "Étudier chaque proposition et faire un retour, notamment sur l'ingénierie financière "
            "et les possibles en la matière."
        ),
    ),
    Commitment(
        "C5",
        TP,
        _(
            "Valoriser en commission paritaire les aménagements de parcours, notamment ceux "
            "concertés en amont."
        ),
    ),
    Commitment(
        "C6",
        TP,
        _(
            "Après un refus pour « parcours non cohérent avec le projet professionnel » : contacter "
            "l'interlocuteur du dossier, préciser le motif, partager les attendus de la commission "
            "et réfléchir ensemble à une réponse plus adaptée."
        ),
    ),
    Commitment(
        "C7",
        OF,
        _(
            "Alerter Transitions Pro des événements qui affectent le parcours d'un stagiaire "
            "(risque de rupture, changement de modalité…), qu'ils viennent de l'organisme ou du "
            "stagiaire."
        ),
    ),
    Commitment(
        "C8",
        TP,
        _("Ne jamais réaliser de contrôle à cause d'une alerte émise par l'organisme."),
        _(
            "Le portail ne permet pas d'ouvrir ni d'alimenter un contrôle à partir d'une alerte : "
            "les contrôles de communication sont des dossiers distincts."
        ),
    ),
    Commitment(
        "C9",
        TP,
        _("Réaliser un bilan intermédiaire de la concrétisation des engagements de chaque partie."),
        _("Le présent bilan, conservé en version datée qui ne change plus."),
    ),
    Commitment(
        "C10",
        TP,
        _("Produire un bilan annuel sur les PTP, à la demande de l'organisme."),
        _(
            "Les demandes de rapport annuel PTP déposées sur le portail et les rapports produits "
            "(écran « Rapports annuels PTP »)."
        ),
    ),
    Commitment(
        "C11",
        BOTH,
        _(
            "Instaurer un temps de dialogue : regard qualitatif sur la part d'individualisation, "
            "quantitatif sur les indicateurs de la charte et les leviers ayant sécurisé les "
            "parcours."
        ),
    ),
    Commitment(
        "C12",
        BOTH,
        _(
            "Charte en vigueur de la date de signature jusqu'au terme de l'édition ; contenu revu "
            "à partir des observations des deux parties."
        ),
        _("Les éditions de la charte et les dates de validité des signatures."),
    ),
    Commitment(
        "C13",
        OF,
        _(
            "Ne communiquer que sur le partage des principes de la charte ; toute autre "
            "communication entraîne un contrôle et la dénonciation immédiate des engagements."
        ),
        _("Les contrôles de communication enregistrés sur la fiche de l'organisme."),
    ),
    Commitment(
        "C14",
        TP,
        _("Lister les organismes signataires sur son site internet."),
        _("L'annuaire public des signataires et son export en données ouvertes."),
    ),
    Commitment(
        "C15",
        BOTH,
        _("Signer la charte : lieu, date et signataires des deux parties."),
        _("Les signatures enregistrées avec le document signé."),
    ),
]
CODES = [commitment.code for commitment in COMMITMENTS]


def clean_comments(comments) -> dict:
    """Only the known commitments and sides, as text: {"C1": {"of": "…", "tp": "…"}, …}."""
    comments = comments if isinstance(comments, dict) else {}
    cleaned = {}
    for code in CODES:
        entry = comments.get(code) if isinstance(comments.get(code), dict) else {}
        cleaned[code] = {side: str(entry.get(side) or "").strip() for side in SIDES}
    return cleaned


def walk(figures: list[dict], comments: dict) -> list[dict]:
    """The review, commitment by commitment: the frozen indicators that count it and the comments."""
    comments = clean_comments(comments)
    return [
        {
            "commitment": commitment,
            "indicators": [row for row in figures if row.get("commitment") == commitment.code],
            "comments": comments[commitment.code],
        }
        for commitment in COMMITMENTS
    ]
