"""Store reads written once, run blocking or on an event loop without a thread.

The API serves requests on an event loop; a blocking store call there has to run in
a worker thread, and that hand-over (queue, wake-up, GIL hand-backs) cost more CPU
than decoding the reply itself: ~0.2-0.3 ms per call against ~0.45 ms for a whole
relation page read on the loop with an asyncio client (README "API benchmark").

A read that wants to be usable both ways is written as a generator method and
decorated with ``read_steps``: it yields each ``Statement`` it needs and receives
that statement's rows, then returns its result. The decorated method is an ordinary
blocking method (``store.get_entities(ids)``); an ``AsyncReader`` runs the same
generator with its own asynchronous round trips (``await reader.call(store.get_entities,
ids)``). Any other method given to a reader runs in a worker thread, so a caller never
needs to know which reads have steps.

Example:
    >>> from graph.statements import Statement
    >>> def read(statement):
    ...     return [{"n": len(statement.name)}]
    >>> def steps(name):
    ...     rows = yield Statement(name, "RETURN 1 AS n", {})
    ...     return rows[0]["n"]
    >>> run_steps(steps("four"), read)
    4
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from contextlib import asynccontextmanager
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import anyio.to_thread

from graph.statements import Statement

Row = dict[str, Any]
T = TypeVar("T")
P = ParamSpec("P")
S = TypeVar("S", bound="StepsRunner")

#: A read's steps: yields statements, is sent each one's rows, returns the result.
ReadSteps = Generator[Statement, list[Row], T]

_STEPS_ATTRIBUTE = "__read_steps__"


class StepsRunner(Protocol):
    """What a ``read_steps`` method's owner provides: a blocking way to run steps."""

    def _run_steps(self, steps: ReadSteps[T]) -> T: ...


def run_steps(steps: ReadSteps[T], read: Callable[[Statement], list[Row]]) -> T:
    """Run ``steps`` with the blocking ``read``; the read's result."""
    try:
        statement = next(steps)
        while True:
            statement = steps.send(read(statement))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def run_steps_async(
    steps: ReadSteps[T], read: Callable[[Statement], Awaitable[list[Row]]]
) -> T:
    """Run ``steps`` with the asynchronous ``read``; the read's result."""
    try:
        statement = next(steps)
        while True:
            statement = steps.send(await read(statement))
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def read_steps(method: Callable[Concatenate[S, P], ReadSteps[T]]) -> Callable[Concatenate[S, P], T]:
    """Turn a generator method into a blocking read that an ``AsyncReader`` can also run."""

    def blocking(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._run_steps(method(self, *args, **kwargs))

    functools.update_wrapper(blocking, method)
    setattr(blocking, _STEPS_ATTRIBUTE, method)
    return blocking


def steps_of(
    call: Callable[P, T], owner: object, *args: P.args, **kwargs: P.kwargs
) -> ReadSteps[T] | None:
    """The steps of ``call`` (a ``read_steps`` method bound to ``owner``), else None."""
    if getattr(call, "__self__", None) is not owner:
        return None
    method = getattr(getattr(call, "__func__", None), _STEPS_ATTRIBUTE, None)
    if method is None:
        return None
    steps: ReadSteps[T] = method(owner, *args, **kwargs)
    return steps


class AsyncReader(Protocol):
    """Runs a store's reads from async code (one reader per event loop)."""

    async def call(self, read: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``read(*args, **kwargs)`` without blocking the event loop."""
        ...


class ThreadReader:
    """Runs every read in a worker thread: the reader of a store with no async client."""

    async def call(self, read: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await anyio.to_thread.run_sync(functools.partial(read, *args, **kwargs))


class StepsReader(ThreadReader):
    """Runs ``owner``'s ``read_steps`` reads with the asynchronous ``read``.

    Any other call (a write, a read without steps, another object's method) runs in a
    worker thread, as ``ThreadReader`` runs it.
    """

    def __init__(self, owner: object, read: Callable[[Statement], Awaitable[list[Row]]]) -> None:
        self._owner = owner
        self._read = read

    async def call(self, read: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        steps = steps_of(read, self._owner, *args, **kwargs)
        if steps is None:
            return await super().call(read, *args, **kwargs)
        return await run_steps_async(steps, self._read)


@asynccontextmanager
async def thread_reader() -> AsyncIterator[AsyncReader]:
    """An ``AsyncReader`` context that needs nothing opened or closed."""
    yield ThreadReader()


__all__ = [
    "AsyncReader",
    "ReadSteps",
    "StepsReader",
    "ThreadReader",
    "read_steps",
    "run_steps",
    "run_steps_async",
    "steps_of",
    "thread_reader",
]
