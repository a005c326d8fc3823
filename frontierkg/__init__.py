"""frontierkg: knowledge graph over AI geopolitics news.

The application shell: settings, the exception hierarchy and the command-line
interface that composes the layers (``schema``, ``graph``, ``ingest``, ``api``).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
