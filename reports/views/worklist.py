"""The page each person lands on after logging in: their own worklist, one section per job."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reports.worklist import sections_for


@login_required
def worklist(request):
    return render(request, "reports/worklist.html", {"sections": sections_for(request.user)})
