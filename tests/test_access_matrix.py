"""The access-control matrix (issue 8, point 13), generated from the URLconf: every route of the site (pages and
API), with its path filled from the objects of tests/world.py, requested

(a) anonymously: a page sends to the login page, the API answers 401 (GET, and POST too);
(b) by outsiders (a leader and a specialist of the Hội Nông dân, a body with no part in any of it): 404 (or
    403) on every route that names a private object, and never a success whose body or file name carries one
    of the secrets planted in the data (texts, file names, file contents, figures); by peers, who are parties
    but must not see everything: xã Hai never sees xã Một's answer, report or draft, the Ban never sees xã
    Một's unsent version;
(c) by the lower roles of the party bodies on every action (a POST-only route): each actor ACTIONS names is
    refused with the status it gives, with a payload that would otherwise be valid, and nothing changes
    (audit events, notifications, states, counts).

A new route is covered without anyone listing it: it is enumerated here, and the test fails until PARAMS can fill
its path (and, for an action, until ACTIONS says who must be refused): see test_every_route_is_mapped.
Routes left out are in EXCLUDED, each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from phoihop.audit.models import AuditEvent
from phoihop.consultations.models import Attachment, CoordinationRequest, Delivery, Escalation, Meeting
from phoihop.notifications.models import Notification
from phoihop.reports.models import ReportRequest, ReportSlot, ReportSubmission
from phoihop.web.views._actions import is_post_action
from tests import world as W

pytestmark = pytest.mark.django_db

# --- the routes --------------------------------------------------------------------------------------

EXCLUDED = {
    "admin:*": "Django's admin site: staff accounts behind two-factor authentication (tests/audit/test_admin.py)",
    "api-schema": "the API's public description (OpenAPI), no data",
    "api-docs": "the API's public documentation page, no data",
    "login": "the login page, open to anyone",
    "logout": "logging out, open to anyone",
    "two-factor-verify": "the two-factor step, open to a signed-in user before it (tests/accounts/test_two_factor.py)",
    "two-factor-setup": "the two-factor enrolment, same (tests/accounts/test_two_factor.py)",
    "two-factor-recovery": "the recovery codes of the signed-in user (tests/accounts/test_two_factor.py)",
    "healthz": "the health check of the load balancer, no data",
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.pattern.startswith("api/")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {prefix}{p.pattern}>"
            yield Route(name, prefix + str(p.pattern), tuple(p.pattern.converters))


def _excluded(name: str) -> bool:
    return name in EXCLUDED or any(k.endswith(":*") and name.startswith(k[:-1]) for k in EXCLUDED)


ROUTES = sorted(
    {r.name: r for r in _walk(get_resolver().url_patterns) if not _excluded(r.name)}.values(),
    key=lambda r: r.name,
)

# --- filling the paths: the first rule whose pattern matches the route's name gives each parameter ------


@dataclass(frozen=True)
class Fill:
    values: dict[str, Callable[[W.World], Any]]
    private: bool = True  # the route names a private object: outsiders get 404 (or 403)
    query: Callable[[W.World], dict[str, Any]] | None = None


def _notification_of(user: Any) -> int:
    pk = Notification.objects.filter(user=user).order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, "the world tells xã Một's leader of the request xã Một receives"
    return pk


def _period(w: W.World) -> dict[str, Any]:
    return {"obligation": w.slot.obligation_id, "period": w.slot.period_key}


PARAMS: list[tuple[str, Fill]] = [
    # consultations: a copy (delivery), a file, the request waiting for approval, else the sent request
    (
        r"^(api-)?consult-(answer|extension|receipt|assign|draft|draft-submit|draft-approve|draft-return)$",
        Fill({"pk": lambda w: w.delivery.pk}),
    ),
    (r"^(api-)?consult-attachment$", Fill({"pk": lambda w: w.attachment.pk})),
    (r"^(api-)?consult-(submit|approve|return)$", Fill({"pk": lambda w: w.pending.pk})),
    # the edit page of an unsent request: its recipients and outsiders get 404
    (r"^consult-edit$", Fill({"pk": lambda w: w.pending.pk})),
    (r"^(api-)?consult-", Fill({"pk": lambda w: w.request.pk})),
    # reports: a version (the unsent one for its actions, the sent one for its file), a request, a period,
    # else xã Một's sent January report
    (r"^(api-)?reports?-(submit|approve|return-draft)$", Fill({"pk": lambda w: w.draft.pk})),
    (r"^(api-)?reports?-document$", Fill({"pk": lambda w: w.submission.pk})),
    (r"^reports-request-table", Fill({"pk": lambda w: w.report_request.pk})),
    (
        r"^reports-period",
        Fill({"obligation": lambda w: w.slot.obligation_id, "key": lambda w: w.slot.period_key}),
    ),
    (r"^api-report-period", Fill({}, query=_period)),
    (r"^(api-report-slot|reports-)", Fill({"pk": lambda w: w.slot.pk})),
    # regulations are public texts; an evaluation is private to the lead body, the partners and its receiver
    (r"^(api-)?regulation-detail$", Fill({"code": lambda w: W.REGULATION}, private=False)),
    # the organisations directory is open to every signed-in user (its members only to administrators)
    (r"^organization-detail$", Fill({"pk": lambda w: w.xa1.pk}, private=False)),
    (r"^(api-)?evaluation-", Fill({"code": lambda w: W.REGULATION, "year": lambda w: W.YEAR})),
    # an official: the Ban Nội chính manages them, xã Một is their workplace (tests/officials/plant.py)
    (r"^(api-)?official-(detail|edit)$", Fill({"pk": lambda w: w.official.pk})),
    # a notification is its own user's only: xã Một's leader's first one
    (r"^(api-)?notification-(open|read)$", Fill({"pk": lambda w: _notification_of(w.xa1_leader)})),
    # a case the Ban follows with xã Một (tests/cases/plant.py): its progress request, else the case
    (r"^(api-)?case-answer$", Fill({"pk": lambda w: w.case_progress.pk})),
    (r"^(api-)?case-", Fill({"pk": lambda w: w.case.pk})),
    # information about an official (tests/information/plant.py): xã Một sent it to the Ban and the Ban Thường vụ
    (r"^(api-)?information-send$", Fill({"pk": lambda w: w.information_draft.pk})),
    (r"^(api-)?information-(acknowledge|result)$", Fill({"pk": lambda w: w.information_copy.pk})),
    (r"^(api-)?information-timeline$", Fill({"official_pk": lambda w: w.information_official.pk})),
    (r"^(api-)?information-detail$", Fill({"pk": lambda w: w.information.pk})),
    # petitions (tests/petitions/plant.py): the Ban transferred its denunciation to xã Một; xã Một's petition (to
    # classify and decide; the Ban, its source, sees it too) and the redacted file both bodies see
    (r"^petition-attachment$", Fill({"pk": lambda w: w.petition_attachment.pk})),
    (r"^(api-)?petition-", Fill({"pk": lambda w: w.petition_received.pk})),
    # one matter across bodies (tests/matters/plant.py): the Ban's and xã Một's petitions; xã Một's for its actions
    (r"^(api-)?matter-(link|unlink|candidates)$", Fill({"pk": lambda w: w.matter_petition.pk})),
    (r"^(api-)?matter-detail$", Fill({"pk": lambda w: w.matter.pk})),
    # protected identities (tests/identities/plant.py): the Ban keeps them, its specialist ban_cv is their custodian
    (r"^(api-)?identity-protection-(apply|follow-up|end)$", Fill({"pk": lambda w: w.protection.pk})),
    (r"^(api-)?custodian-end$", Fill({"pk": lambda w: w.custodian.pk})),
    (r"^(api-)?identity-", Fill({"pk": lambda w: w.identity.pk})),
    # citizen reception (tests/reception/plant.py): xã Một's session, its follow-up and a day still planned
    (r"^(api-)?reception-followup-close$", Fill({"pk": lambda w: w.reception_followup.pk})),
    (r"^(api-)?reception-cancel-day$", Fill({"pk": lambda w: w.reception_day.pk})),
    (r"^(api-)?reception-(session|answer|followup)$", Fill({"pk": lambda w: w.reception_session.pk})),
]


def fill_for(route: Route) -> Fill | None:
    """The rule that fills every parameter of the route (None: a route this file cannot fill yet)."""
    for pattern, fill in PARAMS:
        if re.search(pattern, route.name) and (route.params or fill.query is not None):
            return fill if set(route.params) <= set(fill.values) else None
    return Fill({}, private=False) if not route.params else None  # a list, a form, a public page


def url_of(route: Route, w: W.World) -> str:
    fill = fill_for(route)
    assert fill is not None
    url = reverse(route.name, kwargs={p: fill.values[p](w) for p in route.params})
    if fill.query is not None:
        url += "?" + "&".join(f"{k}={v}" for k, v in fill.query(w).items())
    return url


# --- actions: who of the party bodies must be refused, with what, given a payload that is otherwise valid --


def _xlsx() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "so-lieu.xlsx", b"PK\x03\x04 not really", content_type="application/octet-stream"
    )


@dataclass(frozen=True)
class Action:
    refused: dict[str, int]  # user attribute of the world -> status
    data: Callable[[], dict[str, Any]] = dict
    web_refused: dict[str, int] | None = None  # when the page answers differently from the API


SENDER_LOWER = {"ban_clerk": 403, "ban_cv": 403, "xa1_cv": 403, "xa1_leader": 403}
PENDING_LOWER = {"ban_clerk": 403, "ban_cv": 403, "xa1_cv": 404, "xa1_leader": 404}
RECEIVER_DRAFTING = {"ban_cv": 403, "ban_clerk": 403, "xa2_cv": 404}
ACTIONS: list[tuple[str, Action]] = [
    # a coordination request: its leader signs, returns, withdraws, closes and escalates
    (r"consult-(approve|return)$", Action(PENDING_LOWER, lambda: {"reason": "Sửa lại"})),
    (r"consult-submit$", Action({"xa1_cv": 404, "xa2_cv": 404})),  # any member of the sender may submit
    (r"consult-(withdraw|close)$", Action(SENDER_LOWER, lambda: {"reason": "Ban hành nhầm"})),
    (r"consult-escalate$", Action(SENDER_LOWER, lambda: {"summary": "Tóm tắt"})),
    (
        r"consult-meeting$",  # any member of the sender records a meeting; a recipient may not
        Action(
            {"xa1_cv": 403, "xa1_leader": 403},
            lambda: {"held_on": "09/03/2027", "participants": "Hai bên", "outcome": "Thống nhất"},
        ),
    ),
    (
        r"consult-ruling$",  # a leader of the authority (the Ban Thường vụ) rules
        Action({"btv_clerk": 403, "btv_cv": 403, "ban_leader": 403}, lambda: {"ruling": "Kết luận"}),
    ),
    # a copy: a specialist or leader of the recipient answers; a clerk records a paper answer only
    (
        r"consult-answer$",
        Action({"xa1_clerk": 403, "ban_cv": 403, "xa2_cv": 404}, lambda: {"position": "agree", "text": "X"}),
    ),
    (
        r"consult-extension$",
        Action(
            {"xa1_clerk": 403, "ban_cv": 403, "xa2_cv": 404},
            lambda: {"new_deadline": "20/03/2027", "reason": "Cần thêm thời gian"},
        ),
    ),
    # assignment inside the recipient (issue 11): its leader (or clerk) assigns; its specialists and leaders
    # draft and submit; its leaders approve or return; the sender and another recipient never
    (
        r"consult-assign$",
        Action({"xa1_cv": 403, "ban_cv": 403, "ban_leader": 403, "xa2_cv": 404}, lambda: {"assignee": "1"}),
    ),
    (
        r"consult-draft(-submit)?$",
        Action(
            {"xa1_clerk": 403, "ban_cv": 403, "ban_leader": 403, "xa2_cv": 404},
            lambda: {"kind": "answer", "position": "agree", "text": "X"},
        ),
    ),
    (
        r"consult-draft-(approve|return)$",
        Action(
            {"xa1_cv": 403, "xa1_clerk": 403, "ban_leader": 403, "xa2_cv": 404}, lambda: {"reason": "Sửa lại"}
        ),
    ),
    (
        r"consult-receipt$",
        Action(
            {"xa1_cv": 403, "ban_cv": 403, "xa2_cv": 404},
            lambda: {"received_on": "02/03/2027", "incoming_number": "12"},
        ),
    ),
    # a report: its body's members draft and submit, its leader approves; the receiver reviews
    # (the receiver reads the slot: the API refuses it with 403, the page with 404, as for anyone else)
    (
        r"reports?-(slot-)?draft$",
        Action(
            RECEIVER_DRAFTING,
            lambda: {"note": "X"},
            web_refused={**RECEIVER_DRAFTING, "ban_cv": 404, "ban_clerk": 404},
        ),
    ),
    (
        r"reports?-(slot-)?xlsx(-upload)?$",
        Action(
            RECEIVER_DRAFTING,
            lambda: {"xlsx": _xlsx(), "note": "X"},
            web_refused={**RECEIVER_DRAFTING, "ban_cv": 404, "ban_clerk": 404},
        ),
    ),
    (r"reports?-submit$", Action({"ban_cv": 404, "xa2_cv": 404})),
    (
        r"reports?-(approve|return-draft)$",
        Action({"xa1_clerk": 403, "xa1_cv": 403, "ban_cv": 404}, lambda: {"reason": "Sửa lại"}),
    ),
    (
        r"reports?-(slot-)?(accept|return)$",
        Action({"ban_clerk": 403, "xa1_cv": 403, "xa1_leader": 403}, lambda: {"reason": "Sửa lại"}),
    ),
    # (the page refuses a clerk's reminder by going back to the table with the message: 302, nothing sent)
    (
        r"remind$",
        Action(
            {"ban_clerk": 403, "xa1_cv": 404, "xa2_cv": 404},
            web_refused={"ban_clerk": 302, "xa1_cv": 404, "xa2_cv": 404},
        ),
    ),
    # a notification: anyone but its user gets 404; "all read" marks only the user's own (nobody is refused)
    (r"notification-read$", Action({"xa1_cv": 404, "xa2_cv": 404, "ban_leader": 404})),
    (r"notification-read-all$", Action({})),
    # the .xlsx import of officials: only Ban Tổ chức (and org admins, the Front for supervision lists) may
    (
        r"officials-import-(preview|confirm)$",
        Action(
            {"xa1_cv": 403, "xa1_leader": 403, "ban_cv": 403},
            lambda: {"kind": "officials", "file": _xlsx(), "token": "0" * 32},
        ),
    ),
    # a case: the Ban's specialists and leaders act, its leaders close; xã Một (the locality) answers progress
    # requests; xã Hai does not see the case (404)
    (
        r"case-(move|official|organization|progress)$",
        Action(
            {"ban_clerk": 403, "xa1_cv": 403, "xa1_leader": 403, "xa2_cv": 404},
            lambda: {"stage": "investigation", "official": "1", "role": "subject", "question": "X"},
        ),
    ),
    (r"case-close$", Action({"ban_cv": 403, "ban_clerk": 403, "xa1_leader": 403, "xa2_cv": 404})),
    (r"case-answer$", Action({"ban_cv": 403, "xa1_clerk": 403, "xa2_cv": 404}, lambda: {"answer": "X"})),
    # information about an official: its sender's specialists and leaders send the draft (the Ban, a recipient, never
    # sees the draft); the recipient's (the Ban's) specialists and leaders acknowledge and report the result
    (
        r"information-send$",
        Action(
            {"ban_cv": 404, "xa2_cv": 404, "xa1_clerk": 403},
            web_refused={"ban_cv": 404, "xa2_cv": 404, "xa1_clerk": 302},
        ),
    ),
    (
        r"information-(acknowledge|result)$",
        Action(
            {"ban_clerk": 403, "xa1_cv": 403, "xa2_cv": 404},
            lambda: {"text": "X"},
            web_refused={"ban_clerk": 302, "xa1_cv": 302, "xa2_cv": 404},
        ),
    ),
    # a petition (xã Một's, received from the Ban, not yet classified): xã Một's specialists and leaders classify
    # it; its leaders decide once it is classified, report it to the Ban and report the result once handling; the
    # Ban (its source) sees it but acts on nothing; xã Hai never sees it (404)
    (
        r"petition-classify$",
        Action(
            {"xa1_clerk": 403, "ban_cv": 403, "ban_leader": 403, "xa2_cv": 404},
            lambda: {"within_competence": "1"},
        ),
    ),
    (
        r"petition-(accept|transfer|guide|file|result|report-ban)$",
        Action(
            {"xa1_clerk": 403, "xa1_cv": 403, "ban_leader": 403, "xa2_cv": 404},
            lambda: {
                "on": "10/03/2027",
                "note": "X",
                "text": "X",
                "letter": "X",
                "result_due_on": "31/03/2027",
            },
        ),
    ),
    # a matter across bodies: xã Một's clerks, specialists and leaders link and unlink xã Một's petition; the Ban
    # (in the matter, another body's petition) and xã Hai never see it (404)
    (
        r"matter-(link|unlink)$",
        Action({"ban_cv": 404, "ban_leader": 404, "xa2_cv": 404}, lambda: {"petition": "1"}),
    ),
    # protected identities: only the Ban's custodian (ban_cv) reads one and handles protection requests; its leader
    # and clerk, like any other body, get 404; only a leader (or org admin) designates and ends custodians
    (
        r"identity-(read|protection-open|protection-apply|protection-follow-up|protection-end)$",
        Action(
            {"ban_leader": 404, "ban_clerk": 404, "xa1_cv": 404},
            lambda: {
                "reason": "Xác minh nội dung đơn tố cáo",
                "requested_on": "09/03/2027",
                "measures_requested": "X",
                "measures_taken": "X",
                "note": "X",
                "follow_up_on": "20/03/2027",
            },
        ),
    ),
    (
        r"custodian-designate$",
        Action({"ban_cv": 403, "ban_clerk": 403, "xa1_cv": 403}, lambda: {"user": "1"}),
    ),
    (r"custodian-end$", Action({"ban_cv": 404, "ban_clerk": 404, "xa1_leader": 404})),
    # citizen reception: a party committee's clerks, specialists and leaders plan and record for their own body
    # (the Ban and the Ban Thường vụ keep no schedule: 403); another body never sees xã Một's session (404)
    (r"reception-plan$", Action({"ban_cv": 403, "btv_leader": 403}, lambda: {"day": "20/03/2027"})),
    (
        r"reception-(cancel-day|answer|followup|followup-close)$",
        Action(
            {"ban_cv": 404, "xa2_cv": 404},
            lambda: {
                "reason": "X",
                "sent_on": "10/03/2027",
                "number": "1",
                "summary": "X",
                "task": "X",
                "due_on": "20/03/2027",
                "result": "X",
            },
        ),
    ),
]


def action_for(route: Route) -> Action | None:
    for pattern, action in ACTIONS:
        if re.search(pattern, route.name):
            return action
    return None


# --- the data, built once for the module -------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """tests/world.py, built once in a transaction rolled back after the module (each test runs in a savepoint
    inside it), its files in a directory of its own."""
    media = tmp_path_factory.mktemp("access-matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast):
        with transaction.atomic():
            with time_machine.travel(W.NOW, tick=False):
                built = W.build_world()
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(world):
    """Replaces tests/conftest.py's per-test media directory: the world's files stay readable."""


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(W.NOW, tick=False):
        yield


def snapshot() -> tuple[Any, ...]:
    """Everything an action could change."""
    return (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        list(CoordinationRequest.objects.order_by("pk").values_list("state", "document_number", "closed_at")),
        list(Delivery.objects.order_by("pk").values_list("state", "deadline", "received_on", "position")),
        list(Escalation.objects.order_by("pk").values_list("ruled_at", "ruling")),
        Meeting.objects.count(),
        Attachment.objects.count(),
        list(ReportSlot.objects.values("state").annotate(n=Count("pk")).order_by("state")),
        list(ReportSubmission.objects.order_by("pk").values_list("state", "version", "note")),
        ReportRequest.objects.count(),
    )


def leaks(response: Any, secrets: tuple[str, ...]) -> list[str]:
    """The secrets found in the response's body or in the name of the file it sends."""
    if response.streaming:
        # Consuming the content closes the response through the test client's own wrapper. Calling close() here
        # again would send request_finished with close_old_connections connected, which closes the PostgreSQL
        # connection inside the module's transaction (SQLite's in-memory database is never closed).
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", errors="replace") + response.get("Content-Disposition", "")
    return [s for s in secrets if s in text]


