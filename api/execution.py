"""Execute a query by a plan made once per operation, graphql-core's executor as fallback.

graphql-core decides, for every field of every object of a response, how to resolve and
complete it: a ``ResolveInfo``, a ``Path``, a resolver wrapper, the dispatch of
``complete_value`` on the field's type, an awaitable check. An entity page with 20
relations and their evidence is ~560 fields, and that per-field work was most of the
API's CPU. The decisions depend only on the operation and the schema, so
``PlannedExecutor`` takes them once per operation (the idea of graphql-jit, without
generating code) and keeps, per field, only what the data requires:

- an attribute read straight off the object (strawberry's default resolver) and, for a
  leaf, its scalar's or enum's own coercion;
- for a field with a resolver, its arguments (coerced once per request) and a
  ``ResolveInfo`` (resolvers may read it);
- for an object, interface or list, the completion of its type, chosen when planned.

Awaitable results (DataLoaders, ``async`` resolvers) are collected in a sync pass and
awaited together, then completed, until none is left: the same batching as
graphql-core's.

Only the happy path is planned. A query whose execution meets anything else (an error
raised by a resolver, ``None`` on a non-null field, a value a scalar refuses, a type
resolution that fails) is executed again from the start by graphql-core, so every error
response, its messages, paths and null propagation, is graphql-core's own; store reads
already made are in the request's DataLoaders. Mutations, subscriptions, operations
using ``@defer``/``@stream`` or fragment variables, and schemas with resolver middleware
are always executed by graphql-core. ``tests/api/test_execution.py`` compares responses
with graphql-core's on the API's queries and on a schema of edge cases, and checks that
the API's queries take the planned path.
"""

from __future__ import annotations

import contextlib
import logging
from asyncio import gather
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLAbstractType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    Visitor,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, Undefined, is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.direct_resolvers import strawberry_field
from api.document_cache import NodeCache

logger = logging.getLogger(__name__)


class _OffPlan(Exception):
    """The execution left the planned path: graphql-core executes the query instead."""


Info = GraphQLResolveInfo[Any]
#: ``complete(executor, value, path, info)``: the response value of a field's value
#: (``info``: the field's, when its completion resolves or checks a type, else maybe None).
Completer = Callable[["PlannedExecutor", Any, Path, Info | None], Any]

_LEAF, _TYPENAME, _ATTRIBUTE, _RESOLVED = range(4)


@dataclass(slots=True, eq=False)
class FieldStep:
    """One response field of a selection on a concrete type: how to produce its value."""

    kind: int
    name: str  # response name
    attribute: str  # python attribute (_LEAF, _ATTRIBUTE), or the type name (_TYPENAME)
    parent_type: GraphQLObjectType
    nodes: list[FieldNode]
    nullable: bool = True
    field_def: GraphQLField | None = None
    coerce: Callable[[Any], Any] | None = None  # _LEAF
    complete: Completer | None = None  # _ATTRIBUTE, _RESOLVED
    resolve: Callable[..., Any] | None = None  # _RESOLVED
    has_arguments: bool = False  # _RESOLVED
    needs_info: bool = False  # _RESOLVED, or an _ATTRIBUTE whose completion checks a type


@dataclass(slots=True, eq=False)
class SelectionPlan:
    """A selection set on one concrete object type; its steps are planned on first use."""

    object_type: GraphQLObjectType
    field_details: FieldDetailsList | None  # None: the operation's root selection
    steps: list[FieldStep] | None = None


@dataclass(slots=True, eq=False)
class OperationPlan:
    """The plans of one operation, per value of the variables its directives read."""

    schema: GraphQLSchema
    directive_variables: tuple[str, ...]
    roots: dict[tuple[Any, ...], SelectionPlan | None] = field(default_factory=dict)


class PlannedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Queries executed by their operation's plan; everything else by graphql-core."""

    _pending: list[tuple[Any, Completer, Any, Any, Path, Info | None]]
    _arguments: dict[int, dict[str, Any]]
    #: Whether this execution's response came from the plan (tests read it).
    planned: bool = False

    def execute_operation(
        self, serially: bool | None = None
    ) -> AwaitableOrValue[Any]:  # ExecutionResult, or an awaitable of it
        try:
            root = self._root_plan() if serially is None else None
        except Exception:  # noqa: BLE001 -- e.g. an unhashable directive value; graphql-core decides
            root = None
        if root is None:
            return super().execute_operation(serially)
        self._pending = []
        self._arguments = {}
        try:
            data = _execute_selection(self, root, self.root_value, None)
        except Exception as error:  # noqa: BLE001 -- graphql-core reports it
            return self._execute_off_plan(error)
        if self._pending:
            return self._settle(data)
        return self._planned_response(data)

    async def _settle(self, data: dict[str, Any]) -> Any:
        """Await the pending values, complete them, repeat; the response."""
        pending = self._pending
        try:
            while pending:
                batch = pending[:]
                pending.clear()
                values = await gather(*(entry[0] for entry in batch), return_exceptions=True)
                for (_, complete, container, key, path, info), value in zip(
                    batch, values, strict=True
                ):
                    if isinstance(value, BaseException):
                        raise _OffPlan(repr(value)) from value
                    container[key] = complete(self, value, path, info)
        except Exception as error:  # noqa: BLE001 -- graphql-core reports it
            result = self._execute_off_plan(error)
            return await result if self.is_awaitable(result) else result
        return self._planned_response(data)

    def _planned_response(self, data: dict[str, Any]) -> Any:
        self.planned = True
        return self.finish(self.build_response(data))

    def _execute_off_plan(self, error: Exception) -> AwaitableOrValue[Any]:
        """graphql-core's execution of the whole operation, after the plan was left."""
        if self._pending:
            self.settle_in_background([entry[0] for entry in self._pending])
            self._pending.clear()
        logger.debug("query executed off plan: %r", error)
        return super().execute_operation()

    def build_response(self, data: dict[str, Any] | None) -> Any:
        """The response; once it is complete, the executor's reference cycle is broken.

        graphql-core's executor refers to itself (``async_helpers`` holds two of its
        bound methods), so it, the request context and everything the request read
        would be freed only by the garbage collector, in pauses of tens of ms under
        load. Nothing uses the helpers once the response is built (an incremental
        response, still running, keeps them).
        """
        response = super().build_response(data)
        if isinstance(response, ExecutionResult):
            self.async_helpers = None  # type: ignore[assignment]
        return response

    # ------------------------------------------------------------ planning

    def _root_plan(self) -> SelectionPlan | None:
        """The plan of this query's root selection, or None when it must not be planned."""
        operation = self.operation
        if operation.operation is not OperationType.QUERY or self.abort_signal is not None:
            return None
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            return None
        plan = _operation_plan(self.schema, operation, self.fragment_definitions.values())
        coerced = self.variable_values.coerced
        key = tuple(coerced.get(name) for name in plan.directive_variables)
        if key in plan.roots:
            return plan.roots[key]
        root_type = self.schema.get_root_type(OperationType.QUERY)
        root: SelectionPlan | None = None
        if root_type is not None:
            collected = collect_fields(
                self.schema,
                self.fragments,
                self.variable_values,
                root_type,
                operation,
                self.hide_suggestions,
            )
            if not collected.new_defer_usages:
                with contextlib.suppress(_OffPlan):
                    steps = self._plan_steps(root_type, collected.grouped_field_set)
                    root = SelectionPlan(root_type, None, steps)
        plan.roots[key] = root
        return root

    def plan_selection(self, plan: SelectionPlan) -> list[FieldStep]:
        """The steps of a nested selection, planned on its first use."""
        assert plan.field_details is not None
        collected = collect_subfields(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            plan.object_type,
            plan.field_details,
            self.hide_suggestions,
        )
        if collected.new_defer_usages:
            raise _OffPlan("@defer")
        plan.steps = self._plan_steps(plan.object_type, collected.grouped_field_set)
        return plan.steps

    def _plan_steps(
        self, object_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]
    ) -> list[FieldStep]:
        steps = []
        for name, details in grouped.items():
            step = self._plan_field(object_type, name, details)
            if step is not None:
                steps.append(step)
        return steps

    def _plan_field(
        self, parent_type: GraphQLObjectType, name: str, details: FieldDetailsList
    ) -> FieldStep | None:
        first = details[0]
        if first.fragment_variable_values is not None:
            raise _OffPlan("fragment variables")
        field_name = first.node.name.value
        nodes = [detail.node for detail in details]
        if field_name == "__typename":
            return FieldStep(_TYPENAME, name, parent_type.name, parent_type, nodes)
        field_def = self.schema.get_field(parent_type, field_name)
        if field_def is None:
            return None  # graphql-core leaves it out too
        return_type = field_def.type
        nullable = not is_non_null_type(return_type)
        named = get_nullable_type(return_type)
        attribute = _plain_attribute(field_def)
        if attribute is not None and is_leaf_type(named):
            coerce = named.coerce_output_value
            return FieldStep(
                _LEAF, name, attribute, parent_type, nodes, nullable, field_def, coerce=coerce
            )
        complete = completer(return_type, details)
        if attribute is not None:
            needs_info = _needs_info(return_type)
            return FieldStep(
                _ATTRIBUTE, name, attribute, parent_type, nodes, nullable, field_def,
                complete=complete, needs_info=needs_info,
            )  # fmt: skip
        return FieldStep(
            _RESOLVED, name, field_name, parent_type, nodes, nullable, field_def,
            complete=complete,
            resolve=field_def.resolve or self.field_resolver,
            has_arguments=bool(field_def.args or first.node.arguments),
            needs_info=True,
        )  # fmt: skip

    # ------------------------------------------------------------ per request

    def arguments(self, step: FieldStep) -> dict[str, Any]:
        """The field's coerced arguments; the same for every object of this request."""
        key = id(step)
        values = self._arguments.get(key)
        if values is None:
            assert step.field_def is not None
            values = get_argument_values(
                step.field_def, step.nodes[0], self.variable_values, None, self.hide_suggestions
            )
            self._arguments[key] = values
        return values

    def defer(
        self,
        value: Any,
        complete: Completer,
        container: Any,
        key: Any,
        path: Path,
        info: Info | None,
    ) -> None:
        """Complete ``value``, an awaitable, into ``container[key]`` once awaited.

        The caller puts a placeholder at ``key`` first: it keeps the response's order.
        """
        self._pending.append((value, complete, container, key, path, info))

    def info(self, step: FieldStep, path: Path) -> Info:
        assert step.field_def is not None
        return self.build_resolve_info(step.field_def, step.nodes, step.parent_type, path)


