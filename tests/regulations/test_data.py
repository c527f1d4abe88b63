"""The five regulations as loaded from data/regulations: every number REGULATIONS.md names."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.regulations.enums import (
    AnswerPeriod,
    DisagreementRoute,
    DueRuleType,
    ExtensionPolicy,
    PartyRole,
    ReportPeriod,
    StatedPeriod,
)
from phoihop.regulations.models import ConsultationRule, Regulation

pytestmark = pytest.mark.django_db


def _reports(reg: Regulation) -> dict[str, tuple[str, str, int | None, int | None, str]]:
    return {
        o.code: (o.period, o.due_type, o.due_month, o.due_day, o.article)
        for o in reg.reporting_obligations.all()
    }


def _parties(reg: Regulation, role: str) -> set[tuple[str, str]]:
    return {(p.kind, p.level) for p in reg.parties.filter(role=role)}


def test_all_five_load_as_version_2(loaded):
    assert sorted(loaded) == ["000", "001", "002", "003", "004"]
    assert {(r.code, r.version, r.superseded_by_id) for r in Regulation.objects.all()} == {
        (c, v, None) for c, v in {"000": 3, "001": 3, "002": 2, "003": 3, "004": 3}.items()
    }
    assert {r.code: r.number for r in Regulation.objects.all()} == {
        "000": "521-QĐ/HU",
        "001": "",
        "002": "",
        "003": "",
        "004": "",
    }
    assert {r.code: r.doc_type for r in Regulation.objects.all()} == {
        "000": "decision",
        "001": "rules",
        "002": "programme",
        "003": "rules",
        "004": "provision",
    }


def test_article_texts_are_the_seed_texts(loaded, settings):
    from pathlib import Path

    for code, reg in loaded.items():
        text = (Path(settings.REGULATIONS_DATA_DIR) / "texts" / f"{code}.txt").read_text(encoding="utf-8")
        assert reg.full_text == text
    assert loaded["000"].source_file == "000_03bbefe01b27d1e0.txt"
    assert loaded["004"].source_file == "004_7fa07f3143e89f32.txt"


def test_consultation_rules(loaded):
    rules = {r.regulation.code: r for r in ConsultationRule.objects.select_related("regulation")}
    assert set(rules) == {"000", "001", "003", "004"}  # 002 has no consultation deadline
    assert {c: (r.working_days, r.counted_from) for c, r in rules.items()} == {
        "000": (7, "receipt"),
        "001": (7, "receipt"),
        "003": (5, "receipt"),
        "004": (5, "receipt"),
    }
    assert {c: (r.deemed_consent, r.shared_responsibility) for c, r in rules.items()} == {
        c: (True, True) for c in rules
    }
    assert {c: r.allow_request_stated_period for c, r in rules.items()} == {
        "000": False,
        "001": False,
        "003": True,
        "004": False,
    }
    assert {c: r.extension_policy for c, r in rules.items()} == {
        "000": ExtensionPolicy.NOTICE_BEFORE_DEADLINE,
        "001": ExtensionPolicy.RECIPIENT_SETS_DATE,
        "003": ExtensionPolicy.NOTICE_LEAD_WORKING_DAYS,
        "004": ExtensionPolicy.TOTAL_CAP_WORKING_DAYS,
    }
    assert {
        c: (r.extension_lead_working_days, r.extension_total_cap_working_days) for c, r in rules.items()
    } == {
        "000": (None, None),
        "001": (None, None),
        "003": (1, None),
        "004": (None, 7),
    }
    # 000: notice before the deadline with a new date (Reading); 001: the recipient sets its date
    assert (rules["000"].extension_notice_before_deadline, rules["000"].extension_requires_new_date) == (
        True,
        True,
    )
    assert rules["000"].extension_notice_in_writing is True
    assert (rules["001"].extension_requires_notice, rules["001"].extension_requires_new_date) == (True, True)
    assert {c: r.article for c, r in rules.items()} == {
        "000": "Điều 5 khoản 1",
        "001": "Điều 3 khoản 1",
        "003": "Điều 5 khoản 1 điểm c",
        "004": "Điều 5 khoản 3",
    }
    assert rules["000"].extension_reading == (
        "Thông báo cần thêm thời gian phải đến cơ quan đề nghị trước khi hết hạn trả lời và nêu ngày trả lời mới; "
        "văn bản không giới hạn số ngày gia hạn."
    )
    # 003 has no clause on differing views: no article, no text; the route through the Ban is a Reading
    assert {c: r.disagreement_article for c, r in rules.items()} == {
        "000": "Điều 5 khoản 3",
        "001": "Điều 2 khoản 2",
        "003": "",
        "004": "Điều 5 khoản 3",
    }
    assert {c: r.disagreement_text for c, r in rules.items() if not r.disagreement_text} == {"003": ""}
    assert {c: r.disagreement_route for c, r in rules.items()} == {
        "000": DisagreementRoute.DIRECT,
        "001": DisagreementRoute.DIRECT,
        "003": DisagreementRoute.VIA_LEAD,
        "004": DisagreementRoute.DIRECT,
    }
    assert {c: bool(r.disagreement_reading) for c, r in rules.items()} == {
        "000": False,
        "001": False,
        "003": True,
        "004": False,
    }
    assert rules["003"].disagreement_reading.startswith(
        "Quy chế 003 không có điều khoản về ý kiến khác nhau. Khi còn ý kiến khác nhau, vấn đề đi qua "
        "Ban Nội chính Tỉnh ủy"
    )


def test_authorities(loaded):
    assert {code: _parties(reg, PartyRole.AUTHORITY) for code, reg in loaded.items()} == {
        "000": {("standing_committee", "district")},
        "001": {("standing_board", "province"), ("standing_committee", "province")},
        "002": set(),
        "003": {("standing_committee", "province")},
        "004": {("standing_committee", "province")},
    }
    authority_004 = loaded["004"].parties.get(role=PartyRole.AUTHORITY)
    assert authority_004.article == "Điều 5 khoản 3"
    assert "cấp có thẩm quyền" in authority_004.note
    # 003 has no clause naming who decides on differing views: no article, the note points to the Reading
    authority_003 = loaded["003"].parties.get(role=PartyRole.AUTHORITY)
    assert (authority_003.article, authority_003.note) == (
        "",
        "Quy chế không có điều khoản về ý kiến khác nhau; xem cách hiểu của hệ thống.",
    )


def test_leads_and_partners(loaded):
    assert {code: _parties(reg, PartyRole.LEAD) for code, reg in loaded.items()} == {
        "000": {("inspection_committee", "district")},
        "001": {("agencies_bloc_committee", "province")},
        "002": {("fatherland_front", "province")},
        "003": {("internal_affairs_board", "province")},
        "004": {("internal_affairs_board", "province")},
    }
    assert _parties(loaded["000"], PartyRole.PARTNER) == {
        (kind, "district")
        for kind in [
            "mass_mobilization_board",
            "fatherland_front",
            "womens_union",
            "labour_federation",
            "farmers_association",
            "veterans_association",
            "youth_union",
        ]
    }
    assert _parties(loaded["003"], PartyRole.PARTNER) == {("party_committee", "commune")}
    assert _parties(loaded["004"], PartyRole.PARTNER) == {
        ("party_committee", "district"),
        ("agencies_bloc_committee", "province"),
        ("enterprises_bloc_committee", "province"),
    }
    assert len(_parties(loaded["001"], PartyRole.PARTNER)) == 12


def test_replaces(loaded):
    assert {code: reg.replaces for code, reg in loaded.items()} == {
        "000": "",
        "001": "03-QC/TU ngày 29/7/2016",
        "002": "",
        "003": "",
        "004": "231-QĐ/TU ngày 30/8/2021",
    }
    assert (loaded["000"].issued_on, loaded["000"].effective_from) == (
        dt.date(2022, 7, 20),
        dt.date(2022, 7, 20),
    )
    assert (loaded["000"].province, loaded["000"].district) == ("Bình Định", "Tây Sơn")
    assert loaded["003"].province == "Hưng Yên"


def test_report_due_rules(loaded):
    assert _reports(loaded["000"])["annual-supervision"] == (
        ReportPeriod.ANNUAL,
        DueRuleType.BEFORE_DATE,
        12,
        10,
        "Điều 7 khoản 1",
    )
    reports_002 = _reports(loaded["002"])
    assert {k: reports_002[k] for k in ["quarterly", "half-year", "annual", "ad-hoc"]} == {
        "quarterly": (
            ReportPeriod.QUARTERLY,
            DueRuleType.BEFORE_DAY_OF_QUARTER_LAST_MONTH,
            None,
            20,
            "Mục IV.3",
        ),
        "half-year": (ReportPeriod.HALF_YEAR, DueRuleType.BEFORE_DATE, 6, 20, "Mục IV.3"),
        "annual": (ReportPeriod.ANNUAL, DueRuleType.BEFORE_DATE, 12, 15, "Mục IV.3"),
        "ad-hoc": (ReportPeriod.AD_HOC, DueRuleType.ON_OCCURRENCE, None, None, "Mục IV.3"),
    }
    # IV.2: the Front reports to BTV Tỉnh ủy every 3, 6 and 12 months
    consolidated = loaded["002"].reporting_obligations.filter(code__startswith="consolidated-")
    assert {(o.period, o.receiver_kind, o.receiver_level, o.article) for o in consolidated} == {
        (p, "standing_committee", "province", "Mục IV.2")
        for p in [ReportPeriod.QUARTERLY, ReportPeriod.HALF_YEAR, ReportPeriod.ANNUAL]
    }
    reports_003 = _reports(loaded["003"])
    assert {k: reports_003[k] for k in ["monthly", "quarterly", "half-year", "annual", "ad-hoc"]} == {
        "monthly": (ReportPeriod.MONTHLY, DueRuleType.UNSPECIFIED, None, None, "Điều 4 khoản 2 điểm g"),
        "quarterly": (ReportPeriod.QUARTERLY, DueRuleType.UNSPECIFIED, None, None, "Điều 4 khoản 2 điểm g"),
        "half-year": (ReportPeriod.HALF_YEAR, DueRuleType.UNSPECIFIED, None, None, "Điều 4 khoản 2 điểm g"),
        "annual": (ReportPeriod.ANNUAL, DueRuleType.UNSPECIFIED, None, None, "Điều 4 khoản 2 điểm g"),
        "ad-hoc": (ReportPeriod.AD_HOC, DueRuleType.ON_OCCURRENCE, None, None, "Điều 4 khoản 2 điểm g"),
    }
    assert {
        o.due_system_rule
        for o in loaded["003"].reporting_obligations.filter(due_type=DueRuleType.UNSPECIFIED)
    } == {"last_working_day_of_period"}
    assert _reports(loaded["004"])["annual-implementation"] == (
        ReportPeriod.ANNUAL,
        DueRuleType.BEFORE_DATE,
        12,
        15,
        "Điều 6 khoản 1",
    )
    codes_001 = {o.code: (o.period, o.article) for o in loaded["001"].reporting_obligations.all()}
    # the exchanges of 001 happen every 6 months, not once for the first half of the year
    assert codes_001["exchange-bloc-to-government"] == (ReportPeriod.SEMIANNUAL, "Điều 11 khoản 1")
    assert codes_001["exchange-government-to-bloc"][0] == ReportPeriod.SEMIANNUAL
    assert [
        o.get_period_display()
        for o in loaded["001"].reporting_obligations.filter(code__startswith="exchange-")
    ] == ["6 tháng một lần", "6 tháng một lần"]
    assert loaded["002"].reporting_obligations.get(code="half-year").get_period_display() == "6 tháng đầu năm"
    assert codes_001["annual-review"] == (ReportPeriod.ANNUAL, "Điều 17 khoản 3")


def test_report_readings_and_receivers(loaded):
    annual_000 = loaded["000"].reporting_obligations.get(code="annual-supervision")
    assert (
        annual_000.reading == "“Trước ngày 10/12” được hiểu là đúng hạn nếu nhận được chậm nhất ngày 09/12."
    )
    assert (annual_000.receiver_kind, annual_000.receiver_level) == ("inspection_committee", "district")
    assert len(annual_000.reporters) == 7
    quarterly_002 = loaded["002"].reporting_obligations.get(code="quarterly")
    assert quarterly_002.via == "Ban Dân chủ – Pháp luật"
    assert quarterly_002.binds("youth_union", "province") is True
    assert quarterly_002.binds("youth_union", "district") is False
    monthly_003 = loaded["003"].reporting_obligations.get(code="monthly")
    assert [i.code for i in monthly_003.indicators.all()] == [
        "petitions_received",
        "petitions_handled",
        "transferred_petitions_resolved",
        "citizens_received",
        "cases_followed",
        "officials_handled",
        "specialist_visits",
    ]
    assert monthly_003.reading == (
        "Văn bản không quy định ngày gửi báo cáo tháng; hệ thống dùng ngày làm việc cuối cùng của tháng."
    )


def test_meeting_lead_times(loaded):
    assert {
        (m.regulation.code, m.documents_lead_working_days, m.article)
        for m in Regulation.objects.get(code="003").meeting_rules.select_related("regulation")
    } | {
        (m.regulation.code, m.documents_lead_working_days, m.article)
        for m in Regulation.objects.get(code="004").meeting_rules.select_related("regulation")
    } == {("003", 5, "Điều 5 khoản 2"), ("004", 5, "Điều 5 khoản 4")}
    assert {m.documents_lead_working_days for m in loaded["000"].meeting_rules.all()} == {None}


def test_monthly_visit_of_003(loaded):
    visit = loaded["003"].monitoring_duties.get()
    assert (visit.frequency_count, visit.frequency_period, visit.article) == (
        1,
        ReportPeriod.MONTHLY,
        "Điều 5 khoản 3 điểm a",
    )
    assert (visit.actor_kind, visit.actor_level) == ("internal_affairs_board", "province")
    assert visit.targets == [
        {"kind": "party_committee", "level": "commune", "name": "từng xã, phường (Văn phòng Đảng ủy)"}
    ]


def test_copy_to_duties(loaded):
    duty_000 = loaded["000"].copy_to_duties.get()
    assert (duty_000.copy_to_kind, duty_000.copy_to_level, duty_000.article) == (
        "inspection_committee",
        "district",
        "Điều 4 khoản 2 điểm 2.4",
    )
    assert {(r["kind"], r["level"]) for r in duty_000.original_receivers} == {
        ("standing_committee", "district"),
        ("steering_committee", "district"),
    }
    assert duty_000.binds("fatherland_front", "district") is True
    duty_004 = loaded["004"].copy_to_duties.get()
    assert (duty_004.copy_to_kind, duty_004.copy_to_level, duty_004.article) == (
        "internal_affairs_board",
        "province",
        "Điều 4 khoản 2 điểm 2.4",
    )
    assert {(r["kind"], r["level"]) for r in duty_004.original_receivers} == {
        ("standing_committee", "province"),
        ("standing_board", "province"),
    }
    assert {(s["kind"], s["level"]) for s in duty_004.senders} == {
        ("party_committee", "district"),
        ("agencies_bloc_committee", "province"),
        ("enterprises_bloc_committee", "province"),
    }
    assert [loaded[c].copy_to_duties.count() for c in ["001", "002", "003"]] == [0, 0, 0]


def test_designation_and_evaluation_duties(loaded):
    assert {
        (d.regulation.code, d.code, d.article, tuple(d.triggers))
        for reg in loaded.values()
        for d in reg.designation_duties.select_related("regulation")
    } == {
        ("003", "area-specialists", "Điều 4 khoản 1 điểm h", ("assignment", "change")),
        ("004", "area-specialists", "Điều 4 khoản 1 điểm 1.8", ("assignment", "change")),
        ("004", "advisory-team", "Điều 4 khoản 2 điểm 2.2", ("assignment", "change")),
        ("004", "focal-unit", "Điều 4 khoản 3 điểm 3.2", ("assignment", "change")),
    }
    yearly = {
        (e.regulation.code, e.receiver_kind, e.article)
        for reg in loaded.values()
        for e in reg.evaluation_duties.select_related("regulation")
        if e.receiver_kind == "standing_committee" and e.period == ReportPeriod.ANNUAL
    }
    assert yearly == {
        ("000", "standing_committee", "Điều 7 khoản 1"),
        ("001", "standing_committee", "Điều 17 khoản 3"),
        ("002", "standing_committee", "Mục IV.2"),
        ("003", "standing_committee", "Điều 6 khoản 3"),
        ("004", "standing_committee", "Điều 6 khoản 2"),
    }
    # 000: the yearly consolidation (Điều 7 khoản 1) comes before the review, which names no receiver
    assert [
        (e.code, e.receiver_kind, e.receiver_level, e.receiver_name, e.period, e.article)
        for e in loaded["000"].evaluation_duties.all()
    ] == [
        (
            "annual-review-by-partners",
            "inspection_committee",
            "district",
            "Ủy ban Kiểm tra Huyện ủy",
            ReportPeriod.ANNUAL,
            "Điều 7 khoản 1",
        ),
        (
            "annual-consolidation",
            "standing_committee",
            "district",
            "Ban Thường vụ Huyện ủy",
            ReportPeriod.ANNUAL,
            "Điều 7 khoản 1",
        ),
        ("mid-term-final-review", "", "", "", ReportPeriod.AD_HOC, "Điều 7 khoản 2"),
    ]


def test_readings_are_kept(loaded):
    assert {(r.target, r.source) for r in loaded["000"].readings.all()} == {
        ("consultation.extension", "agreed"),
        ("reports.annual-supervision", "agreed"),
        ("reports.consolidated-annual", "system"),
        ("request_kinds.consultation", "agreed"),
        ("request_kinds.secondment", "system"),
        ("request_kinds.information_request", "system"),
    }
    assert {(r.target, r.source) for r in loaded["003"].readings.filter(source="agreed")} == {
        ("consultation.disagreement", "agreed"),
        ("parties", "agreed"),
    }
    assert {r.target for r in loaded["002"].readings.filter(source="agreed")} == {
        "reports.quarterly",
        "reports.half-year",
        "reports.annual",
    }


def _kinds(reg: Regulation) -> list[tuple[object, ...]]:
    return [
        (
            k.kind,
            k.answer_period,
            k.working_days,
            k.stated_period,
            k.send_ahead_working_days,
            k.deemed_consent,
            k.shared_responsibility,
            k.extension,
            k.article,
            k.deemed_consent_article,
        )
        for k in reg.request_kind_rules.all()
    ]


WD, STATED, NONE = AnswerPeriod.WORKING_DAYS, AnswerPeriod.STATED, AnswerPeriod.NONE


def test_request_kind_rules(loaded):
    assert _kinds(loaded["000"]) == [
        (
            "consultation",
            WD,
            7,
            StatedPeriod.NEEDED_BY,
            7,
            True,
            True,
            True,
            "Điều 5 khoản 1",
            "Điều 5 khoản 1",
        ),
        ("secondment", STATED, None, StatedPeriod.NONE, None, False, False, False, "Điều 5 khoản 1", ""),
        (
            "information_request",
            STATED,
            None,
            StatedPeriod.NONE,
            None,
            False,
            False,
            False,
            "Điều 5 khoản 2",
            "",
        ),
        ("notice", NONE, None, StatedPeriod.NONE, None, False, False, False, "Điều 4 khoản 1 điểm 1.4", ""),
    ]
    # 001 Điều 3 khoản 1 speaks of every request alike
    assert _kinds(loaded["001"]) == [
        *[
            (
                kind,
                WD,
                7,
                StatedPeriod.NOT_EARLIER,
                None,
                True,
                True,
                True,
                "Điều 3 khoản 1",
                "Điều 3 khoản 1",
            )
            for kind in ["consultation", "information_request", "secondment", "appraisal"]
        ],
        ("notice", NONE, None, StatedPeriod.NONE, None, False, False, False, "Điều 3 khoản 1", ""),
        # personnel consultations (issue 12): answered like every request of Điều 3 khoản 1
        (
            "personnel",
            WD,
            7,
            StatedPeriod.NOT_EARLIER,
            None,
            True,
            True,
            True,
            "Điều 3 khoản 1",
            "Điều 3 khoản 1",
        ),
    ]
    assert _kinds(loaded["002"]) == [
        ("notice", NONE, None, StatedPeriod.NONE, None, False, False, False, "Mục II.3", ""),
    ]
    assert _kinds(loaded["003"]) == [
        (
            "consultation",
            WD,
            5,
            StatedPeriod.ANY,
            None,
            True,
            True,
            True,
            "Điều 5 khoản 1 điểm c",
            "Điều 5 khoản 1 điểm c",
        ),
        ("appraisal", WD, 5, StatedPeriod.ANY, None, False, False, True, "Điều 3 khoản 4", ""),
        (
            "information_request",
            STATED,
            None,
            StatedPeriod.NONE,
            None,
            False,
            False,
            False,
            "Điều 5 khoản 1 điểm a",
            "",
        ),
        (
            "secondment",
            STATED,
            None,
            StatedPeriod.NONE,
            None,
            False,
            False,
            False,
            "Điều 5 khoản 3 điểm b",
            "",
        ),
        ("notice", NONE, None, StatedPeriod.NONE, None, False, False, False, "Điều 5 khoản 1 điểm a", ""),
    ]
    assert _kinds(loaded["004"]) == [
        (
            "consultation",
            WD,
            5,
            StatedPeriod.NONE,
            None,
            True,
            True,
            True,
            "Điều 5 khoản 3",
            "Điều 5 khoản 3",
        ),
        ("appraisal", WD, 5, StatedPeriod.NONE, None, False, False, True, "Điều 3 khoản 6", ""),
        (
            "information_request",
            STATED,
            None,
            StatedPeriod.NONE,
            None,
            False,
            False,
            False,
            "Điều 5 khoản 1",
            "",
        ),
        ("secondment", STATED, None, StatedPeriod.NONE, None, False, False, False, "Điều 5 khoản 2", ""),
        ("notice", NONE, None, StatedPeriod.NONE, None, False, False, False, "Điều 5 khoản 2", ""),
    ]
    # each rule carries the Reading that targets its kind
    assert {
        code: [k.kind for k in reg.request_kind_rules.all() if k.reading]
        for code, reg in sorted(loaded.items())
    } == {
        "000": ["consultation", "secondment", "information_request"],
        "001": ["consultation", "information_request", "secondment", "appraisal"],
        "002": [],
        "003": ["appraisal", "secondment"],
        "004": ["appraisal", "information_request", "secondment"],
    }
    assert (
        loaded["000"]
        .kind_rule("consultation")
        .reading.startswith(
            "Văn bản đề nghị có thể nêu ngày cần có ý kiến; ngày đó không làm thay đổi hạn trả lời"
        )
    )
    assert loaded["002"].kind_rule("consultation") is None


def test_adoption(loaded):
    assert {code: (r.adopted_level, r.adopted_area) for code, r in loaded.items()} == {
        c: ("province", "Hưng Yên") for c in ["000", "001", "002", "003", "004"]
    }
    assert loaded["000"].adoption_note == (
        "Bản triển khai mẫu áp dụng quy chế này (ban hành cho huyện Tây Sơn) cho tỉnh Hưng Yên; "
        "quy chế ràng buộc các cơ quan cấp huyện của địa bàn áp dụng."
    )
    # no data file lets partners ask each other
    assert {(r.partner_to_partner, r.partner_to_partner_article) for r in loaded.values()} == {(False, "")}
