"""What a GraphQL query costs on GitHub before it runs: the nodes it could return, and its points.

GitHub's "Rate limits and node limits for the GraphQL API" (docs.github.com) computes both from
the document alone. Each connection field may return as many nodes as its ``first``/``last``
times the ``first``/``last`` of every connection around it; a query whose connections add up to
more than 500,000 is refused whole. Its rate-limit cost counts the requests that fill those
connections (one for each node the connections around it could return, one at the top), divided
by 100 and rounded to the nearest whole number, at least 1. Fragments count wherever they are
spread. Pure functions over graphql-core's AST and a request's coerced variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)
from graphql.utilities import value_from_ast

MAX_NODES = 500_000
MAX_PAGE = 100  # GitHub's bound on `first`/`last`


@dataclass(frozen=True)
class QueryCost:
    """The most nodes a query could return, and the connection requests GitHub would make for it."""

    nodes: int = 0
    requests: int = 0

    @property
    def points(self) -> int:
        """The rate-limit cost: requests / 100, rounded half up to a whole number, at least 1."""
        return max(1, (self.requests + 50) // 100)


def query_cost(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None = None,
    variables: dict[str, Any] | None = None,
) -> QueryCost:
    """The cost of the operation a request runs, its page sizes read with the request's variables.

    A connection is a field returning a ``...Connection`` type. One without ``first``/``last``
    (GitHub refuses it on its own) counts nothing, and the connections inside it count as if it
    were not there; page sizes outside 0..100 (refused on their own too) count as the nearest size
    allowed. With both ``first`` and ``last`` the larger counts: GitHub does not say, and the larger
    refuses at least what GitHub would.
    """
    operation = get_operation_ast(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation is not None else None
    if operation is None or root is None:
        return QueryCost()
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    tally = _Tally(schema, fragments, variables or {})
    tally.selections(root, operation.selection_set, 1, frozenset())
    return QueryCost(tally.nodes, tally.requests)


def node_limit_error(cost: QueryCost) -> dict[str, Any] | None:
    """GitHub's refusal of a query over the node limit (it comes alone, with no data); None within it."""
    if cost.nodes <= MAX_NODES:
        return None
    return {"type": "MAX_NODE_LIMIT_EXCEEDED",
            "message": f"This query requests up to {cost.nodes:,} possible nodes which exceeds the maximum limit "
                       f"of {MAX_NODES:,}."}


class _Tally:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: dict[str, Any]) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.nodes = 0
        self.requests = 0

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode, around: int,
                   spreading: frozenset[str]) -> None:
        """Count the connections under ``selection_set``, each enclosed by ``around`` possible nodes."""
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                fields = parent.fields if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) else {}
                field = fields.get(sel.name.value)
                if field is None or sel.selection_set is None:
                    continue  # a leaf, or __typename
                inner = around
                page = self._page(field, sel)
                if page is not None:
                    self.requests += around
                    inner = around * page
                    self.nodes += inner
                self.selections(get_named_type(field.type), sel.selection_set, inner, spreading)
            elif isinstance(sel, InlineFragmentNode):
                cond = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                self.selections(cond or parent, sel.selection_set, around, spreading)
            elif isinstance(sel, FragmentSpreadNode):
                fragment = self.fragments.get(sel.name.value)
                if fragment is None or sel.name.value in spreading:  # validation refuses both before this runs
                    continue
                cond = self.schema.get_type(fragment.type_condition.name.value)
                self.selections(cond or parent, fragment.selection_set, around, spreading | {sel.name.value})

    def _page(self, field: GraphQLField, node: FieldNode) -> int | None:
        """The page size of a connection field; None for any other field, or a connection left unbounded."""
        if not get_named_type(field.type).name.endswith("Connection"):
            return None
        sizes = []
        for arg in node.arguments or ():
            definition = field.args.get(arg.name.value)
            if arg.name.value in ("first", "last") and definition is not None:
                value = value_from_ast(arg.value, definition.type, self.variables)
                if isinstance(value, int):  # a variable left out or null leaves it unbounded
                    sizes.append(min(max(value, 0), MAX_PAGE))
        return max(sizes) if sizes else None
