"""Information about an official on the access matrix's world (tests/world.py): xã Một (the official's workplace)
sends the Ban Nội chính and the Ban Thường vụ (the managing body) signs of violation under 003 Điều 3 khoản 7 with a
due date for the result; the Ban Thường vụ reports the result; the Ban's copy stays open. A second item stays a
draft of xã Một. Every text carries INFO_MARK: the outsider (`farmers`) must never see it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import time_machine

if TYPE_CHECKING:
    from tests.world import World

INFO_MARK = "MAT-THONG-TIN-CB-7Q"
MARKS = (INFO_MARK,)


def plant(w: World) -> None:
    from phoihop.formats.vi.collation import fold
    from phoihop.information.domain import actions
    from phoihop.information.models import InformationCopy
    from phoihop.officials.models import Official
    from tests.reports.conftest import at

    name = "Lê Thị Thông Tin"
    official = Official.objects.create(
        full_name=name,
        name_key=fold(name),
        birth_year=1980,
        position=f"Chủ tịch UBND xã {INFO_MARK}",
        workplace=w.xa1,
        managing_body=w.btv,
        is_party_member=True,
        party_organization=w.xa1,
    )
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        info = actions.record(
            w.xa1_cv,
            official=official,
            kind="signs_of_violation",
            content=f"Dấu hiệu vi phạm về đất đai {INFO_MARK}",
            basis=f"Kết luận kiểm tra 03-KL {INFO_MARK}",
            verified=True,
            conclusion_number="03-KL/DU",
            conclusion_date=dt.date(2027, 3, 1),
            result_due_on=dt.date(2027, 3, 31),
        )
        actions.send(w.xa1_cv, info)
        draft = actions.record(
            w.xa1_cv,
            official=official,
            kind="complaint",
            content=f"Đơn khiếu nại chưa gửi {INFO_MARK}",
            basis=f"Đơn ngày 01/03/2027 {INFO_MARK}",
        )
    btv_copy = InformationCopy.objects.get(information=info, recipient=w.btv)
    with time_machine.travel(at("2027-03-05", 9), tick=False):
        actions.report_result(
            w.btv_leader, btv_copy, text=f"Đã kiểm điểm {INFO_MARK}", decision_number="5-QĐ/TU"
        )
    w.extra["information"] = info
    w.extra["information_draft"] = draft
    w.extra["information_official"] = official
    w.extra["information_copy"] = InformationCopy.objects.get(information=info, recipient=w.ban)
