"""Demo data of the paths app (called by `manage.py load_demo` after the organisations)."""


def load(context: dict) -> None:
    """context["organisations"] holds the demo organisations by seed, context["users"] one user per role."""
