"""``frontierkg serve --workers N``: N processes answer, sharing one embedded store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float = 90.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"serve exited with {server.returncode}"
        try:
            if httpx.get(f"{base}/readyz", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("the API did not become ready")


def test_two_workers_serve_graphql_over_one_embedded_store(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "FRONTIERKG_DATA_DIR": str(tmp_path / "data"),
        "FRONTIERKG_ENVIRONMENT": "production",
    }
    command = [str(Path(sys.executable).parent / "frontierkg"), "serve", "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", "2"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server)
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(server.pid)
        assert len(workers) >= 2, workers
        for _ in range(6):  # the connections land on either worker
            body = httpx.post(
                f"{base}/graphql", json={"query": "{ stats { articles entities } }"}, timeout=10
            ).json()
            assert body == {"data": {"stats": {"articles": 0, "entities": 0}}}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
