from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from samadhan.contacts.services import contact_find_or_create
from samadhan.testing.factories import make_ticket, make_workspace
from samadhan.tickets.models import Ticket
from samadhan.tickets.services.ticket import ticket_create
from samadhan.tickets.timeline import CONTACT_AUTHOR


@pytest.mark.django_db
def test_numbers_are_per_workspace() -> None:
    a, b = make_workspace(), make_workspace()
    numbers = [make_ticket(a).number, make_ticket(b).number, make_ticket(a).number]
    assert numbers == [1, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_creations_get_fifty_consecutive_numbers() -> None:
    workspace = make_workspace()
    contact = contact_find_or_create(workspace=workspace, email="rush@example.test")

    def create(i: int) -> int:
        try:
            return ticket_create(
                workspace=workspace,
                author=CONTACT_AUTHOR,
                contact=contact,
                subject=f"parallel {i}",
                body_text="ಕೃಪಯಾ ಸಹಾಯ ಮಾಡಿ" if i % 2 else "कृपया मदद करें",
            ).number
        finally:
            connections.close_all()

    # Eight real connections racing (the database serialises them, not Python).
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(create, range(50)))

    assert sorted(numbers) == list(range(1, 51))
    assert Ticket.objects.filter(workspace=workspace).count() == 50
    workspace.refresh_from_db()
    assert workspace.last_ticket_number == 50
