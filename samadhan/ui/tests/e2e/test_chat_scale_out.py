"""Two web processes sharing PostgreSQL and Redis: the visitor on one, the agent on the other.

Defined only in the PostgreSQL + Redis run (``SCALE_OUT``): the SQLite run has no
such test rather than a skipped one.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.module_loading import import_string
from playwright.sync_api import Browser, expect

from samadhan.channels.chat.tests.browser import (
    SCALE_OUT,
    WIDGET,
    HostSite,
    agent_replies,
    host_site,
    log_in,
    open_widget,
    setup_chat,
    until,
    visitor_says,
)
from samadhan.realtime.groups import ticket_group
from samadhan.testing.asgi_server import AsgiServer, asgi_server_factory
from samadhan.tickets.models import Message, MessageKind, Ticket

__all__ = ["asgi_server_factory", "host_site"]  # fixtures


class GroupListener:
    """Listens to one channel-layer group on the shared Redis, from a thread of its own."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.events: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.thread.start()
        assert self.ready.wait(10)

    async def _run(self) -> None:
        # The real Redis layer the servers use (this process's tests use an in-memory one).
        layer: Any = import_string("channels_redis.core.RedisChannelLayer")(
            hosts=[os.environ["REDIS_URL"]]
        )
        channel = await layer.new_channel()
        await layer.group_add(self.group, channel)
        self.ready.set()
        while not self.stop.is_set():
            try:
                message = await asyncio.wait_for(layer.receive(channel), 0.5)
            except TimeoutError:
                continue
            self.events.append(message["event"])
        # Never layer.flush(): it would wipe every group of the servers too.
        await layer.group_discard(self.group, channel)
        await layer.close_pools()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(10)


if SCALE_OUT:

    def test_visitor_on_one_process_agent_on_another(
        browser: Browser,
        asgi_server_factory: Callable[[], AsgiServer],
        host_site: HostSite,
        settings: Any,
        artifacts: Path,
    ) -> None:
        server_a, server_b = asgi_server_factory(), asgi_server_factory()
        workspace, _inbox = setup_chat(settings, host_site, server_a)  # the widget talks to A
        visitor_ctx, agent_ctx = browser.new_context(), browser.new_context()
        visitor_ctx.set_default_timeout(30_000)
        agent_ctx.set_default_timeout(30_000)
        visitor, agent = visitor_ctx.new_page(), agent_ctx.new_page()

        open_widget(visitor, host_site, "hi")
        visitor_says(visitor, "मेरा पार्सल कहाँ है?")
        ticket = until(lambda: Ticket.objects.filter(workspace=workspace).first())
        expect(visitor.locator(f"{WIDGET} .m.v .tick")).to_contain_text("✓")

        # Visitor -> agents across processes: typing published by A reaches B's group on Redis.
        listener = GroupListener(ticket_group(ticket.pk))
        try:
            visitor.locator(f"{WIDGET} textarea").type("और")
            until(lambda: any(e.get("type") == "typing" for e in listener.events), timeout=15)
        finally:
            listener.close()
        typing = next(e for e in listener.events if e.get("type") == "typing")
        assert typing["who"]["kind"] == "visitor"
        assert typing["ticket_id"] == ticket.pk

        # Agent on B replies; the visitor, connected to A, sees it live.
        log_in(agent, server_b)
        agent_replies(agent, server_b, workspace, "आपका पार्सल आज पहुँचेगा")
        expect(visitor.locator(f"{WIDGET} .m.a")).to_contain_text("आपका पार्सल आज पहुँचेगा")

        # And back: the visitor's next message (through A) is on the agent's page on B.
        visitor.locator(f"{WIDGET} textarea").fill("धन्यवाद!")
        visitor.locator(f"{WIDGET} textarea").press("Enter")
        until(lambda: Message.objects.filter(ticket=ticket, body_text="धन्यवाद!").exists())
        agent.reload()
        expect(agent.get_by_text("धन्यवाद!")).to_be_visible()
        visitor.screenshot(path=str(artifacts / "chat-scale-out-visitor.png"))
        kinds = list(
            Message.objects.filter(ticket=ticket).order_by("id").values_list("kind", flat=True)
        )
        assert kinds == [MessageKind.INBOUND, MessageKind.OUTBOUND, MessageKind.INBOUND]
        visitor_ctx.close()
        agent_ctx.close()
