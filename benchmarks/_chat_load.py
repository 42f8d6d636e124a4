"""Load generator for benchmarks/chat.py: N chat visitors and K agents, in one asyncio process.

Run by chat.py as ``python benchmarks/_chat_load.py CONFIG.json OUT.json``. Stdout lines
``CONNECTED``, ``LOAD`` and ``DONE`` mark the phases, so the parent samples the server's
memory and CPU time between them.

Visitors (each from its own loopback address, 127.0.x.y, like N browsers on N
connections; the per-IP chat limits then apply per visitor as in production):
``POST /chat/v1/<public_id>/session`` with the page's ``Origin``, then the socket
``/ws/chat/<public_id>/?token=…`` until ``ready``; then a ``message`` frame every
U(lo, hi) seconds (the first at a random moment of the first interval).

Agents: a socket each on ``/ws/agent/<slug>/`` (same origin, session cookie from a real
sign-in). Every customer message reaches them as a ``notification`` (reason new_ticket /
new_message, to the inbox's team). The agent owning a ticket (ticket id mod K) answers a
share of those through the composer's endpoint, ``POST /t/<slug>/<number>/messages``
(form, CSRF header), after sending ``view`` for the ticket, one reply at a time per agent.

Latencies (wall clock, one process, so one clock):
- visitor→agent: the visitor's frame leaves → an agent socket receives the notification
  for that ticket (matched per ticket in time order: a visitor has one message in flight
  and sends seconds apart); every agent that receives it counts as one delivery;
- agent→visitor: the reply's POST starts → the visitor socket receives ``message.created``
  carrying the reply's marker.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import random
import resource
import sys
import time
import urllib.parse
from collections import Counter, defaultdict
from typing import Any

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

TEXTS = [
    "Namaste, my order has not arrived yet",
    "मेरा ऑर्डर अभी तक नहीं आया है, कृपया मदद करें",
    "माझी ऑर्डर अजून आली नाही",
    "నా ఆర్డర్ ఇంకా రాలేదు, దయచేసి సహాయం చేయండి",
    "Mans pasūtījums vēl nav atnācis",
    "Can I change the delivery address?",
]


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return round(s[k] * 1000, 2)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50_ms": pct(values, 50),
        "p95_ms": pct(values, 95),
        "p99_ms": pct(values, 99),
        "max_ms": round(max(values) * 1000, 2) if values else None,
    }


async def http(
    host: str,
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str],
    body: bytes = b"",
    local_ip: str | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    """One HTTP/1.1 request on its own connection (Connection: close)."""
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(host, port, local_addr=(local_ip, 0) if local_ip else None),
        timeout,
    )
    try:
        head = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        head.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        data = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.split(b"\r\n\r\n", 1)[-1]


class Load:
    def __init__(self, cfg: dict[str, Any]) -> None:
        self.cfg = cfg
        self.rng = random.Random(cfg.get("seed", 1))
        self.errors: Counter[str] = Counter()
        self.error_samples: list[str] = []
        self.frames: Counter[str] = Counter()
        # visitor sends: ticket_id -> [(sent_at, key)], filled from the acks
        self.sent: dict[str, float] = {}
        self.ack_at: dict[str, float] = {}
        self.ack_ticket: dict[str, int] = {}
        self.notified: list[tuple[int, float, int]] = []  # (ticket_id, at, agent)
        # rid -> (POST started, POST answered, HTTP status)
        self.replies: dict[str, tuple[float, float | None, int]] = {}
        self.reply_seen: dict[str, float] = {}
        self.reply_skipped = 0
        self.disconnects = 0
        self.phase = "connect"
        self.stopping = False
        self.lag: list[float] = []
        self.reply_queues: list[asyncio.Queue[tuple[int, int]]] = []

    def err(self, kind: str, detail: object) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{kind}: {detail!r}"[:300])

    # ------------------------------------------------------------------ visitors

    async def visitor_connect(self, i: int) -> Any:
        c = self.cfg
        ip = f"127.0.{1 + i // 250}.{1 + i % 250}"
        lang = ["en", "hi", "mr", "te", "lv"][i % 5]
        status, body = await http(
            c["host"],
            c["port_visitors"],
            "POST",
            f"/chat/v1/{c['public_id']}/session",
            headers={"Origin": c["origin"], "Content-Type": "application/json"},
            body=json.dumps({"language": lang}).encode(),
            local_ip=ip,
        )
        if status != 200:
            raise RuntimeError(f"session HTTP {status}: {body[:200]!r}")
        token = json.loads(body)["token"]
        ws = await connect(
            f"ws://{c['host']}:{c['port_visitors']}/ws/chat/{c['public_id']}/"
            f"?token={urllib.parse.quote(token)}&lang={lang}",
            origin=c["origin"],  # type: ignore[arg-type]
            proxy=None,
            open_timeout=120,
            max_queue=None,
            local_addr=(ip, 0),
        )
        first = json.loads(await asyncio.wait_for(ws.recv(), 60))
        if first.get("type") != "ready":
            raise RuntimeError(f"not ready: {first}")
        return ws

    async def visitor_recv(self, i: int, ws: Any) -> None:
        try:
            async for raw in ws:
                at = time.time()
                m = json.loads(raw)
                kind = m.get("type", "?")
                self.frames[f"visitor:{kind}"] += 1
                if kind == "ack":
                    key = str(m.get("client_id"))
                    self.ack_at[key] = at
                    self.ack_ticket[key] = int(m["ticket_id"])
                elif kind == "message.created":
                    text = str(m.get("text") or "")
                    if "[r:" in text:
                        rid = text.rsplit("[r:", 1)[1].split("]", 1)[0]
                        self.reply_seen.setdefault(rid, at)
                elif kind == "error":
                    self.err(f"visitor error frame {m.get('code')}", m.get("message"))
        except ConnectionClosed as exc:
            if not self.stopping:
                self.disconnects += 1
                self.err("visitor disconnected", exc)

    async def visitor_send(self, i: int, ws: Any, start: float, end: float) -> None:
        lo, hi = self.cfg["interval"]
        rng = random.Random(i)
        await asyncio.sleep(max(0.0, min(start + rng.uniform(0, hi), end) - time.time()))
        k = 0
        while time.time() < end and not self.stopping:
            key = f"v{i}-{k}"
            text = f"{TEXTS[(i + k) % len(TEXTS)]} [m:{key}]"
            self.sent[key] = time.time()
            try:
                await ws.send(json.dumps({"type": "message", "client_id": key, "text": text}))
            except ConnectionClosed:
                self.sent.pop(key, None)
                return
            k += 1
            # Not past the end: the load phase (and its CPU figures) ends on time.
            await asyncio.sleep(min(rng.uniform(lo, hi), max(0.0, end - time.time())))

    # ------------------------------------------------------------------ agents

    async def agent_run(self, a: int, cookies: dict[str, str], ready: asyncio.Event) -> None:
        c = self.cfg
        base = f"{c['host']}:{c['port_agents']}"
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        ws = await connect(
            f"ws://{base}/ws/agent/{c['slug']}/",
            origin=f"http://{base}",  # type: ignore[arg-type]
            additional_headers={"Cookie": cookie},
            proxy=None,
            open_timeout=60,
            max_queue=None,
        )
        queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        self.reply_queues.append(queue)
        replier = asyncio.create_task(self.agent_reply(a, ws, cookies, queue))
        k = len(c["agents"])
        ready.set()
        try:
            async for raw in ws:
                at = time.time()
                m = json.loads(raw)
                kind = m.get("type", "?")
                self.frames[f"agent:{kind}"] += 1
                if kind == "notification":
                    tid = int(m["ticket_id"])
                    self.notified.append((tid, at, a))
                    if (
                        self.phase == "load"
                        and tid % k == a
                        and self.rng.random() < c["reply_share"]
                    ):
                        if queue.qsize() >= 3:
                            self.reply_skipped += 1
                        else:
                            queue.put_nowait((tid, int(m["number"])))
        except ConnectionClosed as exc:
            if not self.stopping:
                self.disconnects += 1
                self.err("agent disconnected", exc)
        finally:
            replier.cancel()

    async def agent_reply(
        self, a: int, ws: Any, cookies: dict[str, str], queue: asyncio.Queue[tuple[int, int]]
    ) -> None:
        c = self.cfg
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        n = 0
        while True:
            tid, number = await queue.get()
            if self.stopping:
                continue
            rid = f"a{a}-{n}"
            n += 1
            await ws.send(json.dumps({"type": "view", "ticket_id": tid}))
            body = urllib.parse.urlencode(
                {"kind": "reply", "body": f"Thank you, we are checking it now. [r:{rid}]"}
            ).encode()
            start = time.time()
            try:
                status, _ = await http(
                    c["host"],
                    c["port_agents"],
                    "POST",
                    f"/t/{c['slug']}/{number}/messages",
                    headers={
                        "Cookie": cookie,
                        "X-CSRFToken": cookies.get("csrftoken", ""),
                        "Origin": f"http://{c['host']}:{c['port_agents']}",
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                    body=body,
                )
            except (TimeoutError, OSError) as exc:
                self.err("reply failed", exc)
                continue
            self.replies[rid] = (start, time.time(), status)
            if status != 302:
                self.err(f"reply HTTP {status}", rid)

    # ------------------------------------------------------------------ run

    async def lag_probe(self) -> None:
        while not self.stopping:
            t = time.perf_counter()
            await asyncio.sleep(0.1)
            if self.phase == "load":
                self.lag.append(time.perf_counter() - t - 0.1)

    async def run(self) -> dict[str, Any]:
        c = self.cfg
        probe = asyncio.create_task(self.lag_probe())
        agent_tasks = []
        for a, cookies in enumerate(c["agents"]):
            ready = asyncio.Event()
            agent_tasks.append(asyncio.create_task(self.agent_run(a, cookies, ready)))
            await asyncio.wait_for(ready.wait(), 60)

        t0 = time.time()
        sem = asyncio.Semaphore(c["connect_concurrency"])
        sockets: dict[int, Any] = {}
        connect_times: list[float] = []

        async def one(i: int) -> None:
            async with sem:
                t = time.time()
                try:
                    sockets[i] = await self.visitor_connect(i)
                    connect_times.append(time.time() - t)
                except Exception as exc:
                    self.err("visitor connect", exc)

        await asyncio.gather(*(one(i) for i in range(c["n"])))
        connect_s = time.time() - t0
        recv_tasks = [asyncio.create_task(self.visitor_recv(i, ws)) for i, ws in sockets.items()]
        print("CONNECTED", len(sockets), flush=True)
        await asyncio.sleep(c["settle"])

        self.phase = "load"
        cpu0, wall0 = time.process_time(), time.time()
        start, end = wall0, wall0 + c["duration"]
        print("LOAD", flush=True)
        await asyncio.gather(*(self.visitor_send(i, ws, start, end) for i, ws in sockets.items()))
        await asyncio.sleep(max(0.0, end - time.time()))
        cpu_load = time.process_time() - cpu0
        print("DONE", flush=True)
        self.phase = "drain"
        await asyncio.sleep(c["drain"])
        self.stopping = True
        # Concurrently: one by one, each close handshake waits for the server's answer.
        await asyncio.gather(*(ws.close() for ws in sockets.values()), return_exceptions=True)
        for t in [*recv_tasks, *agent_tasks, probe]:
            t.cancel()
        await asyncio.gather(*recv_tasks, *agent_tasks, probe, return_exceptions=True)
        return self.report(
            connected=len(sockets),
            connect_s=connect_s,
            connect_times=connect_times,
            wall=c["duration"],
            cpu_load=cpu_load,
            start=start,
            end=end,
        )

    def report(self, **kw: Any) -> dict[str, Any]:
        c = self.cfg
        # visitor → agent: per ticket, the visitor's sends in order; each notification is
        # matched to the latest send before it; one send, many agents: one delivery each.
        sends: dict[int, list[float]] = defaultdict(list)
        unacked = 0
        for key, at in self.sent.items():
            tid = self.ack_ticket.get(key)
            if tid is None:
                unacked += 1
                continue
            sends[tid].append(at)
        for v in sends.values():
            v.sort()
        v2a: list[float] = []
        matched: set[tuple[int, int, int]] = set()
        for tid, at, agent in self.notified:
            times = sends.get(tid)
            if not times:
                continue
            j = bisect.bisect_right(times, at) - 1
            if j < 0 or (tid, j, agent) in matched:
                continue
            matched.add((tid, j, agent))
            if kw["start"] <= times[j] <= kw["end"]:
                v2a.append(at - times[j])
        sent_in_load = [k for k, at in self.sent.items() if kw["start"] <= at <= kw["end"]]
        acked = [k for k in sent_in_load if k in self.ack_at]
        ack_lat = [self.ack_at[k] - self.sent[k] for k in acked]
        expected_deliveries = len(acked) * len(c["agents"])
        a2v = [
            self.reply_seen[r] - s for r, (s, _, _) in self.replies.items() if r in self.reply_seen
        ]
        reply_http = [d - s for (s, d, st) in self.replies.values() if d is not None]
        lost_replies = [r for r in self.replies if r not in self.reply_seen]
        lag = sorted(self.lag)
        return {
            "n": c["n"],
            "agents": len(c["agents"]),
            "connected": kw["connected"],
            "connect_wall_s": round(kw["connect_s"], 2),
            "connect_latency": summary(kw["connect_times"]),
            "load_seconds": kw["wall"],
            "visitor_messages_sent": len(sent_in_load),
            "visitor_messages_acked": len(acked),
            "visitor_messages_unacked": unacked,
            "messages_per_s": round(len(acked) / kw["wall"], 1),
            "replies_sent": len(self.replies),
            "replies_per_s": round(len(self.replies) / kw["wall"], 1),
            "replies_not_delivered": len(lost_replies),
            "replies_skipped_agent_busy": self.reply_skipped,
            "visitor_to_agent": summary(v2a),
            "visitor_to_agent_expected": expected_deliveries,
            "agent_to_visitor": summary(a2v),
            "ack": summary(ack_lat),
            "reply_http": summary(reply_http),
            "frames": dict(self.frames),
            "errors": dict(self.errors),
            "error_samples": self.error_samples,
            "disconnects": self.disconnects,
            "loadgen_cpu_s_during_load": round(kw["cpu_load"], 2),
            "loadgen_loop_lag": {
                "p50_ms": pct(lag, 50),
                "p99_ms": pct(lag, 99),
                "max_ms": round(lag[-1] * 1000, 1) if lag else None,
            },
        }


def main() -> None:
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    result = asyncio.run(Load(cfg).run())
    with open(sys.argv[2], "w") as out:
        json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
