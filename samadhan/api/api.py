"""The v1 REST API: one NinjaAPI, one router per domain app."""

from __future__ import annotations

from ninja import NinjaAPI

from samadhan.accounts.api import router as accounts_router
from samadhan.api import errors
from samadhan.api.auth import TokenAuth
from samadhan.api.parser import StrictParser
from samadhan.api.renderers import Utf8JSONRenderer
from samadhan.bots.api import router as bots_router
from samadhan.channels.api import router as inboxes_router
from samadhan.contacts.api import router as contacts_router
from samadhan.kb.api import router as kb_router
from samadhan.kb.search.api import router as kb_search_router
from samadhan.tickets.api import router as tickets_router
from samadhan.webhooks.api import router as webhooks_router

api = NinjaAPI(
    title="Samadhan API",
    version="1",
    description=(
        "Tickets, messages, contacts and the rest of a Samadhan workspace. "
        "Authenticate with `Authorization: Bearer <token>` "
        "(create one with `samadhan token create`). Errors always have the body "
        '`{"code", "message", "fields"}`.'
    ),
    auth=TokenAuth(),
    renderer=Utf8JSONRenderer(),
    parser=StrictParser(),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", tickets_router)
api.add_router("", contacts_router)
api.add_router("", accounts_router)
api.add_router("", webhooks_router)
api.add_router("", inboxes_router)
api.add_router("", kb_router)
api.add_router("", kb_search_router)
api.add_router("", bots_router)
