"""Admin settings pages (owned by the admin settings work)."""

from django.urls import path

from samadhan.ui.views import settings_home

urlpatterns = [
    path("", settings_home.settings_home, name="settings"),
]
