from django.urls import include, path

from samadhan.api.api import api
from samadhan.channels.web_form.views import web_form
from samadhan.core.views import healthz, home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("forms/<str:public_id>/", web_form, name="web-form"),
    path("chat/", include("samadhan.channels.chat.urls")),
    path("help/", include("samadhan.kb.public.urls")),
    path("", include("samadhan.kb.search.urls")),
    path("", include("samadhan.ui.urls")),
]
