"""Generate a province-sized database for the benchmarks (bench/run.py).

    .venv/bin/python bench/generate.py [--scale 1.0] [--force]

Into DATABASE_URL (default: bench/out/bench.sqlite3, git-ignored; never the project's db.sqlite3):
migrate, load_regulations, load_calendar, load_demo (Hưng Yên: 152 bodies, 104 of them communes), then
bodies up to ≈200 and users up to ≈3,000 (bulk_create, one shared password hash), ≈500k coordination
requests × scale with their deliveries (bulk_create in batches, no domain function per row: states, deadlines
and answers are written as the domain functions would have left them), and the report slots of 2025–2027
(phoihop.reports.domain.generation.generate_slots) with their states and sent versions.

The history is consistent with a sweep that last ran at common.SWEPT_AT, observed at common.AS_OF a week
later (see common.py). Then ≈20,000 officials × scale and ≈5,000 items of information about them × scale
(bench/gen_officials.py, issue 12), and 250,000 petitions × scale with their matters, signers (protected
identities), subjects, deadlines and history (bench/gen_petitions.py, issue 13; --petitions-scale to size them
apart from the requests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import gen_officials
import gen_petitions

import common

SEED = 2026
TARGET_ORGS = 200
TARGET_USERS = 3000
FULL_REQUESTS = 500_000
BATCH = 5_000  # requests per bulk_create batch (with their deliveries)

# Share of requests per regulation, renormalised per day over the regulations whose bodies exist that day
# (000: the districts, until 30/06/2025; 003: the communes, from 01/07/2025).
REG_MIX = {"003": 0.45, "001": 0.25, "004": 0.10, "002": 0.12, "000": 0.08}
# Probability that the lead body is the sender (else a partner writes to the lead).
P_LEAD = {"003": 0.30, "004": 0.50, "001": 0.35, "002": 0.50, "000": 0.40}
P_FANOUT = {"003": 0.012}  # the lead writes to every partner (003: Ban Nội chính → all 104 communes)
P_FANOUT_DEFAULT = 0.02
RECIPIENTS_K = ((1, 0.55), (2, 0.30), (3, 0.15))
P_PAPER = 0.08
P_EXTENSION = 0.05
P_STATED = 0.10  # 003 allows the request to state a later deadline
P_WITHDRAWN = 0.005

EXTRA_BODIES = [
    "Sở Nội vụ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Ban Quản lý các khu công nghiệp tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Trường Chính trị Nguyễn Văn Linh",
    "Bảo hiểm xã hội tỉnh",
    "Thuế tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Ngân hàng Nhà nước chi nhánh tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Cục Thống kê tỉnh",
    "Hải quan khu vực",
    "Liên minh Hợp tác xã tỉnh",
    "Hội Chữ thập đỏ tỉnh",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
    "Liên hiệp các tổ chức hữu nghị tỉnh",
    "Hội Nhà báo tỉnh",
    "Hội Luật gia tỉnh",
    "Hội Văn học nghệ thuật tỉnh",
    "Trường Đại học Sư phạm Kỹ thuật",
    "Trường Cao đẳng Y tế",
    "Bệnh viện Đa khoa tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Công ty Điện lực tỉnh",
    "Công ty Cổ phần Nước sạch tỉnh",
    "Công ty TNHH MTV Khai thác công trình thủy lợi",
    "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
    "Ngân hàng Chính sách xã hội chi nhánh tỉnh",
    "Viễn thông tỉnh",
    "Bưu điện tỉnh",
    "Công ty Cổ phần Môi trường và Công trình đô thị",
    "Tổng công ty May",
    "Công ty Cổ phần Tập đoàn Dệt may",
    "Công ty Cổ phần Xây dựng và Phát triển đô thị",
    "Trung tâm Kiểm soát bệnh tật tỉnh",
    "Trung tâm Lưu trữ lịch sử tỉnh",
    "Nhà xuất bản và Thư viện tỉnh",
]

TOPICS = [
    "dự thảo Nghị quyết về phát triển kinh tế - xã hội",
    "dự thảo Kế hoạch phòng, chống tham nhũng, tiêu cực",
    "hồ sơ nhân sự đề nghị khen thưởng",
    "dự thảo báo cáo công tác cải cách tư pháp",
    "kết quả giải quyết đơn thư khiếu nại, tố cáo",
    "dự thảo Quy chế làm việc",
    "đề án sắp xếp tổ chức bộ máy",
    "kế hoạch kiểm tra, giám sát chuyên đề",
    "dự thảo Chương trình hành động thực hiện Nghị quyết",
    "việc cử cán bộ tham gia Đoàn công tác",
    "tài liệu phục vụ Hội nghị Ban Chấp hành",
    "dự thảo văn bản quy phạm pháp luật",
    "tình hình an ninh, trật tự trên địa bàn",
    "công tác phòng, chống lãng phí",
    "kết luận thanh tra, kiểm tra",
]
VERBS = {
    "consultation": "Xin ý kiến góp ý",
    "information_request": "Đề nghị cung cấp thông tin, tài liệu về",
    "secondment": "Đề nghị cử cán bộ phối hợp thực hiện",
    "appraisal": "Đề nghị thẩm định",
    "notice": "Thông báo về",
}
KIND_MIX = (
    ("consultation", 0.60),
    ("information_request", 0.20),
    ("appraisal", 0.10),
    ("secondment", 0.05),
    ("notice", 0.05),
)
POSITION_MIX = (("agree", 0.70), ("agree_with_comments", 0.22), ("disagree", 0.08))
BODY = (
    "Thực hiện Quy chế phối hợp, đề nghị quý cơ quan nghiên cứu, cho ý kiến bằng văn bản về nội dung nêu trên; "
    "văn bản trả lời gửi về cơ quan chủ trì trong thời hạn quy định. Tài liệu kèm theo được gửi trên hệ thống."
)
ANSWER = "Cơ bản thống nhất; đề nghị bổ sung, làm rõ một số nội dung tại mục II và phụ lục kèm theo."


def pick(rng: random.Random, mix: tuple[tuple[Any, float], ...]) -> Any:
    r = rng.random()
    for value, weight in mix:
        r -= weight
        if r < 0:
            return value
    return mix[-1][0]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 500k requests (0.01 = 5k)")
    parser.add_argument(
        "--people-scale",
        type=float,
        default=None,
        help="fraction of the 20,000 officials and 5,000 items of information (default: --scale)",
    )
    parser.add_argument(
        "--petitions-scale",
        type=float,
        default=None,
        help="fraction of the 250,000 petitions (default: --scale; 1 = the full 250k at any --scale)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing benchmark SQLite file")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an existing, complete SQLite file generated at the same scale (else generate it again)",
    )
    return parser.parse_args()


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.steps: dict[str, float] = {}
        self._last = self.start

    def step(self, name: str) -> None:
        now = time.perf_counter()
        self.steps[name] = round(now - self._last, 2)
        print(f"  {name}: {now - self._last:.1f} s", flush=True)
        self._last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


def prepare_database(url: str, force: bool) -> None:
    if url.startswith("sqlite:"):
        path = Path(url.split("sqlite:///", 1)[-1])
        if path.exists():
            if not force:
                raise SystemExit(f"bench: {path} exists; pass --force to replace it")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def reusable(url: str, scale: float, petitions_scale: float) -> bool:
    """An SQLite file generated completely (its JSON is written last) at this scale, with its petitions at
    `petitions_scale` (a file generated before the petitions existed is made again)."""
    meta = common.meta_path(url)
    if not url.startswith("sqlite:") or not meta.exists():
        return False
    db = Path(url.split("sqlite:///", 1)[-1])
    written = json.loads(meta.read_text())
    return db.exists() and written.get("scale") == scale and written.get("petitions_scale") == petitions_scale


def load_base() -> None:
    from django.core.management import call_command

    for command in ("migrate", "load_regulations", "load_calendar", "load_demo"):
        call_command(command, stdout=io.StringIO(), **({"verbosity": 0} if command == "migrate" else {}))


def add_bodies() -> int:
    from unidecode import unidecode

    from phoihop.organizations.enums import Level, OrganizationKind
    from phoihop.organizations.models import Organization

    have = Organization.objects.count()
    khoi = Organization.objects.get(code="hy-dang-uy-khoi-cac-co-quan")
    kdn = Organization.objects.get(code="hy-dang-uy-khoi-doanh-nghiep")
    new = []
    for i, name in enumerate(EXTRA_BODIES[: max(0, TARGET_ORGS - have)]):
        slug = "".join(c if c.isalnum() else "-" for c in unidecode(name).lower()).strip("-")
        initials = "".join(w[0] for w in unidecode(name).split() if w[0].isalpha()).upper()
        new.append(
            Organization(
                code=f"hy-bench-{slug}"[:80],
                name=f"{name} {'' if 'tỉnh' in name else 'tỉnh '}Hưng Yên".replace("  ", " "),
                abbreviation=f"{initials}{i}"[:30],
                kind=OrganizationKind.BLOC_AGENCY,
                level=Level.PROVINCE,
                superior=kdn
                if name.startswith(("Công ty", "Tổng công ty", "Ngân hàng", "Viễn", "Bưu"))
                else khoi,
            )
        )
    Organization.objects.bulk_create(new)
    return len(new)


def add_users(rng: random.Random) -> int:
    from django.contrib.auth.hashers import make_password

    from phoihop.accounts.enums import Role
    from phoihop.accounts.models import User
    from phoihop.organizations.enums import Level
    from phoihop.organizations.models import Organization

    orgs = list(Organization.objects.order_by("pk"))
    have = Counter(User.objects.values_list("organization_id", flat=True))
    missing = TARGET_USERS - sum(have.values())
    if missing <= 0:
        return 0

    def weight(o: Organization) -> float:
        if o.dissolved_on is not None:
            return 3
        if o.code == common.BUSY_ORG:
            return 45
        if o.level == Level.COMMUNE:
            return 9
        if o.kind == "bloc_agency":
            return 14
        return 30

    total = sum(weight(o) for o in orgs)
    share = {o.pk: max(1, round(missing * weight(o) / total)) for o in orgs}
    diff = missing - sum(share.values())
    communes = [o for o in orgs if o.level == Level.COMMUNE]
    for i in range(abs(diff)):  # exact total: adjust communes one by one
        share[communes[i % len(communes)].pk] += 1 if diff > 0 else -1
    hashed = make_password("bench-users-2026")  # one hash for everyone: hashing 3,000 times takes minutes
    users = []
    for o in orgs:
        for i in range(share[o.pk]):
            role = Role.CLERK if i == 0 else Role.LEADER if i in (1, 2) else Role.SPECIALIST
            users.append(
                User(
                    username=f"bench.{o.pk}.{i}",
                    full_name=f"Cán bộ {i + 1} {o.name}"[:150],
                    email=f"bench.{o.pk}.{i}@bench.invalid",
                    organization=o,
                    role=role,
                    password=hashed,
                    is_active=o.dissolved_on is None,
                )
            )
    User.objects.bulk_create(users, batch_size=500)
    return len(users)


class Province:
    """Who takes part in each regulation, the users of each body, the working days: everything in memory."""

    def __init__(self) -> None:
        from phoihop.accounts.enums import Role
        from phoihop.accounts.models import User
        from phoihop.consultations.domain.policy import policy_for
        from phoihop.organizations.models import Organization
        from phoihop.regulations.enums import PartyRole
        from phoihop.regulations.models import Regulation
        from phoihop.workdays.queries import current_calendar

        self.calendar = current_calendar()
        self.orgs = {o.pk: o for o in Organization.objects.all()}
        self.regs = {
            r.code: r
            for r in Regulation.objects.filter(superseded_by__isnull=True).prefetch_related("parties")
        }
        self.policies = {code: policy_for(r) for code, r in self.regs.items()}
        self.lead: dict[str, list[int]] = {}
        self.partners: dict[str, list[int]] = {}
        for code, reg in self.regs.items():
            parties = list(reg.parties.all())
            for role, target in ((PartyRole.LEAD, self.lead), (PartyRole.PARTNER, self.partners)):
                kinds = {(p.kind, p.level) for p in parties if p.role == role}
                target[code] = sorted(o.pk for o in self.orgs.values() if (o.kind, o.level) in kinds)
        self.users: dict[int, list[int]] = defaultdict(list)
        self.leaders: dict[int, list[int]] = defaultdict(list)
        for pk, org_id, role in User.objects.filter(organization__isnull=False).values_list(
            "pk", "organization_id", "role"
        ):
            self.users[org_id].append(pk)
            if role == Role.LEADER:
                self.leaders[org_id].append(pk)
        last = common.AS_OF.date()
        self.days = [
            common.FIRST_DAY + dt.timedelta(days=i)
            for i in range((last - common.FIRST_DAY).days + 1)
            if self.calendar.is_working_day(common.FIRST_DAY + dt.timedelta(days=i))
        ]
        self._deadlines: dict[tuple[str, str, dt.date, dt.date | None], tuple[dt.date, str]] = {}
        self._kind_policies: dict[tuple[str, str], Any] = {}
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def active(self, pks: list[int], day: dt.date) -> list[int]:
        return [pk for pk in pks if self.orgs[pk].is_active_on(day)]

    def deadline(
        self, code: str, kind: str, received: dt.date, stated: dt.date | None
    ) -> tuple[dt.date, str]:
        """The deadline the application would compute for this kind (its RequestKindRule); a kind whose rule
        computes none here (no period, or a period the request must state) gets five working days."""
        from phoihop.common.errors import DomainError
        from phoihop.consultations.domain.deadlines import compute_deadline
        from phoihop.consultations.domain.policy import kind_policy

        key = (code, kind, received, stated)
        if key not in self._deadlines:
            if (code, kind) not in self._kind_policies:
                self._kind_policies[(code, kind)] = kind_policy(self.regs[code], kind)
            policy = self._kind_policies[(code, kind)]
            try:
                d = compute_deadline(self.calendar, policy, received, stated) if policy is not None else None
            except DomainError:
                d = None
            if d is None:
                day = self.add(received, 5)
                self._deadlines[key] = (day, f"Hạn trả lời {day:%d/%m/%Y}: 05 ngày làm việc kể từ ngày nhận")
            else:
                self._deadlines[key] = (d.date, d.explanation)
        return self._deadlines[key]

    def add(self, day: dt.date, n: int) -> dt.date:
        key = (day, n)
        if key not in self._added:
            self._added[key] = self.calendar.add_working_days(day, n)
        return self._added[key]


def at(day: dt.date, rng: random.Random, start: int = 8, end: int = 17) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(start, end), rng.randrange(60)), common.TZ)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, common.TZ)


class RequestMaker:
    """Builds CoordinationRequest and Delivery objects in the states the domain functions leave them in."""

    def __init__(self, p: Province, rng: random.Random) -> None:
        self.p = p
        self.rng = rng
        self.numbers: Counter[tuple[int, int]] = Counter()
        self.next_request = 1
        self.next_delivery = 1
        self.states: Counter[str] = Counter()
        self.delivery_states: Counter[str] = Counter()
        self.open_overdue = 0

    def regulation_for(self, day: dt.date) -> str:
        mix = {
            c: w
            for c, w in REG_MIX.items()
            if c in self.p.regs
            and self.p.active(self.p.lead[c], day)
            and self.p.active(self.p.partners[c], day)
        }  # a regulation works only while its bodies exist (the communes from 01/07/2025, districts before)
        r = self.rng.random() * sum(mix.values())
        for code, w in mix.items():
            r -= w
            if r < 0:
                return code
        return next(iter(mix))

    def parties(self, code: str, day: dt.date) -> tuple[int, list[int]]:
        rng = self.rng
        leads = self.p.active(self.p.lead[code], day)
        partners = self.p.active(self.p.partners[code], day)
        if rng.random() < P_LEAD.get(code, 0.4):
            sender = rng.choice(leads)
            others = [o for o in partners if o != sender]
            if rng.random() < P_FANOUT.get(code, P_FANOUT_DEFAULT):
                return sender, others
            k = min(pick(rng, RECIPIENTS_K), len(others))
            return sender, rng.sample(others, k)
        sender = rng.choice(partners)
        others = [o for o in partners if o != sender]
        k = min(pick(rng, RECIPIENTS_K), len(others) + 1)
        return sender, [rng.choice(leads), *rng.sample(others, k - 1)]

    def make(self, day: dt.date) -> tuple[Any, list[Any]]:
        from phoihop.consultations.models import CoordinationRequest, Delivery

        p, rng = self.p, self.rng
        code = self.regulation_for(day)
        reg = p.regs[code]
        policy = p.policies[code]
        sender, recipients = self.parties(code, day)
        kind = "notice" if policy is None else pick(rng, KIND_MIX)
        answered = kind != "notice"
        sent_at = at(day, rng)
        created_by = rng.choice(p.users[sender])
        approved_by = rng.choice(p.leaders[sender] or p.users[sender])
        stated = None
        if code == "003" and answered and rng.random() < P_STATED:
            stated = p.add(day, rng.randrange(7, 60))
        age = (common.AS_OF.date() - day).days
        state = "sent"
        if age <= 10 and rng.random() < 0.05:
            state = rng.choice(("draft", "pending_approval"))
        elif rng.random() < P_WITHDRAWN:
            state = "withdrawn"
        req = CoordinationRequest(
            id=self.next_request,
            regulation_id=reg.pk,
            sender_id=sender,
            kind=kind,
            subject=f"{VERBS[kind]} {rng.choice(TOPICS)} (đợt {rng.randrange(1, 9)})",
            body=BODY,
            stated_deadline=stated,
            state=state,
            created_by_id=created_by,
            created_at=sent_at - dt.timedelta(hours=rng.randrange(1, 72)),
        )
        self.next_request += 1
        if state not in ("draft", "pending_approval"):
            self.numbers[(sender, day.year)] += 1
            n = self.numbers[(sender, day.year)]
            req.register_year, req.register_number = day.year, n
            req.document_number = f"{n}-CV/{p.orgs[sender].abbreviation}"
            req.sent_at, req.approved_by_id = sent_at, approved_by
        deliveries = []
        last_done: dt.datetime | None = sent_at
        for recipient in recipients:
            d = Delivery(id=self.next_delivery, request_id=req.pk, recipient_id=recipient)
            self.next_delivery += 1
            deliveries.append(d)
            if state in ("draft", "pending_approval"):
                continue
            if state == "withdrawn":
                d.state = "withdrawn"
                continue
            done = self.fill(d, code, kind, day, stated, answered, recipient)
            last_done = None if done is None or last_done is None else max(last_done, done)
        if state == "withdrawn":
            req.closed_at = min(common.AS_OF, sent_at + dt.timedelta(days=rng.randrange(1, 4)))
        elif state == "sent" and answered and last_done is not None and rng.random() < 0.6:
            closed = last_done + dt.timedelta(days=rng.randrange(1, 6))
            if closed < common.AS_OF:
                req.state, req.closed_at = "closed", closed
        self.states[req.state] += 1
        for d in deliveries:
            self.delivery_states[d.state] += 1
        return req, deliveries

    def fill(
        self,
        d: Any,
        code: str,
        kind: str,
        day: dt.date,
        stated: dt.date | None,
        answered: bool,
        recipient: int,
    ) -> dt.datetime | None:
        """Receipt, deadline and fate of one delivery; returns when it ended (None: still open)."""
        p, rng = self.p, self.rng
        today = common.AS_OF.date()
        swept = common.SWEPT_AT.date()
        received = day
        if rng.random() < P_PAPER:
            d.channel = "paper"
            received = day + dt.timedelta(days=rng.randrange(1, 5))
            if received > today or rng.random() < 0.002:  # not recorded yet (or never)
                d.state = "sent"
                return None
            d.incoming_number = str(rng.randrange(1, 3000))
        d.received_on = received
        d.state = "received"
        if not answered:
            return end_of(received)
        deadline, explanation = p.deadline(code, kind, received, stated)
        d.deadline = d.original_deadline = deadline
        d.deadline_explanation = explanation
        extended = rng.random() < P_EXTENSION
        if extended:
            d.deadline = p.add(deadline, rng.randrange(1, 3) if code == "004" else rng.randrange(2, 6))
            d.extension_reason = "Cần thêm thời gian tổng hợp ý kiến của các bộ phận."
            d.extension_notified_at = at(p.add(deadline, -2) if deadline > received else received, rng)
        final = d.deadline
        start = at(received, rng)
        if final < swept:
            fate = "answered" if rng.random() < 0.84 else "deemed"
        elif final < today:
            fate = "answered" if rng.random() < 0.82 else "open"
        else:
            span = max(1, (final - received).days)
            elapsed = max(0, (today - received).days)
            fate = "answered" if rng.random() < 0.7 * elapsed / span else "open"
        if fate == "deemed":
            d.state = "deemed_consent"
            d.deemed_at = end_of(final)
            d.reminded_before_on = p.add(final, -2)
            d.reminded_due_on = final
            return d.deemed_at
        if fate == "open":
            if extended:
                d.state = "extension_notified"
            if p.add(final, -2) <= swept:
                d.reminded_before_on = p.add(final, -2)
            if final == swept:
                d.reminded_due_on = final
            if final < today:
                self.open_overdue += 1
            return None
        latest = min(end_of(final), common.AS_OF)
        seconds = max(60, int((latest - start).total_seconds()))
        answered_at = start + dt.timedelta(seconds=int(seconds * rng.random() ** 0.5))
        d.state = "answered"
        d.position = pick(rng, POSITION_MIX)
        d.answer_text = "" if d.position == "agree" else ANSWER
        d.answered_at = answered_at
        d.answered_by_id = rng.choice(p.users[recipient] or [1])
        return answered_at


def generate_requests(p: Province, n_requests: int, rng: random.Random) -> RequestMaker:
    from django.db import transaction

    from phoihop.consultations.models import CoordinationRequest, Delivery

    maker = RequestMaker(p, rng)
    per_day = n_requests / len(p.days)
    carry = 0.0
    requests: list[Any] = []
    deliveries: list[Any] = []
    created_at = CoordinationRequest._meta.get_field("created_at")
    created_at.auto_now_add = False  # type: ignore[attr-defined]  # keep the generated drafting times
    try:
        for day in p.days:
            carry += per_day
            count, carry = int(carry), carry - int(carry)
            for _ in range(count):
                req, ds = maker.make(day)
                requests.append(req)
                deliveries += ds
            if len(requests) >= BATCH or day == p.days[-1]:
                with transaction.atomic():
                    CoordinationRequest.objects.bulk_create(requests, batch_size=1000)
                    Delivery.objects.bulk_create(deliveries, batch_size=1000)
                requests, deliveries = [], []
                if maker.next_request % (BATCH * 10) < BATCH:
                    print(f"    {maker.next_request - 1:,} requests ({day:%d/%m/%Y})", flush=True)
    finally:
        created_at.auto_now_add = True  # type: ignore[attr-defined]
    return maker


def write_registers(maker: RequestMaker) -> None:
    from phoihop.consultations.models.register import DocumentRegister

    DocumentRegister.objects.bulk_create(
        [DocumentRegister(organization_id=o, year=y, last_number=n) for (o, y), n in maker.numbers.items()]
    )


def reset_sequences() -> None:
    """Explicit primary keys were inserted: move PostgreSQL sequences past them (SQLite needs nothing)."""
    from django.core.management.color import no_style
    from django.db import connection

    from phoihop.consultations.models import CoordinationRequest, Delivery

    if connection.vendor == "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [CoordinationRequest, Delivery]):
            cursor.execute(sql)


def generate_report_slots(p: Province, rng: random.Random) -> dict[str, int]:
    """The slots of 2025–2027 from the obligations, then the states a year of reporting leaves them in."""
    from django.db import connection, transaction

    from phoihop.reports.domain.generation import Hierarchy, generate_slots
    from phoihop.reports.models import ReportSlot, ReportSubmission

    hierarchy = Hierarchy.load()
    created = 0
    for year in (2025, 2026, 2027):
        created += generate_slots(year, calendar=p.calendar, hierarchy=hierarchy).created
    today, swept = common.AS_OF.date(), common.SWEPT_AT.date()
    rows = []
    submissions = []
    states: Counter[str] = Counter()
    slots = ReportSlot.objects.select_related("obligation").prefetch_related("obligation__indicators")
    for s in slots.order_by("pk"):
        state, late, first_sent, accepted, returned = "not_due", False, None, None, None
        reminded_before = reminded_due = reminded_overdue = None
        if s.opens_on <= swept:
            state = "due"
        sent_by = s.due_on + dt.timedelta(days=rng.choice((-6, -3, -2, -1, 0, 0, 0, 1, 3, 8)))
        will_send = rng.random() < 0.93
        if will_send and sent_by < today and s.opens_on <= sent_by:
            first_sent = at(sent_by, rng)
            late = sent_by > s.due_on
            r = rng.random()
            if sent_by < swept and r < 0.8:
                state, accepted = "accepted", first_sent + dt.timedelta(days=2)
            elif sent_by < swept and r < 0.85:
                state, returned = "returned", first_sent + dt.timedelta(days=2)
            else:
                state = "submitted"
        elif s.due_on < swept:
            state = "overdue"
            reminded_overdue = p.add(swept, -rng.randrange(0, 5))
        if state in ("due", "not_due") and s.due_on <= p.add(swept, 3) and s.due_on >= swept:
            reminded_before = swept
        states[state] += 1
        rows.append(
            (
                state,
                late,
                first_sent,
                first_sent,
                accepted,
                returned,
                "Số liệu chưa khớp biểu mẫu." if returned else "",
                reminded_before,
                reminded_due,
                reminded_overdue,
                s.pk,
            )
        )
        if first_sent is not None:
            indicators = list(s.obligation.indicators.all()) if s.obligation else []
            submissions.append(
                ReportSubmission(
                    slot_id=s.pk,
                    version=1,
                    state="sent",
                    document=f"reports/{sent_by:%Y/%m}/bao-cao-{s.pk}.pdf",
                    original_name=f"bao-cao-{s.period_key}.pdf",
                    size=180_000,
                    content_type="application/pdf",
                    figures={i.code: rng.randrange(0, 40) for i in indicators},
                    created_by_id=rng.choice(p.users[s.reporter_id] or [1]),
                    approved_by_id=rng.choice(p.leaders[s.reporter_id] or p.users[s.reporter_id] or [1]),
                    sent_at=first_sent,
                    late=late,
                )
            )
    table = ReportSlot._meta.db_table
    columns = (
        "state",
        "late",
        "first_sent_at",
        "last_sent_at",
        "accepted_at",
        "returned_at",
        "return_reason",
        "reminded_before_on",
        "reminded_due_on",
        "reminded_overdue_on",
    )
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        ReportSubmission.objects.bulk_create(submissions, batch_size=1000)
    refreshed = refresh_next_reminders(p)
    return {
        "created": created,
        "submissions": len(submissions),
        "next_reminder_refreshed": refreshed,
        **{f"state_{k}": v for k, v in states.items()},
    }


def refresh_next_reminders(p: Province) -> int | None:
    """The states above were written without the domain: compute each slot's stored next reminder date again
    (reports.domain.generation.refresh_reminders), from the day after the last sweep the history reflects.
    Returns None when the model has no such date (before issue 10)."""
    try:
        from phoihop.reports.domain.generation import refresh_reminders
    except ImportError:
        return None
    return int(refresh_reminders(common.SWEPT_AT.date() + dt.timedelta(days=1), p.calendar))


def main() -> None:
    args = parse()
    url = common.setup_django()
    petitions_scale = args.scale if args.petitions_scale is None else args.petitions_scale
    if args.reuse and reusable(url, args.scale, petitions_scale):
        print(
            f"bench: reusing {common.redacted(url)} (scale {args.scale}; delete {common.meta_path(url)} to redo)"
        )
        return
    prepare_database(url, args.force or args.reuse)
    from django.db import connection

    from phoihop.accounts.models import User
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.organizations.models import Organization
    from phoihop.reports.models import ReportSlot

    print(f"bench: generating into {common.redacted(url)} (scale {args.scale})", flush=True)
    timer = Timer()
    load_base()
    timer.step("migrate + load_regulations + load_calendar + load_demo")
    if CoordinationRequest.objects.exists():
        raise SystemExit("bench: this database already has coordination requests; use an empty one")
    rng = random.Random(SEED)
    bodies = add_bodies()
    users = add_users(rng)
    timer.step(f"bodies (+{bodies}) and users (+{users})")
    province = Province()
    maker = generate_requests(province, round(FULL_REQUESTS * args.scale), rng)
    write_registers(maker)
    reset_sequences()
    timer.step("coordination requests and deliveries")
    slots = generate_report_slots(province, rng)
    timer.step("report slots 2025–2027")
    people = gen_officials.generate(rng, args.scale if args.people_scale is None else args.people_scale)
    timer.step(f"officials (+{people['officials']}) and information (+{people['information']})")
    petitions = gen_petitions.generate(rng, petitions_scale)
    timer.step(f"petitions (+{petitions['petitions']:,}) with matters, signers, subjects, deadlines, history")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    elif connection.vendor == "postgresql":
        # what autovacuum leaves after the inserts (PostgreSQL >= 13 vacuums inserted tables too), now rather than
        # whenever it comes by: planner statistics, and the visibility map without which an index-only scan
        # still reads every heap page (the petitions' word counts read 15,000 heap blocks: 132 ms, not 7)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    busy = Organization.objects.get(code=common.BUSY_ORG)
    counts = {
        "organizations": Organization.objects.count(),
        "communes": Organization.objects.filter(level="commune").count(),
        "users": User.objects.count(),
        "requests": CoordinationRequest.objects.count(),
        "deliveries": Delivery.objects.count(),
        "report_slots": ReportSlot.objects.count(),
        "report_submissions": slots["submissions"],
        "busy_inbox_deliveries": Delivery.objects.filter(recipient=busy).count(),
        "busy_outbox_requests": CoordinationRequest.objects.filter(sender=busy).count(),
        "open_overdue_deliveries": maker.open_overdue,
        **gen_officials.counts(),
        **gen_petitions.counts(),
    }
    meta = {
        "scale": args.scale,
        "database": common.redacted(url),
        "as_of": common.AS_OF.isoformat(),
        "swept_at": common.SWEPT_AT.isoformat(),
        "elapsed_s": round(timer.total, 1),
        "steps_s": timer.steps,
        "counts": counts,
        "request_states": dict(maker.states),
        "delivery_states": dict(maker.delivery_states),
        "report_slots": slots,
        "petitions_scale": petitions_scale,
        "petitions": petitions,
    }
    common.meta_path(url).write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    for name, value in counts.items():
        print(f"  {name:>24}: {value:,}")
    print(f"  request states: {dict(maker.states)}")
    print(f"  delivery states: {dict(maker.delivery_states)}")
    print(f"bench: generated in {timer.total:.1f} s (details in {common.meta_path(url)})")


if __name__ == "__main__":
    main()
