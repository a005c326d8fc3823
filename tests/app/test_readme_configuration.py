"""Every setting is documented in the README's configuration table."""

from __future__ import annotations

from pathlib import Path

from frontierkg.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _variable_names(name: str) -> set[str]:
    field = Settings.model_fields[name]
    alias = field.validation_alias
    choices = getattr(alias, "choices", None)
    if choices:
        return {str(choice) for choice in choices}
    return {f"FRONTIERKG_{name.upper()}"}


def test_every_setting_appears_in_the_configuration_table() -> None:
    section = README.read_text("utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    undocumented = [
        name
        for name in Settings.model_fields
        if not any(f"`{variable}`" in section for variable in _variable_names(name))
    ]
    assert undocumented == []
