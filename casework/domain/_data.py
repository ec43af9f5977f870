"""Loading the legal data files shipped in ``casework/domain/data``."""

from __future__ import annotations

import hashlib
import json
import tomllib
from importlib import resources
from typing import Any


def load_toml(name: str) -> dict[str, Any]:
    # importlib.resources rather than a path on disk, so the data travels with the package (wheels, zips).
    data_file = resources.files("casework.domain").joinpath("data", name)
    return tomllib.loads(data_file.read_text(encoding="utf-8"))


def content_version(payload: Any) -> str:
    """A short hash of the canonical content, so a read model can record exactly what it was derived with.

    Hashing the parsed content (not the file bytes) means a reworded comment does not change the version,
    while any change to a date, number or citation does.
    """
    canonical = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
