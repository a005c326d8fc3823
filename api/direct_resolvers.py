"""Call plain strawberry resolvers directly, without strawberry's per-call wrapper.

For every field with a resolver, strawberry installs a wrapper that, on each call,
builds its ``Info``, converts the arguments (input types, enums, custom scalars, field
extensions' ``map_arguments``), runs field extensions and exception handlers, and only
then calls the resolver. On an entity page that is ~60 calls (each relation's
``subject``, ``object`` and ``evidence``): 0.2-0.4 ms of CPU (README "API benchmark"),
for fields that need none of it.

``install_direct_resolvers`` replaces the wrapper of each field that needs none of it:
no field extensions (permissions are extensions), no exception handlers in the schema,
not a subscription, and arguments only of types strawberry passes through unchanged
(``int``, ``float``, ``str``, ``bool``, ``ID`` and their optionals). The direct resolver
does what the wrapper would do for such a field: the same ``Info`` object, arguments
renamed to the resolver's parameter names, the source as ``self``/``root``/``parent``.
``tests/api/test_execution.py`` compares responses with and without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

#: Argument types strawberry's argument conversion returns unchanged.
_PASS_THROUGH: tuple[Any, ...] = (int, float, str, bool, strawberry.ID)


def _passes_through(annotation: Any) -> bool:
    if type(annotation) is StrawberryOptional:  # not its subclass Maybe: wrapped in Some
        annotation = annotation.of_type
    return any(annotation is kind for kind in _PASS_THROUGH)


def direct_resolver(field: StrawberryField, schema: strawberry.Schema) -> Callable[..., Any] | None:
    """The direct resolver of ``field``, or None when it needs strawberry's wrapper."""
    resolver = field.base_resolver
    if resolver is None or field.extensions or field.is_subscription:
        return None
    if not all(_passes_through(argument.type) for argument in field.arguments):
        return None
    convert_name = schema.config.name_converter.from_argument
    names = tuple((convert_name(a), a.python_name) for a in field.arguments)
    function = resolver.wrapped_func
    if not callable(function):  # strawberry raises its own error when it is called
        return None
    info_class = schema.config.info_class
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    source_names = [
        parameter.name
        for parameter in (resolver.root_parameter, resolver.parent_parameter)
        if parameter is not None
    ]
    pass_self = resolver.self_parameter is not None

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        kwargs = {python: arguments[graphql] for graphql, python in names if graphql in arguments}
        for name in source_names:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=field)
        return function(source, **kwargs) if pass_self else function(**kwargs)

    return resolve


def install_direct_resolvers(schema: strawberry.Schema) -> int:
    """Give each eligible field of ``schema`` its direct resolver; how many got one.

    Nothing is installed when the schema has exception handlers (strawberry matches
    them per field inside its wrapper) or when this strawberry version does not expose
    what the check reads.
    """
    if getattr(schema.schema_converter, "exception_handlers", None) != ():
        return 0
    installed = 0
    for named_type in schema._schema.type_map.values():
        if not isinstance(named_type, GraphQLObjectType) or named_type.name.startswith("__"):
            continue
        for field_def in named_type.fields.values():
            resolve = _direct_for(field_def, schema)
            if resolve is not None:
                field_def.resolve = resolve
                installed += 1
    return installed


def strawberry_field(field_def: GraphQLField) -> StrawberryField | None:
    """The strawberry field a graphql-core field was converted from, if it was."""
    definition = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return definition if isinstance(definition, StrawberryField) else None


def _direct_for(field_def: GraphQLField, schema: strawberry.Schema) -> Callable[..., Any] | None:
    definition = strawberry_field(field_def)
    return direct_resolver(definition, schema) if definition is not None else None


__all__ = ["direct_resolver", "install_direct_resolvers", "strawberry_field"]
