"""docker/ is consistent with the code it deploys (no docker engine needed).

The compose file and Dockerfile cannot run here, so these tests check what would
break a deployment silently: a variable the settings do not know (ignored, so the
default wins), a Neo4j password the API and the database disagree on, a
healthcheck on the wrong port, a package or spaCy model the image leaves out.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from frontierkg.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker" / "docker-compose.yml"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"
APP_SERVICES = ("api", "ingest")
# ${NAME}, ${NAME:-default}, ${NAME:?message}
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def _compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _services() -> dict[str, Any]:
    services = _compose()["services"]
    assert isinstance(services, dict)
    return services


def _environment(service: str) -> dict[str, str]:
    env = _services()[service]["environment"]
    return {str(k): str(v) for k, v in env.items()}


def _settings_aliases() -> set[str]:
    aliases: set[str] = set()
    for field in Settings.model_fields.values():
        choices = getattr(field.validation_alias, "choices", ())
        aliases.update(str(choice) for choice in choices)
    return aliases


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def _check_names(names: set[str], where: str) -> None:
    fields = set(Settings.model_fields)
    aliases = {a for a in _settings_aliases() if a.startswith("NEO4J_")}
    for name in names:
        if name.startswith("FRONTIERKG_"):
            assert name.removeprefix("FRONTIERKG_").lower() in fields, (
                f"{where}: {name} is not a setting (frontierkg.settings.Settings)"
            )
        elif name.startswith("NEO4J_"):
            assert name in aliases, f"{where}: {name} is not one of {sorted(aliases)}"


def test_services_databases_and_dependencies() -> None:
    services = _services()

    assert set(services) == {"neo4j", "api", "ingest"}
    assert services["neo4j"]["image"] == "neo4j:5-community"
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["neo4j"]["condition"] == "service_healthy"
        assert services[name]["build"]["dockerfile"] == "docker/Dockerfile"
        assert (COMPOSE.parent / services[name]["build"]["context"]).resolve() == ROOT
    assert services["api"]["command"][:4] == ["frontierkg", "serve", "--host", "0.0.0.0"]
    assert {"/data", "/logs"} <= {v.split(":")[1] for v in services["neo4j"]["volumes"]}


def test_ingest_is_a_one_shot_job_over_a_mounted_folder() -> None:
    ingest = _services()["ingest"]

    assert ingest["profiles"] == ["ingest"]
    assert ingest["restart"] == "no"
    mount = next(v for v in ingest["volumes"] if ":/articles" in v)
    assert mount.endswith(":/articles:ro")
    assert ingest["command"] == ["frontierkg", "ingest", "/articles"]


def test_app_environment_names_are_settings_fields_or_aliases() -> None:
    for service in APP_SERVICES:
        env = _environment(service)
        _check_names(set(env), f"compose service {service}")
        assert env["FRONTIERKG_STORE"] == "neo4j"
        assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"} <= set(env)


def test_env_example_names_are_settings_fields_or_aliases() -> None:
    _check_names(set(_env_example()), ".env.example")


def test_every_interpolated_variable_is_documented_in_env_example() -> None:
    used = {m.group(1) for m in INTERPOLATION.finditer(COMPOSE.read_text("utf-8"))}

    assert used - set(_env_example()) == set()


def _resolve(value: str, given: dict[str, str]) -> str:
    """Compose interpolation: given value, else the ``:-`` default; ``:?`` must be given."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in given:
            return given[name]
        assert kind != "?", f"{name} is required but was not given"
        return rest or ""

    return INTERPOLATION.sub(one, value)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_environment_is_valid_production_settings(
    service: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in list(os.environ):
        if name.startswith(("FRONTIERKG_", "NEO4J_")):
            monkeypatch.delenv(name)
    given = {"NEO4J_PASSWORD": "a-long-test-password"}
    for name, value in _environment(service).items():
        monkeypatch.setenv(name, _resolve(value, given))

    settings = load_settings()

    assert settings.store == "neo4j"
    assert settings.environment == "production"
    assert settings.neo4j_uri == "neo4j://neo4j:7687"
    assert settings.neo4j_password.get_secret_value() == "a-long-test-password"


def test_database_and_api_share_the_credentials() -> None:
    auth = _environment("neo4j")["NEO4J_AUTH"]
    user, _, password = auth.partition("/")
    for service in APP_SERVICES:
        env = _environment(service)
        assert env["NEO4J_USER"] == user
        assert _resolve(env["NEO4J_PASSWORD"], {"NEO4J_PASSWORD": "pw"}) == _resolve(
            password, {"NEO4J_PASSWORD": "pw"}
        )
        assert env["NEO4J_URI"].endswith("://neo4j:7687")


def test_healthchecks_exist_and_the_api_one_asks_readyz_on_its_port() -> None:
    services = _services()
    for name in ("neo4j", "api"):
        assert services[name]["healthcheck"]["test"], name
    api = services["api"]
    port = _environment("api")["FRONTIERKG_API_PORT"]
    check = " ".join(api["healthcheck"]["test"])

    assert f"127.0.0.1:{port}/readyz" in check
    assert api["command"][api["command"].index("--port") + 1] == port
    assert any(p.endswith(f":{port}") for p in api["ports"])


def test_dockerfile_is_slim_non_root_with_model_and_readyz_healthcheck() -> None:
    text = DOCKERFILE.read_text("utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    model_pin = next(
        d for d in pyproject["project"]["dependencies"] if d.startswith("en-core-web-sm")
    )

    assert re.findall(r"^FROM (\S+)", text, re.M) == ["python:3.11-slim"] * 2
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert f'"{model_pin}"' in text
    assert re.search(r"^HEALTHCHECK .*\n?.*/readyz", text, re.M)


def test_image_copies_every_python_package_the_project_installs() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    packages = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    copied = set(re.findall(r"^COPY (\w+) \./", DOCKERFILE.read_text("utf-8"), re.M))

    assert packages <= copied
