"""Registries that domain apps fill: one shape for the sweep's steps, the evaluation's sources and the work queue's
sources, so that the app owning a registry never imports the domain apps.

The owner creates a `Registry[T]` naming the module every domain app may define to fill it, and discovers those
modules once at start-up (its AppConfig.ready() calls `discover()`, i.e. Django's `autodiscover_modules`: it
imports `<app>.<module>` from every installed app that has one). Each such module registers its entries:

    # the owner (e.g. a work queue)                  # a domain app (e.g. consultations/work.py)
    work: Registry[WorkSource] = Registry("work")       @work.register("consultations.deliveries", order=10)
                                                        def deliveries(user: User) -> list[WorkItem]: ...
    # in its AppConfig.ready(): work.discover()

    for name, list_items in work.items(): ...           # the owner lists them: by order, then registration

Owners today: scheduler/registry.py (module "jobs": the sweep's steps, registered with its `register`),
evaluation/sources.py (module "evaluation": the evaluation's sources, registered with `source`/`register_source`,
which check the metrics before calling `add`) and work/registry.py (module "work": the work queue's sources, what
"Việc cần làm" lists for each person).

- `register(name, order=100)` is a decorator (it returns what it decorates, unchanged); `add(name, item, order)`
  does the same for a value that is not a function (e.g. a dataclass).
- A name is registered once: a second registration under the same name is a ValueError (two modules claiming
  one name is a bug, not an override).
- `items()`, `names()` and iteration (the items) follow `order` (lowest first), then the order of registration.
- `remove(item)` / `unregister(name)` take an entry out again (tests that register a throwaway entry).

Nothing here imports an app of ours; the registry holds no state besides its entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

__all__ = ["DEFAULT_ORDER", "Entry", "Registry"]

T = TypeVar("T")

DEFAULT_ORDER = 100


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered item: its unique name and its place in the listing."""

    name: str
    order: int
    item: T


class Registry(Generic[T]):
    """Named items of type T that domain apps register from their own `<module>.py`."""

    def __init__(self, module: str, entries: dict[str, Entry[T]] | None = None) -> None:
        """`module`: the module name each installed app may define to register entries (e.g. "jobs").
        `entries`: the dict to keep the entries in (a new one by default); an owner that keeps it in a module
        attribute can build the registry over that attribute when it is used."""
        self.module = module
        self._entries: dict[str, Entry[T]] = {} if entries is None else entries

    # --- registering -------------------------------------------------------------------------------------

    def add(self, name: str, item: T, order: int = DEFAULT_ORDER) -> T:
        """Register `item` under `name`; ValueError when the name is already taken. Returns the item."""
        if name in self._entries:
            raise ValueError(f"{self.module}: {name!r} already registered")
        self._entries[name] = Entry(name, order, item)
        return item

    def register(self, name: str, order: int = DEFAULT_ORDER) -> Callable[[T], T]:
        """Decorator: `@registry.register("app.thing", order=200)` registers what it decorates."""

        def decorator(item: T) -> T:
            return self.add(name, item, order)

        return decorator

    def unregister(self, name: str) -> None:
        """Take the entry named `name` out (KeyError when there is none)."""
        del self._entries[name]

    def remove(self, item: T) -> None:
        """Take out the entry holding `item`, like list.remove (ValueError when none holds it)."""
        for name, entry in self._entries.items():
            if entry.item is item or entry.item == item:
                del self._entries[name]
                return
        raise ValueError(f"{self.module}: {item!r} is not registered")

    def discover(self) -> None:
        """Import `<app>.<module>` from every installed app that has one (call it from AppConfig.ready())."""
        autodiscover_modules(self.module)

    # --- listing -------------------------------------------------------------------------------------------

    def entries(self) -> list[Entry[T]]:
        """Every entry by order, then registration (sorted() is stable and the dict keeps insertion order)."""
        return sorted(self._entries.values(), key=lambda e: e.order)

    def items(self) -> list[tuple[str, T]]:
        return [(e.name, e.item) for e in self.entries()]

    def names(self) -> list[str]:
        return [e.name for e in self.entries()]

    def get(self, name: str) -> T | None:
        entry = self._entries.get(name)
        return entry.item if entry is not None else None

    def __iter__(self) -> Iterator[T]:
        return iter([e.item for e in self.entries()])

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Registry({self.module!r}, {self.names()!r})"
