"""In-process probe of the API (run as a subprocess with the benchmark's environment).

  python benchmarks/_probe.py --token TOKEN [--depth 10000]

1. Cursors for the list cases: the page starting ``--depth`` rows deep, with
   the ``status=open`` filter and without a filter (keyset cursor of the row
   just before it, exactly as the API's own ``next_cursor`` would be).
2. SQL queries per request, counted with CaptureQueriesContext around Django's
   test client: the same URL, middleware, auth and view code as the server.
3. Sanity checks: each list case returns a full page and the deep pages are
   really that deep.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from samadhan.tickets.models import Ticket  # noqa: E402
from samadhan.tickets.selectors import encode_cursor  # noqa: E402
from samadhan.workspaces.models import Workspace  # noqa: E402

TX_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "COMMIT", "ROLLBACK")


def cursor_at(workspace_id: int, depth: int, status: str | None) -> str:
    qs = Ticket.objects.filter(workspace_id=workspace_id)
    if status:
        qs = qs.filter(status=status)
    row = qs.order_by("-updated_at", "-id").only("id", "updated_at")[depth - 1]
    return encode_cursor(row)


def rows_before(first: Ticket, status: str | None) -> int:
    """How many rows (newest first) come before ``first``: the real depth of a page."""
    qs = Ticket.objects.filter(workspace_id=first.workspace_id)
    if status:
        qs = qs.filter(status=status)
    return qs.filter(
        Q(updated_at__gt=first.updated_at) | Q(updated_at=first.updated_at, id__gt=first.pk)
    ).count()


def list_cases(workspace_id: int, depth: int) -> dict[str, str]:
    deep_open = cursor_at(workspace_id, depth, "open")
    deep_all = cursor_at(workspace_id, depth, None)
    return {
        "list_first": "?limit=25",
        "list_first_open": "?status=open&limit=25",
        "list_deep_open": f"?status=open&limit=25&cursor={deep_open}",
        "list_deep_all": f"?limit=25&cursor={deep_all}",
    }


def captured(ctx: CaptureQueriesContext, status: int) -> dict:
    """Queries counted by ``ctx``: all, and without transaction control."""
    sql = [q["sql"] for q in ctx.captured_queries]
    return {
        "status": status,
        "queries": len(sql),
        "queries_excluding_tx_control": sum(1 for s in sql if not s.startswith(TX_CONTROL)),
        "sql": [s[:160] for s in sql],
    }


def count(client: Client, method: str, path: str, **kw: object) -> dict:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(path, **kw)
    data = captured(ctx, response.status_code)
    if response.status_code < 300 and response.get("Content-Type", "").startswith(
        "application/json"
    ):
        data["body"] = json.loads(response.content)
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--token", required=True)
    ap.add_argument("--workspace", default="bench")
    ap.add_argument("--depth", type=int, default=10_000)
    args = ap.parse_args()
    workspace = Workspace.objects.get(slug=args.workspace)
    cases = list_cases(workspace.pk, args.depth)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {args.token}")
    out: dict = {"cases": cases, "queries": {}, "checks": {}}
    # Warm up (first request imports and caches), then count.
    client.get("/api/v1/tickets?limit=1")
    for name, query in cases.items():
        res = count(client, "get", f"/api/v1/tickets{query}")
        items = res.pop("body", {}).get("items", [])
        out["queries"][name] = res
        out["checks"][name] = {"status": res["status"], "items": len(items)}
        if name.startswith("list_deep") and items:
            first = Ticket.objects.get(workspace=workspace, number=items[0]["number"])
            status = "open" if "status=open" in query else None
            out["checks"][name]["rows_before_page"] = rows_before(first, status)
    body = {
        "subject": "Probe: cannot log in to the portal since yesterday",
        "body": "Hello,\n\nI cannot log in since yesterday. Please help.\n\nRegards,\nAlice",
        "contact": {"email": "probe-new-contact@example.com", "name": "Alice Probe"},
    }
    email = f"probe-{time.time_ns()}@example.com"
    for name in ("create_new_contact", "create_known_contact"):
        body["contact"]["email"] = email
        res = count(
            client,
            "post",
            "/api/v1/tickets",
            data=json.dumps(body),
            content_type="application/json",
        )
        res.pop("body", None)
        out["queries"][name] = res
    print(json.dumps(out))


if __name__ == "__main__":
    main()
