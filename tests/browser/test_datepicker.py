"""Date fields (issue 11 part 8): a picker beside the text field fills it as dd/mm/yyyy, and a date typed as
dd/mm/yyyy still works and moves the picker. The field the server reads is the text one."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_picker_fills_the_typed_date_and_typing_moves_the_picker(page, live_server, login):
    body = OrganizationFactory(
        name="Ủy ban MTTQ tỉnh", kind=OrganizationKind.FATHERLAND_FRONT, level=Level.PROVINCE
    )
    UserFactory(username="cv", organization=body, role=Role.SPECIALIST)
    login("cv", PASSWORD)
    page.goto(f"{live_server.url}/phoi-hop/moi/")
    text = page.locator("input[name=stated_deadline]")
    picker = page.locator("input[name=stated_deadline] + input.datepicker")
    assert picker.get_attribute("type") == "date"
    assert text.get_attribute("placeholder") == "dd/mm/yyyy"

    picker.fill("2027-02-11")
    assert text.input_value() == "11/02/2027"

    text.fill("5/3/2027")
    assert picker.input_value() == "2027-03-05"
    text.fill("31/02/2027")  # not a date: the picker empties, the server's message will say why
    assert picker.input_value() == ""
