"""What GitHub checks before it executes a GraphQL request, against GitHub's real public schema.

The GitHub double resolves data with a small hand-written executor; this module stands in front
of it. A document is parsed and validated by graphql-core against GitHub's schema
(``tests/github_schema/schema.graphql.gz``, from the npm package ``@octokit/graphql-schema``) with
every standard rule, the request's variables are coerced against the chosen operation's
definitions, and the operation is held to GitHub's node limit (``graphql_cost.py``, which also
counts its rate-limit cost). A request GitHub would refuse is answered as GitHub answers it:
HTTP 200, ``{"errors": [...]}`` and no ``data``, each error in the words and extension codes of GitHub's
server (graphql-ruby). A document that passes here but names a field the double does not serve
is then the double's gap, never a mistake of the App's.
"""

from __future__ import annotations

import copy
import functools
import gzip
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from graphql import (
    ArgumentNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    Node,
    ObjectFieldNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    Visitor,
    build_schema,
    get_named_type,
    is_non_null_type,
    parse,
    print_ast,
    type_from_ast,
    validate,
    visit,
)
from graphql.execution.values import get_variable_values
from graphql.utilities import validate_input_value
from graphql.validation import specified_rules

from tests.github_double.graphql_cost import QueryCost, node_limit_error, query_cost

SCHEMA_FILE = Path(__file__).parent.parent / "github_schema" / "schema.graphql.gz"


@functools.cache
def github_schema() -> GraphQLSchema:
    """GitHub's GraphQL schema, built once per process (its 1.2 MB of SDL take most of a second)."""
    sdl = gzip.decompress(SCHEMA_FILE.read_bytes()).decode()
    # graphql-core calls GitHub's SDL invalid where GitHub's own server does not (two fields are
    # defined twice; some implementations are deprecated where their interface's field is not):
    # take the schema as GitHub serves it.
    return build_schema(sdl, assume_valid=True, assume_valid_sdl=True)


class Verdict(NamedTuple):
    """GitHub's errors for a request it refuses ([] when it executes it), the coerced variables, and
    what the request costs (counted once its variables are known)."""

    errors: list[dict[str, Any]]
    variables: dict[str, Any]
    cost: QueryCost = QueryCost()


def check_request(query: str, variables: dict[str, Any], operation_name: str | None) -> Verdict:
    """Parse, validate, coerce and count one request as GitHub does before executing anything."""
    checked = _checked_document(query)
    if checked.errors:
        return Verdict(copy.deepcopy(checked.errors), variables)
    if operation_name:
        definitions = checked.variables.get(operation_name)
    else:  # the only operation, if there is one
        definitions = next(iter(checked.variables.values())) if len(checked.variables) == 1 else None
    if definitions is None:  # no such operation, or several and no name: the executor says which
        return Verdict([], variables)
    schema = github_schema()
    coerced = get_variable_values(schema, definitions, variables)
    if isinstance(coerced, list):
        return Verdict(_variable_errors(schema, coerced, variables), variables)
    values = dict(coerced.coerced)
    assert checked.document is not None  # it has operations, so it passed validation
    cost = query_cost(schema, checked.document, operation_name, values)
    refusal = node_limit_error(cost)
    return Verdict([refusal] if refusal else [], values, cost)


class _Checked(NamedTuple):
    errors: list[dict[str, Any]]  # GitHub's errors for the document itself
    variables: dict[str | None, tuple[VariableDefinitionNode, ...]]  # operation name -> its variables
    document: DocumentNode | None = None  # parsed, when it passed validation


@functools.lru_cache(maxsize=64)  # the App's fixed documents stay; its 100-file queries come and go
def _checked_document(query: str) -> _Checked:
    """GitHub's errors for a document, and each operation's variable definitions. Cached, for tests
    send the same documents again and again and validating a 100-file query takes tens of
    milliseconds; callers copy the errors."""
    try:
        document = parse(query, allow_empty_selection_sets=False)
    except GraphQLError as err:
        return _Checked([{"message": err.message, "locations": _locations(err)}], {})
    schema = github_schema()
    if validate(schema, document):
        return _Checked(_validation_errors(schema, document), {})
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return _Checked([], {o.name.value if o.name else None: tuple(o.variable_definitions or ()) for o in ops},
                    document)


