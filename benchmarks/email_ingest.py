"""Email ingest: messages/s end to end and threading accuracy, beside the peer.

  .venv/bin/python benchmarks/email_ingest.py           # SQLite: empty, then at 100k tickets
  .venv/bin/python benchmarks/email_ingest.py --pg URL  # the same on an empty PostgreSQL database
  .venv/bin/python benchmarks/email_ingest.py --quick   # empty database only
  .venv/bin/python benchmarks/email_ingest.py --mode single  # only the one-mail-at-a-time path

The corpus is ../shared/peer/bench/gen_eml.py's (1,000 messages in three phases:
600 new, 300 replies of four threading kinds, 100 replies to replies and tagged
HTML replies with attachments). Each phase is ingested the way mail arrives, in
one of two modes, timed end to end in this process:

- ``batch`` (``samadhan email-import``, ``email-requeue``): every 100 messages
  (``--batch``) are stored with ``raw_emails_store`` (a content-addressed file each,
  fsynced, the folders fsynced, then all rows in one commit and one processing task
  queued) and then processed by ``raw_emails_process`` with the ids that task
  carries (parse, noise check, threading, contact, ticket or message; one
  transaction, a savepoint per mail): the body of the ``process_raw_emails`` task.
- ``single`` (IMAP poll, SMTP/LMTP listener, HTTP endpoint: each message is
  acknowledged on its own): every message is stored with ``raw_email_store`` (file,
  fsync, row, commit, task queued) and processed with ``raw_email_process`` (its own
  transaction): the body of the ``process_raw_email`` task.

Wall time is what counts, but this machine is shared: the CPU time of the ingesting
process is printed too (messages per CPU-second: the rate with a core to itself,
I/O waits aside), and ``--peer`` runs the peer under the same conditions.

Timed: store and processing, after-commit subscribers (webhooks, auto-acknowledgement
check) and the task rows queued (the database task backend). Not timed: the worker
picking the task up (a poll interval of the queue, not work). Between phases the
peer's ``resolve_eml.py`` writes our ticket numbers (``[#N]``) into the replies that
quote one. Threading accuracy: the share of the 400 replies whose message sits on
the ticket of its thread root. "Stuck": raw emails not processed at the end.

The run repeats on a database topped up to 100k tickets (benchmarks/_seed.py) to
show the rate stays flat. With ``--peer`` the peer (django-helpdesk 2.6.1, installed
in /tmp/peervenv by ../shared/peer/setup_peer.sh) ingests the same corpus on an empty
SQLite database in the same run, through its own harness (``run_peer.sh pristine
ingest``, ``process_email`` from a local-directory mailbox; data in a private /tmp
folder); otherwise, and always for 100k tickets, its figures are quoted from
../shared/peer/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "peer"
PEER_FIGURES = {
    "empty": "92.4 msg/s (SQLite), 90.1 msg/s (PostgreSQL)",
    "100k": "17-29 msg/s once it holds 100k tickets",
    "threading": "81 % (every References-only reply opened a new ticket)",
    "corpus": "CPython test_email: 46 of 48 never reached (one bad mail aborts the poll)",
}


def _child(args: argparse.Namespace, var_dir: Path, corpus_seed: int, mode: str) -> dict:
    """Run one measured ingest in a fresh interpreter (Django set up once there)."""
    env = dict(os.environ, SAMADHAN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    if args.pg:
        env["DATABASE_URL"] = args.pg
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--corpus-seed",
            str(corpus_seed),
            "--mode",
            mode,
            "--batch",
            str(args.batch),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"measured run failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peer_live(runs: int) -> str:
    """The peer's own ingest stage on an empty SQLite database, now, on this machine."""
    work = Path(tempfile.mkdtemp(prefix="samadhan-peer-"))
    env = dict(
        os.environ,
        REPS=str(runs),
        PEER_DATA=str(work / "data"),
        PEER_OUT=str(work / "out"),
        PEER_DB="sqlite",
    )
    subprocess.run(
        ["./run_peer.sh", "pristine", "ingest"],
        cwd=PEER,
        env=env,
        check=True,
        capture_output=True,
    )
    log = (work / "out" / "sqlite" / "run.log").read_text()
    rates = [float(r) for r in re.findall(r"ingest r=\d+: .*= ([\d.]+) msg/s", log)]
    threading = re.findall(r"ingest r=\d+: .*threading (.*)", log)
    return (
        f"{statistics.median(rates)} msg/s median (runs: {rates}), measured now "
        f"(run_peer.sh ingest, SQLite); its threading per run: {threading}"
    )


