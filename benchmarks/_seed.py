"""Bulk-seed a Samadhan database with realistic tickets (run as a subprocess).

  DATABASE_URL=... SAMADHAN_VAR_DIR=... python benchmarks/_seed.py --to 100000 [--no-search]

Tops the ``bench`` workspace up to ``--to`` tickets (it may already hold some):
contacts (one per 5 tickets, each with an email identity), tickets with
consecutive numbers, 2 messages each (200-800 characters, text and its HTML),
one "created" timeline event each, tags on ~30 %, and the search index
(``ticket_search``). Text is drawn from per-language pools (en, hi, mr, te, lv)
built once, so sizes are realistic without generating a gigabyte word by word.

Loading: secondary indexes of the big tables are dropped and rebuilt after,
foreign-key checks are off during the load (rows are consistent by
construction), PostgreSQL uses COPY and SQLite executemany in large
transactions. Then ANALYZE. Prints one JSON line with timings.

``--threads 1:200,2:20`` also tops tickets #1 and #2 up to 200 and 20 messages
(a long conversation for the ticket page: the contact and agents taking turns,
every seventh an internal note, bodies in the ticket's language, indexed for
search through the app's own ``search.index_entries``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from _seed_writer import BIG_TABLES, SQLITE, Writer, _ts, db_size, drop_indexes  # noqa: E402
from _text import LANG_WEIGHTS, NAMES, pools  # noqa: E402
from django.db import transaction  # noqa: E402

from samadhan.accounts.models import Agent, Membership, Role, Team  # noqa: E402
from samadhan.channels.services import inbox_default_api  # noqa: E402
from samadhan.contacts.identities import normalize_identity  # noqa: E402
from samadhan.contacts.models import IdentityKind  # noqa: E402
from samadhan.tickets import search  # noqa: E402
from samadhan.tickets.models import Message, Tag, Ticket  # noqa: E402
from samadhan.workspaces.models import Workspace  # noqa: E402

CHUNK = 50_000
STATUSES = ["new"] * 10 + ["open"] * 20 + ["pending"] * 12 + ["on_hold"] * 5
STATUSES += ["solved"] * 23 + ["closed"] * 30
PRIORITIES = ["low"] * 20 + ["normal"] * 55 + ["high"] * 20 + ["urgent"] * 5
TAGS = ["billing", "refund", "login", "delivery", "vip", "bug", "feature-request", "escalated"]
TICKET_COLS = (
    "id, workspace_id, number, subject, status, priority, language, contact_id, inbox_id, "
    "channel, assignee_id, team_id, custom_fields, first_response_at, solved_at, closed_at, "
    "reopened_count, escalation_level, merged_into_id, last_message_at, created_at, updated_at"
)
MESSAGE_COLS = (
    "id, workspace_id, ticket_id, kind, author_kind, author_agent_id, author_contact_id, "
    "body_text, body_html, inbox_id, external_id, delivery_status, created_at"
)
EVENT_COLS = "workspace_id, ticket_id, kind, actor_kind, actor_agent_id, data, created_at"
CONTACT_COLS = (
    "id, created_at, updated_at, name, language, timezone, birthday, attributes, "
    "merged_into_id, workspace_id, organization_id"
)
IDENTITY_COLS = "created_at, updated_at, kind, value, normalized, contact_id, workspace_id"
NULL = None


# --------------------------------------------------------------------------- fixtures


def fixtures(workspace: Workspace) -> dict:
    agents = [Membership.objects.get(workspace=workspace, role=Role.OWNER).agent]
    for k in range(1, 10):
        agent = Agent.objects.filter(email=f"agent{k}@bench.example.com").first()
        if agent is None:
            agent = Agent.objects.create(
                email=f"agent{k}@bench.example.com", name=f"Agent {k}", handle=f"bench-agent{k}"
            )
            Membership.objects.create(workspace=workspace, agent=agent, role=Role.AGENT)
        agents.append(agent)
    teams = []
    for name in ("Tier 1", "Billing", "Technical"):
        team, _ = Team.objects.get_or_create(workspace=workspace, name=name)
        teams.append(team)
    tags = []
    for name in TAGS:
        tag, _ = Tag.objects.get_or_create(workspace=workspace, name=name)
        tags.append(tag)
    return {
        "agents": [a.pk for a in agents],
        "teams": [t.pk for t in teams],
        "tags": [t.pk for t in tags],
        "inbox": inbox_default_api(workspace=workspace).pk,
    }


# --------------------------------------------------------------------------- seeding


def seed(args: argparse.Namespace) -> dict:
    workspace = Workspace.objects.get(slug=args.workspace)
    fx = fixtures(workspace)
    ws = workspace.pk
    have = Ticket.objects.filter(workspace=workspace).count()
    add = max(0, args.to - have)
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    if add == 0:
        return {"added": 0, "total": have}
    r = random.Random(args.seed + have)
    pool = pools(args.seed, sqlite=SQLITE)
    langs = list(LANG_WEIGHTS)
    weights = list(LANG_WEIGHTS.values())
    timings["text_pools_s"] = time.perf_counter() - t_start

    w = Writer()
    if SQLITE:
        w.raw.commit()
        w.execute("PRAGMA foreign_keys=OFF")
        w.execute("PRAGMA synchronous=OFF")
        w.execute("PRAGMA journal_mode=OFF")  # no WAL copy during the load; WAL again after
        w.execute("PRAGMA cache_size=-1048576")
    else:
        w.execute("SET session_replication_role = replica")  # no FK triggers during the load
        w.execute("SET maintenance_work_mem = '1GB'")
        w.execute("SET max_parallel_maintenance_workers = 2")
        w.commit()
    t = time.perf_counter()
    recreate = drop_indexes(w)
    timings["drop_indexes_s"] = time.perf_counter() - t

    def max_id(table: str) -> int:
        return int(w.query(f"SELECT COALESCE(MAX(id), 0) FROM {table}")[0][0])

    contact0 = max_id("contacts_contact")
    ticket0 = max_id("tickets_ticket")
    message0 = max_id("tickets_message")
    number0 = int(
        w.query(f"SELECT last_ticket_number FROM workspaces_workspace WHERE id={ws}")[0][0]
    )
    now = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    year = 365 * 86400

    # contacts + email identities: one contact per 5 tickets
    t = time.perf_counter()
    n_contacts = max(1, add // 5)
    contact_lang: list[str] = []
    crow, irow = [], []
    for k in range(n_contacts):
        cid = contact0 + 1 + k
        lang = r.choices(langs, weights)[0]
        contact_lang.append(lang)
        first, last = r.choice(NAMES[lang][0]), r.choice(NAMES[lang][1])
        when = _ts(now - timedelta(seconds=r.randrange(year)))
        email = f"customer{cid}@example.{('com', 'in', 'lv', 'org')[cid % 4]}"
        crow.append((cid, when, when, f"{first} {last}", lang, "", NULL, "{}", NULL, ws, NULL))
        irow.append(
            (when, when, "email", email, normalize_identity(IdentityKind.EMAIL, email), cid, ws)
        )
        if len(crow) >= CHUNK:
            w.rows("contacts_contact", CONTACT_COLS, crow)
            w.rows("contacts_identity", IDENTITY_COLS, irow)
            crow, irow = [], []
    w.rows("contacts_contact", CONTACT_COLS, crow)
    w.rows("contacts_identity", IDENTITY_COLS, irow)
    w.commit()
    timings["contacts_s"] = time.perf_counter() - t

    # tickets, 2 messages each, one event each, tags, search entries
    t = time.perf_counter()
    agents, teams, tags, inbox = fx["agents"], fx["teams"], fx["tags"], fx["inbox"]
    event_data = {}
    made = 0
    search_rows = 0
    while made < add:
        k = min(CHUNK, add - made)
        trows, mrows, erows, ttrows, srows = [], [], [], [], []
        for j in range(k):
            tid = ticket0 + made + j + 1
            number = number0 + made + j + 1
            ci = r.randrange(n_contacts)
            cid = contact0 + 1 + ci
            lang = contact_lang[ci]
            lp = pool[lang]
            subject, subject_key = lp["subjects"][r.randrange(600)]
            status = STATUSES[r.randrange(100)]
            priority = PRIORITIES[r.randrange(100)]
            updated = now - timedelta(seconds=r.randrange(year), microseconds=r.randrange(1, 10**6))
            created = updated - timedelta(seconds=r.randrange(30 * 86400))
            second = created + (updated - created) * r.random()
            assignee = (
                agents[r.randrange(len(agents))] if status != "new" and r.random() < 0.8 else None
            )
            team = teams[r.randrange(3)] if r.random() < 0.6 else None
            reply = status != "new" and r.random() < 0.85
            note = reply and r.random() < 0.15
            first_response = _ts(second) if reply and not note else None
            solved = _ts(updated) if status in ("solved", "closed") else None
            closed = _ts(updated) if status == "closed" else None
            trows.append(
                (
                    tid,
                    ws,
                    number,
                    subject,
                    status,
                    priority,
                    lang,
                    cid,
                    inbox,
                    "api",
                    assignee,
                    team,
                    "{}",
                    first_response,
                    solved,
                    closed,
                    0,
                    0,
                    NULL,
                    _ts(second),
                    _ts(created),
                    _ts(updated),
                )
            )
            m1, m2 = message0 + 2 * (made + j) + 1, message0 + 2 * (made + j) + 2
            b1 = lp["bodies"][r.randrange(300)]
            b2 = lp["bodies"][r.randrange(300)]
            mrows.append(
                (
                    m1,
                    ws,
                    tid,
                    "inbound",
                    "contact",
                    NULL,
                    cid,
                    b1[0],
                    b1[1],
                    inbox,
                    NULL,
                    "none",
                    _ts(created),
                )
            )
            if reply:
                kind, status2 = ("note", "none") if note else ("outbound", "sent")
                mrows.append(
                    (
                        m2,
                        ws,
                        tid,
                        kind,
                        "agent",
                        assignee or agents[0],
                        NULL,
                        b2[0],
                        b2[1],
                        inbox,
                        NULL,
                        status2,
                        _ts(second),
                    )
                )
            else:
                mrows.append(
                    (
                        m2,
                        ws,
                        tid,
                        "inbound",
                        "contact",
                        NULL,
                        cid,
                        b2[0],
                        b2[1],
                        inbox,
                        NULL,
                        "none",
                        _ts(second),
                    )
                )
            data = event_data.get(priority)
            if data is None:
                data = event_data[priority] = json.dumps({"status": "new", "priority": priority})
            erows.append((ws, tid, "created", "contact", NULL, data, _ts(created)))
            if r.random() < 0.3:
                first_tag = r.randrange(len(tags))
                ttrows.append((tid, tags[first_tag]))
                if r.random() < 0.3:
                    ttrows.append(
                        (tid, tags[(first_tag + 1 + r.randrange(len(tags) - 1)) % len(tags)])
                    )
            if not args.no_search:
                if SQLITE:
                    srows.append((-tid, subject_key, ws, tid, 0))
                    srows.append((m1, b1[2], ws, tid, m1))
                    srows.append((m2, b2[2], ws, tid, m2))
                else:
                    srows.append((ws, tid, 0, subject_key))
                    srows.append((ws, tid, m1, b1[2]))
                    srows.append((ws, tid, m2, b2[2]))
        w.rows("tickets_ticket", TICKET_COLS, trows)
        w.rows("tickets_message", MESSAGE_COLS, mrows)
        w.rows("tickets_ticketevent", EVENT_COLS, erows)
        w.rows("tickets_tickettag", "ticket_id, tag_id", ttrows)
        if srows:
            if SQLITE:
                w.rows("ticket_search", "rowid, body, workspace_id, ticket_id, message_id", srows)
            else:
                w.rows("ticket_search", "workspace_id, ticket_id, message_id, tokens", srows)
            search_rows += len(srows)
        w.commit()
        made += k
        print(f"  seeded {made:,}/{add:,} tickets", file=sys.stderr, flush=True)
    w.execute(
        f"UPDATE workspaces_workspace SET last_ticket_number = {number0 + add} WHERE id = {ws}"
    )
    w.commit()
    timings["rows_s"] = time.perf_counter() - t

    t = time.perf_counter()
    for sql in recreate:
        w.execute(sql)
    w.commit()
    timings["create_indexes_s"] = time.perf_counter() - t
    t = time.perf_counter()
    if SQLITE:
        w.execute("ANALYZE")
        w.commit()
        w.execute("PRAGMA journal_mode=WAL")
        w.execute("PRAGMA foreign_keys=ON")
    else:
        for table in BIG_TABLES[:-1]:  # explicit ids: move the id sequences past them
            w.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        w.execute("SET session_replication_role = DEFAULT")
        w.commit()
        w.execute("VACUUM ANALYZE")  # Django's psycopg connection is in autocommit mode
    timings["analyze_s"] = time.perf_counter() - t
    total_s = time.perf_counter() - t_start
    total = Ticket.objects.filter(workspace=workspace).count()
    with transaction.atomic():
        last = Workspace.objects.get(pk=ws).last_ticket_number
    return {
        "added": add,
        "total": total,
        "contacts_added": n_contacts,
        "messages_added": 2 * add,
        "search_rows_added": search_rows,
        "search_index": not args.no_search,
        "last_ticket_number": last,
        "seconds": round(total_s, 1),
        "tickets_per_s": round(add / total_s),
        "timings": {k: round(v, 1) for k, v in timings.items()},
        "db_bytes": db_size(w),
    }


def seed_thread(args: argparse.Namespace, number: int, total: int) -> dict:
    """Top ticket ``number`` up to ``total`` messages; return its message count."""
    workspace = Workspace.objects.get(slug=args.workspace)
    ticket = Ticket.objects.get(workspace=workspace, number=number)
    have = Message.objects.filter(ticket=ticket).count()
    if have >= total:
        return {"ticket_id": ticket.pk, "messages": have, "added": 0}
    r = random.Random(args.seed + number)
    lang = ticket.language if ticket.language in LANG_WEIGHTS else "en"
    bodies = pools(args.seed, sqlite=SQLITE)[lang]["bodies"]
    agents = fixtures(workspace)["agents"]
    start = ticket.created_at
    step = (ticket.updated_at - start) / (total + 1)
    made = []
    for k in range(have, total):
        text, html, _key = bodies[r.randrange(len(bodies))]
        by_agent = k % 2 == 1
        kind = "note" if by_agent and k % 7 == 1 else ("outbound" if by_agent else "inbound")
        made.append(
            Message(
                workspace=workspace,
                ticket=ticket,
                kind=kind,
                author_kind="agent" if by_agent else "contact",
                author_agent_id=(ticket.assignee_id or agents[k % len(agents)])
                if by_agent
                else None,
                author_contact_id=None if by_agent else ticket.contact_id,
                body_text=text,
                body_html=html,
                inbox_id=ticket.inbox_id,
                delivery_status="sent" if kind == "outbound" else "none",
            )
        )
    with transaction.atomic():
        Message.objects.bulk_create(made)
        for k, message in enumerate(made, start=have):  # created_at is auto_now_add
            Message.objects.filter(pk=message.pk).update(created_at=start + step * (k + 1))
        search.index_entries([(workspace.pk, ticket.pk, m.pk, m.body_text) for m in made])
        Ticket.objects.filter(pk=ticket.pk).update(last_message_at=start + step * total)
    return {"ticket_id": ticket.pk, "messages": total, "added": len(made)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--to", type=int, required=True, help="total tickets wanted in the workspace")
    ap.add_argument("--workspace", default="bench")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--no-search", action="store_true", help="skip the search index")
    ap.add_argument(
        "--threads",
        default="",
        help="NUMBER:MESSAGES,...: top these tickets up to that many messages",
    )
    args = ap.parse_args()
    out = seed(args)
    if args.threads:
        out["threads"] = {}
        for item in args.threads.split(","):
            number, _sep, total = item.partition(":")
            out["threads"][number] = seed_thread(args, int(number), int(total))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
