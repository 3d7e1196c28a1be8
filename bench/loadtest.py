"""Load test of the running portal; prints ONE JSON line of latency figures on stdout.

Run against a server on loopback (``make loadtest`` starts gunicorn + PostgreSQL for you)::

    .venv/bin/python -m bench.loadtest --base http://127.0.0.1:8765

It logs in like a person (the login form, with its CSRF token) for the pages and fetches an
API token for the API lists, then hits each target with 8 and with 32 concurrent keep-alive
connections (threads + ``http.client``), after a warm-up. Every run is bounded in time and
count and only talks to loopback. Progress goes to stderr.

Output: ``{"<name>@<connections>": {"p50_ms", "p95_ms", "p99_ms", "rps", "errors", "kind",
"connections", "requests"}, ...}``; a line with the machine and the missed targets goes
to stderr. Targets on 2 cores: at 8 connections
p95 <= 150 ms for pages and <= 100 ms for API lists; at 32 connections no errors.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import re
import socket
import statistics
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

TARGETS_MS = {"page": 150.0, "api": 100.0}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Client:
    """One keep-alive connection with its own cookies/headers; reconnects when closed."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None):
        self.host, self.port = host, port
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        h = {"Host": f"{self.host}:{self.port}", **self.headers, **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        for raw in resp.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        if resp.will_close:
            self.conn.close()
        return resp.status, dict(resp.headers), data

    def close(self) -> None:
        self.conn.close()


def login_session(host: str, port: int, username: str, password: str) -> dict[str, str]:
    """Log in through the HTML form (CSRF cookie + hidden field); return the cookies."""
    c = Client(host, port)
    status, _h, body = c.request("GET", "/accounts/login/")
    if status != 200:
        raise SystemExit(f"GET /accounts/login/ gaf {status}")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not match:
        raise SystemExit("Geen CSRF-token in het inlogformulier")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1).decode(),
                                   "username": username, "password": password, "next": "/"})
    status, headers, _b = c.request(
        "POST", "/accounts/login/", body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Referer": f"http://{host}:{port}/accounts/login/"})
    if status != 302 or "sessionid" not in c.cookies:
        raise SystemExit(f"Inloggen als {username} mislukt (status {status}); "
                         "staat SESSION_COOKIE_SECURE uit voor http op loopback?")
    c.close()
    return dict(c.cookies)


def api_token(host: str, port: int, username: str, password: str) -> str:
    c = Client(host, port)
    body = json.dumps({"username": username, "password": password}).encode()
    status, _h, data = c.request("POST", "/api/auth/token/", body=body,
                                 headers={"Content-Type": "application/json"})
    c.close()
    if status != 200:
        raise SystemExit(f"API-token ophalen mislukt (status {status}): {data[:200]!r}")
    return json.loads(data)["token"]


def first(host: str, port: int, token: str, path: str, field: str):
    """The `field` of the first row of an API list (to build detail-page URLs)."""
    c = Client(host, port, {"Authorization": f"Token {token}"})
    status, _h, data = c.request("GET", path)
    c.close()
    if status != 200:
        raise SystemExit(f"GET {path} gaf {status}")
    rows = json.loads(data)
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    if not rows:
        raise SystemExit(f"{path} is leeg: is de dataset geladen (make setup)?")
    return rows[0][field]


def targets(host: str, port: int, token: str) -> list[tuple[str, str, str]]:
    """(name, kind, path) for every measured URL."""
    brin = first(host, port, token, "/api/instellingen/", "brin")
    aanbod = first(host, port, token, "/api/aanbod/", "id")
    crebo = first(host, port, token, "/api/opleidingen/", "crebo")
    proposal = first(host, port, token, "/api/voorstellen/", "id")
    case = first(host, port, token, "/api/geschillen/zaken/", "id")
    return [
        ("start", "page", "/"),
        ("kaart", "page", "/indicatoren/kaart/"),
        ("instellingen", "page", "/portfolio/instellingen/"),
        ("aanbod", "page", "/portfolio/aanbod/"),
        ("opleidingen", "page", "/portfolio/opleidingen/"),
        ("voorstellen", "page", "/voorstellen/"),
        ("geschillen", "page", "/geschillen/"),
        ("instelling_detail", "page", f"/portfolio/instellingen/{brin}/"),
        ("aanbod_detail", "page", f"/portfolio/aanbod/{aanbod}/"),
        ("opleiding_detail", "page", f"/portfolio/opleidingen/{crebo}/"),
        ("voorstel_detail", "page", f"/voorstellen/{proposal}/"),
        ("zaak_detail", "page", f"/geschillen/{case}/"),
        ("api_instellingen", "api", "/api/instellingen/"),
        ("api_aanbod", "api", "/api/aanbod/"),
        ("api_opleidingen", "api", "/api/opleidingen/"),
        ("api_voorstellen", "api", "/api/voorstellen/"),
        ("api_zaken", "api", "/api/geschillen/zaken/"),
        ("api_werkagenda_acties", "api", "/api/werkagenda/acties/"),
    ]


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(q / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def hammer(host: str, port: int, path: str, headers: dict, cookies: dict, connections: int,
           seconds: float, max_requests: int) -> dict:
    """`connections` threads, each on its own keep-alive connection, for `seconds` at most."""
    latencies: list[float] = []
    errors = [0]
    count = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(connections + 1)
    deadline = [0.0]

    def worker():
        c = Client(host, port, headers)
        c.cookies.update(cookies)
        start_gate.wait()
        local: list[float] = []
        local_errors = 0
        while time.perf_counter() < deadline[0]:
            with lock:
                if count[0] >= max_requests:
                    break
                count[0] += 1
            t0 = time.perf_counter()
            try:
                status, _h, _b = c.request("GET", path)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                c.close()
            local.append((time.perf_counter() - t0) * 1000)
            if not ok:
                local_errors += 1
        c.close()
        with lock:
            latencies.extend(local)
            errors[0] += local_errors

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start_gate.wait()
    for t in threads:
        t.join(seconds + 60)
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "rps": round(len(latencies) / elapsed, 1),
        "errors": errors[0],
        "requests": len(latencies),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", default="http://127.0.0.1:8765")
    p.add_argument("--user", default="bestuurder")
    p.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "regie-demo-2025"))
    p.add_argument("--connections", default="8,32",
                   help="comma-separated concurrency levels")
    p.add_argument("--seconds", type=float, default=5.0, help="measuring time per target")
    p.add_argument("--warmup", type=float, default=1.5, help="warm-up time per target")
    p.add_argument("--max-requests", type=int, default=5000, help="cap per target and level")
    p.add_argument("--only", default="", help="comma-separated target names")
    args = p.parse_args(argv)

    url = urllib.parse.urlsplit(args.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    # Loopback only: this tool must never load a server elsewhere.
    if not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
        raise SystemExit(f"{host} is geen loopback-adres; de loadtest draait alleen lokaal.")

    cookies = login_session(host, port, args.user, args.password)
    token = api_token(host, port, args.user, args.password)
    page_headers = {"Accept": "text/html"}
    api_headers = {"Accept": "application/json", "Authorization": f"Token {token}"}
    levels = [int(x) for x in args.connections.split(",") if x]
    only = {x for x in args.only.split(",") if x}
    results: dict[str, dict] = {}
    for name, kind, path in targets(host, port, token):
        if only and name not in only:
            continue
        headers, jar = (page_headers, cookies) if kind == "page" else (api_headers, {})
        # Warm-up: every worker process compiles templates, fills caches, opens connections.
        hammer(host, port, path, headers, jar, max(levels), args.warmup, args.max_requests)
        for n in levels:
            r = hammer(host, port, path, headers, jar, n, args.seconds, args.max_requests)
            r.update(kind=kind, connections=n)
            results[f"{name}@{n}"] = r
            ok = ("" if n != 8 or r["p95_ms"] <= TARGETS_MS[kind]
                  else f"  > doel {TARGETS_MS[kind]:.0f} ms")
            log(f"{name:24} @{n:<3} p50 {r['p50_ms']:7.1f}  p95 {r['p95_ms']:7.1f}  "
                f"p99 {r['p99_ms']:7.1f} ms  {r['rps']:6.1f} rps  {r['errors']} fouten{ok}")
    missed = [k for k, r in results.items()
              if (r["connections"] == 8 and r["p95_ms"] > TARGETS_MS[r["kind"]])
              or (r["connections"] != 8 and r["errors"])]
    log(json.dumps({"base": args.base, "user": args.user, "cpus": os.cpu_count(),
                    "seconds": args.seconds, "loadavg_1m": round(os.getloadavg()[0], 2),
                    "missed": missed}))
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
