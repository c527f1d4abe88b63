"""Who may do what with a petition (predicates on loaded objects, no queries).

The receiving body keeps its register: its clerks, specialists and leaders register petitions; its specialists
and leaders classify them; its leaders decide (handle — thụ lý, transfer — chuyển đơn, guide the sender, file)
and report mass or complex complaints to the province's Ban Nội chính (003 4.2.c); the handling body's
specialists and leaders report the result. A transfer's source body sees the petition it transferred and the
receiving body's petition (its state and result: 003 4.1.đ); the Ban Nội chính sees what was reported to it.
Nobody else sees anything (the queries answer 404). Signers are shown by their handles only; reading an
identity is the custodians' business (phoihop.identities).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind

from .enums import OPEN_STATES, PetitionKind, PetitionState

if TYPE_CHECKING:
    from phoihop.accounts.types import Actor, Viewer

    from .models import Petition

REGISTERING_ROLES: frozenset[str] = frozenset({Role.CLERK, Role.SPECIALIST, Role.LEADER})
ACTING_ROLES: frozenset[str] = frozenset({Role.SPECIALIST, Role.LEADER})
BAN_KIND = OrganizationKind.INTERNAL_AFFAIRS_BOARD
BAN_LEVEL = Level.PROVINCE

# Luật Tố cáo 2018, Điều 25 khoản 2: an anonymous denunciation is not handled as a denunciation; when its content
# is specific, with documents and evidence of a violation, the body may still inspect, verify it.
ANONYMOUS_DENUNCIATION_RULE = (
    "Đơn tố cáo không rõ họ tên, địa chỉ người tố cáo (nặc danh) không được xử lý theo thủ tục giải quyết tố "
    "cáo; nếu nội dung tố cáo rõ ràng về người có hành vi vi phạm, có tài liệu, chứng cứ cụ thể về hành vi vi "
    "phạm và có cơ sở để thẩm tra, xác minh thì cơ quan có thẩm quyền có thể tiến hành thanh tra, kiểm tra "
    "theo thẩm quyền hoặc chuyển đến cơ quan có thẩm quyền để tiến hành thanh tra, kiểm tra phục vụ cho công "
    "tác quản lý (Luật Tố cáo 2018, Điều 25 khoản 2)."
)


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def _role(user: Viewer) -> str | None:
    return user.role if user.is_authenticated else None


def anonymous_notice(petition: Petition) -> str | None:
    """What a page says of an anonymous denunciation (the law's rule); None for any other petition."""
    if petition.anonymous and petition.kind == PetitionKind.DENUNCIATION:
        return ANONYMOUS_DENUNCIATION_RULE
    return None


def can_register(user: Viewer) -> bool:
    """A clerk, specialist or leader of a body registers petitions in its register."""
    return _org(user) is not None and _role(user) in REGISTERING_ROLES


def is_receiving_member(user: Viewer, petition: Petition) -> bool:
    org = _org(user)
    return org is not None and org == petition.organization_id


def sees(user: Viewer, petition: Petition, source_organization_id: int | None) -> bool:
    """The receiving body; the body that transferred it (`source_organization_id`: the source petition's body);
    the Ban Nội chính it was reported to."""
    org = _org(user)
    if org is None:
        return False
    return org in (petition.organization_id, petition.reported_to_id) or (
        source_organization_id is not None and org == source_organization_id
    )


def can_classify(user: Viewer, petition: Petition) -> bool:
    return (
        is_receiving_member(user, petition)
        and _role(user) in ACTING_ROLES
        and petition.state == PetitionState.RECEIVED
    )


def _leader(user: Viewer, petition: Petition) -> bool:
    return is_receiving_member(user, petition) and _role(user) == Role.LEADER


def can_decide(user: Viewer, petition: Petition) -> bool:
    """Handle (thụ lý), guide or file: a leader, once the petition is classified."""
    return (
        _leader(user, petition)
        and petition.state == PetitionState.RECEIVED
        and petition.classified_on is not None
    )


def can_accept(user: Viewer, petition: Petition) -> bool:
    return can_decide(user, petition) and petition.within_competence is True


def can_transfer(user: Viewer, petition: Petition) -> bool:
    return (
        _leader(user, petition)
        and petition.classified_on is not None
        and petition.state in (PetitionState.RECEIVED, PetitionState.HANDLING)
    )


def can_report_result(user: Viewer, petition: Petition) -> bool:
    return (
        is_receiving_member(user, petition)
        and _role(user) in ACTING_ROLES
        and petition.state == PetitionState.HANDLING
    )


def needs_ban(petition: Petition) -> bool:
    """003 4.2.c: mass or complex complaints and denunciations are reported to the Ban Nội chính."""
    return petition.mass or petition.complex


def can_report_to_ban(user: Viewer, petition: Petition) -> bool:
    return (
        _leader(user, petition)
        and petition.state in OPEN_STATES
        and needs_ban(petition)
        and petition.reported_to_id is None
        and not is_ban(petition.organization.kind, petition.organization.level)
    )


def petition_permissions(user: Viewer, petition: Petition) -> dict[str, bool]:
    """What the page and the API offer the user on a petition they see. `read_identity` only says the page may
    link to the custodians' reading (phoihop.identities decides, with a reason asked and audited)."""
    decide = can_decide(user, petition)
    return {
        "classify": can_classify(user, petition),
        "accept": can_accept(user, petition),
        "transfer": can_transfer(user, petition),
        "guide": decide,
        "file": decide,
        "report_result": can_report_result(user, petition),
        "report_to_ban": can_report_to_ban(user, petition),
        "read_identity": is_receiving_member(user, petition) and not petition.anonymous,
    }


def told_of_transfer(users: Iterable[Actor]) -> list[Actor]:
    """Who of the receiving body is told of a petition transferred to it: its leaders and clerks (every active
    acting user when there are none)."""
    people = [u for u in users if u.is_active]
    chosen = [u for u in people if u.role in (Role.LEADER, Role.CLERK)]
    return chosen or [u for u in people if u.role in ACTING_ROLES] or people


def handlers(users: Iterable[Actor], prefer: Iterable[int] = ()) -> list[Actor]:
    """Who of a body is told of a result, an overdue follow-up or a report: the people named in `prefer` and the
    body's leaders; every active acting user when there are none of them."""
    people = [u for u in users if u.is_active]
    preferred = set(prefer)
    chosen = [u for u in people if u.pk in preferred or u.role == Role.LEADER]
    return chosen or [u for u in people if u.role in ACTING_ROLES] or people


def is_ban(kind: str, level: str) -> bool:
    return kind == BAN_KIND and level == BAN_LEVEL


def refusal(action: str) -> str:
    """The Vietnamese message of a refused action."""
    messages = {
        "register": _("Chỉ văn thư, chuyên viên, lãnh đạo của cơ quan mới được vào sổ đơn thư."),
        "classify": _("Chỉ chuyên viên, lãnh đạo của cơ quan tiếp nhận được phân loại đơn chưa xử lý."),
        "decide": _("Chỉ lãnh đạo của cơ quan tiếp nhận được quyết định xử lý đơn."),
        "report_result": _(
            "Chỉ chuyên viên, lãnh đạo của cơ quan đang giải quyết đơn được báo cáo kết quả giải quyết."
        ),
        "report_to_ban": _("Chỉ lãnh đạo của cơ quan tiếp nhận được báo cáo Ban Nội chính."),
    }
    return messages[action]
