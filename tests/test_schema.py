from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
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
    # Served from our own static files: no script or style from another host (a CDN would learn who reads
    # the docs). Matched on the URLs, not on "cdn" anywhere: the page's random CSRF token can contain it.
    assert re.findall(rb'(?:src|href)="(?:https?:)?//', docs.content) == []
    assert b'src="/static/drf_spectacular_sidecar/' in docs.content


def test_the_schema_builds_without_warnings(db):
    # drf-spectacular warns, among other things, when two serializers share a component name: one of
    # them is then documented with the other's fields. `check --deploy` fails on such warnings too.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO())


def test_each_request_body_is_documented_with_its_own_fields():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    bodies = {
        path: schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        for path in ("/api/clients/", "/api/clients/{client_id}/events/", "/api/auth/token/")
    }
    assert len(set(bodies.values())) == 3
    client_create = schema["components"]["schemas"][bodies["/api/clients/"].rsplit("/", 1)[1]]
    assert "full_name" in client_create["properties"]
