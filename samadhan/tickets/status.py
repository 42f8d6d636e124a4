"""Which status may follow which, in one table."""

from __future__ import annotations

from samadhan.tickets.models import Status

_WORKING = {Status.OPEN, Status.PENDING, Status.ON_HOLD}

ALLOWED_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset(_WORKING | {Status.SOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED}),
    # Reopening a solved ticket counts as a reopen.
    Status.SOLVED: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.CLOSED}),
    # Closed is final: a new message on a closed ticket starts a follow-up ticket.
    Status.CLOSED: frozenset(),
}


def can_transition(current: Status, new: Status) -> bool:
    return new == current or new in ALLOWED_TRANSITIONS[current]


def is_reopen(current: Status, new: Status) -> bool:
    return current == Status.SOLVED and new in _WORKING
