from __future__ import annotations

import pytest
from django.test import Client

from samadhan.testing.factories import make_agent, make_workspace


@pytest.mark.django_db
def test_the_root_page_says_samadhan_runs_and_links_the_api_docs() -> None:
    make_workspace("one")
    make_workspace("two")
    page = Client().get("/").content.decode()
    assert "This installation has 2 workspaces." in page
    assert 'href="/api/v1/docs"' in page
    assert 'href="/login/"' in page


@pytest.mark.django_db
def test_a_signed_in_agent_goes_from_the_root_to_their_inbox() -> None:
    workspace = make_workspace("one")
    client = Client()
    client.force_login(make_agent(workspace))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/t/one/"


@pytest.mark.django_db
def test_the_root_page_speaks_the_browser_language() -> None:
    make_workspace("one")
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="mr").content.decode()
    assert '<html lang="mr">' in page
    assert "Samadhan is running." not in page
