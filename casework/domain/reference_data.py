"""ISO code lists shipped as data: citizenships (ISO 3166-1 alpha-3) and regions (ISO 3166-2:RU)."""

from __future__ import annotations

from types import MappingProxyType

from casework.domain._data import load_toml

_countries = load_toml("countries.toml")
_regions = load_toml("regions.toml")

STATELESS = _countries["stateless"]
COUNTRY_NAMES = MappingProxyType(dict(_countries["countries"]))
CITIZENSHIP_CODES = frozenset(COUNTRY_NAMES) | {STATELESS}
REGION_NAMES = MappingProxyType({code: entry["name"] for code, entry in _regions["regions"].items()})
REGION_CODES = frozenset(REGION_NAMES)

_zones = load_toml("region_timezones.toml")
# The time zone of each region, for a deadline whose authority's zone is not recorded.
REGION_TIMEZONES = MappingProxyType(dict(_zones["zones"]))
