"""What the yearly evaluation counts: the sources that domain apps register.

A source is one capability's figures: its metrics (the columns, under one group heading) and one grouped query
returning {organisation id: {metric key: count}} for one regulation code and one calendar year (`Bounds`).
Each domain app registers its sources in its own `evaluation.py`, imported at start-up by
EvaluationConfig.ready() (`sources.discover()`), so the evaluation imports no domain app and a new domain adds
its figures without touching it:

    # <app>/evaluation.py
    from phoihop.evaluation.sources import Bounds, Figures, Metric, figures_by, source

    MEETINGS = "meetings"

    @source(MEETINGS, _("Họp, hội nghị"), order=40, metrics=(
        Metric("meetings_hosted", _("Cuộc họp đã chủ trì"), MEETINGS, _("How it is counted.")),
    ))
    def meetings(b: Bounds) -> Figures:
        qs = Meeting.objects.filter(regulation__code=b.code, held_on__gte=b.first_day, held_on__lte=b.last_day)
        if b.only is not None:  # a partner's own row: count its body only
            qs = qs.filter(host_id=b.only)
        agg = qs.values("host_id").annotate(meetings_hosted=Count("pk")).order_by()
        return figures_by(agg, "host_id", ("meetings_hosted",))

Rules for a source: one query (the evaluation's query count must not grow with the number of bodies); count
every version of the code (filter on `regulation__code`); honour `Bounds.only`; judge open items on
`Bounds.today`, never on the wall clock. Metric keys are unique across sources and a metric's group is the
name of its source.

Registered today (columns in this order): consultations/evaluation.py "requests" (order 10) and "deliveries"
(20); reports/evaluation.py "reports" (30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.utils import timezone

from phoihop.common.registry import DEFAULT_ORDER, Registry

__all__ = [
    "METRICS",
    "SOURCES",
    "Bounds",
    "Figures",
    "Metric",
    "Source",
    "figures_by",
    "metrics",
    "register_source",
    "source",
    "sources",
]

MODULE = "evaluation"

Figures = dict[int, dict[str, int]]  # {organisation id: {metric key: count}}


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any  # a lazy Vietnamese string
    group: str  # the name of the Source that computes it
    help: Any = ""


@dataclass(frozen=True)
class Bounds:
    """The year being evaluated and the day the open items are judged on."""

    code: str
    year: int
    today: dt.date
    only: int | None = None  # one organisation's figures only (a partner's own row)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def start(self) -> dt.datetime:
        """00:00 local time on 1 January."""
        return dt.datetime(self.year, 1, 1, tzinfo=timezone.get_current_timezone())

    @property
    def end(self) -> dt.datetime:
        """00:00 local time on 1 January of the next year (exclusive)."""
        return dt.datetime(self.year + 1, 1, 1, tzinfo=timezone.get_current_timezone())


Compute = Callable[[Bounds], Figures]


@dataclass(frozen=True)
class Source:
    """One capability's figures: its metrics and one grouped query returning {org id: {key: count}}."""

    name: str
    group_label: Any
    metrics: tuple[Metric, ...]
    compute: Compute


sources: Registry[Source] = Registry(MODULE)
SOURCES = sources  # the registered sources in column order (iterable; SOURCES.remove(source) takes one out)


def register_source(source: Source, order: int = DEFAULT_ORDER) -> Source:
    """Add one capability's figures to every evaluation (columns by `order`, then registration); ValueError for
    a name already registered, a metric key another source uses, or a metric whose group is not the source."""
    if source.name in sources:
        raise ValueError(f"source {source.name!r} already registered")
    known = {m.key for s in sources for m in s.metrics}
    clash = known & {m.key for m in source.metrics}
    if clash:
        raise ValueError(f"metric keys already used: {sorted(clash)}")
    foreign = [m.key for m in source.metrics if m.group != source.name]
    if foreign:
        raise ValueError(f"metrics of source {source.name!r} in another group: {foreign}")
    return sources.add(source.name, source, order)


def source(
    name: str, group_label: Any, *, metrics: Iterable[Metric], order: int = DEFAULT_ORDER
) -> Callable[[Compute], Compute]:
    """Decorator registering the decorated query as the source `name` (see the module's docstring)."""

    def decorator(compute: Compute) -> Compute:
        register_source(Source(name, group_label, tuple(metrics), compute), order)
        return compute

    return decorator


def figures_by(rows: Iterable[dict[str, Any]], by: str, keys: Iterable[str]) -> Figures:
    """{row[by]: {key: int(row[key])}} from a `.values(by).annotate(...)` queryset."""
    keys = list(keys)
    return {row[by]: {k: int(row[k]) for k in keys} for row in rows}


def metrics() -> tuple[Metric, ...]:
    """Every registered metric, in column order."""
    return tuple(m for s in sources for m in s.metrics)


class _RegisteredMetrics(Sequence[Metric]):
    """metrics() as a constant: read when used, so it holds what was registered at start-up."""

    @overload
    def __getitem__(self, index: int) -> Metric: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Metric]: ...

    def __getitem__(self, index: int | slice) -> Metric | Sequence[Metric]:
        return metrics()[index]

    def __len__(self) -> int:
        return len(metrics())

    def __repr__(self) -> str:
        return f"METRICS{metrics()!r}"


METRICS: Sequence[Metric] = _RegisteredMetrics()
