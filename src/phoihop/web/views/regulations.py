"""Regulation pages: the list of current versions and one regulation with its rules in plain Vietnamese,
its reporting obligations, contents, article texts and version history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from phoihop.regulations import queries
from phoihop.regulations.describe import describe, due_text, names, split_articles
from phoihop.regulations.enums import ContentSection, PartyRole


@login_required
def regulation_list(request: HttpRequest) -> HttpResponse:
    regulations = (
        queries.visible_to(request.user)
        .filter(superseded_by__isnull=True)
        .order_by("code")
        .defer("full_text", "data")
    )
    return render(request, "web/regulations/list.html", {"regulations": list(regulations)})


@login_required
def regulation_detail(request: HttpRequest, code: str) -> HttpResponse:
    versions = list(
        queries.visible_to(request.user).filter(code=code).order_by("-version").defer("full_text", "data")
    )
    if not versions:
        raise Http404("Không có quy chế này.")
    wanted = request.GET.get("phien-ban", "")
    chosen = next((v for v in versions if str(v.version) == wanted), None)
    if chosen is None:
        chosen = next((v for v in versions if v.superseded_by_id is None), versions[0])
    reg = (
        queries.with_rules(queries.visible_to(request.user).filter(pk=chosen.pk))
        .select_related("superseded_by")
        .get()
    )
    parties = list(reg.parties.all())
    contents = list(reg.contents.all())
    reports = [
        {
            "obligation": ob,
            "reporters": names(ob.reporters),
            "due": due_text(ob),
            "indicators": list(ob.indicators.all()),
        }
        for ob in reg.reporting_obligations.all()
    ]
    context = {
        "reg": reg,
        "described": describe(reg),
        "lead": [p for p in parties if p.role == PartyRole.LEAD],
        "partners": [p for p in parties if p.role == PartyRole.PARTNER],
        "authorities": [p for p in parties if p.role == PartyRole.AUTHORITY],
        "contents": [c for c in contents if c.section == ContentSection.CONTENT],
        "duties": [c for c in contents if c.section == ContentSection.DUTY],
        "principles": [c for c in contents if c.section == ContentSection.PRINCIPLE],
        "reports": reports,
        "articles": split_articles(reg.full_text),
        "versions": versions,
    }
    return render(request, "web/regulations/detail.html", context)


urlpatterns = [
    path("", regulation_list, name="regulation-list"),
    path("<str:code>/", regulation_detail, name="regulation-detail"),
]
