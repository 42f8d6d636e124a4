"""Tables for benchmarks/core.py: plain text for the terminal, the same in markdown."""

from __future__ import annotations

from pathlib import Path

CREATE_FACTOR = 10  # target: at least 10x the peer's create throughput
LIST_P95_MS = 50.0  # target: list p95 at 1M tickets
CASE_LABEL = {
    "list_first": "GET list, first page (25)",
    "list_first_open": "GET list, first page, status=open",
    "list_deep_open": "GET list, 10,000 rows deep, status=open",
    "list_deep_all": "GET list, 10,000 rows deep, no filter",
}
LABEL_REF = "figures from RESULTS.md (not re-measured)"
EXCL = "queries_excluding_tx_control"
HEAD = ["workload", "Samadhan", "peer (django-helpdesk)", "ratio", "target", "verdict"]


def _n(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def _rps(s: dict | None) -> str:
    if not s or not s.get("ok_requests"):
        return "-"
    lo, hi = s["rps_range"]
    return f"{_n(s['rps'])}/s ({_n(lo)}-{_n(hi)})"


def _lat(s: dict | None) -> str:
    if not s or not s.get("ok_requests"):
        return "-"
    return f"p50 {_n(s['p50'])} / p95 {_n(s['p95'])} ms"


def db_rows(db: str, d: dict, ref: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    d.get("peer_live", False)
    # floor
    floor = d.get("floor") or {}
    ours_f = floor.get("ours")
    peer_f = floor.get("peer")
    ours_fr = ours_f["iterations_per_s"] if ours_f else None
    peer_fr = peer_f["iterations_per_s"] if peer_f else ref["floor"]["rps"]
    rows.append(
        [
            "floor c=8 (ours: /healthz incl. SELECT 1; peer: /floor/ no DB)",
            f"{_n(ours_fr)}/s" if ours_fr else "-",
            f"{_n(peer_fr)}/s" + ("" if peer_f else " [RESULTS.md]"),
            f"{ours_fr / peer_fr:.2f}x" if ours_fr and peer_fr else "-",
            "context",
            "",
        ]
    )
    # create
    create = d.get("create") or {}
    ours = (create.get("ours") or {}).get("summary")
    peer = (create.get("peer") or {}).get("summary") if create.get("peer") else None
    if peer and peer.get("ok_requests"):
        peer_rps, peer_txt, peer_lat = peer["rps"], _rps(peer), _lat(peer)
    else:
        peer_rps = ref["create"]["rps"]
        peer_txt = f"{_n(peer_rps)}/s [RESULTS.md, not re-measured]"
        peer_lat = (
            f"p50 {_n(ref['create']['p50'])} / p95 {_n(ref['create']['p95'])} ms [RESULTS.md]"
        )
    if ours and ours.get("ok_requests"):
        ratio = ours["rps"] / peer_rps
        rows.append(
            [
                "POST create, c=8 (tickets/s, median of runs)",
                _rps(ours),
                peer_txt,
                f"{ratio:.1f}x",
                f">= {CREATE_FACTOR}x peer",
                "met" if ratio >= CREATE_FACTOR else "NOT met",
            ]
        )
        rows.append(["POST create, c=8 latency", _lat(ours), peer_lat, "", "", ""])
        if ours.get("failed_requests"):
            rows.append(
                ["POST create: failed requests", str(ours["failed_requests"]), "", "", "", ""]
            )
    # queries per create
    sizes = d.get("sizes") or {}
    first = next(iter(sizes.values()), {})
    q = (first.get("probe") or {}).get("queries", {})
    if q:
        new, known = q.get("create_new_contact", {}), q.get("create_known_contact", {})
        peer_q = d.get("peer_queries_per_create")
        rows.append(
            [
                "SQL queries per create (all / without BEGIN, SAVEPOINT, COMMIT)",
                (
                    f"new contact {new.get('queries')} / {new.get(EXCL)}; "
                    f"known contact {known.get('queries')} / {known.get(EXCL)}"
                ),
                f"{peer_q}" if peer_q else f"{ref['queries_per_create']} [RESULTS.md]",
                "",
                "",
                "",
            ]
        )
    for size_key, s in sizes.items():
        size = int(size_key)
        seed = s.get("seed", {})
        rows.append(
            [
                f"seed to N={_size(size)} (bulk, incl. index build + ANALYZE)",
                (
                    f"+{seed.get('added', 0):,} tickets in {seed.get('seconds')} s "
                    f"({seed.get('tickets_per_s', 0):,}/s), "
                    f"search index {'yes' if seed.get('search_index') else 'NO'}, "
                    f"DB {seed.get('db_bytes', 0) / 1e9:.2f} GB"
                ),
                _peer_seed(s.get("peer_list")),
                "",
                "",
                "",
            ]
        )
        pq = (s.get("probe") or {}).get("queries", {})
        peer_list = (s.get("peer_list") or {}).get("summary")
        for case, label in CASE_LABEL.items():
            lst = ((s.get("list") or {}).get(case) or {}).get("summary")
            if not lst:
                continue
            peer_txt, ratio = "-", ""
            if case == "list_first":
                if peer_list and peer_list.get("ok_requests"):
                    peer_txt = (
                        f"GET /api/tickets/ {_lat(peer_list)} ({peer_list['ok_requests']} req)"
                    )
                    ratio = (
                        f"{peer_list['p50'] / lst['p50']:,.0f}x faster" if lst.get("p50") else ""
                    )
                elif size == 100_000:
                    r = ref["list_api_100k"]
                    peer_txt = f"p50 {_n(r['p50'])} / p95 {_n(r['p95'])} ms [RESULTS.md]"
                    ratio = f"{r['p50'] / lst['p50']:,.0f}x faster" if lst.get("p50") else ""
                elif size > 100_000:
                    peer_txt = "not run (O(N): > its 22-52 s at 100k)"
            else:
                peer_txt = (
                    "no such API (no filter/cursor)"
                    if case != "list_first_open"
                    else ("?status= exists; not measured")
                )
            p95 = lst.get("p95")
            verdict = ""
            if p95 is not None:
                verdict = "met" if p95 <= LIST_P95_MS else "NOT met"
                if size < 1_000_000:
                    verdict += " (target is for 1M)"
            qn = pq.get(case, {}).get("queries")
            rows.append(
                [
                    f"{label}, N={_size(size)}, c=1 [{qn} SQL]",
                    f"{_lat(lst)} ({_n(lst.get('rps'))}/s)",
                    peer_txt,
                    ratio,
                    f"p95 <= {LIST_P95_MS:.0f} ms",
                    verdict,
                ]
            )
    return rows


def _peer_seed(p: dict | None) -> str:
    if not p:
        return ""
    seed = p.get("seed") or {}
    if not seed.get("seeded_tickets"):
        return ""
    return f"its adapter: +{seed['seeded_tickets']:,} in {seed.get('seconds')} s"


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(c.ljust(w) for c, w in zip(head, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def md_table(rows: list[list[str]], head: list[str]) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _calib(results: dict) -> str:
    cal = results.get("cpu_calib") or []
    if not cal:
        return ""
    pb = [c["pbkdf2_200k_ms"] for c in cal]
    pe = [c["parallel_efficiency"] for c in cal]
    return (
        f"host probe (peer's cpu_calib.py, {len(cal)} samples): "
        f"PBKDF2-200k {min(pb)}-{max(pb)} ms, "
        f"2-core parallel efficiency {min(pe)}-{max(pe)} (1.0 = both cores free)"
    )


def header(results: dict, title: str = "Samadhan core benchmark") -> list[str]:
    h = results["host"]
    return [
        f"{title}, {results['started_at']} to {results.get('finished_at')}",
        (
            f"commit {h['commit']} (+{h['dirty_files']} modified tracked files), "
            f"Python {h['python']}, "
            f"{h['cpus']} CPUs, load average at start {h['loadavg_at_start'][0]:.2f}"
        ),
        (
            "server: samadhan serve --workers 2 --no-worker (uvicorn); "
            "peer: gunicorn 2 sync workers; "
            "load: ../shared/peer/bench/loadgen.py (raw asyncio client) in its own process"
        ),
        "SAMADHAN_API_RATE_LIMIT=100000000 (per-token rate limit raised so it does not interfere)",
        _calib(results),
    ]


def render(results: dict) -> str:
    parts = [*header(results), ""]
    for db, d in results["databases"].items():
        ref = results["peer_reference"][db]
        live = "LIVE in this run" if d.get("peer_live") else LABEL_REF
        parts.append(f"=== {db}: {d.get('config', '')}; peer {live}")
        if d.get("error"):
            parts.append("ERROR: " + d["error"].strip().splitlines()[-1])
        parts.append(table(db_rows(db, d, ref), HEAD))
        parts.append("")
    return "\n".join(parts)


def markdown(results: dict, _text: str) -> str:
    parts = [
        "# Core benchmark: latest results",
        "",
        "Generated by `benchmarks/core.py`; raw figures in the JSON beside this file.",
        "",
    ]
    parts += [f"- {line}" for line in header(results) if line]
    parts.append("")
    for db, d in results["databases"].items():
        ref = results["peer_reference"][db]
        live = (
            "live in this run"
            if d.get("peer_live")
            else "figures from RESULTS.md (not re-measured)"
        )
        parts += [f"## {db}", "", f"{d.get('config', '')}. Peer: {live}.", ""]
        parts.append(md_table(db_rows(db, d, ref), HEAD))
        parts.append("")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- ui.py

UI_P95_MS = 100.0  # target: inbox p95 at 1M tickets
UI_TITLE = "Samadhan agent UI benchmark"
UI_LABEL = {
    "inbox_first": "inbox, first page (view=all)",
    "inbox_filtered": "inbox, filtered (status=open, language=te)",
    "inbox_search": "inbox, text search (q=)",
    "inbox_deep": "inbox, {depth} rows deep (after= cursor)",
    "inbox_counts": "sidebar counts (htmx, after the inbox)",
    "ticket_long": "ticket page, 200 messages",
}
UI_INBOX = ("inbox_first", "inbox_filtered", "inbox_search", "inbox_deep")
UI_TARGETED = ("inbox_first", "inbox_filtered", "inbox_deep")  # the inbox cases
UI_PEER = {"inbox_first": "list_ui", "inbox_search": "search_ui"}
HEAD_UI = [
    "page",
    "N",
    "Samadhan, c=1 (median of runs)",
    "SQL",
    "in-process",
    "peer (django-helpdesk)",
    "peer / ours (p50)",
    "target",
    "verdict",
]
HEAD_Q = ["page", "N", "page size 5", "25", "100", "grows with page size?"]


def _ui_peer(*, db: str, size: int, case: str, s: dict, ref: dict) -> tuple[str, float]:
    """The peer's figure for a case, as text, and its p50 (0 if none)."""
    name = UI_PEER.get(case)
    if name is None:
        return "no equivalent", 0.0
    live = ((s.get("peer") or {}).get(name) or {}).get("summary")
    if live and live.get("ok_requests"):
        steps = ""
        raw = (s["peer"][name].get("raw") or [{}])[0].get("steps") or []
        if len(raw) == 2:
            steps = f"; shell {_n(raw[0].get('p50_ms'))} + JSON {_n(raw[1].get('p50_ms'))}"
        fails = f", {live['failed_requests']} FAILED" if live.get("failed_requests") else ""
        what = "list" if name == "list_ui" else "search 'frobnicator'"
        text = f"{what}: {_lat(live)} ({live['ok_requests']} req{fails}{steps})"
        return text, float(live["p50"])
    if s.get("peer_skipped"):
        return "not run: O(N), 1.5-2.1 s already at 100k", 0.0
    by_size = ref.get(db, {}).get(name, {})
    figures = by_size.get(size) or by_size.get(str(size))  # int keys, or str from JSON
    if figures:
        return f"p50 {_n(figures[0])} / p95 {_n(figures[1])} ms [RESULTS.md]", figures[0]
    return "-", 0.0


def ui_rows(db: str, d: dict, ref: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    for size_key, s in (d.get("sizes") or {}).items():
        size = int(size_key)
        probe = s.get("probe") or {}
        for case, label in UI_LABEL.items():
            ours = ((s.get("pages") or {}).get(case) or {}).get("summary")
            if not ours:
                continue
            text = "-"
            if ours.get("ok_requests"):
                lo, hi = ours["p95_range"]
                text = f"{_lat(ours)} (p95 {_n(lo)}-{_n(hi)}; {ours['ok_requests']} req)"
                if ours.get("failed_requests"):
                    text += f", {ours['failed_requests']} FAILED"
            peer_text, peer_p50 = _ui_peer(db=db, size=size, case=case, s=s, ref=ref)
            ratio = ""
            if peer_p50 and ours.get("p50"):
                ratio = f"{peer_p50 / ours['p50']:,.1f}x"
            target = verdict = ""
            if case in UI_TARGETED and ours.get("p95") is not None:
                target = f"p95 <= {UI_P95_MS:.0f} ms at 1M"
                verdict = "met" if ours["p95"] <= UI_P95_MS else "NOT met"
                if size < 1_000_000:
                    verdict += " (target is for 1M)"
            elif case == "inbox_search" and ours.get("p95") is not None:
                target = "none set"
                within = "within" if ours["p95"] <= UI_P95_MS else "OVER"
                verdict = f"{within} {UI_P95_MS:.0f} ms (for reference)"
            depth = (probe.get("checks") or {}).get("inbox_deep", {}).get("rows_before_page")
            shown = label.format(depth=f"{depth:,}" if depth is not None else "?")
            q = (probe.get("queries") or {}).get(case, {}).get("queries")
            ms = (probe.get("in_process_ms") or {}).get(case)
            rows.append(
                [
                    shown,
                    _size(size),
                    text,
                    str(q) if q is not None else "-",
                    f"{_n(ms)} ms" if ms is not None else "-",
                    peer_text,
                    ratio,
                    target,
                    verdict,
                ]
            )
    return rows


def ui_query_rows(d: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    for size_key, s in (d.get("sizes") or {}).items():
        probe = s.get("probe") or {}
        by_size = probe.get("queries_by_page_size") or {}
        for case in UI_INBOX:
            cells = [by_size.get(k, {}).get(case, {}) for k in ("5", "25", "100")]
            counts = [c.get("queries") for c in cells]
            rows.append(
                [
                    UI_LABEL[case].format(depth="N"),
                    _size(int(size_key)),
                    *[f"{c.get('queries')} ({c.get('rows')} rows)" for c in cells],
                    "no" if len(set(counts)) == 1 else "YES",
                ]
            )
        threads = probe.get("ticket_queries_by_thread") or {}
        if threads:
            short, long = threads.get("short", {}), threads.get("long", {})
            rows.append(
                [
                    f"ticket page: {short.get('messages')} vs {long.get('messages')} messages",
                    _size(int(size_key)),
                    "",
                    f"{short.get('queries')} vs {long.get('queries')}",
                    "",
                    "no" if short.get("queries") == long.get("queries") else "YES",
                ]
            )
    return rows


def ui_checks(d: dict) -> list[str]:
    out = []
    for size_key, s in (d.get("sizes") or {}).items():
        checks = (s.get("probe") or {}).get("checks") or {}
        search = checks.get("inbox_search", {})
        deep = checks.get("inbox_deep", {})
        seed = s.get("seed") or {}
        rows = ", ".join(
            f"{k} {v['rows']}" for k, v in checks.items() if isinstance(v, dict) and v.get("rows")
        )
        line = (
            f"N={_size(int(size_key))}: {checks.get('tickets', 0):,} tickets "
            f"(seeded +{seed.get('added', 0):,} in {seed.get('seconds')} s, "
            f"DB {seed.get('db_bytes', 0) / 1e9:.2f} GB); rows per page: {rows}; "
            f"the deep page has {deep.get('rows_before_page', 0):,} rows before it; "
            f"the search term matches {search.get('matching_tickets', 0):,} tickets "
            f"(counted in {search.get('count_ms')} ms)"
        )
        if s.get("peer_skipped"):
            line += f"; peer {s['peer_skipped']}"
        out.append(line)
    return out


def ui_header(results: dict) -> list[str]:
    lines = header(results, UI_TITLE)
    s = results.get("settings", {})
    lines[2] = (
        "server: samadhan serve --workers 2 --no-worker (uvicorn), session cookie from a real "
        "sign-in (GET /login/ + POST with CSRF); peer: gunicorn 2 sync workers, its own form login"
    )
    lines[3] = (
        f"load: ../shared/peer/bench/loadgen.py in its own process, c=1, {s.get('runs')} runs of "
        f"{s.get('n')} requests per page (warm-up {s.get('warmup')}, at most "
        f"{s.get('max_seconds')} s per run); peer {s.get('peer_n')} requests per run, runs "
        f"interleaved with ours; search term {s.get('term')!r} (peer: 'frobnicator', ~1 %)"
    )
    return lines


def busy_note(results: dict) -> str:
    """Say so when other work shared the 2 cores during the run."""
    cal = results.get("cpu_calib") or []
    load = results["host"]["loadavg_at_start"][0]
    worst = min((c["parallel_efficiency"] for c in cal), default=1.0)
    if worst >= 0.8 and load < 1.5:
        return ""
    return (
        f"The host was busy during this run (load average {load:.1f} at the start; the 2-core "
        f"probe's parallel efficiency fell to {worst}, i.e. other processes held up to one core). "
        "p50s are service times; p95s and the ranges include waits for the CPU."
    )


def ui_render(results: dict) -> str:
    parts = [*ui_header(results), busy_note(results), ""]
    for db, d in results["databases"].items():
        live = "LIVE in this run" if d.get("peer_live") else LABEL_REF
        parts.append(f"=== {db}: {d.get('config', '')}; peer {live}")
        if d.get("error"):
            parts.append("ERROR: " + d["error"].strip().splitlines()[-1])
        parts.append(table(ui_rows(db, d, results["peer_reference_ui"]), HEAD_UI))
        parts.append("")
        parts.append(table(ui_query_rows(d), HEAD_Q))
        parts += ["", *ui_checks(d), ""]
    return "\n".join(parts)


def ui_markdown(results: dict) -> str:
    parts = [
        "# Agent UI benchmark: latest results",
        "",
        (
            "Generated by `benchmarks/ui.py`; every figure and the raw loadgen summaries are in "
            "the JSON beside this file. Latencies are server-side as seen by a client on the "
            "same host (request start to last body byte, c=1), in ms."
        ),
        "",
    ]
    parts += [f"- {line}" for line in ui_header(results) if line]
    parts.append("")
    if busy_note(results):
        parts += [f"**{busy_note(results)}**", ""]
    for db, d in results["databases"].items():
        live = "live in this run" if d.get("peer_live") else LABEL_REF
        parts += [f"## {db}", "", f"{d.get('config', '')}. Peer: {live}.", ""]
        if d.get("error"):
            parts += ["ERROR: " + d["error"].strip().splitlines()[-1], ""]
        parts += [md_table(ui_rows(db, d, results["peer_reference_ui"]), HEAD_UI), ""]
        parts += [
            "SQL queries per page (in-process, CaptureQueriesContext, same database):",
            "",
            md_table(ui_query_rows(d), HEAD_Q),
            "",
        ]
        parts += [f"- {line}" for line in ui_checks(d)]
        parts.append("")
        for size_key, s in (d.get("sizes") or {}).items():
            plans = (s.get("probe") or {}).get("plans") or {}
            if not plans:
                continue
            parts += [f"### {db}, N={_size(int(size_key))}: the page's ticket query", ""]
            for case, plan in plans.items():
                parts.append(f"{UI_LABEL[case].format(depth='N')}: {plan['alone_ms']} ms alone")
                parts += ["", "```", *plan["plan"], "```", ""]
    return "\n".join(parts) + "\n"


def main() -> None:
    """Re-render results: ``python benchmarks/_report.py A.json [B.json ...]`` (markdown)."""
    import json
    import sys

    for path in sys.argv[1:]:
        results = json.loads(Path(path).read_text(encoding="utf-8"))
        if "peer_reference_ui" in results:
            sys.stdout.write(ui_markdown(results))
            continue
        sys.stdout.write(
            markdown(results, "").replace(
                "# Core benchmark: latest results", f"# Core benchmark: {path.rsplit('/', 1)[-1]}"
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
