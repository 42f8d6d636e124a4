"""Contact and organization pages."""

from django.urls import path

from samadhan.ui.views import contacts

urlpatterns = [
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/<int:contact_id>/", contacts.contact_detail, name="contact"),
    path("organizations/", contacts.organization_list, name="organizations"),
    path("organizations/<int:organization_id>/", contacts.organization_detail, name="organization"),
]