def document_errors(query: str) -> list[dict[str, Any]]:
    """GitHub's errors for a document alone (syntax and validation, no variables); [] when valid."""
    return copy.deepcopy(_checked_document(query).errors)


def _locations(err: GraphQLError) -> list[dict[str, int]]:
    return [{"line": loc.line, "column": loc.column} for loc in err.locations or []]


# --------------------------------------------------------------------------- variables


def _variable_errors(schema: GraphQLSchema, errors: list[GraphQLError], variables: dict[str, Any]) -> list[dict]:
    """One error per invalid variable, as GitHub words it: ``Variable $n of type Int! was provided
    invalid value[ for <path> (<explanation>)]`` with the value and every problem in extensions."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for err in errors:
        node = err.nodes[0] if err.nodes else None
        if not isinstance(node, VariableDefinitionNode):
            out.append({"message": err.message, "locations": _locations(err)})
            continue
        name = node.variable.name.value
        if name in seen:
            continue
        seen.add(name)
        problems: list[dict[str, Any]] = []
        var_type = type_from_ast(schema, node.type)
        if name not in variables and var_type is not None and is_non_null_type(var_type):
            problems.append({"path": [], "explanation": "Expected value to not be null"})
        elif var_type is not None:
            validate_input_value(
                variables.get(name), var_type,  # type: ignore[arg-type]
                lambda e, path, found=problems: found.append({"path": list(path), "explanation": e.message}),
            )
        placed = [p for p in problems if p["path"]]
        detail = " for " + ", ".join(f"{'.'.join(map(str, p['path']))} ({p['explanation']})" for p in placed)
        out.append({
            "message": f"Variable ${name} of type {print_ast(node.type)} was provided invalid value"
            + (detail if placed else ""),
            "locations": _locations(err),
            "extensions": {"value": variables.get(name), "problems": problems},
        })
    return out


# --------------------------------------------------------------------------- validation


class _Where(Visitor):
    """Where each node of a document sits: its ancestors, and for arguments and input-object
    fields their owner and expected type. Built only for documents GitHub refuses."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        super().__init__()
        self.parents: dict[int, tuple[Node, ...]] = {}
        self.owners: dict[int, tuple[str, str, str]] = {}  # id(argument) -> (kind, owner name, expected type)
        self.schema = schema
        self.type_info = TypeInfo(schema)
        visit(document, TypeInfoVisitor(self.type_info, self))

    def enter(self, node: Node, key: Any, parent: Any, path: Any, ancestors: list[Any]) -> None:
        chain = tuple(a for a in (*ancestors, parent) if isinstance(a, Node))  # `ancestors` stops above `parent`
        self.parents[id(node)] = chain
        expected = self.type_info.get_input_type()
        shown = str(expected) if expected is not None else "?"
        if isinstance(node, ArgumentNode) and chain:
            owner = chain[-1]
            if isinstance(owner, FieldNode):
                self.owners[id(node)] = ("Field", (owner.alias or owner.name).value, shown)
            elif isinstance(owner, DirectiveNode):
                self.owners[id(node)] = ("Directive", owner.name.value, shown)
        elif isinstance(node, ObjectFieldNode):
            parent_type = self.type_info.get_parent_input_type()
            owner_name = get_named_type(parent_type).name if parent_type is not None else "?"
            self.owners[id(node)] = ("InputObject", owner_name, shown)

    def argument(self, node: Node) -> ArgumentNode | ObjectFieldNode | None:
        """The innermost argument or input-object field that ``node`` is, or is inside of."""
        for n in (node, *reversed(self.parents.get(id(node), ()))):
            if isinstance(n, (ArgumentNode, ObjectFieldNode)):
                return n
        return None

    def field(self, node: Node) -> FieldNode | None:
        for n in (node, *reversed(self.parents.get(id(node), ()))):
            if isinstance(n, FieldNode):
                return n
        return None

    def path(self, node: Node | None) -> list[str]:
        """GitHub's ``path`` of a validation error: operation, fields (by alias), fragments, arguments."""
        if node is None:
            return []
        out = []
        for n in (*self.parents.get(id(node), ()), node):
            if isinstance(n, OperationDefinitionNode):
                out.append(n.operation.value + (f" {n.name.value}" if n.name else ""))
            elif isinstance(n, FragmentDefinitionNode):
                out.append(f"fragment {n.name.value}")
            elif isinstance(n, FieldNode):
                out.append((n.alias or n.name).value)
            elif isinstance(n, InlineFragmentNode):
                out.append(f"... on {n.type_condition.name.value}" if n.type_condition else "...")
            elif isinstance(n, (ArgumentNode, ObjectFieldNode)):
                out.append(n.name.value)
        return out


