"""The benchmark province's petitions (issue 13): 250,000 × scale petitions, denunciations, complaints and feedback
in the bodies' yearly registers, as bench/generate.py writes everything: bulk_create with explicit ids, states,
dates, deadlines and history as the domain functions (petitions.domain.actions: register, classify, accept,
transfer, guide, file_away, report_result; domain/deadlines.py; domain/followup.py) would have left them, without
a domain call per row and without audit events (like the rest of the generated history).

- **Registers.** Received on the working days from 02/01/2025 to AS_OF (01/12/2026; a petition cannot be received
  after today, so none in 2027), numbered per body and year in the order received. The Ban Nội chính (the busy
  body, BUSY_SHARE of them) holds the biggest register; the rest go to the other active bodies (communes once
  they exist, the former districts before 01/07/2025).
- **Kinds, channels, states.** The four kinds; channels in person, post, suggestion box, internal form, and
  "transfer" for what another body transferred. Mostly closed, filed or guided; the recent ones still received
  or being handled; transfers waiting for their result (flagged overdue when their result date passed before the
  last sweep, on both petitions, as followup.apply_due does).
- **Text.** A title and a content from a small vocabulary with variants (topic, place, year); the signers'
  names replaced by their handles (register redacts them); `search_text` = `fold(title + " " + content)`, as
  register writes it.
- **Signers.** Protected identities (identities.Identity) bulk-created as protect() leaves them: name, address and
  contact encrypted (crypto.encrypt, once per person of a pool of PEOPLE people: a person who signs again gets a
  new identity with the same fingerprint, as protect() does), handle unique. Anonymous petitions and transferred
  ones (a transfer carries no identity) have none.
- **Subjects.** 1–2 per petition: an official of the registry (bench/gen_officials.py) and/or a body; a
  transfer copies its source's.
- **Matters.** Each transfer (source in body A, the petition it became in body B) is in a matter; groups of
  2–5 petitions with the same text received by several bodies are too; and one BUSY matter of
  BUSY_MATTER_PETITIONS petitions (some in the Ban Nội chính) for the matter page. Titles are neutral_title's.
- **Deadlines and history.** The legal time limits (data/legal/) each petition's events opened, met on the day
  of the event that meets them, or open (overdue if due before the last sweep); the history's events
  (received, classified/decided, transferred, result).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import common

FULL_PETITIONS = 250_000
BUSY_SHARE = 0.40  # of all petitions, in the Ban Nội chính's register
BUSY_MATTER_PETITIONS = 40
BUSY_MATTER_EVERY = 6  # every 6th of them in the Ban Nội chính's register (7 of 40)
P_TRANSFER = 0.08  # a decided petition transferred to the body competent for it
P_DUPLICATE = 0.02  # the same petition also sent to 1–4 other bodies (a matter of 2–5)
P_REPORTED = 0.3  # a mass or complex complaint/denunciation of another body reported to the Ban Nội chính
GROWTH = (
    1.12  # petitions per petition received directly: + transfers (≈ 7%) + duplicates to other bodies (≈ 5%)
)
PEOPLE = 5_000  # distinct signers (a pool; each signature is its own identity, as protect() makes it)
BATCH = 2_000

KIND_MIX = (("complaint", 0.35), ("denunciation", 0.25), ("petition", 0.25), ("feedback", 0.15))
CHANNEL_MIX = (("post", 0.45), ("in_person", 0.30), ("internal_form", 0.15), ("suggestion_box", 0.10))
P_ANONYMOUS = {"denunciation": 0.15, "feedback": 0.30, "complaint": 0.02, "petition": 0.03}
VERB = {
    "complaint": "Khiếu nại về việc",
    "denunciation": "Tố cáo",
    "petition": "Kiến nghị về việc",
    "feedback": "Phản ánh việc",
}
# (topic, words a search without diacritics would type)
TOPICS = [
    "bồi thường, hỗ trợ giải phóng mặt bằng dự án khu dân cư",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "tranh chấp ranh giới đất ở giữa các hộ gia đình",
    "lấn chiếm đất công, xây dựng công trình trái phép",
    "thu, chi các khoản đóng góp của nhân dân không công khai",
    "cán bộ có dấu hiệu vi phạm trong quản lý, sử dụng ngân sách",
    "giải quyết chế độ chính sách đối với người có công",
    "ô nhiễm môi trường do cơ sở sản xuất gây ra",
    "xét duyệt hộ nghèo, hộ cận nghèo không đúng đối tượng",
    "đấu giá quyền sử dụng đất có dấu hiệu khuất tất",
    "cán bộ, đảng viên vi phạm đạo đức, lối sống",
    "chậm giải quyết hồ sơ thủ tục hành chính",
    "thu hồi đất nông nghiệp không đúng quy định",
    "sử dụng tài sản công sai mục đích",
]
VILLAGES = ["Đông", "Đoài", "Thượng", "Hạ", "Trung", "Nam", "Bắc", "Tây", "An Lạc", "An Vĩ", "Bình Minh",
            "Cẩm Phô", "Đại Đồng", "Đức Hợp", "Hòa Bình", "Hồng Châu", "Kim Động", "Lạc Đạo", "Liêu Xá",
            "Minh Đức", "Nghĩa Trụ", "Ngọc Lâm", "Phú Thịnh", "Quang Vinh", "Tân Dân", "Tân Hưng", "Thành Công",
            "Thiện Phiến", "Thọ Vinh", "Tiên Tiến", "Toàn Thắng", "Trung Nghĩa", "Văn Lâm", "Việt Hưng",
            "Vĩnh Khúc", "Xuân Dục", "Yên Phú", "Chỉ Đạo", "Đình Dù", "Lương Tài"]  # fmt: skip
SEARCH_COMMON = "giai phong mat bang"  # one topic of TOPICS: ≈ 1 petition in 14
SEARCH_RARE = "lan chiem dat cong vinh khuc"  # that topic in one village (Vĩnh Khúc): ≈ 1 in 560
CONTENT = (
    "{verb} {topic} tại thôn {village}, {place}. Người ký đơn: {who}. Nội dung: {detail} Đề nghị cơ quan có "
    "thẩm quyền xem xét, giải quyết theo quy định của pháp luật và trả lời bằng văn bản. Tài liệu kèm theo: "
    "{docs}."
)
DETAILS = [
    "từ năm {year} đến nay, sự việc đã được phản ánh nhiều lần nhưng chưa được giải quyết dứt điểm.",
    "ngày {day}, gia đình tôi nhận được thông báo nhưng không được giải thích căn cứ.",
    "việc làm trên gây bức xúc trong nhân dân, ảnh hưởng đến quyền và lợi ích hợp pháp của người dân.",
    "chính quyền cơ sở đã tổ chức đối thoại ngày {day} nhưng kết quả không thỏa đáng.",
    "đề nghị kiểm tra, làm rõ trách nhiệm của tập thể, cá nhân có liên quan.",
]
DOCS = ["bản sao biên bản làm việc", "ảnh chụp hiện trạng", "bản sao quyết định thu hồi đất", "không có",
        "đơn của các hộ liên quan", "bản sao hóa đơn, chứng từ"]  # fmt: skip
RESULTS = [
    "Đã kiểm tra, xác minh; trả lời người gửi bằng văn bản.",
    "Nội dung đơn đúng một phần; đã kiến nghị xử lý trách nhiệm.",
    "Nội dung tố cáo không có cơ sở; đã thông báo kết quả cho người tố cáo.",
    "Đã chỉ đạo giải quyết dứt điểm; người gửi đồng ý với kết quả.",
]
NAMES = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn", "Bùi Thị", "Đỗ Văn",
         "Ngô Thị"]  # fmt: skip
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hòa", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam", "Nga",
         "Phúc", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Vân", "Yến"]  # fmt: skip
HANDLE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # identities.domain.protect.new_handle's


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    x, acc = rng.random(), 0.0
    for value, weight in mix:
        acc += weight
        if x < acc:
            return value
    return mix[-1][0]


@dataclass
class Row:
    """One petition before it gets its id and number (they follow the order received)."""

    org: int
    received_on: dt.date
    kind: str
    channel: str
    title: str
    content: str
    anonymous: bool
    signers: int  # identities to create (0: anonymous or transferred in)
    signer_count: int
    state: str = "received"
    within_competence: bool | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    classified_on: dt.date | None = None
    accepted_on: dt.date | None = None
    decided_on: dt.date | None = None
    decision_note: str = ""
    closed_on: dt.date | None = None
    result_text: str = ""
    result_on: dt.date | None = None
    transferred_to: int | None = None
    transferred_on: dt.date | None = None
    transfer_letter: str = ""
    result_due_on: dt.date | None = None
    result_overdue: bool = False
    reported_to: int | None = None
    reported_on: dt.date | None = None
    source: Row | None = None
    matter: int | None = None  # index into the matters made
    officials: list[int] = field(default_factory=list)
    bodies: list[int] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    id: int = 0
    year: int = 0
    number: int = 0
    creator: int = 0


class Maker:
    def __init__(self, rng: random.Random) -> None:
        from phoihop.accounts.models import User
        from phoihop.officials.models import Official
        from phoihop.organizations.models import Organization
        from phoihop.workdays.queries import current_calendar

        self.rng = rng
        self.orgs = {o.pk: o for o in Organization.objects.all()}
        self.bnc = next(o.pk for o in self.orgs.values() if o.code == common.BUSY_ORG)
        self.calendar = current_calendar()
        self.users: dict[int, list[int]] = defaultdict(list)
        self.leaders: dict[int, list[int]] = defaultdict(list)
        for pk, org, role, active in User.objects.values_list("pk", "organization_id", "role", "is_active"):
            if org is not None and (active or not self.users[org]):
                self.users[org].append(pk)
                if role == "leader":
                    self.leaders[org].append(pk)
        self.officials = list(Official.objects.values_list("pk", flat=True))
        self.commune_names = [o.name for o in self.orgs.values() if o.level == "commune"]
        self.all_bodies = list(self.orgs)
        self.today = common.AS_OF.date()
        self.swept = common.SWEPT_AT.date()
        self._active: dict[dt.date, list[int]] = {}
        self.handles: set[str] = set()
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def active(self, day: dt.date) -> list[int]:
        """Bodies other than the Ban Nội chính active on `day` (the districts until 30/06/2025, the communes
        from 01/07/2025): the list only changes on those dates, so cache by half-year."""
        key = dt.date(day.year, 1 if day.month < 7 else 7, 1)
        if key not in self._active:
            self._active[key] = [
                pk
                for pk, o in self.orgs.items()
                if pk != self.bnc and o.is_active_on(day) and self.users.get(pk)
            ]
        return self._active[key]

    def add(self, day: dt.date, n: int) -> dt.date:
        key = (day, n)
        if key not in self._added:
            self._added[key] = self.calendar.add_working_days(day, n)
        return self._added[key]

    def later(self, day: dt.date, lo: int, hi: int) -> dt.date | None:
        """A working day lo..hi working days after `day`, or None when that is after today."""
        out = self.add(day, self.rng.randint(lo, hi))
        return out if out <= self.today else None

    def handle(self) -> str:
        while True:
            h = "NG-" + "".join(self.rng.choice(HANDLE_ALPHABET) for _ in range(8))
            if h not in self.handles:
                self.handles.add(h)
                return h

    def text(self, kind: str, day: dt.date, org: int, topic: int | None = None) -> tuple[str, str, int]:
        rng = self.rng
        t = rng.randrange(len(TOPICS)) if topic is None else topic
        village = rng.choice(VILLAGES)
        place = self.orgs[org].name if self.orgs[org].level == "commune" else rng.choice(self.commune_names)
        title = f"{VERB[kind]} {TOPICS[t]} tại thôn {village}"
        detail = rng.choice(DETAILS).format(year=rng.randint(2015, day.year), day=f"{day:%d/%m/%Y}")
        content = CONTENT.format(
            verb=VERB[kind],
            topic=TOPICS[t],
            village=village,
            place=place,
            who="{who}",
            detail=detail[0].upper() + detail[1:],
            docs=rng.choice(DOCS),
        )
        return title, content, t

    def new(
        self, org: int, day: dt.date, kind: str | None = None, text: tuple[str, str] | None = None
    ) -> Row:
        rng = self.rng
        kind = kind or _pick(rng, KIND_MIX)
        if text is None:
            title, content, _topic = self.text(kind, day, org)
        else:
            title, content = text
        anonymous = rng.random() < P_ANONYMOUS[kind]
        mass = not anonymous and kind in ("complaint", "petition") and rng.random() < 0.03
        signers = 0 if anonymous else (rng.randint(2, 3) if mass or rng.random() < 0.12 else 1)
        row = Row(
            org=org,
            received_on=day,
            kind=kind,
            channel=_pick(rng, CHANNEL_MIX),
            title=title,
            content=content,
            anonymous=anonymous,
            signers=signers,
            signer_count=rng.randint(10, 80) if mass else max(signers, 1),
            flags={
                "complex": rng.random() < 0.05,
                "prolonged": rng.random() < 0.03,
                "backlog": rng.random() < 0.02,
                "mass": mass,
            },
        )
        r = rng.random()
        if self.officials and (r < 0.6 or kind == "denunciation"):
            row.officials = [rng.choice(self.officials)]
        if r > 0.5 or not row.officials:
            row.bodies = [rng.choice(self.all_bodies)]
        return row

    def decide(self, row: Row, may_transfer: bool = True) -> Row | None:
        """The fate of a petition by its age, as the decisions leave it; returns the petition a transfer made."""
        rng = self.rng
        age = (self.today - row.received_on).days
        r = rng.random()
        open_share = 0.55 if age <= 14 else 0.12 if age <= 60 else 0.015
        if r < open_share:
            return None  # still received, not classified yet
        classified = self.later(row.received_on, 1, 4)
        if classified is None:
            return None
        row.classified_on = classified
        transfer = may_transfer and rng.random() < P_TRANSFER
        row.within_competence = not transfer and rng.random() > 0.12
        decided = self.later(classified, 0, 5)
        if decided is None:
            return None
        row.decided_on = decided
        if transfer:
            return self.transfer(row, decided)
        if not row.within_competence:
            row.state = "guided" if rng.random() < 0.7 else "filed"
            row.decision_note = (
                "Hướng dẫn người gửi đến cơ quan có thẩm quyền." if row.state == "guided" else ""
            )
            row.closed_on = decided
            return None
        if rng.random() < 0.15:
            row.state, row.closed_on = "filed", decided  # lưu đơn: trùng, không rõ nội dung
            row.decision_note = "Đơn trùng nội dung đã giải quyết."
            return None
        row.state, row.accepted_on = "handling", decided
        row.decision_note = "Giao chuyên viên xác minh, đề xuất."
        done = self.later(decided, 10, 45)
        if done is not None and (rng.random() < 0.93 or age > 240):
            row.state, row.closed_on, row.result_on = "closed", done, done
            row.result_text = rng.choice(RESULTS)
        return None

    def transfer(self, row: Row, on: dt.date) -> Row:
        rng = self.rng
        if row.org == self.bnc or rng.random() < 0.5:
            to = rng.choice(self.active(on))
        else:
            to = self.bnc if rng.random() < 0.5 else rng.choice(self.active(on))
        if to == row.org:
            to = self.bnc
        row.state = "transferred"
        row.transferred_to, row.transferred_on = to, on
        row.transfer_letter = f"{rng.randint(1, 900)}-CV/{self.orgs[row.org].abbreviation or 'CQ'}"
        row.result_due_on = self.add(on, rng.choice((15, 30, 45)))
        row.decision_note = "Chuyển cơ quan có thẩm quyền giải quyết."
        received = Row(
            org=to,
            received_on=on,
            kind=row.kind,
            channel="transfer",
            title=row.title,
            content=row.content,
            anonymous=row.anonymous,
            signers=0,
            signer_count=row.signer_count,
            source=row,
            officials=list(row.officials),
            bodies=list(row.bodies),
            flags={"complex": False, "prolonged": False, "backlog": False, "mass": False},
        )
        self.decide(received, may_transfer=False)
        if received.closed_on is not None:  # _report_back (result, guide, file): the source's follow-up ends
            row.state = "closed"
            row.result_text = received.result_text or received.decision_note or "Lưu đơn."
            row.result_on = row.closed_on = received.closed_on
        elif row.result_due_on < self.swept:  # followup.apply_due flagged both at the last sweep
            row.result_overdue = True
            received.result_overdue = received.state in ("received", "handling", "transferred")
        return received


def _days() -> list[dt.date]:
    out, day = [], common.FIRST_DAY
    while day <= common.AS_OF.date():
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def build(rng: random.Random, n: int, maker: Maker) -> tuple[list[Row], list[list[Row]]]:
    """Every petition (those transfers made included) and the matters (groups of rows)."""
    days = _days()
    rows: list[Row] = []
    matters: list[list[Row]] = []
    # the busy matter: one petition sent again and again to many bodies over two years (prolonged, mass)
    text = maker.text("complaint", days[0], maker.bnc, topic=0)[:2]
    busy: list[Row] = []
    for i in range(min(BUSY_MATTER_PETITIONS, max(2, n // 10))):
        day = days[round((len(days) - 1) * i / BUSY_MATTER_PETITIONS)]
        org = maker.bnc if i % BUSY_MATTER_EVERY == 0 else rng.choice(maker.active(day))
        row = maker.new(org, day, "complaint", text)
        row.flags["prolonged"] = True
        maker.decide(row, may_transfer=False)
        busy.append(row)
    rows += busy
    matters.append(busy)
    made = len(busy)
    per_day = (n - made) / len(days) / GROWTH
    carry = 0.0
    for day in days:
        carry += per_day
        count, carry = int(carry), carry - int(carry)
        for _ in range(count):
            if made >= n:
                break
            org = maker.bnc if rng.random() < BUSY_SHARE else rng.choice(maker.active(day))
            row = maker.new(org, day)
            rows.append(row)
            made += 1
            if rng.random() < P_DUPLICATE and made < n:  # the same petition to several bodies
                group = [row]
                for _ in range(rng.randint(1, 4)):
                    if made >= n:
                        break
                    later = maker.later(day, 0, 20) or day
                    other = rng.choice([maker.bnc, *maker.active(later)])
                    dup = maker.new(other, later, row.kind, (row.title, row.content))
                    dup.officials, dup.bodies = list(row.officials), list(row.bodies)
                    group.append(dup)
                    rows.append(dup)
                    made += 1
                for g in group:
                    maker.decide(g, may_transfer=False)
                matters.append(group)
                continue
            received = maker.decide(row)
            if received is not None:
                rows.append(received)
                made += 1
                matters.append([row, received])
            if (
                row.org != maker.bnc
                and row.kind in ("complaint", "denunciation")
                and (row.flags["mass"] or row.flags["complex"])
                and row.state in ("received", "handling", "transferred")
                and rng.random() < P_REPORTED
            ):
                row.reported_on = maker.later(row.classified_on or row.received_on, 0, 3)
                row.reported_to = maker.bnc if row.reported_on else None
    while made < n:  # the transfers and duplicates came out fewer than expected: fill up on random days
        day = rng.choice(days)
        row = maker.new(maker.bnc if rng.random() < BUSY_SHARE else rng.choice(maker.active(day)), day)
        maker.decide(row, may_transfer=False)
        rows.append(row)
        made += 1
    for i, group in enumerate(matters):
        for r in group:
            r.matter = i
    return rows, matters


def generate(rng: random.Random, scale: float) -> dict[str, Any]:
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.db.models import Max

    from phoihop.formats.vi.collation import fold
    from phoihop.identities import crypto
    from phoihop.identities.models import Identity
    from phoihop.legal import rules as legal
    from phoihop.petitions.domain.matters import neutral_title
    from phoihop.petitions.models import (
        Matter,
        Petition,
        PetitionDeadline,
        PetitionEvent,
        PetitionSigner,
        PetitionSubject,
        PetitionWord,
    )
    from phoihop.petitions.words import words_of

    n = round(FULL_PETITIONS * scale)
    if n <= 0:
        return {"petitions": 0}
    maker = Maker(rng)
    rows, matters = build(rng, n, maker)
    rows.sort(key=lambda r: r.received_on)  # stable: the register's order is the order received
    first_id = (Petition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    numbers: Counter[tuple[int, int]] = Counter(
        {
            (o, y): last
            for o, y, last in Petition.objects.values("organization_id", "year")
            .annotate(last=Max("number"))
            .values_list("organization_id", "year", "last")
        }
    )  # the registers go on after what is there
    for i, r in enumerate(rows):
        r.id = first_id + i
        r.year = r.received_on.year
        numbers[(r.org, r.year)] += 1
        r.number = numbers[(r.org, r.year)]
        r.creator = rng.choice(maker.users[r.org])
    first_matter = (Matter.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    # the pool of people who sign: each encrypted once (Fernet ≈ 20 µs a field), fingerprinted once
    people = []
    for _ in range(min(PEOPLE, max(50, n // 20))):
        name = f"{rng.choice(NAMES)} {rng.choice(GIVEN)}"
        address = f"thôn {rng.choice(VILLAGES)}, {rng.choice(maker.commune_names)}"
        contact = f"09{rng.randrange(10**8):08d}"
        people.append(
            {
                "name_token": crypto.encrypt(name),
                "address_token": crypto.encrypt(address),
                "contact_token": crypto.encrypt(contact),
                "name_fingerprint": crypto.fingerprint(name),
            }
        )

    calendar = maker.calendar
    due_cache: dict[tuple[str, dt.date, bool], dt.date] = {}

    def due(rule: Any, start: dt.date, complex_: bool) -> dt.date:
        key = (rule.code, start, complex_)
        if key not in due_cache:
            due_cache[key] = legal.due_date(rule, start, complex=complex_, calendar=calendar)
        return due_cache[key]

    starting: dict[tuple[str, str, dt.date], list[Any]] = {}

    def rules_from(kind: str, event: str, on: dt.date) -> list[Any]:
        key = (kind, event, on)
        if key not in starting:
            starting[key] = legal.rules_starting(kind, event, on)
        return starting[key]

    def tz(day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), common.TZ)

    counts: Counter[str] = Counter()
    with transaction.atomic():
        Matter.objects.bulk_create(
            [
                Matter(
                    id=first_matter + i,
                    title=neutral_title(Matter(pk=first_matter + i)),
                    created_by_id=min(group, key=lambda r: r.received_on).creator,
                    created_at=tz(min(r.received_on for r in group), 15),
                )
                for i, group in enumerate(matters)
            ],
            batch_size=BATCH,
        )
    for start in range(0, len(rows), BATCH * 5):
        chunk = rows[start : start + BATCH * 5]
        identities: list[Any] = []
        for r in chunk:
            r.handles = [maker.handle() for _ in range(r.signers)]
            who = ", ".join(r.handles) if r.handles else "nặc danh" if r.anonymous else "không rõ"
            if r.source is None:
                r.content = r.content.replace("{who}", who)
            for h in r.handles:
                identities.append(
                    Identity(
                        organization_id=r.org,
                        handle=h,
                        created_by_id=r.creator,
                        created_at=tz(r.received_on),
                        **rng.choice(people),
                    )
                )
        for r in chunk:  # a transfer carries the source's redacted text (its handles, not its identities)
            if r.source is not None:
                r.content = r.source.content
        petitions = [
            Petition(
                id=r.id,
                organization_id=r.org,
                year=r.year,
                number=r.number,
                received_on=r.received_on,
                channel=r.channel,
                kind=r.kind,
                title=r.title,
                content=r.content,
                anonymous=r.anonymous,
                signer_count=r.signer_count,
                state=r.state,
                within_competence=r.within_competence,
                classified_on=r.classified_on,
                accepted_on=r.accepted_on,
                decided_on=r.decided_on,
                decision_note=r.decision_note,
                source_id=r.source.id if r.source else None,
                transferred_to_id=r.transferred_to,
                transfer_letter=r.transfer_letter,
                transferred_on=r.transferred_on,
                result_due_on=r.result_due_on,
                result_overdue=r.result_overdue,
                result_text=r.result_text,
                result_on=r.result_on,
                closed_on=r.closed_on,
                reported_to_id=r.reported_to,
                reported_on=r.reported_on,
                matter_id=first_matter + r.matter if r.matter is not None else None,
                search_text=fold(f"{r.title} {r.content}"),
                created_by_id=r.creator,
                created_at=tz(r.received_on),
                **r.flags,
            )
            for r in chunk
        ]
        subjects = [PetitionSubject(petition_id=r.id, official_id=o) for r in chunk for o in r.officials] + [
            PetitionSubject(petition_id=r.id, organization_id=b) for r in chunk for b in r.bodies
        ]
        events: list[Any] = []
        deadlines: list[Any] = []
        for r in chunk:
            who = ", ".join(r.handles) if r.handles else "nặc danh"
            text = (
                f"Vào sổ số {r.number}/{r.year}; người ký: {who}"
                if r.source is None
                else f"Chuyển đến (đơn số {r.source.number}/{r.source.year} của cơ quan chuyển); "
                f"vào sổ số {r.number}/{r.year}"
            )
            events.append(
                PetitionEvent(
                    petition_id=r.id, kind="received", at=tz(r.received_on), actor_id=r.creator, text=text
                )
            )
            actor = rng.choice(maker.leaders[r.org] or maker.users[r.org])
            if r.classified_on:
                events.append(
                    PetitionEvent(
                        petition_id=r.id,
                        kind="classified",
                        at=tz(r.classified_on, 10),
                        actor_id=r.creator,
                        text="Thuộc thẩm quyền" if r.within_competence else "Không thuộc thẩm quyền",
                    )
                )
            if r.decided_on:
                kind = "transferred" if r.transferred_to else "decided"
                events.append(
                    PetitionEvent(
                        petition_id=r.id,
                        kind=kind,
                        at=tz(r.decided_on, 14),
                        actor_id=actor,
                        text=r.decision_note,
                    )
                )
            if r.result_on:
                events.append(
                    PetitionEvent(
                        petition_id=r.id,
                        kind="result",
                        at=tz(r.result_on, 16),
                        actor_id=actor,
                        text=r.result_text,
                    )
                )
            # the legal time limits its events opened (deadlines.start) and met (deadlines.meet)
            met = {
                "classified": r.classified_on,
                "accepted": r.accepted_on,
                "transferred": r.transferred_on,
                "closed": r.closed_on or r.transferred_on,
            }
            leaving = r.transferred_on or r.closed_on
            opened = [(rule, r.received_on) for rule in rules_from(r.kind, "received", r.received_on)]
            if r.accepted_on:
                opened += [(rule, r.accepted_on) for rule in rules_from(r.kind, "accepted", r.accepted_on)]
            for rule, start_on in opened:
                if rule.when == "competent" and r.within_competence is not True:
                    continue
                if rule.when == "not_competent" and r.within_competence is not False:
                    continue
                due_on = due(rule, start_on, r.flags["complex"])
                done = met.get(rule.ends) or leaving
                deadlines.append(
                    PetitionDeadline(
                        petition_id=r.id,
                        rule=rule.code,
                        starts_on=start_on,
                        due_on=due_on,
                        done_on=done,
                        overdue=done is None and due_on < maker.swept,
                    )
                )
        with transaction.atomic():
            Identity.objects.bulk_create(identities, batch_size=BATCH)
            handle_ids = dict(
                Identity.objects.filter(handle__in=[i.handle for i in identities]).values_list("handle", "pk")
            )
            Petition.objects.bulk_create(petitions, batch_size=BATCH)
            PetitionSigner.objects.bulk_create(
                [
                    PetitionSigner(petition_id=r.id, identity_id=handle_ids[h], position=i)
                    for r in chunk
                    for i, h in enumerate(r.handles, start=1)
                ],
                batch_size=BATCH,
            )
            PetitionSubject.objects.bulk_create(subjects, batch_size=BATCH)
            PetitionEvent.objects.bulk_create(events, batch_size=BATCH)
            PetitionDeadline.objects.bulk_create(deadlines, batch_size=BATCH)
            words = [
                PetitionWord(petition_id=x.id, organization_id=x.organization_id, word=w)
                for x in petitions
                for w in words_of(x.search_text)
            ]
            PetitionWord.objects.bulk_create(words, batch_size=BATCH)
        counts["words"] += len(words)
        counts["identities"] += len(identities)
        counts["subjects"] += len(subjects)
        counts["events"] += len(events)
        counts["deadlines"] += len(deadlines)
        print(f"    {start + len(chunk):,} petitions ({chunk[-1].received_on:%d/%m/%Y})", flush=True)
    if connection.vendor != "sqlite":  # explicit ids: move the sequences past them
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Petition, Matter]):
                cursor.execute(sql)
    states = Counter(r.state for r in rows)
    return {
        "petitions": len(rows),
        "matters": len(matters),
        "busy_matter_petitions": len(matters[0]),
        "transfers": sum(1 for r in rows if r.source is not None),
        **counts,
        **{f"state_{k}": v for k, v in sorted(states.items())},
    }


def busy_matter_id() -> int | None:
    """The matter with the most petitions (the BUSY one generate() made first) among those the busy body holds."""
    from django.db.models import Count

    from phoihop.organizations.models import Organization
    from phoihop.petitions.models import Petition

    bnc = Organization.objects.filter(code=common.BUSY_ORG).values_list("pk", flat=True).first()
    held = Petition.objects.filter(organization_id=bnc, matter__isnull=False).values("matter_id")
    top = (
        Petition.objects.filter(matter_id__in=held)
        .values("matter_id")
        .annotate(n=Count("id"))
        .order_by("-n", "matter_id")
        .first()
    )
    return top["matter_id"] if top else None


def pages() -> list[tuple[str, str, str]]:
    """(key, name, url) of the issue 13 pages bench/run.py measures for the busy user."""
    from django.urls import reverse

    from phoihop.petitions.models import Petition

    if not Petition.objects.exists():
        return []
    base = reverse("petition-list")
    result = [
        ("petitions", "petition register (newest first)", base),
        (
            "petitions_search",
            f"petition register, search '{SEARCH_COMMON}'",
            base + "?q=" + SEARCH_COMMON.replace(" ", "+"),
        ),
        (
            "petitions_search_rare",
            f"petition register, narrow search '{SEARCH_RARE}'",
            base + "?q=" + SEARCH_RARE.replace(" ", "+"),
        ),
    ]
    matter = busy_matter_id()
    if matter is not None:
        result.append(("matter", f"matter page (#{matter})", reverse("matter-detail", args=[matter])))
    return result


def counts() -> dict[str, Any]:
    from phoihop.organizations.models import Organization
    from phoihop.petitions.models import Matter, Petition

    bnc = Organization.objects.filter(code=common.BUSY_ORG).values_list("pk", flat=True).first()
    return {
        "petitions": Petition.objects.count(),
        "busy_register_petitions": Petition.objects.filter(organization_id=bnc).count(),
        "matters": Matter.objects.count(),
    }
