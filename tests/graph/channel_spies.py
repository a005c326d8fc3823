"""Watch or change what a store sends on its write channels (``CypherStore._channel``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graph.batch_writer import WriteChannel
from graph.cypher_store import CypherStore

Send = Callable[[Any], Callable[[], Any]]


def wrap_channels(
    store: CypherStore,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    wrap: Callable[[Send], Send],
) -> None:
    """Every channel ``store`` opens from now on sends ``method`` through ``wrap``."""
    open_channel = store._channel

    @contextlib.contextmanager
    def wrapped() -> Iterator[WriteChannel]:
        with open_channel() as channel:
            monkeypatch.setattr(channel, method, wrap(getattr(channel, method)))
            yield channel

    monkeypatch.setattr(store, "_channel", wrapped)


def record_sends(store: CypherStore, monkeypatch: pytest.MonkeyPatch, method: str) -> list[Any]:
    """What ``store`` sends with ``method`` (``read_soon``/``write_soon``) from now on."""
    sent: list[Any] = []

    def wrap(send: Send) -> Send:
        def recording(item: Any) -> Callable[[], Any]:
            sent.append(item)
            return send(item)

        return recording

    wrap_channels(store, monkeypatch, method, wrap)
    return sent
