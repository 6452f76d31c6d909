"""Interim reviews (C9): staff generate a dated snapshot for a period and a scope; the review goes
commitment by commitment with a comment from each party.

Who comments: staff holding reports.change_interimreview write both sides; the OF members of the
reviewed organisation write their organisation's side of its reviews (never Transitions Pro's).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from charter_portal import roles
from charter_portal.scoping import (
    get_visible_or_404,
    of_member_or_staff_required,
    permission_required,
    staff_required,
)
from reports import commitments, services
from reports import report as reports
from reports.forms import CommentsForm, ReviewForm
from reports.models import InterimReview
from reports.views.common import figure, file_stem, serve_csv, serve_workbook, versions

CHANGE = "reports.change_interimreview"


def _review(request, pk):
    return get_visible_or_404(
        InterimReview.objects.select_related("organisation", "generated_by"), request.user, pk=pk
    )


def comment_sides(user, review) -> list[str]:
    """The sides of the review's comments this user may write."""
    if roles.is_staff_member(user):
        return [commitments.OF, commitments.TP] if user.has_perm(CHANGE) else []
    if roles.is_member_of(user, review.organisation_id):
        return [commitments.OF]
    return []


@staff_required
def review_list(request):
    queryset = (
        InterimReview.objects.visible_to(request.user)
        .select_related("organisation", "generated_by")
        .order_by("-generated_at", "-pk")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "reports/review_list.html", {"page": page})


@permission_required("reports.add_interimreview")
def review_create(request):
    if request.method == "POST":
        form = ReviewForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                review = services.generate_interim_review(
                    form.period,
                    form.scope,
                    request.user,
                    form.cleaned_data["declared_ptp_trainees"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Bilan intermédiaire généré (version %(version)s).")
                    % {"version": review.version},
                )
                return redirect("reports:review_detail", pk=review.pk)
    else:
        default = reports.default_period()
        form = ReviewForm(user=request.user, initial={"start": default.start, "end": default.end})
    return render(request, "reports/review_form.html", {"form": form})


@of_member_or_staff_required
def review_detail(request, pk):
    review = _review(request, pk)
    walked = commitments.walk(
        reports.visible_indicators(review.figures, request.user), review.comments
    )
    for entry in walked:
        entry["indicators"] = [figure(row, "review-") for row in entry["indicators"]]
    return render(
        request,
        "reports/review_detail.html",
        {
            "review": review,
            "commitments": walked,
            "versions": versions(review, request.user),
            "may_comment": bool(comment_sides(request.user, review)),
        },
    )


@of_member_or_staff_required
def review_comment(request, pk):
    review = _review(request, pk)
    sides = comment_sides(request.user, review)
    if not sides:
        raise PermissionDenied
    form = CommentsForm(request.POST or None, comments=review.comments, sides=sides)
    if request.method == "POST" and form.is_valid():
        services.comment_interim_review(review, form.written(), request.user, sides)
        messages.success(request, _("Commentaires enregistrés."))
        return redirect("reports:review_detail", pk=review.pk)
    stored = commitments.clean_comments(review.comments)
    rows = [
        {
            "commitment": commitment,
            "fields": [form[f"{commitment.code}_{side}"] for side in sides],
            "others": [
                (commitments.SIDES[side], stored[commitment.code][side])
                for side in commitments.SIDES
                if side not in sides
            ],
        }
        for commitment in commitments.COMMITMENTS
    ]
    return render(
        request, "reports/review_comment.html", {"review": review, "form": form, "rows": rows}
    )


@of_member_or_staff_required
def review_workbook(request, pk):
    review = _review(request, pk)
    return serve_workbook(review, request.user, f"{file_stem('bilan-intermediaire', review)}.xlsx")


@of_member_or_staff_required
def review_csv(request, pk):
    review = _review(request, pk)
    return serve_csv(review, request.user, f"{file_stem('bilan-intermediaire', review)}.csv")
