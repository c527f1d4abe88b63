"""The benchmark province's officials and the information about them (issue 12): ≈20,000 officials × scale with
their current position, and ≈5,000 items of information × scale, each sent to the official's managing body and
the Ban Nội chính (the 003 3.7 routing), as bench/generate.py writes everything: bulk_create, states as the
domain functions would have left them.

Who the busy body (the Ban Nội chính) sees: the officials it works on through information (the registry's
involvement), a few thousand; its information inbox holds every item. One official (BUSY_OFFICIAL_NAME) has
TIMELINE_ITEMS items, for the timeline page.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import common

FULL_OFFICIALS = 20_000
FULL_INFORMATION = 5_000
TIMELINE_ITEMS = 60
BUSY_OFFICIAL_NAME = "Nguyễn Văn Bench Timeline"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đào", "Đinh", "Mai", "Trịnh", "Lương", "Tạ", "Chu", "Cao"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Ngọc", "Xuân", "Thu", "Hồng", "Kim", "Công",
          "Đình", "Mạnh", "Tiến", "Bảo", "Gia", "Phương", "Thúy"]  # fmt: skip
GIVEN = ["An", "Anh", "Bình", "Chi", "Cường", "Dũng", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa",
         "Hùng", "Hương", "Huy", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung",
         "Phong", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tú",
         "Tuấn", "Vân", "Việt", "Vinh", "Yến"]  # fmt: skip
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính",
             "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", "Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng"]  # fmt: skip
KINDS = (("signs_of_violation", 0.35), ("complaint", 0.2), ("denunciation", 0.25), ("under_review", 0.1),
         ("prosecuted", 0.05), ("handling_result", 0.05))  # fmt: skip


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    x, acc = rng.random(), 0.0
    for value, weight in mix:
        acc += weight
        if x < acc:
            return value
    return mix[-1][0]


def generate(rng: random.Random, scale: float) -> dict[str, int]:
    from django.db import transaction

    from phoihop.accounts.models import User
    from phoihop.formats.vi.collation import fold
    from phoihop.information.models import InformationCopy, OfficialInformation
    from phoihop.officials.models import Official, OfficialPosition
    from phoihop.officials.naming import collation_key
    from phoihop.organizations.models import Organization

    orgs = list(Organization.objects.values("id", "code", "level"))
    by_code = {o["code"]: o["id"] for o in orgs}
    btv = by_code["hy-btv-tinh-uy"]
    khoi = by_code["hy-dang-uy-khoi-cac-co-quan"]
    bnc = by_code[common.BUSY_ORG]
    communes = [o["id"] for o in orgs if o["level"] == "commune"]
    provincial = [o["id"] for o in orgs if o["level"] != "commune"]
    author = User.objects.filter(organization_id=bnc).order_by("pk").first()
    assert author is not None

    n_officials = round(FULL_OFFICIALS * scale)
    officials: list[Official] = []
    seen: set[tuple[str, int, int]] = set()
    while len(officials) < n_officials:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if len(officials) == 0:
            name = BUSY_OFFICIAL_NAME
        born = rng.randint(1960, 1995)
        if rng.random() < 0.6:
            workplace = rng.choice(communes)
            managing = workplace if rng.random() < 0.9 else btv
        else:
            workplace = rng.choice(provincial)
            managing = btv if rng.random() < 0.3 else khoi
        key = (fold(name), born, workplace)
        if key in seen:
            continue
        seen.add(key)
        officials.append(
            Official(
                full_name=name,
                name_key=fold(name),
                sort_name=collation_key(name),
                birth_year=born,
                position=rng.choice(POSITIONS),
                workplace_id=workplace,
                is_party_member=rng.random() < 0.8,
                managing_body_id=managing,
                managing_basis="Quy định 80-QĐ/TW" if managing == btv else "",
            )
        )
    before = Official.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        Official.objects.bulk_create(officials, batch_size=2000)
        ids = list(
            Official.objects.filter(pk__gt=before)
            .order_by("pk")
            .values_list("pk", "workplace_id", "managing_body_id", "position")
        )
        OfficialPosition.objects.bulk_create(
            [
                OfficialPosition(
                    official_id=pk, organization_id=wp, title=pos, started_on=dt.date(2021, 1, 1)
                )
                for pk, wp, _, pos in ids
            ],
            batch_size=2000,
        )

    n_info = round(FULL_INFORMATION * scale)
    start = common.FIRST_DAY
    span = (common.AS_OF.date() - start).days
    infos: list[OfficialInformation] = []
    recipients: list[tuple[int, ...]] = []
    timeline_official = ids[0]
    for i in range(n_info):
        official = timeline_official if i < TIMELINE_ITEMS else rng.choice(ids)
        pk, workplace, managing, _ = official
        sender = workplace if rng.random() < 0.7 else rng.choice(provincial)
        kind = _pick(rng, KINDS)
        sent_on = start + dt.timedelta(days=round(span * i / max(1, n_info)))
        sent_at = dt.datetime.combine(sent_on, dt.time(9, 0), tzinfo=common.TZ)
        infos.append(
            OfficialInformation(
                official_id=pk,
                sender_id=sender,
                kind=kind,
                content=f"Thông tin số {i} về cán bộ",
                basis="Kết luận kiểm tra",
                verified=kind != "handling_result",
                conclusion_number=f"{i}-KL/UBKT" if kind != "handling_result" else "",
                conclusion_date=sent_on if kind != "handling_result" else None,
                result_due_on=sent_on + dt.timedelta(days=30) if kind != "handling_result" else None,
                rule_code="003-3.7",
                rule_article="Điều 3 khoản 7",
                state="sent",
                created_by=author,
                created_at=sent_at,
                sent_by=author,
                sent_at=sent_at,
            )
        )
        recipients.append(tuple(dict.fromkeys(r for r in (managing, bnc) if r != sender)))
    info_before = OfficialInformation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        OfficialInformation.objects.bulk_create(infos, batch_size=2000)
        saved = list(
            OfficialInformation.objects.filter(pk__gt=info_before)
            .order_by("pk")
            .values_list("pk", "result_due_on", "sent_at", "kind")
        )
        rows: list[InformationCopy] = []
        for (pk, due, sent_at, kind), targets in zip(saved, recipients, strict=True):
            for recipient in targets:
                answered = due is not None and due < common.AS_OF.date() and rng.random() < 0.7
                rows.append(
                    InformationCopy(
                        information_id=pk,
                        recipient_id=recipient,
                        state="answered" if answered else rng.choice(["sent", "received"]),
                        expects_result=kind != "handling_result",
                        due_on=due,
                        overdue=bool(due and not answered and due < common.SWEPT_AT.date()),
                        received_at=sent_at if answered else None,
                        result_text="Đã xử lý" if answered else "",
                        result_at=sent_at + dt.timedelta(days=20) if answered else None,
                    )
                )
        InformationCopy.objects.bulk_create(rows, batch_size=2000)
    return {"officials": len(officials), "information": len(infos), "information_copies": len(rows)}


def busy_official_id() -> int | None:
    from phoihop.officials.models import Official

    return Official.objects.filter(full_name=BUSY_OFFICIAL_NAME).values_list("pk", flat=True).first()


def pages() -> list[tuple[str, str, str]]:
    """(key, name, url) of the issue 12 pages bench/run.py measures for the busy user."""
    from django.urls import reverse

    result = [
        ("officials", "officials list (Vietnamese order)", reverse("official-list")),
        (
            "officials_search",
            "officials list, search 'nguyen van'",
            reverse("official-list") + "?q=nguyen+van",
        ),
        ("information_inbox", "information inbox", reverse("information-inbox")),
    ]
    official = busy_official_id()
    if official is not None:
        result.append(
            (
                "information_timeline",
                f"official's timeline ({TIMELINE_ITEMS} items)",
                reverse("information-timeline", args=[official]),
            )
        )
    return result


def counts() -> dict[str, Any]:
    from phoihop.information.models import InformationCopy, OfficialInformation
    from phoihop.officials.models import Official

    return {
        "officials": Official.objects.count(),
        "information": OfficialInformation.objects.count(),
        "information_copies": InformationCopy.objects.count(),
    }
