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


def main() -> None:
    """Re-render results: ``python benchmarks/_report.py A.json [B.json ...]`` (markdown)."""
    import json
    import sys

    from _report_ui import ui_markdown

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
