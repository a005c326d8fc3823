"""Invalid settings fail with the variable's name and the allowed values."""

from __future__ import annotations

import pytest

from frontierkg.errors import ConfigurationError
from frontierkg.settings import load_settings


def test_invalid_store_names_variable_and_allowed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTIERKG_STORE", "postgres")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert "FRONTIERKG_STORE" in message
    assert "'embedded'" in message and "'neo4j'" in message


def test_neo4j_store_needs_a_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("FRONTIERKG_STORE", "neo4j")
    with pytest.raises(ConfigurationError, match="NEO4J_URI"):
        load_settings()


def test_production_refuses_default_neo4j_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTIERKG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "neo4j://db:7687")
    monkeypatch.setenv("FRONTIERKG_ENVIRONMENT", "production")
    monkeypatch.setenv("NEO4J_PASSWORD", "neo4j")
    with pytest.raises(ConfigurationError, match="NEO4J_PASSWORD"):
        load_settings()


def test_production_turns_graphiql_and_introspection_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTIERKG_ENVIRONMENT", "production")
    settings = load_settings()
    assert not settings.graphiql_enabled
    assert not settings.introspection_enabled


def test_production_refuses_introspection_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTIERKG_ENVIRONMENT", "production")
    monkeypatch.setenv("FRONTIERKG_INTROSPECTION", "true")
    with pytest.raises(ConfigurationError, match="INTROSPECTION"):
        load_settings()


def test_neo4j_password_is_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    settings = load_settings()
    assert "s3cret-value" not in repr(settings)
    assert settings.neo4j_password.get_secret_value() == "s3cret-value"
