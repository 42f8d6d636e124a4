"""Knowledge base pages for agents and editors: /t/<slug>/kb/..."""

from django.urls import path

from samadhan.ui.views import kb

urlpatterns = [
    path("kb/", kb.kb_list, name="kb"),
    path("kb/new", kb.kb_article_new, name="kb_article_new"),
    path("kb/<int:article_id>/", kb.kb_article, name="kb_article"),
    path("kb/<int:article_id>/section", kb.kb_article_section, name="kb_article_section"),
    path("kb/<int:article_id>/<str:language>/edit", kb.kb_translation_edit, name="kb_edit"),
    path("kb/<int:article_id>/<str:language>/current", kb.kb_mark_current, name="kb_current"),
    path("kb/<int:article_id>/<str:language>/versions", kb.kb_versions, name="kb_versions"),
    path(
        "kb/<int:article_id>/versions/<int:version_id>/restore",
        kb.kb_restore,
        name="kb_restore",
    ),
]
