from __future__ import annotations

import pytest
from django.test import Client

from samadhan.accounts.models import Role
from samadhan.kb.models import SearchQuery
from samadhan.kb.search.selectors import kb_search
from samadhan.kb.search.tests.conftest import Publish
from samadhan.testing.factories import make_agent, make_ticket
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def _client(workspace: Workspace, role: Role) -> Client:
    client = Client()
    client.force_login(make_agent(workspace, role=role))
    return client


def test_ticket_page_loads_suggestions_after_it_rendered(
    kb_workspace: Workspace, publish: Publish
) -> None:
    refund = publish(
        kb_workspace,
        "refund-timeline",
        "en",
        "When will I get my refund?",
        "Refunds reach your card in 5-7 working days.",
    )
    ticket = make_ticket(kb_workspace, subject="पैसे वापस", body="मेरा रिफंड कब आएगा?", language="hi")
    client = _client(kb_workspace, Role.AGENT)
    page = client.get(f"/t/{kb_workspace.slug}/{ticket.number}/")
    assert page.status_code == 200
    slot = f'hx-get="/t/{kb_workspace.slug}/kb/suggestions/{ticket.number}" hx-trigger="load"'
    assert slot in page.content.decode()
    response = client.get(f"/t/{kb_workspace.slug}/kb/suggestions/{ticket.number}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "When will I get my refund?" in html
    assert "(in EN)" in html  # no Hindi translation: the agent is told
    assert (
        f'data-kb-insert="http://testserver/help/{kb_workspace.slug}/en/{refund.article_id}-'
        in html
    )
    assert 'data-kb-insert="Refunds reach your card in 5-7 working days."' in html
    # Suggestions are not customers' searches: nothing logged for content gaps.
    assert not SearchQuery.objects.exists()
    assert client.get(f"/t/{kb_workspace.slug}/kb/suggestions/999").status_code == 404


def test_content_gaps_page(kb_workspace: Workspace, publish: Publish) -> None:
    for _ in range(3):
        kb_search(workspace_id=kb_workspace.pk, query="gift wrapping", language="lv")
    manager = _client(kb_workspace, Role.MANAGER)
    html = manager.get(f"/t/{kb_workspace.slug}/kb/gaps/").content.decode()
    assert "<h2>LV</h2>" in html
    assert '<td lang="lv">gift wrapping</td><td>3</td><td>3</td><td>—</td>' in html
    agent = _client(kb_workspace, Role.AGENT)
    assert agent.get(f"/t/{kb_workspace.slug}/kb/gaps/").status_code == 403
