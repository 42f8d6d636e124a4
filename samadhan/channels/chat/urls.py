from django.urls import path

from samadhan.channels.chat import views

app_name = "chat"

urlpatterns = [
    path("v1/<str:public_id>/config", views.config, name="config"),
    path("v1/<str:public_id>/session", views.session, name="session"),
    path("v1/<str:public_id>/messages", views.messages, name="messages"),
    path("v1/<str:public_id>/uploads", views.upload, name="upload"),
    path("v1/<str:public_id>/profile", views.profile, name="profile"),
    path("v1/<str:public_id>/typing", views.typing, name="typing"),
    path("v1/<str:public_id>/read", views.read, name="read"),
    path("v1/<str:public_id>/files/<str:signed>", views.file, name="file"),
]