def _gen(out: Path, seed: int) -> dict:
    subprocess.run(
        [
            sys.executable,
            str(PEER / "bench" / "gen_eml.py"),
            "--out",
            str(out),
            "--n",
            "1000",
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
    )
    return json.loads((out / "manifest.json").read_text())


def child(corpus_seed: int, mode: str, batch: int) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from samadhan.accounts.models import Role
    from samadhan.accounts.services import agent_create, membership_set
    from samadhan.channels.email.ingest import raw_email_store, raw_emails_store
    from samadhan.channels.email.models import RawEmail
    from samadhan.channels.email.process import raw_email_process, raw_emails_process
    from samadhan.channels.email.services import email_inbox_create
    from samadhan.channels.models import Inbox
    from samadhan.tickets.models import Message, Ticket
    from samadhan.workspaces.models import Workspace
    from samadhan.workspaces.services import workspace_create

    workspace = Workspace.objects.filter(slug="bench").first()
    if workspace is None:
        # The same "bench" workspace benchmarks/_seed.py tops up (it wants an owner).
        workspace = workspace_create(slug="bench", name="Bench")
        owner = agent_create(email="owner@bench.example.com", name="Bench Owner")
        membership_set(workspace=workspace, agent=owner, role=Role.OWNER)
    name = f"Support {corpus_seed}"
    inbox = Inbox.objects.filter(workspace=workspace, name=name).first() or email_inbox_create(
        workspace=workspace, name=name, address=f"support{corpus_seed}@bench.example", by=None
    )
    tickets_before = Ticket.objects.filter(workspace=workspace).count()
    work = Path(tempfile.mkdtemp(prefix="samadhan-eml-"))
    manifest = _gen(work / "eml", corpus_seed)
    phases: dict[str, dict] = {}

    def ingest(folder: Path, label: str) -> None:
        files = sorted(folder.glob("*.eml"))
        cpu = time.process_time()
        started = time.perf_counter()
        if mode == "single":
            for path in files:
                raw = raw_email_store(inbox=inbox, raw=path.read_bytes(), source="file")
                raw_email_process(raw_email_id=raw.pk)
        else:
            for start in range(0, len(files), batch):
                chunk = [path.read_bytes() for path in files[start : start + batch]]
                stored = raw_emails_store(inbox=inbox, raws=chunk, source="file")
                raw_emails_process(raw_email_ids=[raw.pk for raw in stored])
        seconds = time.perf_counter() - started
        phases[label] = {
            "messages": len(files),
            "seconds": round(seconds, 3),
            "cpu_seconds": round(time.process_time() - cpu, 3),
            "per_second": round(len(files) / seconds, 1),
        }

    def mapping() -> Path:
        found = {}
        for m in manifest["messages"]:
            if m["phase"] == 1:
                raw = RawEmail.objects.filter(inbox=inbox, message_id=m["message_id"].strip("<>"))
                ticket = raw.values_list("ticket__number", flat=True).first()
                if ticket:
                    found[m["message_id"]] = ticket
        path = work / "mapping.json"
        path.write_text(json.dumps(found))
        return path

    ingest(work / "eml" / "phase1", "phase1")
    for phase in ("phase2", "phase3"):
        subprocess.run(
            [
                sys.executable,
                str(PEER / "bench" / "resolve_eml.py"),
                "--src",
                str(work / "eml" / phase),
                "--dst",
                str(work / f"{phase}-resolved"),
                "--mapping",
                str(mapping()),
                "--tag-format",
                "[#{id}]",
            ],
            check=True,
            capture_output=True,
        )
        ingest(work / f"{phase}-resolved", phase)

    def ticket_of(message_id: str) -> int | None:
        return (
            Message.objects.filter(inbox=inbox, external_id=message_id.strip("<>"))
            .values_list("ticket_id", flat=True)
            .first()
        )

    replies = [m for m in manifest["messages"] if m["phase"] > 1]
    right = sum(1 for m in replies if ticket_of(m["message_id"]) == ticket_of(m["thread_root"]))
    total = sum(p["messages"] for p in phases.values())
    seconds = sum(p["seconds"] for p in phases.values())
    cpu_seconds = sum(p["cpu_seconds"] for p in phases.values())
    print(
        json.dumps(
            {
                "tickets_before": tickets_before,
                "phases": phases,
                "messages": total,
                "per_second": round(total / seconds, 1),
                "per_cpu_second": round(total / cpu_seconds, 1),
                "threading": {"right": right, "replies": len(replies)},
                "stuck": RawEmail.objects.filter(inbox=inbox)
                .exclude(status__in=["processed", "ignored", "unparsed"])
                .count(),
                "tickets_after": Ticket.objects.filter(workspace=workspace).count(),
            }
        )
    )


def _report(label: str, mode: str, batch: int, results: list[dict]) -> None:
    rates = [r["per_second"] for r in results]
    right = sum(r["threading"]["right"] for r in results)
    replies = sum(r["threading"]["replies"] for r in results)
    how = f"batches of {batch}" if mode == "batch" else "one mail at a time"
    print(
        f"\n## database {label}, {mode} ({how}; tickets before each run: "
        f"{', '.join(str(r['tickets_before']) for r in results)})"
    )
    print(f"messages/s end to end: median {statistics.median(rates)} (runs: {rates})")
    cpu = [r["per_cpu_second"] for r in results]
    print(f"messages per CPU-second of this process: median {statistics.median(cpu)} (runs: {cpu})")
    for phase in ("phase1", "phase2", "phase3"):
        print(f"  {phase}: " + ", ".join(f"{r['phases'][phase]['per_second']}/s" for r in results))
    print(f"threading accuracy: {right}/{replies} = {100 * right / replies:.1f} %")
    print(f"stuck or lost: {sum(r['stuck'] for r in results)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", help="an empty PostgreSQL database URL (default: SQLite)")
    ap.add_argument("--quick", action="store_true", help="only the empty database")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mode", choices=["batch", "single", "both"], default="both")
    ap.add_argument("--batch", type=int, default=100, help="mails per store/process batch")
    ap.add_argument(
        "--peer", action="store_true", help="also run the peer's ingest now (empty SQLite)"
    )
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--corpus-seed", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.corpus_seed, args.mode, args.batch)
        return
    var_dir = Path(tempfile.mkdtemp(prefix="samadhan-email-bench-"))
    db = "PostgreSQL" if args.pg else "SQLite"
    print(f"# Email ingest, {db}, corpus ../shared/peer/bench/gen_eml.py --n 1000 (3 phases)")
    sizes = [("empty", 0)] if args.quick else [("empty", 0), ("100k", 100_000)]
    seed = 1
    for label, tickets in sizes:
        if tickets:
            env = dict(os.environ, SAMADHAN_VAR_DIR=str(var_dir))
            if args.pg:
                env["DATABASE_URL"] = args.pg
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "_seed.py"), "--to", str(tickets)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        modes = ["batch", "single"] if args.mode == "both" else [args.mode]
        for mode in modes:
            results = []
            for _run in range(args.runs):
                results.append(_child(args, var_dir, seed, mode))
                seed += 1
            _report(label, mode, args.batch, results)
        if label == "empty" and args.peer and not args.pg:
            print(f"peer (django-helpdesk, live): {_peer_live(args.runs)}")
        print(f"peer (django-helpdesk, from ../shared/peer/RESULTS.md): {PEER_FIGURES[label]}")
    print(f"peer threading: {PEER_FIGURES['threading']}; {PEER_FIGURES['corpus']}")


if __name__ == "__main__":
    main()