def as_user(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


ids = [r.name for r in ROUTES]


# --- the tests ---------------------------------------------------------------------------------------


def test_every_route_is_mapped():
    """A route whose path PARAMS cannot fill is not in the matrix: fill it (or exclude it, with a reason)."""
    unmapped = sorted(r.name for r in ROUTES if fill_for(r) is None)
    assert unmapped == []
    assert len(ROUTES) > 80  # the whole site: a broken walk would make every test below vacuous


SEEN = [
    # (who, route, markers that must be in the answer): the secrets are there for those who may see them, so
    # that their absence elsewhere means something
    ("ban_leader", "consult-detail", (W.REQUEST_MARK, W.XA1_MARK, W.XA2_MARK, W.SUMMARY_MARK)),
    ("btv_leader", "api-consult-request", (W.REQUEST_MARK, W.XA1_MARK, W.XA2_MARK, W.SUMMARY_MARK)),
    # the request waiting for approval is in its leader's work queue (page and API), nobody else's
    ("ban_leader", "home", (W.PENDING_MARK,)),
    ("ban_leader", "api-work", (W.PENDING_MARK,)),
    ("xa2_cv", "consult-detail", (W.REQUEST_MARK, W.XA2_MARK)),
    ("xa1_cv", "consult-attachment", (W.XA1_MARK,)),
    ("ban_cv", "consult-outbox", (W.REQUEST_MARK, W.PENDING_MARK)),
    ("ban_cv", "reports-slot", (W.REPORT_MARK, str(W.FIGURE))),
    ("ban_cv", "api-report-period", (str(W.FIGURE),)),
    ("ban_cv", "reports-document", (W.REPORT_MARK,)),
    ("ban_cv", "reports-request-table", (W.ASK_MARK,)),
    # the official's record: the managing body (page) and the workplace (API); tests/officials/plant.py
    ("ban_cv", "official-detail", ("MAT-CAN-BO-7Q",)),
    ("xa1_cv", "api-official-detail", ("MAT-CAN-BO-7Q",)),
    # a petition: the receiving body (xã Một) and its source (the Ban) see it; the redacted file (both)
    ("xa1_cv", "petition-detail", ("MAT-DON-THU-7Q",)),
    ("ban_cv", "api-petition-detail", ("MAT-DON-THU-7Q",)),
    ("xa1_cv", "petition-attachment", ("MAT-DON-THU-7Q",)),
    ("ban_cv", "petition-list", ("MAT-DON-THU-7Q",)),
    # a matter: each body sees its own petition's text (tests/matters/plant.py), never the other's
    ("xa1_cv", "matter-detail", ("MAT-VU-VIEC-CHUNG-XA-7Q",)),
    ("ban_cv", "api-matter-detail", ("MAT-VU-VIEC-CHUNG-BAN-7Q",)),
    # citizen reception (tests/reception/plant.py): xã Một sees its session's texts, never the visitor's name
    ("xa1_cv", "reception-session", ("MAT-TIEP-DAN-7Q",)),
    ("xa1_leader", "api-reception-session", ("MAT-TIEP-DAN-7Q",)),
]


@pytest.mark.parametrize(("who", "name", "markers"), SEEN, ids=[f"{w}-{n}" for w, n, _ in SEEN])
def test_the_secrets_are_there_for_those_who_may_see_them(client, world, who, name, markers):
    route = next(r for r in ROUTES if r.name == name)
    response = as_user(client, getattr(world, who)).get(url_of(route, world))
    assert response.status_code == 200
    assert leaks(response, markers) == list(markers)


def test_an_unsent_version_is_there_for_its_body(client, world):
    response = as_user(client, world.xa1_cv).get(reverse("reports-slot", args=[world.draft_slot.pk]))
    assert leaks(response, (W.DRAFT_MARK, str(W.DRAFT_FIGURE))) == [W.DRAFT_MARK, str(W.DRAFT_FIGURE)]


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_anonymous(client, world, route):
    url = url_of(route, world)
    for method in (client.get, client.post):
        response = method(url)
        if route.api:
            assert (method.__name__, response.status_code) == (method.__name__, 401)
        else:
            assert response.status_code == 302, method.__name__
            assert response["Location"].startswith(f"{reverse('login')}?next="), method.__name__
        assert leaks(response, W.SECRETS) == []


def _get_and_post(client: Client, route: Route, url: str) -> list[Any]:
    """GET the route; an action (a POST-only API route answers 405; a page action, web/views/_actions.py,
    redirects a GET to its page) is POSTed its action's payload too."""
    response = client.get(url)
    if response.status_code != 405 and not is_post_action(resolve(url.split("?")[0]).func):
        return [response]
    action = action_for(route)
    assert action is not None, f"{route.name} is an action: say in ACTIONS who must be refused"
    return [response, client.post(url, action.data())]


@pytest.mark.parametrize("route", ROUTES, ids=ids)
def test_outsiders(client, world, route):
    url = url_of(route, world)
    fill = fill_for(route)
    before = snapshot()
    for who in ("outsider", "outsider_cv"):
        for response in _get_and_post(as_user(client, getattr(world, who)), route, url):
            if fill is not None and fill.private:
                assert (who, response.status_code) in {(who, 404), (who, 403), (who, 405)}
                assert response.status_code != 405 or route.api, who  # a page action's GET: 404, never 405
            assert response.status_code < 500, who
            assert (who, leaks(response, W.SECRETS)) == (who, [])
    assert snapshot() == before


PEERS = {
    # a recipient never sees another recipient's answer, nor another commune's reports
    "xa2_cv": (
        W.XA1_MARK,
        W.REPORT_MARK,
        W.DRAFT_MARK,
        W.PENDING_MARK,
        *W.figure_marks(W.FIGURE),
        *W.figure_marks(W.DRAFT_FIGURE),
        "MAT-TIEP-DAN-7Q",  # xã Một's citizen reception (tests/reception/plant.py)
        "MAT-NGUOI-DEN-7Q",
    ),
    # the receiving body never sees an unsent version
    "ban_cv": (W.DRAFT_MARK, *W.figure_marks(W.DRAFT_FIGURE)),
}


@pytest.mark.parametrize("route", ROUTES, ids=ids)
@pytest.mark.parametrize("peer", sorted(PEERS))
def test_peers(client, world, route, peer):
    url = url_of(route, world)
    response = as_user(client, getattr(world, peer)).get(url)
    assert response.status_code < 500
    assert leaks(response, PEERS[peer]) == []


ACTION_ROUTES = [r for r in ROUTES if action_for(r) is not None]


@pytest.mark.parametrize("route", ACTION_ROUTES, ids=[r.name for r in ACTION_ROUTES])
def test_lower_roles_are_refused(client, world, route):
    action = action_for(route)
    assert action is not None
    refused = action.web_refused if (action.web_refused is not None and not route.api) else action.refused
    url = url_of(route, world)
    before = snapshot()
    outcomes = {}
    for who in refused:
        outcomes[who] = as_user(client, getattr(world, who)).post(url, action.data()).status_code
    assert outcomes == refused
    assert snapshot() == before
