"""Browser routes: sign-in pages, the profile, and every workspace page under /t/<slug>/."""

from django.urls import URLPattern, URLResolver, include, path

from samadhan.channels.email import views as email_views
from samadhan.ui.views import auth, inbox, notifications, profile, ticket

app_name = "ui"

workspace_patterns: list[URLPattern | URLResolver] = [
    path("", inbox.inbox, name="inbox"),
    path("counts", inbox.inbox_counts, name="inbox_counts"),
    path("bulk", inbox.bulk, name="bulk"),
    path("views/save", inbox.view_save, name="view_save"),
    path("views/<int:view_id>/delete", inbox.view_delete, name="view_delete"),
    path("new", ticket.ticket_new, name="ticket_new"),
    path("<int:number>/", ticket.ticket_detail, name="ticket"),
    path("<int:number>/messages", ticket.message_add, name="ticket_message"),
    path(
        "<int:number>/messages/<int:message_id>",
        ticket.message_item,
        name="ticket_message_item",
    ),
    path("<int:number>/properties", ticket.properties, name="ticket_properties"),
    path("<int:number>/assign-me", ticket.assign_me, name="ticket_assign_me"),
    path("<int:number>/macro", ticket.macro, name="ticket_macro"),
    path("<int:number>/merge", ticket.merge, name="ticket_merge"),
    path("<int:number>/link", ticket.link, name="ticket_link"),
    path("<int:number>/split/<int:message_id>", ticket.split, name="ticket_split"),
    path("attachments/<int:attachment_id>", ticket.attachment, name="attachment"),
    path(
        "<int:number>/messages/<int:message_id>/original.eml",
        email_views.message_original,
        name="message_original",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:notification_id>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read",
        notifications.notification_read_all,
        name="notifications_read_all",
    ),
    path("", include("samadhan.ui.contacts_urls")),
    path("", include("samadhan.ui.kb_urls")),
    path("settings/", include("samadhan.ui.settings_urls")),
]

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("start/", auth.start, name="start"),
    path("me/", profile.profile, name="profile"),
    path("me/password", profile.password_change, name="password_change"),
    path("language", profile.language_switch, name="language"),
    path("t/<slug:slug>/", include(workspace_patterns)),
]