def _execute_selection(
    executor: PlannedExecutor, plan: SelectionPlan, source: Any, path: Path | None
) -> dict[str, Any]:
    """The response object of ``source`` for ``plan`` (the hot loop of the module)."""
    steps = plan.steps
    if steps is None:
        steps = executor.plan_selection(plan)
    result: dict[str, Any] = {}
    type_name = plan.object_type.name
    for step in steps:
        kind = step.kind
        name = step.name
        if kind == _LEAF:
            value = getattr(source, step.attribute)
            if value is None:
                if not step.nullable:
                    raise _OffPlan(f"None on non-null {type_name}.{name}")
                result[name] = None
                continue
            coerced = step.coerce(value)  # type: ignore[misc]
            if coerced is None or coerced is Undefined:
                raise _OffPlan(f"{type_name}.{name} refused {value!r}")
            result[name] = coerced
            continue
        if kind == _TYPENAME:
            result[name] = step.attribute
            continue
        field_path = Path(path, name, type_name)
        info: Info | None = None
        if kind == _ATTRIBUTE:
            value = getattr(source, step.attribute)
            if step.needs_info:
                info = executor.info(step, field_path)
        else:
            info = executor.info(step, field_path)
            arguments = executor.arguments(step) if step.has_arguments else {}
            value = step.resolve(source, info, **arguments)  # type: ignore[misc]
        if executor.is_awaitable(value):
            result[name] = None
            executor.defer(value, step.complete, result, name, field_path, info)  # type: ignore[arg-type]
            continue
        result[name] = step.complete(executor, value, field_path, info)  # type: ignore[misc]
    return result


# ---------------------------------------------------------------- completers


def completer(return_type: GraphQLOutputType, details: FieldDetailsList) -> Completer:
    """How a value of ``return_type`` is completed, chosen once."""
    nullable = not is_non_null_type(return_type)
    named = get_nullable_type(return_type)
    if is_leaf_type(named):
        return _leaf_completer(named.coerce_output_value, nullable)
    if is_list_type(named):
        return _list_completer(completer(named.of_type, details), nullable)
    if is_object_type(named):
        return _object_completer(SelectionPlan(named, details), nullable)
    if is_abstract_type(named):
        return _abstract_completer(named, details, nullable)
    raise _OffPlan(f"type {named}")


def _leaf_completer(coerce: Callable[[Any], Any], nullable: bool) -> Completer:
    def complete(_executor: PlannedExecutor, value: Any, _path: Path, _info: Info | None) -> Any:
        if value is None:
            if nullable:
                return None
            raise _OffPlan("None on a non-null leaf")
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _OffPlan(f"refused {value!r}")
        return coerced

    return complete


def _list_completer(complete_item: Completer, nullable: bool) -> Completer:
    def complete(executor: PlannedExecutor, value: Any, path: Path, info: Info | None) -> Any:
        if value is None:
            if nullable:
                return None
            raise _OffPlan("None on a non-null list")
        if type(value) is not list and type(value) is not tuple:
            if not is_iterable(value):
                raise _OffPlan(f"not a list: {value!r}")
            value = list(value)
        is_awaitable = executor.is_awaitable
        items: list[Any] = []
        for index, item in enumerate(value):
            item_path = path.add_key(index, None)
            if is_awaitable(item):
                items.append(None)
                executor.defer(item, complete_item, items, index, item_path, info)
                continue
            items.append(complete_item(executor, item, item_path, info))
        return items

    return complete


