"""GraphQL types, one module per type (or per small family of input types).

``api.types.enums`` is imported first: it registers the ontology's enums with
strawberry before any type refers to them.
"""

from api.types import enums as enums