def _bare(type_text: str) -> str:
    """The named type of a type reference: ``[String!]!`` -> ``String``."""
    return type_text.strip("[]!")


_Said = tuple[str, dict[str, Any]]  # GitHub's message and extensions
_Say = Callable[[re.Match[str], GraphQLError, _Where], _Said | None]
_WORDS: dict[str, list[tuple[re.Pattern[str], _Say]]] = {}


def _says(rule: str, pattern: str) -> Callable[[_Say], _Say]:
    """Register how GitHub words what graphql-core's ``rule`` reports as ``pattern``."""

    def deco(fn: _Say) -> _Say:
        _WORDS.setdefault(rule, []).append((re.compile(pattern), fn))
        return fn

    return deco


def _validation_errors(schema: GraphQLSchema, document: DocumentNode) -> list[dict[str, Any]]:
    """Every error of a document GitHub refuses, rule by rule, in GitHub's words."""
    where = _Where(schema, document)
    out: list[dict[str, Any]] = []
    missing_args: dict[int, dict[str, Any]] = {}  # GitHub names all missing arguments of a field at once
    for rule in specified_rules:
        for err in validate(schema, document, [rule]):
            node = err.nodes[0] if err.nodes else None
            said: _Said | None = None
            for pattern, say in _WORDS.get(rule.__name__, []):
                m = pattern.search(err.message)
                if m is not None and (said := say(m, err, where)) is not None:
                    break
            if said is None:  # a rule the App never trips: graphql-core's words, a code named after the rule
                code = rule.__name__.removesuffix("Rule")
                said = err.message, {"code": code[0].lower() + code[1:]}
            message, extensions = said
            if extensions["code"] == "missingRequiredArguments" and id(node) in missing_args:
                earlier = missing_args[id(node)]
                earlier["extensions"]["arguments"] += ", " + extensions["arguments"]
                earlier["message"] += ", " + extensions["arguments"]
                continue
            entry = {"message": message, "locations": _locations(err), "path": where.path(node),
                     "extensions": extensions}
            if extensions["code"] == "missingRequiredArguments":
                missing_args[id(node)] = entry
            if entry not in out:
                out.append(entry)
    return out


