"""Reading ``config.yaml``: UTF-8 YAML, a mapping at the top, each key given once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ticker.core.errors import ConfigError


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names one key twice (YAML forbids it; PyYAML would keep the last silently)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.safe_load's loader, refusing a key given twice in one mapping."""


def _unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<:` merges may be overridden by the keys beside them
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | float | bool):
            continue  # a list or mapping as a key: no setting is named like that anyway
        if key in seen:
            raise _DuplicateKeyError(None, None, f"key {key!r} is given twice",
                                     key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def read_config_file(path: Path) -> dict[str, Any]:
    """The settings in ``path``, JSON-shaped; ConfigError with one line saying what is wrong."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except _DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise ConfigError(f"{path}: {exc.problem} (line {line})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return data
