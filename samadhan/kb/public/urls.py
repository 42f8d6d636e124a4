from django.urls import path

from samadhan.kb.public import views

app_name = "help"

urlpatterns = [
    path("<slug:workspace>/", views.help_root, name="root"),
    path("<slug:workspace>/sitemap.xml", views.help_sitemap, name="sitemap"),
    path("<slug:workspace>/<str:language>/", views.help_home, name="home"),
    path("<slug:workspace>/<str:language>/search", views.help_search, name="search"),
    path(
        "<slug:workspace>/<str:language>/c/<int:category_id>-<str:slug>",
        views.help_category,
        name="category",
    ),
    path(
        "<slug:workspace>/<str:language>/c/<int:category_id>",
        views.help_category,
        name="category-bare",
    ),
    path(
        "<slug:workspace>/<str:language>/<int:article_id>/feedback",
        views.help_feedback,
        name="feedback",
    ),
    path(
        "<slug:workspace>/<str:language>/<int:article_id>-<str:slug>",
        views.help_article,
        name="article",
    ),
    path(
        "<slug:workspace>/<str:language>/<int:article_id>",
        views.help_article,
        name="article-bare",
    ),
]
