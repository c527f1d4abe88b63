"""Models of citizen reception by party secretaries (issue 13, point 6)."""
