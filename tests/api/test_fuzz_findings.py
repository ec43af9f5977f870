"""What the schemathesis run (test_fuzz.py) found, pinned down one by one."""

from __future__ import annotations

from drf_spectacular.generators import SchemaGenerator

from casework.api.errors import MALFORMED_BODY


def test_it_answers_a_body_that_is_not_json_in_the_invalid_shape(api, alice):
    response = api(alice).generic(
        "POST", "/api/clients/", b"\x00ZZSENTINEL{", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "errors": {"non_field_errors": [MALFORMED_BODY]}}


def test_it_documents_the_page_envelope_of_paginated_lists():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    envelope = {"count", "next", "previous", "results"}
    bounded = envelope | {"count_exact"}  # an organisation's deadlines are counted up to a bound
    for path, fields in (
        ("/api/clients/", envelope),
        ("/api/clients/{client_id}/events/", envelope),
        ("/api/deadlines/", bounded),
    ):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        component = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
        assert set(component["properties"]) == fields, path


def test_it_documents_the_codes_a_new_client_takes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert components["SexEnum"]["enum"] == ["M", "F", "X"]
    assert "XXX" in components["CitizenshipEnum"]["enum"]
    assert "RU-MOW" in components["RegionEnum"]["enum"]


def test_it_documents_the_rate_limit_of_exports():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/exports/", "/api/exports/{table}/"):
        responses = schema["paths"][path]["get"]["responses"]
        assert {"429", "503"} <= set(responses)
        assert "Retry-After" in responses["429"]["headers"]
