"""Schemathesis over the whole API (issue 8, point 13): every operation of /api/v1/schema/, called in-process
through the WSGI application with a specialist's token (the Ban Nội chính's, the body that sends requests and
receives reports) on the data of tests/world.py, with valid and invalid input.

Each response must not be a 5xx, must use a status code the schema documents for that operation, and its body
must match the documented schema. Path, query and body values are drawn from the schema, and for some of the
cases replaced by real ones (ids of the world's objects, regulation codes, organisation codes, dates), so that
the calls reach past the 404s into the views and the domain. Bounded and reproducible: MAX_EXAMPLES generated
cases per operation (plus schemathesis's boundary cases), derandomized, the clock at world.NOW.

Marked `fuzz`: `make test` leaves it out, `.ci/run` runs it (`pytest -m fuzz`). The last line it prints counts
the cases and their status codes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from phoihop.consultations.models import Attachment, Delivery
from phoihop.reports.models import ReportSlot
from tests.world import NOW, World, build_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SCHEMA_URL = "/api/v1/schema/?format=json"
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
CALLS: Counter[tuple[str, int]] = Counter()  # (operation, status code) -> cases


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, called in the test's own database transaction: like Django's test
    client, requests must not close the connection (that would end the transaction holding the data)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db) -> World:
    with time_machine.travel(NOW, tick=False):
        return build_world()


@pytest.fixture
def token(world) -> str:
    return Token.objects.create(user=world.ban_cv).key


def _real_values(w: World) -> dict[str, dict[str, dict[str, list[Any]]]]:
    """Real values by place (path, query, body) and by the start of the operation's path (after /api/v1)."""
    request_ids = [w.request.pk, w.pending.pk]
    slots = [
        w.slot.pk,
        w.draft_slot.pk,
        *ReportSlot.objects.filter(request=w.report_request).values_list("pk", flat=True),
    ]
    codes = [w.xa1.code, w.xa2.code, w.hu.code]
    period = {"obligation": [w.slot.obligation_id], "period": ["2027-01", "2027-02"]}
    return {
        "path": {
            "/consultations/requests/": {"id": request_ids},
            "/consultations/deliveries/": {"id": list(Delivery.objects.values_list("pk", flat=True))},
            "/consultations/attachments/": {"id": list(Attachment.objects.values_list("pk", flat=True))},
            "/reports/slots/": {"id": slots},
            "/reports/submissions/": {"id": [w.submission.pk, w.draft.pk]},
            "/regulations/": {"code": ["000", "001", "002", "003", "004"]},
            "/evaluation/": {"code": ["003", "004"], "year": ["2026", "2027"]},
        },
        "query": {
            **{f"/reports/periods/{end}": period for end in ("", "xlsx/", "documents.zip", "remind/")},
            "/reports/slots/": {"side": ["own", "received", "copies"], "period": ["2027-01"]},
            "/workdays/add": {"date": ["2027-01-22", "22/01/2027"], "days": ["5", "-3", "0"]},
            "/workdays/calendar": {"year": ["2027"]},
            "/regulations/{code}/": {"version": [1, 2]},
        },
        "body": {
            "/consultations/requests/{id}/meeting/": {"held_on": ["2027-03-09"]},
            "/consultations/requests/": {
                "regulation": ["003"],
                "kind": ["consultation", "notice"],
                "recipients": [[w.xa1.code], codes],
                "paper_recipients": [[], [w.xa2.code]],
            },
            "/consultations/deliveries/{id}/extension/": {"new_deadline": ["2027-03-20"]},
            "/consultations/deliveries/{id}/receipt/": {"received_on": ["2027-03-02", "10/03/2027"]},
            "/reports/requests/": {
                "origin": ["ad_hoc"],
                "regulation": ["003", ""],
                "reporters": [[w.xa1.code], codes],
            },
        },
    }


def _with_real(
    place: dict[str, dict[str, list[Any]]], path: str, generated: Any, *, prefix: bool = False
) -> st.SearchStrategy[Any]:
    """The generated value, or (twice as likely) the generated value with some keys replaced by real ones: those
    given for the operation's path (or, with `prefix`, for the longest start of it)."""
    path = path.removeprefix("/api/v1")
    matches = [p for p in place if path == p or (prefix and path.startswith(p))]
    if not matches or not isinstance(generated, dict):
        return st.just(generated)
    real = place[max(matches, key=len)]
    replaced = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in real.items()}).map(
        lambda values: {**generated, **values}
    )
    return st.one_of(replaced, replaced, st.just(generated))


@pytest.fixture
def api_schema(request, wsgi_app, token, world):
    # schemathesis 4.32's lazy loader reads and rewrites `node._nodeid` (to name each operation's subtest), an
    # attribute the installed pytest (9.2) no longer has (nodes keep `_id`): give it one.
    request.node._nodeid = request.node.nodeid
    loaded = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app, headers={"Authorization": f"Token {token}"})
    real = _real_values(world)

    @loaded.hook
    def flatmap_path_parameters(context, path_parameters):
        return _with_real(real["path"], context.operation.path, path_parameters, prefix=True)

    @loaded.hook
    def flatmap_query(context, query):
        return _with_real(real["query"], context.operation.path, query)

    @loaded.hook
    def flatmap_body(context, body):
        return _with_real(real["body"], context.operation.path, body)

    CALLS.clear()
    yield loaded
    operations = {label for label, _ in CALLS}
    statuses = Counter(status for _, status in CALLS.elements())
    plugins = request.config.pluginmanager
    with plugins.get_plugin("capturemanager").global_and_fixture_disabled():
        plugins.get_plugin("terminalreporter").write_line(
            f"\nschemathesis: {CALLS.total()} cases over {len(operations)} operations; "
            f"status codes {dict(sorted(statuses.items()))}"
        )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)
def test_api_operation(case, token):
    with time_machine.travel(NOW, tick=False):
        response = case.call(headers={"Authorization": f"Token {token}"})
    CALLS[(case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS)
