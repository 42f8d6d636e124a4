"""Agent pages of KB search, under the workspace's /t/<slug>/ like the rest of the UI."""

from django.urls import path

from samadhan.kb.search import views

app_name = "kb_search"

urlpatterns = [
    path(
        "t/<slug:slug>/kb/suggestions/<int:number>",
        views.ticket_suggestions,
        name="ticket_suggestions",
    ),
    path("t/<slug:slug>/kb/gaps/", views.content_gaps, name="content_gaps"),
]
