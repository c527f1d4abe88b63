"""The bodies working on information about an official may see the official's record (officials.involvement):
its sender and its recipients."""

from __future__ import annotations

from phoihop.officials.involvement import Involvement, involvement

from .models import InformationCopy, OfficialInformation
from .queries import sees_information_about


def _involves(official_id: int, organization_id: int) -> bool:
    if OfficialInformation.objects.filter(official_id=official_id, sender_id=organization_id).exists():
        return True
    return InformationCopy.objects.filter(
        recipient_id=organization_id, information__official_id=official_id
    ).exists()


involvement.add("information", Involvement(officials_of=sees_information_about, involves=_involves))
