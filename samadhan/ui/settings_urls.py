"""Admin settings pages, mounted at /t/<slug>/settings/ in the "ui" namespace."""

from django.urls import path

from samadhan.ui.views import (
    settings_agents,
    settings_audit,
    settings_bots,
    settings_fields,
    settings_home,
    settings_inboxes,
    settings_macros,
    settings_teams,
    settings_tokens,
    settings_webhooks,
    settings_workspace,
)

urlpatterns = [
    path("", settings_home.settings_home, name="settings"),
    path("workspace/", settings_workspace.settings_workspace, name="settings_workspace"),
    path("agents/", settings_agents.agent_list, name="settings_agents"),
    path("agents/<int:agent_id>/", settings_agents.agent_detail, name="settings_agent"),
    path("teams/", settings_teams.team_list, name="settings_teams"),
    path("teams/<int:team_id>/", settings_teams.team_detail, name="settings_team"),
    path("teams/<int:team_id>/delete", settings_teams.team_remove, name="settings_team_delete"),
    path("skills/", settings_teams.skill_list, name="settings_skills"),
    path("skills/<int:skill_id>/", settings_teams.skill_detail, name="settings_skill"),
    path("skills/<int:skill_id>/delete", settings_teams.skill_remove, name="settings_skill_delete"),
    path("inboxes/", settings_inboxes.inbox_list, name="settings_inboxes"),
    path("inboxes/<int:inbox_id>/", settings_inboxes.inbox_detail, name="settings_inbox"),
    path("inboxes/<int:inbox_id>/bot", settings_bots.inbox_bot, name="settings_inbox_bot"),
    path(
        "inboxes/<int:inbox_id>/ingest-secret",
        settings_inboxes.inbox_ingest_secret,
        name="settings_inbox_ingest_secret",
    ),
    path(
        "inboxes/<int:inbox_id>/identity-secret",
        settings_inboxes.inbox_identity_secret,
        name="settings_inbox_identity_secret",
    ),
    path("fields/", settings_fields.field_list, name="settings_fields"),
    path("fields/<int:field_id>/", settings_fields.field_detail, name="settings_field"),
    path("tags/", settings_fields.tag_list, name="settings_tags"),
    path("tags/<int:tag_id>/", settings_fields.tag_detail, name="settings_tag"),
    path("macros/", settings_macros.macro_list, name="settings_macros"),
    path("macros/new", settings_macros.macro_new, name="settings_macro_new"),
    path("macros/<int:macro_id>/", settings_macros.macro_detail, name="settings_macro"),
    path("webhooks/", settings_webhooks.webhook_list, name="settings_webhooks"),
    path("webhooks/<int:webhook_id>/", settings_webhooks.webhook_detail, name="settings_webhook"),
    path(
        "webhooks/<int:webhook_id>/delete",
        settings_webhooks.webhook_remove,
        name="settings_webhook_delete",
    ),
    path(
        "webhooks/<int:webhook_id>/test",
        settings_webhooks.webhook_test,
        name="settings_webhook_test",
    ),
    path(
        "webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/retry",
        settings_webhooks.delivery_retry,
        name="settings_delivery_retry",
    ),
    path("tokens/", settings_tokens.token_list, name="settings_tokens"),
    path(
        "tokens/<int:token_id>/revoke", settings_tokens.token_revoke, name="settings_token_revoke"
    ),
    path("audit/", settings_audit.audit_log, name="settings_audit"),
]