def _object_completer(plan: SelectionPlan, nullable: bool) -> Completer:
    is_type_of = plan.object_type.is_type_of

    def complete(executor: PlannedExecutor, value: Any, path: Path, info: Info | None) -> Any:
        if value is None:
            if nullable:
                return None
            raise _OffPlan("None on a non-null object")
        if is_type_of is not None:
            assert info is not None  # FieldStep.needs_info
            if is_type_of(value, info) is not True:
                raise _OffPlan(f"not a {plan.object_type.name}: {value!r}")
        return _execute_selection(executor, plan, value, path)

    return complete


def _abstract_completer(
    abstract_type: GraphQLAbstractType, details: FieldDetailsList, nullable: bool
) -> Completer:
    plans: dict[str, SelectionPlan] = {}

    def complete(executor: PlannedExecutor, value: Any, path: Path, info: Info | None) -> Any:
        if value is None:
            if nullable:
                return None
            raise _OffPlan("None on a non-null abstract value")
        assert info is not None  # FieldStep.needs_info
        resolve_type = abstract_type.resolve_type or executor.type_resolver
        type_name = resolve_type(value, info, abstract_type)
        if not isinstance(type_name, str):
            raise _OffPlan(f"{abstract_type} resolved to {type_name!r}")
        plan = plans.get(type_name)
        if plan is None:
            plan = _runtime_plan(executor.schema, abstract_type, type_name, details)
            plans[type_name] = plan
        is_type_of = plan.object_type.is_type_of
        if is_type_of is not None and is_type_of(value, info) is not True:
            raise _OffPlan(f"not a {type_name}: {value!r}")
        return _execute_selection(executor, plan, value, path)

    return complete


def _runtime_plan(
    schema: GraphQLSchema,
    abstract_type: GraphQLAbstractType,
    type_name: str,
    details: FieldDetailsList,
) -> SelectionPlan:
    """The plan of a value of ``abstract_type`` resolved to ``type_name``, once checked."""
    runtime_type = schema.get_type(type_name)
    if not isinstance(runtime_type, GraphQLObjectType) or not schema.is_sub_type(
        abstract_type, runtime_type
    ):
        raise _OffPlan(f"{abstract_type} resolved to {type_name!r}")
    return SelectionPlan(runtime_type, details)


# ---------------------------------------------------------------- helpers


def _plain_attribute(field_def: GraphQLField) -> str | None:
    """The Python attribute a field reads with strawberry's default resolver, if it does."""
    resolve = field_def.resolve
    if resolve is None or not getattr(resolve, "_is_default", False) or field_def.args:
        return None
    definition = strawberry_field(field_def)
    if definition is None or definition.default_resolver is not getattr:
        return None
    return definition.python_name


def _needs_info(return_type: GraphQLOutputType) -> bool:
    """Whether completing a value of ``return_type`` calls a type's resolver or check."""
    named = get_nullable_type(return_type)
    while is_list_type(named):
        named = get_nullable_type(named.of_type)
    if is_abstract_type(named):
        return True
    return is_object_type(named) and named.is_type_of is not None


#: Plans by operation node. An operation lives as long as its parsed document is cached
#: (``api.document_cache``); its entry goes with it.
_PLANS: NodeCache[OperationPlan] = NodeCache()


def _operation_plan(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Iterable[Any]
) -> OperationPlan:
    plan = _PLANS.get([operation])
    if plan is None or plan.schema is not schema:
        plan = OperationPlan(schema, _directive_variables(operation, fragments))
        _PLANS.put([operation], plan)
    return plan


def _directive_variables(
    operation: OperationDefinitionNode, fragments: Iterable[Any]
) -> tuple[str, ...]:
    """Names of the variables read by directives (``@skip(if: $x)``): they change the plan."""
    collector = _DirectiveVariables()
    for node in (operation, *fragments):
        visit(node, collector)
    return tuple(sorted(collector.names))


class _DirectiveVariables(Visitor):
    """Collects the names of the variables inside directives."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.depth = 0

    def enter_directive(self, *_: Any) -> None:
        self.depth += 1

    def leave_directive(self, *_: Any) -> None:
        self.depth -= 1

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        if self.depth:
            self.names.add(node.name.value)


__all__ = ["FieldStep", "OperationPlan", "PlannedExecutor", "SelectionPlan", "completer"]
