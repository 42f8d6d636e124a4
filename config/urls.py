from django.urls import path

from samadhan.api.api import api
from samadhan.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
]
