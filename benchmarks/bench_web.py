"""Web benchmark: `make bench-web` (a quick run with `--docs 2000`).

Page latency of the search, project and place pages under load: the app in a real uvicorn server on 127.0.0.1,
a registry of a synthetic corpus (built once and cached under benchmarks/.cache/), and 50 concurrent clients from
wrk (Debian's `wrk`; an asyncio + httpx load generator when it is not installed, `--generator python`). The goal
is p95 <= 200 ms per page kind. The load generator runs on the same two cores as the server, so the figures include
its own share of the CPU. The server keeps its page cache as `devatlas serve` does, unless `--page-cache-mb 0`
turns it off; each row says which share of its answers came from the cache. Results:
`benchmarks/results/web.json` and `.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.bench_search import percentile
from benchmarks.synthetic import DONORS, documents
from devatlas.text.script import to_cyrillic
from devatlas.web.app import page_cache_bytes, request_threads

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"
GOAL_P95_MS = 200.0
PAGES = ("search", "project", "place")


PROJECT_WORDS = {
    "bs": ["Lokalni razvoj", "Zeleni gradovi", "Mladi i rad", "Voda za sve", "Digitalna općina", "Jaka zajednica"],
    "hr": ["Lokalni razvoj", "Zeleni gradovi", "Mladi i rad", "Voda za sve", "Digitalna općina", "Jaka zajednica"],
    "sr": ["Lokalni razvoj", "Zeleni gradovi", "Mladi i rad", "Voda za sve", "Digitalna opština", "Jaka zajednica"],
    "en": ["Local Development", "Green Towns", "Youth at Work", "Water for All", "Digital Municipality",
           "Strong Communities"],
}
PROJECT_SENTENCE = {
    "bs": "Aktivnosti su dio projekta „{name} {k}“ ({acronym}{k}), koji finansira {donor}.",
    "hr": "Aktivnosti su dio projekta „{name} {k}“ ({acronym}{k}), koji financira {donor}.",
    "sr": "Aktivnosti su deo projekta „{name} {k}“ ({acronym}{k}), koji finansira {donor}.",
    "en": "The activities are part of the project \"{name} {k}\" ({acronym}{k}), funded by the {donor}.",
}


def write_documents(folder: Path, docs: int, seed: int = 1) -> None:
    """The synthetic corpus, each document also naming the project it belongs to (one project per 25 documents
    on average), so that project pages have funders, places and budget lines from many documents."""
    rng = random.Random(seed)
    projects = max(10, docs // 25)
    for i, doc in enumerate(documents(docs, seed)):
        k = rng.randrange(projects)
        name = PROJECT_WORDS[doc.lang][k % len(PROJECT_WORDS[doc.lang])]
        acronym = "".join(w[0] for w in name.split()).upper()
        sentence = PROJECT_SENTENCE[doc.lang].format(name=name, k=k, acronym=acronym,
                                                     donor=DONORS[doc.donor][doc.lang][0])
        text = doc.text.rstrip() + "\n\n" + (to_cyrillic(sentence) if doc.script == "cyrillic" else sentence) + "\n"
        path = folder / f"{i // 1000:04d}" / f"{i:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build_registry(docs: int, workers: int = 2) -> Path:
    """The cached registry of `docs` synthetic documents (built on first use: generate, ingest, keep)."""
    from devatlas.ingest.pipeline import ingest
    from devatlas.store import Store
    from devatlas.store.search import compact_index

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"web-{docs}.db"
    if path.exists():  # made by an ingest of an earlier version maybe: in the shape an ingest now leaves it
        store = Store(f"sqlite:///{path}")
        with store.session() as session:
            compact_index(session)
        store.close()
        return path
    partial = path.with_suffix(".partial.db")
    for leftover in CACHE.glob(f"{partial.name}*"):
        leftover.unlink()
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        started = time.perf_counter()
        write_documents(Path(tmp), docs)
        print(f"corpus of {docs} documents written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        store = Store(f"sqlite:///{partial}")
        started = time.perf_counter()
        last = [started]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  {done}/{total} documents, {done / (last[0] - started):.0f} docs/s", file=sys.stderr)

        summary = ingest(store, [Path(tmp)], workers=workers, on_progress=progress)
        store.close()
        print(f"ingested {summary.new} documents in {time.perf_counter() - started:.0f} s "
              f"({len(summary.failed)} failed)", file=sys.stderr)
    os.replace(partial, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return path


def targets(db: Path, per_page: int, seed: int = 7) -> dict[str, list[str]]:
    """Request paths for each page kind: queries from the registry's own place names and project titles, and
    random project and place ids."""
    from sqlalchemy import func, select

    from devatlas.store import Store
    from devatlas.store import models as m

    rng = random.Random(seed)
    store = Store(f"sqlite:///{db}")
    with store.session() as session:
        places = list(session.execute(select(m.Place.id, m.Place.name).order_by(func.random()).limit(500)))
        projects = list(session.execute(select(m.Project.id, m.Project.title).order_by(func.random()).limit(500)))
    store.close()
    if not places or not projects:
        raise SystemExit(f"the registry at {db} has no places or projects to request")
    words = [w for _, title in projects for w in title.split() if len(w) > 4] or ["projekat"]
    queries = []
    for _ in range(per_page):
        shape = rng.random()
        place = rng.choice(places)[1]
        if shape < 0.4:
            queries.append(place)
        elif shape < 0.8:
            queries.append(f"{place} {rng.choice(words)}")
        else:
            queries.append(rng.choice(words))
    return {
        "search": [f"/search?{urlencode({'q': q})}" for q in queries],
        "project": [f"/projects/{rng.choice(projects)[0]}" for _ in range(per_page)],
        "place": [f"/places/{rng.choice(places)[0]}" for _ in range(per_page)],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int, threads: int, log: Path,
                 page_cache_mb: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DEVATLAS_DATABASE_URL": f"sqlite:///{db}", "DEVATLAS_WEB_THREADS": str(threads)}
    if page_cache_mb is not None:
        env["DEVATLAS_PAGE_CACHE_MB"] = str(page_cache_mb)
    command = [str(Path(sys.executable).parent / "devatlas"), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers)]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:  # threads still waiting on the database: do not wait for them
        server.kill()
        server.wait(timeout=15)


async def _wait_ready(base: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get("/search?q=test")).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"the server at {base} did not answer within {timeout:.0f} s")


async def load(base: str, paths: list[tuple[str, str]], clients: int, timeout: float) -> dict[str, list]:
    """Send every request once, `clients` at a time; latency in ms and status per page kind."""
    import httpx

    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in paths:
        queue.put_nowait(item)
    out: dict[str, list] = {kind: [] for kind in PAGES}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, path = queue.get_nowait()
                started = time.perf_counter()
                try:
                    status = (await client.get(path)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                out[kind].append(((time.perf_counter() - started) * 1000, status))

        await asyncio.gather(*(worker() for _ in range(clients)))
    return out


# wrk (C, from Debian's package) sends the requests: a Python load generator on the same two cores takes a large
# share of them from the server. Each connection walks the list of paths from its own starting point; done() prints
# the latency percentiles and the count of answers that were not 2xx/3xx as one JSON line.
WRK_SCRIPT = r"""
local paths = {}
local position = 0
-- globals, not locals: done() reads each thread's counts with thread:get(), which sees only globals
failures = 0
cached = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = math.random(#paths)
end
function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
function response(status, headers, body)
  if status >= 400 then failures = failures + 1 end
  if headers["x-cache"] == "hit" then cached = cached + 1 end
end
function done(summary, latency, requests)
  local failed, hits = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("failures") or 0)
    hits = hits + (thread:get("cached") or 0)
  end
  io.write(string.format('{"requests": %d, "seconds": %.3f, "failed": %d, "cached": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n', summary.requests, summary.duration / 1e6,
    failed, hits, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def run_wrk(base: str, paths: list[str], clients: int, seconds: float, folder: Path) -> dict[str, object]:
    """One wrk run over `paths` with `clients` connections for `seconds`; its JSON summary."""
    script, listing = folder / "paths.lua", folder / f"paths-{len(paths)}-{abs(hash(tuple(paths)))}.txt"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "60s", "-s", str(script), base,
               "--", str(listing)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise_wrk(found: dict) -> dict[str, object]:
    errors = found["failed"] + found["socket_errors"]
    return {"requests": found["requests"], "errors": errors,
            "from_cache": round(found.get("cached", 0) / max(found["requests"], 1), 3),
            "p50_ms": round(found["p50_us"] / 1000, 1),
            "p95_ms": round(found["p95_us"] / 1000, 1), "p99_ms": round(found["p99_us"] / 1000, 1),
            "max_ms": round(found["max_us"] / 1000, 1),
            "requests_per_s": round(found["requests"] / found["seconds"], 1),
            "meets_goal": found["p95_us"] / 1000 <= GOAL_P95_MS}


def summarise(samples: list[tuple[float, object]], seconds: float) -> dict[str, object]:
    times = [ms for ms, _ in samples]
    errors = sum(1 for _, status in samples if not (isinstance(status, int) and status < 400))
    statuses: dict[str, int] = {}
    for _, status in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {"requests": len(samples), "errors": errors, "statuses": statuses,
            "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1), "max_ms": round(max(times), 1),
            "requests_per_s": round(len(samples) / seconds, 1),
            "meets_goal": percentile(times, 95) <= GOAL_P95_MS}


def write_results(run: dict) -> None:
    """Keep one run per configuration (documents, request threads) in web.json, and all of them in web.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "web.json"
    try:
        runs = json.loads(path.read_text(encoding="utf-8")).get("runs", {})
    except (OSError, ValueError):
        runs = {}
    runs[run_name(run)] = run
    path.write_text(json.dumps({"goal_p95_ms": GOAL_P95_MS, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    lines = ["# Web benchmark", "", f"Goal: p95 <= {GOAL_P95_MS:.0f} ms per page kind under 50 concurrent clients.",
             ""]
    for name, r in runs.items():
        lines += [
            f"## {name}", "",
            f"{r['when']}, {r['cores']} cores shared by the server, the load generator and other work; SQLite "
            f"registry of {r['documents']} synthetic documents; uvicorn, {r['server_workers']} "
            f"process{'es' if r['server_workers'] > 1 else ''} of "
            f"{r['server_threads']} request threads; " + _cache_note(r) + f"{r['clients']} concurrent clients; "
            + _method(r) + " Throughput "
            f"{r['total_requests_per_s']} requests/s; database pool timeouts in the server log: "
            f"{r['server_pool_timeouts']}"
            + (f"; errors in the server log: {r['server_errors']}" if "server_errors" in r else "")
            + (f"; load average (1 min) {r['load_before']} before, {r['load_after']} after" if "load_before" in r
               else "") + ".", "",
            "| page | requests | errors | from the page cache | server CPU a request | connections a process | p50 | "
            "p95 | p99 | max | goal met |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for kind, p in r["pages"].items():
            share = f"{p['from_cache']:.0%}" if "from_cache" in p else "—"
            cpu = f"{p['server_cpu_ms_per_request']} ms" if p.get("server_cpu_ms_per_request") is not None else "—"
            split = p.get("connections_per_process") or "—"
            lines.append(f"| {kind} | {p['requests']} | {p['errors']} | {share} | {cpu} | {split} | {p['p50_ms']} ms | "
                         f"{p['p95_ms']} ms | {p['p99_ms']} ms | {p['max_ms']} ms | "
                         f"{'yes' if p['meets_goal'] else 'no'} |")
        lines.append("")
    (RESULTS / "web.md").write_text("\n".join(lines), encoding="utf-8")
    this_run = "\n".join(lines)
    print(this_run[this_run.index(f"## {run_name(run)}"):].split("\n## ")[0])


def _cache_note(r: dict) -> str:
    if "page_cache_mb" not in r:
        return ""
    if not r["page_cache_mb"]:
        return "page cache off (every page computed); "
    return (f"page cache of {r['page_cache_mb']} MB per process (a page read again is replayed until the registry "
            f"changes; the share of answers it gave is in the table); ")


def _method(r: dict) -> str:
    if r.get("generator") == "wrk":
        return (f"wrk, {r['seconds'] / (len(PAGES) + 1):.0f} s per page kind with the clients on that kind alone, "
                "then as long on all three kinds mixed (the `mixed` row).")
    return f"asyncio + httpx, {r['pages']['search']['requests']} requests per page kind, mixed and shuffled."


def run_name(run: dict) -> str:
    """One entry per configuration: documents, server processes and request threads (and a label if given)."""
    name = f"{run['documents']} documents, {run['server_workers']} × {run['server_threads']} threads"
    if run.get("generator") == "wrk":
        name += ", wrk"
    if run.get("page_cache_mb") == 0:
        name += ", page cache off"
    return f"{name}, {run['label']}" if run.get("label") else name


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by the server process and its worker processes (Linux /proc; None elsewhere): the
    CPU a page costs holds steady on a shared machine, where latencies follow whatever else is running."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for process in [pid, *map(int, children)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def server_processes(pid: int) -> list[int]:
    """The worker processes of a server started with several (Linux /proc; [] elsewhere)."""
    try:
        children = map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
        return [child for child in children if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]
    except (OSError, ValueError):
        return []


def client_ports_by_process(port: int, processes: list[int]) -> dict[int, int]:
    """The client port of every open connection the processes hold on `port`, mapped to the process holding it:
    the sockets' inodes in /proc/PID/fd matched with the kernel's connection table (Linux; {} elsewhere)."""
    inodes: dict[str, int] = {}
    for pid in processes:
        try:
            descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in descriptors:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes[target[8:-1]] = pid
    holders = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port, remote_port = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
            if local_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: established
                holders[remote_port] = inodes[fields[9]]
    return holders


def connection_split(port: int, server_pid: int) -> str:
    """How many connections each server process holds, as `25 / 25` ("" where /proc cannot tell)."""
    processes = server_processes(server_pid)
    held = Counter(client_ports_by_process(port, processes).values())
    return " / ".join(str(held.get(pid, 0)) for pid in sorted(processes, key=lambda pid: -held.get(pid, 0)))


def cpu_per_request(before: float | None, after: float | None, requests: int) -> float | None:
    if before is None or after is None or not requests:
        return None
    return round((after - before) * 1000 / requests, 2)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="synthetic documents in the registry")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=1000, help="requests per page kind")
    # One process per core: the pages are CPU-bound Python (at 100,000 documents 21.7 -> 42.1 requests/s with 2)
    parser.add_argument("--server-workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--threads", type=int, default=None,
                        help="request threads of each server process (default: as `devatlas serve`)")
    parser.add_argument("--ingest-workers", type=int, default=2, help="processes that build the registry")
    parser.add_argument("--build-only", action="store_true", help="build and cache the registry, then stop")
    parser.add_argument("--label", default="", help="kept beside the configuration in the results' name")
    parser.add_argument("--generator", choices=("wrk", "python"), default=None,
                        help="load generator (default: wrk when installed, else asyncio + httpx)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each wrk run")
    parser.add_argument("--page-cache-mb", type=int, default=None,
                        help="page cache of each server process (default: as `devatlas serve`; 0 turns it off)")
    args = parser.parse_args(argv)

    generator = args.generator or ("wrk" if shutil.which("wrk") else "python")
    threads = args.threads or request_threads()
    page_cache_mb = args.page_cache_mb if args.page_cache_mb is not None else page_cache_bytes() // 2**20
    if generator == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk); use --generator python")
    started = time.perf_counter()
    db = build_registry(args.docs, args.ingest_workers)
    print(f"registry: {db} ({db.stat().st_size / 2**20:.0f} MB, {time.perf_counter() - started:.0f} s)",
          file=sys.stderr)
    if args.build_only:
        return 0
    # The server works on a copy, so the cached file never gains a cookie key or sessions.
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / db.name
        shutil.copyfile(db, served)
        plan = targets(served, args.requests)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = Path(tmp) / "server.log"
        server = start_server(served, port, args.server_workers, threads, server_log, args.page_cache_mb)
        try:
            asyncio.run(_wait_ready(base))
            load_before = load_average()
            if generator == "wrk":
                every = [path for kind in PAGES for path in plan[kind]]
                random.Random(3).shuffle(every)
                run_wrk(base, every, min(args.clients, 10), 5, Path(tmp))  # warm-up: caches, connections
                results = {}
                for kind, paths in [*((kind, plan[kind]) for kind in PAGES), ("mixed", every)]:
                    cpu_before = server_cpu_seconds(server.pid)
                    # the clients' split between the processes, looked at halfway through the run
                    split: list[str] = []
                    looking = threading.Timer(args.seconds / 2, lambda found=split: found.append(
                        connection_split(port, server.pid)))
                    looking.start()
                    results[kind] = summarise_wrk(run_wrk(base, paths, args.clients, args.seconds, Path(tmp)))
                    looking.join()
                    results[kind]["server_cpu_ms_per_request"] = cpu_per_request(
                        cpu_before, server_cpu_seconds(server.pid), int(results[kind]["requests"]))
                    results[kind]["connections_per_process"] = split[0] if split else ""
                seconds = args.seconds * (len(PAGES) + 1)
                total_per_s = results["mixed"]["requests_per_s"]
            else:
                warm = [(kind, path) for kind in PAGES for path in plan[kind][:20]]
                asyncio.run(load(base, warm, min(args.clients, 10), 60))
                mixed = [(kind, path) for kind in PAGES for path in plan[kind]]
                random.Random(3).shuffle(mixed)
                began = time.perf_counter()
                measured = asyncio.run(load(base, mixed, args.clients, 60))
                seconds = time.perf_counter() - began
                results = {kind: summarise(measured[kind], seconds) for kind in PAGES}
                total_per_s = round(len(mixed) / seconds, 1)
            load_after = load_average()
        finally:
            stop_server(server)
            log_text = server_log.read_text(encoding="utf-8", errors="replace")
            kept = CACHE / f"server-{args.docs}.log"  # for reading after the run (errors, pool timeouts)
            kept.write_text(log_text, encoding="utf-8")
            print(f"server log: {kept} ({len(log_text.splitlines())} lines)", file=sys.stderr)
    pool_timeouts = log_text.count("QueuePool limit")
    payload = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": os.cpu_count(), "documents": args.docs,
        "clients": args.clients, "server_workers": args.server_workers, "server_threads": threads,
        "backend": "sqlite", "server_pool_timeouts": pool_timeouts, "label": args.label, "generator": generator,
        "server_errors": log_text.count("Traceback"), "load_before": load_before, "load_after": load_after,
        "goal_p95_ms": GOAL_P95_MS, "seconds": round(seconds, 1), "page_cache_mb": page_cache_mb,
        "total_requests_per_s": total_per_s, "pages": results,
    }
    write_results(payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
