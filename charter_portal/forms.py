"""What every form page shares."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's error next to the form's field when it names one, above the form otherwise
    (a field the form does not show, or no field at all)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)
