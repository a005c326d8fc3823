"""``api.enum_output``: enum members serialize to the names strawberry's scan gives."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.schema.schema_converter import CustomGraphQLEnumType

from api.schema import build_schema
from frontierkg.settings import load_settings


def _enum_types() -> list[CustomGraphQLEnumType]:
    schema = build_schema(load_settings(environment="development"))
    types = [t for t in schema._schema.type_map.values() if isinstance(t, CustomGraphQLEnumType)]
    assert {t.name for t in types} >= {"EntityType", "Predicate", "Direction"}
    return types


@pytest.mark.parametrize("enum_type", _enum_types(), ids=lambda t: t.name)
def test_every_member_serializes_as_strawberry_does(enum_type: CustomGraphQLEnumType) -> None:
    assert "coerce_output_value" in vars(enum_type)  # the lookup is installed
    members: list[Any] = list(enum_type.wrapped_cls)
    for member in members * 2:
        expected = CustomGraphQLEnumType.coerce_output_value(enum_type, member)
        assert enum_type.coerce_output_value(member) == expected
        assert enum_type.serialize(member) == expected
        # a plain value equal to a member takes strawberry's path, with its answer
        plain = member.value
        assert enum_type.coerce_output_value(plain) == CustomGraphQLEnumType.coerce_output_value(
            enum_type, plain
        )


@pytest.mark.parametrize("enum_type", _enum_types(), ids=lambda t: t.name)
def test_values_of_no_member_are_refused_as_before(enum_type: CustomGraphQLEnumType) -> None:
    with pytest.raises(Exception) as ours:
        enum_type.coerce_output_value("NOT A MEMBER")
    with pytest.raises(Exception) as theirs:
        CustomGraphQLEnumType.coerce_output_value(enum_type, "NOT A MEMBER")
    assert type(ours.value) is type(theirs.value)
    assert str(ours.value) == str(theirs.value)
