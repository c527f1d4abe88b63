"""Models of the information about officials (issue 12, part 2)."""
