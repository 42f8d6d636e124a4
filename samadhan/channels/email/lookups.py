"""What processing asks about an inbox and its workspace, read once for a batch of mails.

Every mail needs its inbox's settings, the workspace's own addresses and whether the
sender is an agent. None of it changes while mail is processed, so a batch reads each
once; a single mail is a batch of one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from samadhan.accounts.models import Agent, Membership
from samadhan.channels.email.headers import address_base
from samadhan.channels.email.models import EmailSettings
from samadhan.channels.models import Inbox, InboxKind


@dataclass
class InboxLookups:
    _settings: dict[int, EmailSettings] = field(default_factory=dict)
    _own: dict[int, set[str]] = field(default_factory=dict)
    _agents: dict[int, dict[str, Agent]] = field(default_factory=dict)
    _acknowledging: dict[int, bool] = field(default_factory=dict)

    def settings(self, inbox: Inbox) -> EmailSettings:
        if inbox.pk not in self._settings:
            found = EmailSettings.objects.filter(inbox=inbox).first()
            if found is not None:
                found.inbox = inbox  # threading asks for its workspace
            # Mail posted to an inbox without settings still threads, with the defaults.
            self._settings[inbox.pk] = (
                found if found is not None else EmailSettings(inbox=inbox, address="")
            )
        return self._settings[inbox.pk]

    def own_addresses(self, workspace_id: int) -> set[str]:
        """The workspace's inbox addresses (base form): mail from them is ours coming back."""
        if workspace_id not in self._own:
            self._own[workspace_id] = {
                address_base(a)
                for a in EmailSettings.objects.filter(
                    inbox__workspace_id=workspace_id, inbox__kind=InboxKind.EMAIL
                ).values_list("address", flat=True)
                if a
            }
        return self._own[workspace_id]

    def agent(self, workspace_id: int, email: str) -> Agent | None:
        """The active agent of the workspace with this address (case-insensitive), if any."""
        if workspace_id not in self._agents:
            agents: dict[str, Agent] = {}
            memberships = (
                Membership.objects.filter(
                    workspace_id=workspace_id, is_active=True, agent__is_active=True
                )
                .select_related("agent")
                .order_by("id")
            )
            for membership in memberships:
                agents.setdefault(membership.agent.email.lower(), membership.agent)
            self._agents[workspace_id] = agents
        return self._agents[workspace_id].get(email.lower())

    def acknowledging(self, workspace_id: int) -> bool:
        """Whether any active email inbox of the workspace acknowledges new tickets.

        The acknowledgement always comes from one of them, so when none does, there is
        nothing to queue.
        """
        if workspace_id not in self._acknowledging:
            self._acknowledging[workspace_id] = EmailSettings.objects.filter(
                inbox__workspace_id=workspace_id,
                inbox__kind=InboxKind.EMAIL,
                inbox__is_active=True,
                auto_acknowledge=True,
            ).exists()
        return self._acknowledging[workspace_id]


_current: ContextVar[InboxLookups | None] = ContextVar("email_inbox_lookups", default=None)


@contextmanager
def lookups_for_batch() -> Iterator[InboxLookups]:
    """One ``InboxLookups`` for a batch, also seen by the email subscribers of its events.

    Those run right after the batch's commit, inside this block.
    """
    lookups = InboxLookups()
    token = _current.set(lookups)
    try:
        yield lookups
    finally:
        _current.reset(token)


def current_lookups() -> InboxLookups:
    """The running batch's lookups; outside a batch, fresh ones (read on demand)."""
    return _current.get() or InboxLookups()
