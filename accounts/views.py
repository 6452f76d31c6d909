from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.forms import EmailAuthenticationForm, QueuedPasswordResetForm
from charter_portal import roles
from organisms.models import Membership


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "emails/password_reset.txt"
    html_email_template_name = "emails/password_reset.html"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # whoever proved they own the mailbox may log in at once, even after a lockout
        axes_reset(username=form.user.email)
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password from the profile; the session stays open."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return super().form_valid(form)


@login_required
def profile(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    token = Token.objects.filter(user=request.user).first()
    new_token = request.session.pop("new_api_token", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "role_labels": roles.role_labels(request.user),
            "token": token,
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def token_create(request):
    # shown once, on the next page only
    request.session["new_api_token"] = services.create_token(request.user)
    messages.success(
        request, _("Votre jeton d'API a été créé. Copiez-le maintenant : il ne sera plus affiché.")
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke(request):
    if services.revoke_token(request.user):
        messages.success(request, _("Votre jeton d'API a été révoqué."))
    return redirect("accounts:profile")
