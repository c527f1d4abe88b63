"""Pages of one matter across bodies (issue 13, point 4): the matter's page with each body's part, linking a
petition to the matter it duplicates and unlinking it, and the duplicate proposals the petition's page shows.

Who sees a matter: the users of a body holding one of its petitions (404 for anyone else). Of its own body's
petitions a user sees the full row (register code, title, state, a link); of the other bodies' only the body, the
register code, the date received and the state — never a title or a content.

For the petition's page: `proposal_context(user, petition)` returns the context of the partial
`web/matters/_proposals.html` ({% include "web/matters/_proposals.html" %}): nothing (and no query) for a user who
may not link the petition.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _

from phoihop.accounts.types import Viewer, signed_in
from phoihop.common.errors import DomainError
from phoihop.petitions import matching
from phoihop.petitions.domain import matters
from phoihop.petitions.enums import PetitionKind, PetitionState
from phoihop.petitions.models import Matter, Petition

from ._actions import post_action

PLACEHOLDER = "999999999"


def petition_url(pk: int) -> str | None:
    """The petition's page (the petitions part's route), if it exists."""
    try:
        return reverse("petition-detail", args=[pk])
    except NoReverseMatch:
        return None


def _url_maker(name: str) -> Any:
    """One reverse() per page: a function pk -> URL (None when the route does not exist)."""
    try:
        url = reverse(name, args=[PLACEHOLDER])
    except NoReverseMatch:
        return lambda pk: None
    return lambda pk: url.replace(PLACEHOLDER, str(pk))


def parts(user: Viewer, matter: Matter) -> list[dict[str, Any]]:
    """Each body's part of the matter, the viewer's own body first, then in the order the petitions came; a row
    carries a title and a link only for the viewer's own body."""
    org = user.organization_id if user.is_authenticated else None
    states = dict(PetitionState.choices)
    kinds = dict(PetitionKind.choices)
    detail = _url_maker("petition-detail")
    unlink = reverse("matter-unlink", args=[PLACEHOLDER])
    by_body: dict[int, dict[str, Any]] = {}
    for p in matters.parts_of(matter):
        own = p.organization_id == org
        part = by_body.setdefault(
            p.organization_id,
            {"organization": p.organization.name, "own": own, "petitions": []},
        )
        row: dict[str, Any] = {
            "id": p.pk,
            "register_code": p.register_code,
            "received_on": p.received_on,
            "state": p.state,
            "state_label": states.get(p.state, p.state),
        }
        if own:
            row |= {
                "title": p.title,
                "kind": p.kind,
                "kind_label": kinds.get(p.kind, p.kind),
                "url": detail(p.pk),
                "unlink_url": unlink.replace(PLACEHOLDER, str(p.pk)),
                "can_unlink": matters.may_link(user, p),
            }
        part["petitions"].append(row)
    return sorted(by_body.values(), key=lambda part: not part["own"])


def _matter(request: HttpRequest, pk: int) -> Matter:
    matter = matters.matter_for(request.user, pk)
    if matter is None:
        raise Http404
    return matter


@login_required
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    return render(
        request, "web/matters/detail.html", {"matter": matter, "parts": parts(request.user, matter)}
    )


def _petition(request: HttpRequest, pk: int) -> Petition:
    petition = matters.own_petition(request.user, pk)
    if petition is None:
        raise Http404
    return petition


def _petition_page(request: HttpRequest, pk: int) -> str:
    """A link action's page: the petition's page (or its matter's, or the home page, while there is none)."""
    petition = _petition(request, pk)
    url = petition_url(petition.pk)
    if url:
        return url
    if petition.matter_id is not None:
        return reverse("matter-detail", args=[petition.matter_id])
    return reverse("home")


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


@login_required
@post_action(_petition_page)
def matter_link(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    actor = signed_in(request.user)
    if not matters.may_link(actor, petition):
        raise PermissionDenied
    try:
        matter = matters.link_by_id(
            petition,
            actor=actor,
            matter_id=_int(request.POST.get("matter")),
            petition_id=_int(request.POST.get("petition")),
        )
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect(_petition_page(request, pk))
    messages.success(request, _("Đã gắn đơn vào vụ việc chung số %(n)s.") % {"n": matter.pk})
    return redirect(reverse("matter-detail", args=[matter.pk]))


@login_required
@post_action(_petition_page)
def matter_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _petition(request, pk)
    actor = signed_in(request.user)
    if not matters.may_link(actor, petition):
        raise PermissionDenied
    try:
        matters.unlink(petition, actor=actor)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect(_petition_page(request, pk))
    messages.success(request, _("Đã gỡ đơn khỏi vụ việc chung."))
    return redirect(_petition_page(request, pk))


def proposal_context(user: Viewer, petition: Petition) -> dict[str, Any]:
    """The context of `web/matters/_proposals.html` on the petition's page: the matters the petition may duplicate
    (what the clerk may see of another body's petition only) and the link form's address. Empty for a user who
    may not link the petition (no query)."""
    if not matters.may_link(user, petition):
        return {"matter_proposals": [], "matter_can_link": False}
    states = dict(PetitionState.choices)
    proposals = []
    for proposal in matching.candidates(petition):
        proposals.append(
            {
                "matter_id": proposal.matter_id,
                "target_name": "matter" if proposal.matter_id is not None else "petition",
                "target_id": proposal.matter_id
                if proposal.matter_id is not None
                else proposal.target_petition_id,
                "score": round(proposal.score * 100),
                "petitions": [
                    {
                        "organization": c.organization_name,
                        "register_code": c.register_code,
                        "received_on": c.received_on,
                        "state_label": states.get(c.state, c.state),
                    }
                    for c in proposal.petitions
                ],
            }
        )
    return {
        "matter_proposals": proposals,
        "matter_can_link": petition.matter_id is None,
        "matter_link_url": reverse("matter-link", args=[petition.pk]),
        "matter_url": reverse("matter-detail", args=[petition.matter_id]) if petition.matter_id else "",
    }


urlpatterns = [
    path("<int:pk>/", matter_detail, name="matter-detail"),
    path("don/<int:pk>/gan/", matter_link, name="matter-link"),
    path("don/<int:pk>/go/", matter_unlink, name="matter-unlink"),
]
