"""The GraphQL context of one request: store, settings, fresh DataLoaders, API key check."""

from __future__ import annotations

import hmac
from typing import TypeAlias

import strawberry

from api.errors import ApiError, ErrorCode, bad_input, not_found
from api.ingestor import LazyIngestor
from api.loaders import Loaders
from frontierkg.settings import Settings
from graph.models import EntityRecord
from graph.read_steps import AsyncReader, ThreadReader
from graph.store import GraphStore

_MAX_ID_CHARS = 512


class Context:
    """Built per request by ``api.deps.context_from_request``; resolvers read ``info.context``."""

    def __init__(
        self,
        store: GraphStore,
        settings: Settings,
        api_key: str | None,
        ingestor: LazyIngestor | None = None,
        reader: AsyncReader | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.ingestor = ingestor or LazyIngestor(store, settings)
        #: Runs store reads from resolvers (``graph.read_steps``); writes use ``run_store``.
        self.reader: AsyncReader = reader or ThreadReader()
        self.loaders = Loaders(store, self.reader)
        self._api_key = api_key

    def require_api_key(self) -> None:
        """Refuse the operation unless the request carries one of the configured keys."""
        keys = self.settings.api_keys
        if not keys:
            raise ApiError(
                ErrorCode.FORBIDDEN,
                "mutations are disabled on this server: no API key is configured "
                "(set FRONTIERKG_API_KEYS to enable them)",
            )
        if not self._api_key:
            raise ApiError(
                ErrorCode.UNAUTHENTICATED,
                "this mutation needs an API key: send `Authorization: Bearer <key>` "
                "or `X-API-Key: <key>`",
            )
        presented = self._api_key.encode("utf-8")
        if not any(hmac.compare_digest(presented, k.get_secret_value().encode()) for k in keys):
            raise ApiError(
                ErrorCode.UNAUTHENTICATED,
                "the API key was not accepted: check it against FRONTIERKG_API_KEYS",
            )

    async def entity_record(self, entity_id: str, what: str = "id") -> EntityRecord:
        """The entity ``entity_id`` (checked, through the DataLoader) or ``NOT_FOUND``."""
        record = await self.loaders.entity.load(check_id(entity_id, what))
        if record is None:
            raise not_found(
                f"no entity with {what} {entity_id[:64]!r}: find ids with `search` or `entities`"
            )
        return record

    def page_size(self, first: int | None) -> int:
        """``first`` checked against the page-size limit (the default when omitted)."""
        if first is None:
            return self.settings.default_page_size
        if first < 0 or first > self.settings.max_page_size:
            raise bad_input(
                f"first={first} is out of range: ask for 0 to "
                f"{self.settings.max_page_size} items and page with `after`"
            )
        return first


def check_id(value: str, what: str = "id") -> str:
    """Refuse ids no stored record can have (empty, huge, control characters)."""
    if not value or len(value) > _MAX_ID_CHARS or any(ord(c) < 32 for c in value):
        raise bad_input(
            f"invalid {what} {value[:64]!r}: pass an id returned by this API "
            f"(non-empty, at most {_MAX_ID_CHARS} characters)"
        )
    return value


Info: TypeAlias = strawberry.Info[Context, None]

__all__ = ["Context", "Info", "check_id"]
