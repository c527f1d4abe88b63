"""Sent (after commit) whenever an override is created, changed or removed, so that apps holding computed
deadlines can recompute them. Receivers get `reason` (Vietnamese text) and `actor` (a user or None)."""

from django.dispatch import Signal

calendar_changed = Signal()
