from __future__ import annotations

from drf_spectacular.generators import SchemaGenerator


def test_the_openapi_schema_builds_and_documents_errors():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    create = paths["/api/clients/{client_id}/events/"]["post"]
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(create["responses"])
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert {
        "/api/clients/",
        "/api/clients/{client_id}/",
        "/api/clients/{client_id}/erase/",
        "/api/auth/token/",
    } <= set(paths)
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_and_docs_are_served_without_login(api, db):
    as_alice = api(None)
    assert as_alice.get("/api/schema/").status_code == 200
    docs = as_alice.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
