"""Benchmark of `kitgen serve`: personalised kit zips from 8 clients at once, over loopback only.

    python bench/web.py [--clients 8] [--requests 240] [--seconds 90] [--workers N]

Starts the server on 127.0.0.1 (a free port, no rate limit), warms each kit's shared files once, then lets
``--clients`` threads ask for kit zips (each with its own school name and the example logo, letters in
two languages) until ``--requests`` are answered or ``--seconds`` have passed, whichever comes first.
Prints the 50th and 95th percentile time per kit, kits per second, and the server's memory (its own
process and its render processes: the sum of RSS, and PSS, which counts pages they share once).
Targets (README, "The web page"): p95 <= 1 s with 8 clients, >= 10 kits/s, memory <= 300 MB.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: this benchmark never sends traffic anywhere else
LOGO = (ROOT / "examples" / "logo.png").read_bytes()
KITS = [(lesson, band) for lesson in ("grooming", "friend-requests", "sharing-photos")
        for band in ("8-10", "10-12", "12-14", "14-16")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data, kind in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {kind}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


#: The letter languages each kit asks for (``--letter-langs``).
LETTER_LANGS = ["nl", "en"]


def kit_body(n: int, lesson: str, band: str, lang: str) -> tuple[bytes, str]:
    fields = [
        ("lesson", lesson), ("band", band), ("lang", lang), *[("letter_lang", code) for code in LETTER_LANGS],
        ("name", f"Basisschool De Regenboog {n}"), ("teacher", "Sanne de Vries"), ("class", "groep 7b"),
        ("lesson_date", "2026-12-03"), ("email", "s.devries@deregenboog.example"), ("phone", "030 123 45 67"),
        ("signature_nl", "Hartelijke groet,"), ("signature_en", "Kind regards,"),
    ]
    return multipart(fields, [("logo", "logo.png", LOGO, "image/png")])


def fetch_kit(port: int, n: int, lesson: str, band: str, lang: str) -> float:
    """Seconds for one personalised kit zip, which must arrive whole."""
    body, content_type = kit_body(n, lesson, band, lang)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("POST", "/download", body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    if response.status != 200 or not data.startswith(b"PK"):
        raise RuntimeError(f"kit {n}: HTTP {response.status}: {data[:200]!r}")
    return elapsed


def memory(pid: int) -> dict[str, float]:
    """The server's and its render processes' memory in MB: summed RSS, and PSS (shared pages counted once)."""
    import psutil

    processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    rss = pss = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return {"rss_mb": rss / 2**20, "pss_mb": pss / 2**20, "processes": len(processes)}


def cpu_seconds(pid: int) -> dict[str, float]:
    """CPU time used so far by the server process and by its render processes."""
    import psutil

    server = psutil.Process(pid)
    own = sum(server.cpu_times()[:2])
    workers = 0.0
    for child in server.children(recursive=True):
        try:
            workers += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return {"server": own, "workers": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=240, help="stop after this many kits")
    parser.add_argument("--seconds", type=float, default=90, help="stop after this long")
    parser.add_argument("--workers", type=int, default=None, help="render processes (default: the cores)")
    parser.add_argument("--letter-langs", default="nl,en", help="letter languages per kit, comma-separated")
    args = parser.parse_args()
    LETTER_LANGS[:] = args.letter_langs.split(",")

    port = free_port()
    command = [sys.executable, "-m", "kitgen", "serve", "--host", HOST, "--port", str(port), "--rate-limit", "0"]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")
                time.sleep(0.2)
        idle = memory(server.pid)
        warm_started = time.perf_counter()
        for i, (lesson, band) in enumerate(KITS):  # each kit's shared files made once, as a day's first teacher would
            fetch_kit(port, i, lesson, band, "nl")
        warm = time.perf_counter() - warm_started

        times: list[float] = []
        peak = dict(idle)
        lock, stop = threading.Lock(), threading.Event()
        counter = iter(range(args.requests))
        errors: list[str] = []

        def client() -> None:
            while not stop.is_set():
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                lesson, band = KITS[n % len(KITS)]
                try:
                    elapsed = fetch_kit(port, n, lesson, band, "nl")
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(str(exc))
                    stop.set()
                    return
                with lock:
                    times.append(elapsed)

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        cpu_before = cpu_seconds(server.pid)
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            if time.perf_counter() - started > args.seconds:
                stop.set()
            now = memory(server.pid)
            peak = {key: max(peak[key], now[key]) for key in peak}
            time.sleep(0.25)
        wall = time.perf_counter() - started
        cpu_after = cpu_seconds(server.pid)
        if errors:
            raise SystemExit(f"failed: {errors[0]}")
    finally:
        server.terminate()
        server.wait(30)

    cuts = statistics.quantiles(times, n=100)
    result = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cores": len(os.sched_getaffinity(0)),
        "clients": args.clients,
        "letter_langs": LETTER_LANGS,
        "kits": len(times),
        "warm_up_s": round(warm, 2),
        "p50_s": round(statistics.median(times), 3),
        "p95_s": round(cuts[94], 3),
        "max_s": round(max(times), 3),
        "kits_per_s": round(len(times) / wall, 1),
        # CPU seconds per kit, in the server process and in the render processes: what a kit costs
        # whatever else the machine is doing (cores / total is the most an idle machine can make per second)
        "cpu_s_per_kit": {k: round((cpu_after[k] - cpu_before[k]) / len(times), 4) for k in cpu_after},
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "memory_idle_mb": {k: round(v, 1) for k, v in idle.items()},
        "memory_peak_mb": {k: round(v, 1) for k, v in peak.items()},
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"web-{'-'.join(LETTER_LANGS)}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(
        f"p95 {result['p95_s']} s (target <= 1), {result['kits_per_s']} kits/s (target >= 10), "
        f"memory peak {peak['pss_mb']:.0f} MB PSS / {peak['rss_mb']:.0f} MB summed RSS (target <= 300)"
    )


if __name__ == "__main__":
    main()
