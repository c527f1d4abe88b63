"""Work-queue sources of petitions: each part registers its own (petition_work: classification, decisions,
transfers awaiting or overdue; deadline_work: legal time limits falling due)."""

from . import deadline_work, petition_work  # noqa: F401
