"""Contact and organization pages."""

from django.urls import path

from samadhan.ui.views import contacts

urlpatterns = [
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/<int:contact_id>/", contacts.contact_detail, name="contact"),
    path("contacts/<int:contact_id>/edit", contacts.contact_edit, name="contact_edit"),
    path(
        "contacts/<int:contact_id>/identities",
        contacts.identity_create,
        name="contact_identity_add",
    ),
    path("contacts/<int:contact_id>/merge", contacts.contact_merge_view, name="contact_merge"),
    path("organizations/", contacts.organization_list, name="organizations"),
    path("organizations/new", contacts.organization_new, name="organization_new"),
    path("organizations/<int:organization_id>/", contacts.organization_detail, name="organization"),
    path(
        "organizations/<int:organization_id>/edit",
        contacts.organization_rename,
        name="organization_edit",
    ),
]
