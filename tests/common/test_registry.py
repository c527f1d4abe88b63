"""The registry the domain apps fill (sweep steps, evaluation sources): order, unique names, removal, discovery."""

from __future__ import annotations

import pytest

from phoihop.common.registry import Registry
from phoihop.evaluation.sources import sources
from phoihop.scheduler import registry as sweep
from phoihop.work.registry import work


def test_entries_are_listed_by_order_then_by_registration():
    reg: Registry[str] = Registry("things")
    reg.add("c", "third", order=200)
    reg.add("a", "first")
    reg.add("b", "second")  # the same order as "a": after it, as registered
    reg.add("z", "zeroth", order=1)
    assert reg.names() == ["z", "a", "b", "c"]
    assert reg.items() == [("z", "zeroth"), ("a", "first"), ("b", "second"), ("c", "third")]
    assert list(reg) == ["zeroth", "first", "second", "third"]
    assert (len(reg), "a" in reg, "y" in reg, reg.get("b"), reg.get("y")) == (4, True, False, "second", None)


def test_the_decorator_returns_what_it_registers():
    reg: Registry[object] = Registry("things")

    @reg.register("app.step", order=5)
    def step() -> int:
        return 1

    assert (step(), reg.items()) == (1, [("app.step", step)])


def test_a_name_is_registered_once():
    reg: Registry[str] = Registry("things")
    reg.add("a", "first")
    with pytest.raises(ValueError, match="things: 'a' already registered"):
        reg.add("a", "other")
    assert reg.items() == [("a", "first")]


def test_an_entry_can_be_taken_out_by_item_or_by_name():
    reg: Registry[str] = Registry("things")
    reg.add("a", "first")
    reg.add("b", "second")
    reg.remove("first")
    assert reg.names() == ["b"]
    with pytest.raises(ValueError, match="not registered"):
        reg.remove("first")
    reg.unregister("b")
    assert (reg.names(), len(reg)) == ([], 0)
    with pytest.raises(KeyError):
        reg.unregister("b")


def test_a_registry_can_keep_its_entries_in_a_given_dict():
    kept: dict = {}
    Registry("things", kept).add("a", "first")
    assert Registry("things", kept).items() == [("a", "first")]
    assert Registry("things").items() == []


def test_the_domain_apps_registered_their_entries_at_start_up():
    """The sweep's steps (<app>/jobs.py), the evaluation's sources (<app>/evaluation.py) and the work queue's
    sources (<app>/work.py) were discovered."""
    assert sweep.steps() == [
        "consultations.deadlines",
        "information.results_due",
        "reports.slots",
        "cases.stale",
        "petitions.deadlines",
        "petitions.transfers",
        "identities.protection_follow_up",
        "reception.overdue",
        "notifications.digest",
        "notifications.outbox",
    ]
    # each app's work.py was imported (the exact list and order: tests/work/test_sources.py)
    assert {name.split(".")[0] for name in work.names()} == {
        "consultations",
        "reports",
        "information",
        "cases",
        "petitions",
        "reception",
    }
    figures = [
        "requests",
        "deliveries",
        "reports",
        "information_sent",
        "cases",
        "information_results",
        "petitions",
        "petition_results",
        "reception",
    ]
    assert sources.names() == figures
    sources.discover()  # importing the modules again registers nothing twice
    assert sources.names() == figures
