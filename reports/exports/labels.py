from django.utils.translation import gettext as _

from reports import commitments


def workbook_labels(title: str) -> dict:
    """The French words of a workbook's synthesis sheet."""
    return {
        "synthesis": _("Synthèse"),
        "title": title,
        "period": _("Période"),
        "scope": _("Périmètre"),
        "generated_at": _("Généré le"),
        "columns": [_("Code"), _("Indicateur"), _("Définition"), _("Engagement"), _("Valeur")],
        "key": _("Clé"),
        "count": _("Nombre"),
        # the « Engagement » column shows the commitment in words, not its internal code
        "commitments": {code: str(title) for code, title in commitments.TITLES.items()},
    }
