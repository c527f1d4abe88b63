"""Where information about an official goes: the routing rules of the regulations, as data.

Each current regulation may carry a block `information_routing:` (schema: regulations/schema.py
ROUTING_RULE), a list of rules, each with its article:

    - code: btv-managed-to-ubkt
      senders: [{kind: mass_mobilization_board, level: district}, ...]   # who sends
      about: {managing_body: [{kind: standing_committee, level: district}]}  # about whom
      to: [{sibling_of_managing_body: inspection_committee}]              # to whom
      kinds: [signs_of_violation, denunciation]                           # which information
      article: Điều 4 khoản 2 điểm 2.2

`about` (every condition given must hold): `managing_body` (the official's managing body matches one),
`managed_within` (the managing body or one of its superiors matches one), `party_member_of` (the official's
party organisation or one of its superiors matches one: a member of the bloc), `managed_by_sender` (the
managing body is the sender or under it).
`to` (each item one resolver): `managing_body: true`; `managing_unit: [matchers]` (the managing body or its
nearest superior matching); `sibling_of_managing_body: <kind>` (the body of that kind under the managing body's
own superior: the UBKT of the same level); `party_unit: [matchers]` (the nearest of the official's party
organisation and its superiors matching: the bloc committee); `body: matcher` (the active bodies of that kind
and level).

`recipients_for(sender, official, kind)` applies every rule of every current regulation that matches and
answers the union of their recipients (never the sender itself) with the rules applied; no rule → no route.
A regulation applies to a sender in the area the deployment adopts it for (regulations.queries.in_adopted_area).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from phoihop.officials.models import Official
from phoihop.organizations.models import Organization
from phoihop.regulations import queries as regulation_queries
from phoihop.regulations.models import Regulation

__all__ = ["AppliedRule", "Route", "recipients_for"]

BLOCK = "information_routing"


@dataclass(frozen=True)
class AppliedRule:
    regulation: Regulation
    code: str
    article: str
    reading: str = ""


@dataclass(frozen=True)
class Route:
    recipients: tuple[Organization, ...]  # in id order
    rules: tuple[AppliedRule, ...]

    @property
    def recipient_ids(self) -> frozenset[int]:
        return frozenset(o.pk for o in self.recipients)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(f"{r.regulation.display_name}: {r.article}" for r in self.rules)


def _matches(org: Organization | None, matcher: Mapping[str, Any]) -> bool:
    if org is None:
        return False
    return org.kind == matcher["kind"] and ("level" not in matcher or org.level == matcher["level"])


def _any(org: Organization | None, matchers: Iterable[Mapping[str, Any]]) -> bool:
    return any(_matches(org, m) for m in matchers)


class _Tree:
    """The superiors of the bodies a decision looks at, read once per body (a few queries at send time)."""

    def __init__(self) -> None:
        self._by_id: dict[int, Organization] = {}

    def chain(self, org: Organization | None) -> list[Organization]:
        """`org` and its superiors, nearest first."""
        out: list[Organization] = []
        while org is not None and len(out) < 20:
            self._by_id.setdefault(org.pk, org)
            out.append(org)
            sid = org.superior_id
            if sid is None:
                break
            org = self._by_id.get(sid) or Organization.objects.filter(pk=sid).first()
        return out


def _about(rule: Mapping[str, Any], sender: Organization, official: Official, tree: _Tree) -> bool:
    about = rule.get("about", {})
    managing = official.managing_body
    if "managing_body" in about and not _any(managing, about["managing_body"]):
        return False
    if "managed_within" in about and not any(_any(o, about["managed_within"]) for o in tree.chain(managing)):
        return False
    if "party_member_of" in about:
        party = official.party_organization if official.is_party_member else None
        if not any(_any(o, about["party_member_of"]) for o in tree.chain(party)):
            return False
    if about.get("managed_by_sender") and sender.pk not in {o.pk for o in tree.chain(managing)}:
        return False
    return True


def _resolve(
    target: Mapping[str, Any], official: Official, tree: _Tree, today: dt.date
) -> list[Organization]:
    managing = official.managing_body
    if target.get("managing_body"):
        return [managing] if managing is not None else []
    if "managing_unit" in target:
        return next(([o] for o in tree.chain(managing) if _any(o, target["managing_unit"])), [])
    if "party_unit" in target:
        party = official.party_organization if official.is_party_member else None
        return next(([o] for o in tree.chain(party) if _any(o, target["party_unit"])), [])
    if "sibling_of_managing_body" in target:
        if managing is None or managing.superior_id is None:
            return []
        return list(
            Organization.objects.filter(
                superior_id=managing.superior_id, kind=target["sibling_of_managing_body"]
            ).order_by("pk")
        )
    if "body" in target:
        m = target["body"]
        qs = Organization.objects.filter(kind=m["kind"])
        if "level" in m:
            qs = qs.filter(level=m["level"])
        return list(qs.order_by("pk"))
    return []


def rules_of(regulation: Regulation) -> list[dict[str, Any]]:
    """The routing rules a regulation version carries (its stored data; none before they were data)."""
    data = regulation.data if isinstance(regulation.data, dict) else {}
    rules = data.get(BLOCK) or []
    return [r for r in rules if isinstance(r, dict)]


def recipients_for(
    sender: Organization,
    official: Official,
    kind: str,
    *,
    today: dt.date | None = None,
    regulations: Iterable[Regulation] | None = None,
) -> Route:
    """The bodies the texts name for information of `kind` about `official` sent by `sender`, and the rules
    applied (every matching rule of every current regulation); an empty route when no rule applies."""
    day = today or timezone.localdate()
    tree = _Tree()
    recipients: dict[int, Organization] = {}
    applied: list[AppliedRule] = []
    for regulation in regulations if regulations is not None else regulation_queries.current():
        rules = rules_of(regulation)
        if not rules or not regulation_queries.in_adopted_area(regulation, sender):
            continue  # a regulation binds the bodies of the area the deployment adopts it for
        for rule in rules:
            if kind not in rule.get("kinds", ()) or not _any(sender, rule.get("senders", ())):
                continue
            if not _about(rule, sender, official, tree):
                continue
            found = [
                o
                for target in rule.get("to", ())
                for o in _resolve(target, official, tree, day)
                if o.pk != sender.pk and o.is_active_on(day)
            ]
            if not found:
                continue
            for o in found:
                recipients.setdefault(o.pk, o)
            applied.append(
                AppliedRule(regulation, str(rule["code"]), str(rule["article"]), str(rule.get("reading", "")))
            )
    return Route(tuple(recipients[k] for k in sorted(recipients)), tuple(applied))
