from __future__ import annotations

import pytest

from casework.domain.events import UpcasterRegistry, UpcastImpossible, upcast


def test_it_returns_current_payloads_unchanged() -> None:
    assert upcast("register_check", 1, {"listed": True}) == {"listed": True}


def test_it_applies_upcasters_in_a_chain() -> None:
    registry = UpcasterRegistry({"register_check": 3})

    @registry.register("register_check", 1)
    def rename_in_register(data: dict) -> dict:
        return {"listed": data.pop("in_register"), **data}

    @registry.register("register_check", 2)
    def add_source(data: dict) -> dict:
        return {**data, "source": "mvd_website"}

    assert registry.upcast("register_check", 1, {"in_register": True}) == {
        "listed": True,
        "source": "mvd_website",
    }
    assert registry.upcast("register_check", 2, {"listed": False}) == {
        "listed": False,
        "source": "mvd_website",
    }


def test_it_refuses_a_gap_in_the_chain() -> None:
    registry = UpcasterRegistry({"register_check": 3})
    registry.register("register_check", 2)(lambda data: data)
    with pytest.raises(UpcastImpossible, match="v1 to v2"):
        registry.upcast("register_check", 1, {})


def test_it_refuses_a_payload_newer_than_the_code() -> None:
    with pytest.raises(UpcastImpossible, match="newer"):
        upcast("register_check", 2, {"listed": True})


def test_it_refuses_two_upcasters_for_one_step() -> None:
    registry = UpcasterRegistry({"note_added": 2})
    registry.register("note_added", 1)(lambda data: data)
    with pytest.raises(ValueError, match="already registered"):
        registry.register("note_added", 1)(lambda data: data)
