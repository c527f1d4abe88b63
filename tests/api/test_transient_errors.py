"""A deadlock on PostgreSQL (two transactions locking two rows in opposite orders, real threads) is a 409
with a Vietnamese "try again" on pages and the error body in the API, never a 500 (issue 8)."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, close_old_connections, transaction
from django.test import RequestFactory

from phoihop.api.exceptions import exception_handler
from phoihop.common.middleware import RETRY_MESSAGE, TransientDatabaseErrorMiddleware, is_transient
from phoihop.organizations.models import Organization
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _a_real_deadlock() -> DatabaseError:
    a, b = OrganizationFactory(), OrganizationFactory()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def lock(first: int, second: int) -> None:
        try:
            with transaction.atomic():
                Organization.objects.select_for_update().get(pk=first)
                barrier.wait()
                Organization.objects.select_for_update().get(pk=second)
        except DatabaseError as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=lock, args=p) for p in ((a.pk, b.pk), (b.pk, a.pk))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1, errors
    assert isinstance(errors[0], DatabaseError)
    return errors[0]


def test_a_deadlock_is_a_409_on_pages_and_in_the_api():
    exc = _a_real_deadlock()
    assert is_transient(exc)
    assert not is_transient(DatabaseError("something else"))
    middleware = TransientDatabaseErrorMiddleware(lambda r: None)
    page = middleware.process_exception(RequestFactory().post("/phoi-hop/1/rut-lai/"), exc)
    assert page is not None
    assert page.status_code == 409
    assert RETRY_MESSAGE in page.content.decode()
    api = middleware.process_exception(
        RequestFactory().post("/api/v1/consultations/requests/1/withdraw/"), exc
    )
    assert api is not None
    assert api.status_code == 409
    response = exception_handler(exc, {})
    assert response is not None
    assert (response.status_code, response.data) == (
        409,
        {"error": "conflict", "detail": RETRY_MESSAGE, "fields": {}},
    )
