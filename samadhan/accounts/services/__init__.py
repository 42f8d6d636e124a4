"""Writes of the accounts app, one module per concern; importable from here."""

from samadhan.accounts.services.agents import (
    agent_create,
    agent_set_password,
    agent_update_profile,
)
from samadhan.accounts.services.memberships import (
    agent_invite,
    invitation_resend,
    invitation_send_email,
    membership_deactivate,
    membership_reactivate,
    membership_set,
    membership_set_role,
)
from samadhan.accounts.services.teams import (
    skill_create,
    skill_delete,
    skill_grant,
    skill_update,
    team_create,
    team_delete,
    team_update,
)
from samadhan.accounts.services.tokens import (
    TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

__all__ = [
    "TOKEN_PREFIX",
    "agent_create",
    "agent_invite",
    "agent_set_password",
    "agent_update_profile",
    "api_token_authenticate",
    "api_token_create",
    "api_token_revoke",
    "invitation_resend",
    "invitation_send_email",
    "membership_deactivate",
    "membership_reactivate",
    "membership_set",
    "membership_set_role",
    "skill_create",
    "skill_delete",
    "skill_grant",
    "skill_update",
    "team_create",
    "team_delete",
    "team_update",
]
