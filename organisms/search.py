"""Searching text as a visitor types it: without accents or case, and forgiving the ending of a
word ("soudure" finds "Soudeur"), the same on SQLite and PostgreSQL."""

import unicodedata

from django.db.models import Func, TextField
from django.db.models.functions import Lower

# Letters folded by the database, accented (both cases) → plain; the rest are lowered.
ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ"
PLAIN = "aaaaaaceeeeiiiinooooouuuuyyaaaaaaceeeeiiiinooooouuuuyy"
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}

# Word endings that vary between a trade, its activity and its plural ("soudure", "soudeur",
# "soudage"): a search word loses one of them when what is left still says something.
ENDINGS = ("ations", "ation", "euses", "euse", "eurs", "eur", "ures", "ure", "ages", "age", "s")
MIN_STEM = 4


def fold(text: str) -> str:
    """Text without accents, ligatures or capitals: "Épinal" → "epinal", "Œuvre" → "oeuvre"."""
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def stem(word: str) -> str:
    """The folded search word, without an ending that would stop it finding its kin."""
    word = fold(word)
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


class Fold(Func):
    """The database's copy of `fold()` over an expression."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        expression = Lower(*self.source_expressions)
        sql, params = compiler.compile(expression)
        return f"TRANSLATE({sql}, %s, %s)", [*params, ACCENTED, PLAIN]

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        for ligature, letters in LIGATURES.items():
            sql = f"REPLACE({sql}, %s, %s)"
            params = [*params, ligature, letters]
        return sql, params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"portal_fold({sql})", params


def register_sqlite_fold(sender, connection, **kwargs):
    """SQLite has no TRANSLATE: each connection gets `fold()` as the `portal_fold` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "portal_fold", 1, lambda text: None if text is None else fold(text), deterministic=True
        )
