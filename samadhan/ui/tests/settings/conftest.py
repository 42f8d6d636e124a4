"""Fixtures shared by the admin settings page tests."""

from __future__ import annotations

import pytest
from pytest_django import Settings as SettingsWrapper


@pytest.fixture(autouse=True)
def _private_webhooks(settings: SettingsWrapper) -> None:
    # Receivers in these tests are on this machine; URL checks are tested in webhooks/.
    settings.SAMADHAN = {**settings.SAMADHAN, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": True}