@_says("FieldsOnCorrectTypeRule", r"Cannot query field '(.+?)' on type '(.+?)'")
def _undefined_field(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    field, type_name = m.groups()
    return (f"Field '{field}' doesn't exist on type '{type_name}'",
            {"code": "undefinedField", "typeName": type_name, "fieldName": field})


@_says("KnownArgumentNamesRule", r"Unknown argument '(.+?)' on")
def _unknown_argument(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said | None:
    node = err.nodes[0] if err.nodes else None
    owner = where.owners.get(id(node))
    if owner is None:
        return None
    kind, name, _ = owner
    return (f"{kind} '{name}' doesn't accept argument '{m.group(1)}'",
            {"code": "argumentNotAccepted", "name": name, "typeName": kind, "argumentName": m.group(1)})


@_says("ValuesOfCorrectTypeRule", r"Expected value of type '(.+?)' not to include unknown field '(.+?)'")
def _unknown_input_field(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    type_name, field = _bare(m.group(1)), m.group(2)
    return (f"InputObject '{type_name}' doesn't accept argument '{field}'",
            {"code": "argumentNotAccepted", "name": type_name, "typeName": "InputObject", "argumentName": field})


@_says("ValuesOfCorrectTypeRule", r"Expected value of type '(.+?)' to include required field '(.+?)'")
def _missing_input_field(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    type_name, field = _bare(m.group(1)), m.group(2)
    input_type = where.schema.get_type(type_name)
    field_type = str(input_type.fields[field].type) if isinstance(input_type, GraphQLInputObjectType) else "?"
    return (f"Argument '{field}' on InputObject '{type_name}' is required. Expected type {field_type}",
            {"code": "missingRequiredInputObjectAttribute", "argumentName": field, "argumentType": field_type,
             "inputObjectType": type_name})


@_says("ValuesOfCorrectTypeRule", r"")
def _invalid_literal(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said | None:
    arg = where.argument(err.nodes[0]) if err.nodes else None
    owner = where.owners.get(id(arg)) if arg is not None else None
    if arg is None or owner is None:
        return None
    kind, name, expected = owner
    return (f"Argument '{arg.name.value}' on {kind} '{name}' has an invalid value ({print_ast(arg.value)}). "
            f"Expected type '{expected}'.",
            {"code": "argumentLiteralsIncompatible", "typeName": kind, "argumentName": arg.name.value})


@_says("ProvidedRequiredArgumentsRule", r"Argument '(?:\w+\.(\w+)|@(\w+))\((\w+):\)' of type '.+?' is required")
def _missing_argument(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    field, directive, arg = m.groups()
    kind, name = ("Field", field) if field else ("Directive", directive)
    return (f"{kind} '{name}' is missing required arguments: {arg}",
            {"code": "missingRequiredArguments", "className": kind, "name": name, "arguments": arg})


def _selection_text(sel: Node) -> str:
    if isinstance(sel, InlineFragmentNode):
        cond = sel.type_condition.name.value if sel.type_condition else ""
        return f'"... on {cond} {{ ... }}"'
    if isinstance(sel, (FieldNode, FragmentSpreadNode)):
        return f'"{sel.name.value}"'
    return '"?"'


@_says("ScalarLeafsRule", r"Field '(.+?)' must not have a selection since type '(.+?)' has no subfields")
def _selections_on_scalar(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    field, type_name = m.group(1), _bare(m.group(2))
    node = err.nodes[0] if err.nodes else None
    field_node = where.field(node) if node is not None else None
    selection_set = node if isinstance(node, SelectionSetNode) else getattr(field_node, "selection_set", None)
    shown = ", ".join(_selection_text(s) for s in (selection_set.selections if selection_set else ()))
    return (f"Selections can't be made on scalars (field '{field}' returns {type_name} but has selections "
            f"[{shown}])", {"code": "selectionMismatch", "nodeName": f"field '{field}'", "typeName": type_name})


@_says("ScalarLeafsRule", r"Field '(.+?)' of type '(.+?)' must have a selection of subfields")
def _no_selections(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    field, type_name = m.group(1), _bare(m.group(2))
    return (f"Field must have selections (field '{field}' returns {type_name} but has no selections. "
            f"Did you mean '{field} {{ ... }}'?)",
            {"code": "selectionMismatch", "nodeName": f"field '{field}'", "typeName": type_name})


@_says("PossibleFragmentSpreadsRule", r"Fragment (?:'(.+?)' )?cannot be spread here as objects of type '(.+?)' "
       r"can never be of type '(.+?)'")
def _impossible_spread(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    fragment, parent, child = m.groups()
    named = f" {fragment}" if fragment else ""
    return (f"Fragment{named} on {child} can't be spread inside {parent}",
            {"code": "cannotSpreadFragment", "typeName": child, "fragmentName": named or "unknown",
             "parentName": parent})


@_says("KnownTypeNamesRule", r"Unknown type '(.+?)'")
def _unknown_type(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    type_name = m.group(1)
    node = err.nodes[0] if err.nodes else None
    var = next((n for n in where.parents.get(id(node), ()) if isinstance(n, VariableDefinitionNode)), None)
    if var is not None:
        return (f"{type_name} isn't a defined input type (on ${var.variable.name.value})",
                {"code": "variableRequiresValidType", "typeName": type_name, "variableName": var.variable.name.value})
    return (f"No such type {type_name}, so it can't be a fragment condition",
            {"code": "undefinedType", "typeName": type_name})


@_says("VariablesAreInputTypesRule", r"Variable '\$(.+?)' cannot be non-input type '(.+?)'")
def _non_input_variable(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    var, type_name = m.group(1), _bare(m.group(2))
    return (f"{type_name} isn't a valid input type (on ${var})",
            {"code": "variableRequiresValidType", "typeName": type_name, "variableName": var})


@_says("FragmentsOnCompositeTypesRule", r"cannot condition on non composite type '(.+?)'")
def _non_composite_fragment(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return (f"Invalid fragment on type {m.group(1)} (must be Union, Interface or Object)",
            {"code": "fragmentOnNonCompositeType", "typeName": m.group(1)})


@_says("UniqueOperationNamesRule", r"There can be only one operation named '(.+?)'")
def _duplicate_operation(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f'Operation name "{m.group(1)}" must be unique', {"code": "uniquelyNamedOperations",
                                                            "operationName": m.group(1)}


@_says("LoneAnonymousOperationRule", r"anonymous operation must be the only defined operation")
def _anonymous_among_others(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return "Operation name is required when multiple operations are present", {"code": "uniquelyNamedOperations"}


@_says("NoUndefinedVariablesRule", r"Variable '\$(.+?)' is not defined(?: by operation '(.+?)')?")
def _undefined_variable(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    # GitHub names the operation, and for an anonymous one leaves the name out
    return (f"Variable ${m.group(1)} is used by {m.group(2) or ''} but not declared",
            {"code": "variableNotDefined", "variableName": m.group(1)})


@_says("NoUnusedVariablesRule", r"Variable '\$(.+?)' is never used(?: in operation '(.+?)')?")
def _unused_variable(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return (f"Variable ${m.group(1)} is declared by {m.group(2) or ''} but not used",
            {"code": "variableNotUsed", "variableName": m.group(1)})


@_says("VariablesInAllowedPositionRule", r"Variable '\$(.+?)' of type '(.+?)' used in position expecting type '(.+?)'")
def _variable_mismatch(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said | None:
    var, var_type, arg_type = m.groups()
    usage = err.nodes[-1] if err.nodes else None
    arg = where.argument(usage) if usage is not None else None
    definition = err.nodes[0] if err.nodes else None
    if arg is None:
        return None
    if isinstance(definition, VariableDefinitionNode) and definition.default_value and not var_type.endswith("!"):
        var_type += "!"  # GitHub takes a variable with a default as non-null
    if _bare(var_type) != _bare(arg_type):
        problem = "Type mismatch"
    elif var_type.count("[") != arg_type.count("["):
        problem = "List dimension mismatch"
    else:
        problem = "Nullability mismatch"
    return (f"{problem} on variable ${var} and argument {arg.name.value} ({var_type} / {arg_type})",
            {"code": "variableMismatch", "variableName": var, "typeName": var_type, "argumentName": arg.name.value,
             "errorMessage": problem})


@_says("KnownFragmentNamesRule", r"Unknown fragment '(.+?)'")
def _unknown_fragment(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f"Fragment {m.group(1)} was used, but not defined", {"code": "useAndDefineFragment",
                                                                "fragmentName": m.group(1)}


@_says("NoUnusedFragmentsRule", r"Fragment '(.+?)' is never used")
def _unused_fragment(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f"Fragment {m.group(1)} was defined, but not used", {"code": "useAndDefineFragment",
                                                                "fragmentName": m.group(1)}


@_says("UniqueFragmentNamesRule", r"There can be only one fragment named '(.+?)'")
def _duplicate_fragment(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f'Fragment name "{m.group(1)}" must be unique', {"code": "fragmentNotUnique", "fragmentName": m.group(1)}


@_says("NoFragmentCyclesRule", r"Cannot spread fragment '(.+?)' within itself")
def _fragment_cycle(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f"Fragment {m.group(1)} contains an infinite loop", {"code": "infiniteLoop", "fragmentName": m.group(1)}


@_says("KnownDirectivesRule", r"Unknown directive '@(.+?)'")
def _unknown_directive(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f"Directive @{m.group(1)} is not defined", {"code": "undefinedDirective", "directiveName": m.group(1)}


@_says("UniqueArgumentNamesRule", r"There can be only one argument named '(.+?)'")
def _duplicate_argument(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f'There can be only one argument named "{m.group(1)}"', {"code": "argumentNotUnique",
                                                                    "name": m.group(1)}


@_says("UniqueVariableNamesRule", r"There can be only one variable named '\$(.+?)'")
def _duplicate_variable(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return f'There can only be one variable named "{m.group(1)}"', {"code": "variableNotUnique",
                                                                    "variableName": m.group(1)}


@_says("KnownOperationTypesRule", r"subscription operation is not supported")
def _no_subscriptions(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return "Schema is not configured for subscriptions", {"code": "missingSubscriptionConfiguration"}


@_says("ExecutableDefinitionsRule", r"definition is not executable")
def _schema_definition(m: re.Match[str], err: GraphQLError, where: _Where) -> _Said:
    return "Query cannot contain schema definitions", {"code": "queryContainsSchemaDefinitions"}

