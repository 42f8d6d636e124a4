"""In-process probe of the agent UI pages (run as a subprocess with the benchmark's environment).

  python benchmarks/_ui_probe.py --term WORD [--depth 10000] [--long 1 --short 2]

1. The pages to measure, as paths: the inbox (first page, filtered, a text
   search, a page ``--depth`` rows deep whose ``after=`` cursor is the keyset
   cursor of the row just before it, as the page's own "next" link would be),
   the sidebar counts the inbox loads after it (htmx), and the ticket page of
   the ticket with the long thread.
2. SQL queries per page, counted with CaptureQueriesContext around Django's test
   client signed in as the owner: the same URL, middleware, view and template
   as the server. The inbox at page sizes 5, 25 and 100 (the view's PAGE_SIZE,
   patched in this process only), the ticket page with the short and the long
   thread. Also the page's time in-process (no HTTP, no ASGI), median of 5.
3. Checks: rows per page, rows before the deep page, tickets matching the term.
4. The main ticket query of each inbox case: EXPLAIN (ANALYZE on PostgreSQL)
   and its time run alone on the connection (median of 5).

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _probe import captured, cursor_at, rows_before  # (sets Django up)
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

import samadhan.ui.views.inbox as inbox_view
from samadhan.accounts.access import actor_for_slug
from samadhan.accounts.models import Agent
from samadhan.tickets import selectors
from samadhan.tickets.models import Message, Ticket
from samadhan.workspaces.models import Workspace

PAGE_SIZES = (5, 25, 100)
INBOX_CASES = ("inbox_first", "inbox_filtered", "inbox_search", "inbox_deep")  # _report.UI_INBOX


def paths(slug: str, workspace_id: int, depth: int, term: str, long: int) -> dict[str, str]:
    base = f"/t/{slug}/"
    deep = cursor_at(workspace_id, depth, None)
    return {
        "inbox_first": base + "?view=all",
        "inbox_filtered": base + "?view=all&filtered=1&status=open&language=te",
        "inbox_search": base + "?" + urlencode({"view": "all", "q": term}),
        "inbox_deep": base + f"?view=all&after={deep}",
        "inbox_counts": base + "counts?view=all",
        "ticket_long": base + f"{long}/",
    }


def in_process_ms(client: Client, path: str, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def main_query(sql: list[str]) -> str | None:
    """The page's ticket query: FROM tickets_ticket, newest first, LIMIT page + 1."""
    for s in sql:
        if s.startswith("SELECT") and '"tickets_ticket"' in s and "ORDER BY" in s and "LIMIT" in s:
            return s
    return None


def explain(sql: str) -> dict:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cur.fetchall()]
        else:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [row[0] for row in cur.fetchall()]
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            cur.execute(sql)
            cur.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return {"sql": sql, "plan": plan, "alone_ms": round(statistics.median(times), 2)}


def page_rows(response: object) -> int | None:
    context = getattr(response, "context", None)
    if context is None:
        return None
    page = context.get("page")
    if page is not None:
        return len(page.items)
    entries = context.get("entries")
    return len(entries) if entries is not None else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", default="bench")
    ap.add_argument("--email", default="bench@example.com")
    ap.add_argument("--depth", type=int, default=10_000)
    ap.add_argument("--term", required=True)
    ap.add_argument("--long", type=int, default=1, help="number of the ticket with the long thread")
    ap.add_argument("--short", type=int, default=2, help="number of the ticket with a short one")
    args = ap.parse_args()
    setup_test_environment()  # response.context, for the row counts
    workspace = Workspace.objects.get(slug=args.workspace)
    agent = Agent.objects.get(email=args.email)
    cases = paths(workspace.slug, workspace.pk, args.depth, args.term, args.long)
    short_path = f"/t/{workspace.slug}/{args.short}/"
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)
    client.get(cases["inbox_first"])  # warm up: imports, template cache, session's workspace
    out: dict = {"paths": cases, "queries": {}, "checks": {}, "in_process_ms": {}, "plans": {}}

    def counted(path: str) -> tuple[dict, Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        res = captured(ctx, response.status_code)
        res["sql_full"] = [q["sql"] for q in ctx.captured_queries]
        return res, response

    for name, path in cases.items():
        res, response = counted(path)
        out["queries"][name] = res
        out["checks"][name] = {"status": res["status"], "rows": page_rows(response)}
        out["in_process_ms"][name] = in_process_ms(client, path)
        if name in INBOX_CASES:
            sql = main_query(res["sql_full"])
            if sql:
                out["plans"][name] = explain(sql)
        res.pop("sql_full")
    by_size: dict = {}
    for size in PAGE_SIZES:
        inbox_view.PAGE_SIZE = size
        by_size[str(size)] = {}
        for name in INBOX_CASES:
            res, response = counted(cases[name])
            by_size[str(size)][name] = {
                "queries": res["queries"],
                "rows": page_rows(response),
                "status": res["status"],
            }
    inbox_view.PAGE_SIZE = 25
    out["queries_by_page_size"] = by_size
    threads = {}
    for label, number, path in (
        ("short", args.short, short_path),
        ("long", args.long, cases["ticket_long"]),
    ):
        res, response = counted(path)
        res.pop("sql_full")
        messages = Message.objects.filter(ticket__workspace=workspace, ticket__number=number)
        threads[label] = {
            "number": number,
            "messages": messages.count(),
            "queries": res["queries"],
            "queries_excluding_tx_control": res["queries_excluding_tx_control"],
            "timeline_entries": page_rows(response),
            "status": res["status"],
        }
    out["ticket_queries_by_thread"] = threads
    # Depth of the deep page, and how many tickets the search term matches.
    deep = client.get(cases["inbox_deep"]).context["page"].items
    if deep:
        first = Ticket.objects.get(pk=deep[0].pk)
        out["checks"]["inbox_deep"]["rows_before_page"] = rows_before(first, None)
    actor = actor_for_slug(agent=agent, slug=workspace.slug)
    t0 = time.perf_counter()
    hits = selectors.ticket_count(
        actor=actor, filters=selectors.TicketFilters(q=args.term), cap=10**8
    )
    out["checks"]["inbox_search"]["matching_tickets"] = hits
    out["checks"]["inbox_search"]["count_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    out["checks"]["tickets"] = Ticket.objects.filter(workspace=workspace).count()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
