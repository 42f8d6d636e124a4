"""Tables for benchmarks/ui.py: plain text for the terminal, the same in markdown."""

from __future__ import annotations

from _report import LABEL_REF, _lat, _n, _size, header, md_table, table

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
