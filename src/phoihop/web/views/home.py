"""The home page after login: "Việc cần làm", what awaits the user or their body, grouped by source, nearest
deadline first (phoihop.work.queue; the same items as GET /api/v1/work/)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phoihop.web.context_processors import work_counts
from phoihop.work.queue import groups_for, queue_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    items = queue_for(request.user)
    groups = groups_for(items, work_counts(request))  # the menu's badge reads the same counts
    return render(request, "web/home.html", {"groups": groups})
