"""The load phase of `make bench`: the portal under gunicorn (gunicorn.conf.py, 2 workers, the
bench's production settings, 127.0.0.1 only), concurrent clients for a bounded time on each page,
next to the same load on the bare view (bench/urls.py) rendering a page of the same size.

Each target gets `clients` threads for `seconds`, each thread sending one request after another
(a new connection each time, as gunicorn's sync workers close them): requests per second,
p50/p95/p99 latency and errors (anything but a 200, or no answer).
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, started and stopped by the bench (its own process group)."""

    def __init__(self, scale: float, workers: int = 2):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_SCALE": repr(scale),
            "PYTHONPATH": str(ROOT),
        }
        self.log = open(ROOT / "bench" / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own server, our own arguments
            [
                str(gunicorn),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "charter_portal.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped; see bench/gunicorn.log")
            try:
                status, _size, _seconds = request(self.port, path, {})
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer {path} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def request(port: int, path: str, headers: dict) -> tuple[int, int, float]:
    """One GET: (status, body size, seconds)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Accept": "text/html,application/json", **headers})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body), time.perf_counter() - started
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, -(-int(share * 1000) * len(ordered) // 1000) - 1)]


def hammer(port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    """`clients` threads requesting `path` for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop_at:
            try:
                status, _size, took = request(port, path, headers)
            except OSError as error:
                with lock:
                    errors.append(type(error).__name__)
                continue
            with lock:
                if status == 200:
                    latencies.append(took)
                else:
                    errors.append(str(status))

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = len(latencies)
    return {
        "path": path,
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": done,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "per_second": round(done / elapsed, 1) if elapsed else 0.0,
        "p50": round(statistics.median(latencies), 4) if latencies else None,
        "p95": round(percentile(latencies, 0.95), 4) if latencies else None,
        "p99": round(percentile(latencies, 0.99), 4) if latencies else None,
    }
