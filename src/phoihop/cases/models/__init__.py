"""Models of cases (vụ án, vụ việc; issue 12, part 5)."""
