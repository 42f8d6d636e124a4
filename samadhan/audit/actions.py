"""The actions the audit log records, with their readable names.

An action is stored as its code (``team.created``) so the log keeps its meaning
when labels are reworded or translated; the page shows the label.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "workspace.updated": _("Workspace settings changed"),
    "agent.invited": _("Agent invited"),
    "agent.invitation_resent": _("Invitation sent again"),
    "agent.role_changed": _("Agent role changed"),
    "agent.deactivated": _("Agent deactivated"),
    "agent.reactivated": _("Agent reactivated"),
    "team.created": _("Team created"),
    "team.updated": _("Team changed"),
    "team.deleted": _("Team deleted"),
    "skill.created": _("Skill created"),
    "skill.updated": _("Skill changed"),
    "skill.deleted": _("Skill deleted"),
    "inbox.created": _("Inbox created"),
    "inbox.updated": _("Inbox changed"),
    "custom_field.created": _("Custom field created"),
    "custom_field.updated": _("Custom field changed"),
    "tag.renamed": _("Tag renamed"),
    "tag.merged": _("Tags merged"),
    "tag.deleted": _("Tag deleted"),
    "macro.created": _("Macro created"),
    "macro.updated": _("Macro changed"),
    "webhook.created": _("Webhook created"),
    "webhook.updated": _("Webhook changed"),
    "webhook.deleted": _("Webhook deleted"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "chat_settings.created": _("Chat widget set up"),
    "chat_settings.updated": _("Chat widget changed"),
    "chat_settings.identity_secret_rotated": _("Chat identity secret replaced"),
    "bot_settings.updated": _("Answer bot settings changed"),
    "kb_category.created": _("Knowledge base category created"),
    "kb_section.created": _("Knowledge base section created"),
    "kb_article.created": _("Article created"),
    "kb_article.updated": _("Article changed"),
    "kb_article.deleted": _("Article deleted"),
    "kb_translation.saved": _("Article translation saved"),
    "kb_translation.marked_current": _("Article translation marked up to date"),
}

# Groups for the audit page's filter: the part of the code before the dot.
ACTION_GROUPS: dict[str, Promise] = {
    "workspace.": _("Workspace"),
    "agent.": _("Agents"),
    "team.": _("Teams"),
    "skill.": _("Skills"),
    "inbox.": _("Inboxes"),
    "custom_field.": _("Custom fields"),
    "tag.": _("Tags"),
    "macro.": _("Macros"),
    "webhook.": _("Webhooks"),
    "api_token.": _("API tokens"),
    "chat_settings.": _("Chat widget"),
    "bot_settings.": _("Answer bot"),
    # Every knowledge-base area (kb_article., kb_translation., ...) under one filter.
    "kb_": _("Knowledge base"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
