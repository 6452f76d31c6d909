from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Après 5 essais infructueux, "
            "le compte est bloqué pendant une heure."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """The reset link goes through the outbox like every email: sent by the worker, retried."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        from charter_portal.mail import send_templated

        to_email = args[1] if len(args) > 1 else kwargs["to_email"]
        send_templated(email_template_name.removesuffix(".txt"), [to_email], context)
