"""Small SQL expressions the query modules share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F


class StateIn(Expression):
    """`state IN ('a', 'b')` (or `state = 'a'`) with the states written in the SQL, as the partial indexes'
    conditions are: SQLite takes a partial index only for a query whose condition is the same text, never for a
    bound parameter. Only for our own enum values, never for user input (checked)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, states: Sequence[str], column: str = "state") -> None:
        super().__init__()
        if not states or not all(str(s).replace("_", "").isalnum() for s in states):
            raise ValueError(states)
        self.states = [str(s) for s in states]
        self.column: Any = F(column)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.column)
        if len(self.states) == 1:
            return f"{sql} = '{self.states[0]}'", list(params)
        return f"{sql} IN ({', '.join(repr(s) for s in self.states)})", list(params)
