"""Permission predicates on notifications: none beyond queries.visible_to (a user sees only their own)."""
