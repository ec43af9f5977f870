"""The authorisation matrix: every URL of the project × every role × one's own or another organisation's
objects, with the answer each must get.

The cases are generated from the URL conf (django.urls.get_resolver(), included modules too): a URL pattern
without an entry in MATRIX fails, naming itself, and so does an entry whose URL is gone. To add a URL, add
one entry: its name, and the answers of GET (always) and POST (for a form or a write endpoint, with a valid
body). Object URLs get their cross-organisation cases for free: every role of organisation A on B's object,
and B's caseworker and admin on A's, must get 404 — never 403. A URL parameter the world does not know yet
fails, naming it: give it a value in tests/authz/world.py, and if it names one organisation's object, add
it to ORGANISATION_OBJECTS.

Every response is also searched for personal data its reader must not receive: A's clients' (marked
ZZSENTINEL) for anonymous visitors, A's analyst and B's users; B's (ZZFOREIGN) for everyone of A.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient
from rest_framework.views import APIView

from tests.authz.world import (
    MATRIX_PDF,
    PASSWORD,
    ROLES,
    Objects,
    World,
    documents_storage_in,
    world_in_a_transaction,
)

LOGIN = "login"  # a redirect to the login page; a bare 302 means any other redirect (the form did its work)
Answer = int | str
Answers = dict[str, Answer]


def by_role(anonymous: Answer, caseworker: Answer, supervisor: Answer, analyst: Answer, admin: Answer):
    return dict(zip(ROLES, (anonymous, caseworker, supervisor, analyst, admin), strict=True))


# fmt: off
#                    anonymous  caseworker  supervisor  analyst  admin
PUBLIC      = by_role(200,      200,        200,        200,     200)
REDIRECTS   = by_role(302,      302,        302,        302,     302)
TO_LOGIN    = by_role(LOGIN,    LOGIN,      LOGIN,      LOGIN,   LOGIN)
NO_GET      = by_role(405,      405,        405,        405,     405)
SIGNED_IN   = by_role(LOGIN,    200,        200,        200,     200)
CASE_PAGE   = by_role(LOGIN,    200,        200,        403,     200)
CASE_FORM   = by_role(LOGIN,    302,        302,        403,     302)
ADMIN_PAGE  = by_role(LOGIN,    403,        403,        403,     200)
ADMIN_FORM  = by_role(LOGIN,    403,        403,        403,     302)
EXPORT_PAGE = by_role(LOGIN,    403,        403,        200,     200)
API_READ    = by_role(401,      200,        200,        403,     200)
API_WRITE   = by_role(401,      201,        201,        403,     201)
API_ERASE   = by_role(401,      403,        403,        403,     204)
API_EXPORT  = by_role(401,      403,        403,        200,     200)
API_NO_GET  = by_role(401,      405,        405,        405,     405)
API_ANYONE  = by_role(401,      200,        200,        200,     200)
# DELETE /api/auth/tokens/{id}/ of the caseworker's token: theirs to revoke; nobody else's (admins use the web).
API_OWN_TOKEN = by_role(401,    204,        404,        404,     404)
# fmt: on

Body = Callable[[Objects], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    get: Answers
    post: Answers | None = None  # None: not a write endpoint, POST is not part of its contract
    delete: Answers | None = None
    body: Body | None = None  # a valid POST body, built from the objects the URL names
    query: str = ""
    multipart: bool = False  # an API upload: the body goes as multipart/form-data, not JSON

    def methods(self) -> list[tuple[str, Answers]]:
        return (
            [("get", self.get)]
            + ([("post", self.post)] if self.post is not None else [])
            + ([("delete", self.delete)] if self.delete is not None else [])
        )


def _versioned(**values: Any) -> Body:
    """A web event form's body: the stream version the form was opened at, and a fresh one-time key."""
    return lambda o: {**values, "expected_version": o.client_version, "idempotency_key": str(uuid4())}


NEW_CLIENT = {
    "full_name": "Matrix Newcomer",
    "date_of_birth": "1991-01-01",
    "citizenship": "UZB",
    "sex": "M",
    "region": "RU-MOW",
}
DRAFT_FIELDS = {
    "addressee": "Matrix court",
    "authority": "Matrix judge",
    "facts": "Facts of the matrix.",
    "arguments": "Arguments of the matrix.",
}
DRAFT_BODY = {"template": "koap_expulsion_complaint", "deadline_key": "appeal:D1", "fields": DRAFT_FIELDS}
CREDENTIALS = {"username": "alice", "password": PASSWORD}
NEW_PASSWORD = "another horse battery staple"


def _document(**fields: Any) -> Body:
    return lambda o: {"file": SimpleUploadedFile("matrix.pdf", MATRIX_PDF), **fields}


MATRIX: dict[str, Entry] = {
    # Public: logging in and out, the API schema and docs, the health check, the interface language.
    "login": Entry(get=PUBLIC, post=REDIRECTS, body=lambda o: CREDENTIALS),
    "logout": Entry(get=NO_GET, post=TO_LOGIN),
    "api-token": Entry(get=NO_GET, post=PUBLIC, body=lambda o: CREDENTIALS),
    # The code step of a login: without a password step pending, everyone is sent back to it.
    "login-code": Entry(get=TO_LOGIN),
    # One's own second factor and a fresh login before erasing or exporting: any signed-in user.
    "web:mfa": Entry(get=SIGNED_IN),
    "web:mfa-enrol": Entry(get=SIGNED_IN),
    "web:reauthenticate": Entry(get=SIGNED_IN),
    "api-schema": Entry(get=PUBLIC),
    "api-docs": Entry(get=PUBLIC),
    "healthz": Entry(get=PUBLIC),
    "web:language": Entry(get=NO_GET, post=REDIRECTS, body=lambda o: {"language": "en", "next": "/"}),
    # Any signed-in user: the dashboard (an analyst's only says where the exports are).
    "web:dashboard": Entry(get=SIGNED_IN),
    "web:reopened-reviewed": Entry(get=NO_GET, post=CASE_FORM),
    # Case work: caseworkers, supervisors and admins; analysts never see a client.
    # Searching is a POST (no search text in a URL): a page, not a redirect.
    "web:clients": Entry(get=CASE_PAGE, post=CASE_PAGE, body=lambda o: {"q": o.full_name}),
    "web:client-new": Entry(get=CASE_PAGE, post=CASE_FORM, body=lambda o: NEW_CLIENT),
    "web:client": Entry(get=CASE_PAGE),
    "web:event-record": Entry(
        get=CASE_PAGE,
        post=CASE_FORM,
        body=_versioned(occurred_on="2025-03-02", text="recorded by the matrix"),
        query="?type=note_added",
    ),
    "web:event-correct": Entry(
        get=CASE_PAGE, post=CASE_FORM, body=_versioned(text="corrected by the matrix")
    ),
    "web:event-retract": Entry(get=CASE_PAGE, post=CASE_FORM, body=_versioned(reason="a mistake")),
    "api-clients": Entry(get=API_READ, post=API_WRITE, body=lambda o: NEW_CLIENT),
    "api-clients-search": Entry(get=API_NO_GET, post=API_READ, body=lambda o: {"q": o.full_name}),
    "api-client": Entry(get=API_READ),
    "api-client-events": Entry(
        get=API_READ, post=API_WRITE, body=lambda o: {"type": "note_added", "data": {"text": "via the API"}}
    ),
    "api-client-status": Entry(get=API_READ),
    "api-client-reminders": Entry(get=API_READ),
    # The case file: as the client's other data; the content is a streamed download.
    "api-client-documents": Entry(get=API_READ, post=API_WRITE, body=_document(kind="other"), multipart=True),
    "api-client-document": Entry(get=API_READ),
    # Drafts: as the case file; the world's D1 fits the complaint (open or missed, whichever day it runs).
    "api-client-drafts": Entry(get=API_READ, post=API_WRITE, body=lambda o: DRAFT_BODY),
    "api-client-document-content": Entry(get=API_READ),
    "api-client-document-versions": Entry(get=API_NO_GET, post=API_WRITE, body=_document(), multipart=True),
    "api-client-document-retract": Entry(get=API_NO_GET, post=API_READ, body=lambda o: {"reason": "matrix"}),
    "web:draft": Entry(
        get=CASE_PAGE,
        post=CASE_FORM,
        body=lambda o: {**DRAFT_FIELDS, "deadline": "appeal:D1"},
        query="?deadline=appeal:D1",
    ),
    "web:document-upload": Entry(get=NO_GET, post=CASE_FORM, body=_document(kind="other")),
    "web:document": Entry(get=CASE_PAGE),
    "web:document-content": Entry(get=CASE_PAGE),
    "web:document-replace": Entry(get=NO_GET, post=CASE_FORM, body=_document()),
    "web:document-retract": Entry(get=NO_GET, post=CASE_FORM, body=lambda o: {"reason": "matrix"}),
    "api-deadlines": Entry(get=API_READ),
    "api-reminder-failures": Entry(get=API_READ),
    # One's own API tokens: anyone with a token.
    "api-tokens": Entry(get=API_ANYONE),
    "api-token-detail": Entry(get=API_NO_GET, delete=API_OWN_TOKEN),
    # Administration: admins only.
    "web:admin-home": Entry(get=ADMIN_PAGE),
    "web:admin-users": Entry(get=ADMIN_PAGE),
    "web:admin-user-new": Entry(
        get=ADMIN_PAGE,
        post=ADMIN_FORM,
        body=lambda o: {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "role": "caseworker",
            "language": "ru",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    ),
    "web:admin-user-role": Entry(
        get=NO_GET, post=ADMIN_FORM, body=lambda o: {f"m{o.params['user_id']}-role": "supervisor"}
    ),
    "web:admin-user-deactivate": Entry(get=NO_GET, post=ADMIN_FORM),
    "web:admin-user-reactivate": Entry(get=NO_GET, post=ADMIN_FORM),
    "web:admin-days-off": Entry(
        get=ADMIN_PAGE, post=ADMIN_FORM, body=lambda o: {"region": "RU-BA", "day": "2025-04-01", "note": ""}
    ),
    "web:admin-day-off-remove": Entry(get=NO_GET, post=ADMIN_FORM),
    "web:admin-audit": Entry(get=ADMIN_PAGE),
    "web:admin-tokens": Entry(get=ADMIN_PAGE),
    "web:admin-token-revoke": Entry(get=NO_GET, post=ADMIN_FORM),
    "web:admin-user-mfa-reset": Entry(get=ADMIN_PAGE, post=ADMIN_FORM),
    "web:client-erase": Entry(get=ADMIN_PAGE, post=ADMIN_FORM, body=lambda o: {"code": o.client_code}),
    "api-client-erase": Entry(get=API_NO_GET, post=API_ERASE),
    # Aggregate exports: analysts and admins.
    "web:exports": Entry(get=EXPORT_PAGE),
    "web:export-download": Entry(get=EXPORT_PAGE, query="?format=csv"),
    "api-exports": Entry(get=API_EXPORT),
    "api-export": Entry(get=API_EXPORT, query="?report=true"),
}

# Parameters that name one organisation's object: URLs with one of them get the cross-organisation cases.
ORGANISATION_OBJECTS = (
    "client_id",
    "event_id",
    "user_id",
    "day_off_id",
    "change_id",
    "token_id",
    "document_id",
)
OUTSIDERS = ("outsider", "outsider_admin")  # organisation B's caseworker and admin


# ---------------------------------------------------------------------------------------------------------
# The URL conf, walked


@dataclass(frozen=True)
class Route:
    name: str  # the qualified URL name ("web:client"), or the route itself when the pattern has no name
    route: str  # "clients/<uuid:client_id>/"
    params: tuple[str, ...]
    callback: Any
    named: bool

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def object_params(self) -> tuple[str, ...]:
        return tuple(param for param in self.params if param in ORGANISATION_OBJECTS)

    def url(self, params: dict[str, Any]) -> str:
        try:
            values = {name: params[name] for name in self.params}
        except KeyError as missing:
            pytest.fail(f"{self.name}: give tests/authz/world.py a value for the URL parameter {missing}")
        if self.named:
            return reverse(self.name, kwargs=values)
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", None)
            params = tuple(converters) if converters is not None else tuple(pattern.pattern.regex.groupindex)
            prefix_params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", prefix))
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield Route(name, route, prefix_params + params, pattern.callback, named=bool(pattern.name))


ROUTES = list(_walk(get_resolver().url_patterns))


# ---------------------------------------------------------------------------------------------------------
# The cases


@dataclass(frozen=True)
class Case:
    route: Route
    method: str
    who: str  # a role of organisation A, or one of B's OUTSIDERS
    whose: str  # "own": A's objects (B's for outsiders: the other side); "foreign"; "mixed"
    expected: Answer

    def __str__(self) -> str:
        return f"{self.route.name} {self.method.upper()} {self.who} {self.whose}"


def _cases() -> Iterator[Any]:
    for route in ROUTES:
        entry = MATRIX.get(route.name)
        if entry is None:
            yield pytest.param(route, id=f"{route.name} UNLISTED")
            continue
        for method, answers in entry.methods():
            for role in ROLES:
                yield Case(route, method, role, "own", answers[role])
            if not route.object_params or answers["caseworker"] == 405:
                continue  # no object is looked up when the method is not allowed
            for role in ROLES[1:]:
                yield Case(route, method, role, "foreign", 404)
            for outsider in OUTSIDERS:
                yield Case(route, method, outsider, "foreign", 404)
            if len(route.object_params) > 1:
                # The client is A's own, the event B's: the event must not be found through A's client.
                for role in ("caseworker", "supervisor", "admin"):
                    yield Case(route, method, role, "mixed", 404)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # The documents' blobs in a temporary root of this module's, never the developer's var/media.
    with override_settings(STORAGES=documents_storage_in(tmp_path_factory.mktemp("media"))):
        yield from world_in_a_transaction(django_db_blocker)


def _objects(world: World, case: Case) -> Objects:
    if case.whose == "own":
        return world.own
    if case.who in OUTSIDERS:
        return world.own  # B's users on A's objects
    if case.whose == "foreign":
        return world.foreign
    last = case.route.object_params[-1]
    return Objects({**world.own.params, last: world.foreign.params[last]}, world.own.client_code, 0)


def _client_for(world: World, case: Case):
    """The API with the role's token; the web UI with the role's session."""
    if case.route.api:
        api = APIClient()
        if case.who != "anonymous":
            api.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[case.who]}")
        return api
    browser = Client()
    if case.who != "anonymous":
        browser.force_login(world.users[case.who])
    return browser


def _request(world: World, case: Case):
    entry = MATRIX[case.route.name]
    objects = _objects(world, case)
    url = case.route.url(objects.params) + entry.query
    client = _client_for(world, case)
    if case.method == "get":
        return url, client.get(url)
    if case.method == "delete":
        return url, client.delete(url)
    body = entry.body(objects) if entry.body is not None else {}
    encoding = "multipart" if entry.multipart else "json"
    return url, client.post(url, body, **({"format": encoding} if case.route.api else {}))


def _unwanted(world: World, who: str) -> list[str]:
    """What the reader must not find in any response: another organisation's clients, and for anyone who
    does no case work, A's clients and their codes."""
    if who in OUTSIDERS:
        return [*world.personal_of_a, world.own.client_code]
    unwanted = list(world.personal_of_b)
    if who in ("anonymous", "analyst"):
        unwanted += [*world.personal_of_a, world.own.client_code]
    return unwanted


def _answered(response) -> str:
    if response.status_code == 302:
        return f"302 → {response['Location']}"
    return str(response.status_code)


@pytest.mark.parametrize("case", list(_cases()), ids=str)
def test_it_answers_as_the_matrix_says(world, db, case):
    if isinstance(case, Route):
        pytest.fail(
            f"The URL {case.name!r} (/{case.route}) has no entry in MATRIX ({__name__}): "
            "add one with the answer of every role."
        )
    url, response = _request(world, case)

    answered = _answered(response)
    said = (
        f"{case.method.upper()} {url} as {case.who} ({case.whose}): expected {case.expected}, got {answered}"
    )
    if case.expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL), said
    elif case.expected == 302:
        assert response.status_code == 302 and not response["Location"].startswith(settings.LOGIN_URL), said
    else:
        assert response.status_code == case.expected, said
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", "replace").upper()
    leaked = [marker for marker in _unwanted(world, case.who) if marker.upper() in text]
    assert leaked == [], f"{case.method.upper()} {url} as {case.who} ({case.whose}) received {leaked}"


def _session_cases() -> Iterator[Case]:
    """Every API route and method, with each role's browser session instead of a token."""
    for route in ROUTES:
        entry = MATRIX.get(route.name)
        if entry is None or not route.api:
            continue
        for method, answers in entry.methods():
            for role in ROLES[1:]:
                yield Case(route, method, role, "own", answers["anonymous"])


@pytest.mark.parametrize("case", list(_session_cases()), ids=lambda case: f"{case} by session")
def test_a_session_reaches_the_api_no_further_than_anonymous(world, db, case):
    # Token-only API (issue 14, item 4): a session cookie, even with its CSRF token, counts for nothing there.
    objects = _objects(world, case)
    url = case.route.url(objects.params) + MATRIX[case.route.name].query
    browser = Client()
    browser.force_login(world.users[case.who])
    if case.method == "get":
        response = browser.get(url)
    elif case.method == "delete":
        response = browser.delete(url)
    else:
        entry = MATRIX[case.route.name]
        body = entry.body(objects) if entry.body else {}
        if entry.multipart:
            response = browser.post(url, body)
        else:
            response = browser.post(url, body, content_type="application/json")

    assert response.status_code == case.expected, (
        f"{case.method.upper()} {url} by session: {_answered(response)}"
    )


# Another organisation named in a filter rather than in the path: nothing found, or 404; nothing of theirs shown.
FILTERS = [
    # URL name, a role of A, the query naming B's object, the answer
    ("web:admin-home", "admin", lambda o: f"?code={o.client_code}", 200),
    ("web:clients", "caseworker", lambda o: f"?q={o.full_name}", 200),  # not applied: searches are POSTs
    ("api-clients", "caseworker", lambda o: f"?search={o.full_name}", 400),  # refused: POST …/search/
    ("web:dashboard", "supervisor", lambda o: f"?caseworker={o.params['user_id']}", 404),
    ("web:clients", "supervisor", lambda o: f"?caseworker={o.params['user_id']}", 404),
    ("api-deadlines", "supervisor", lambda o: f"?assigned_to={o.caseworker}", 200),
    ("web:admin-audit", "admin", lambda o: f"?code={o.client_code}", 200),
    ("web:admin-audit", "admin", lambda o: f"?user={o.params['user_id']}", 200),
    ("web:exports", "admin", lambda o: "?scope=network", 403),  # pooled tables: the instance admin only
    ("api-export", "admin", lambda o: "?scope=network", 403),
]


@pytest.mark.parametrize(
    ("name", "who", "query", "expected"), FILTERS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_it_finds_nothing_of_another_organisation_through_a_filter(world, db, name, who, query, expected):
    route = next(route for route in ROUTES if route.name == name)
    asked = query(world.foreign)
    url = route.url(world.own.params) + asked
    response = _client_for(world, Case(route, "get", who, "foreign", expected)).get(url)

    assert response.status_code == expected, url  # the admin's case-code search would redirect to the client
    theirs = [world.foreign.full_name, world.foreign.client_code]
    text = response.content.decode("utf-8", "replace")
    assert [m for m in theirs if m not in asked and m in text] == [], url  # what was typed is shown again


@pytest.mark.parametrize("name", ["web:clients", "api-clients-search"])
def test_a_search_finds_nothing_of_another_organisation(world, db, name):
    route = next(route for route in ROUTES if route.name == name)
    client = _client_for(world, Case(route, "post", "caseworker", "foreign", 200))
    for text in (world.foreign.full_name, world.foreign.client_code):
        response = client.post(
            route.url(world.own.params), {"q": text}, **({"format": "json"} if route.api else {})
        )

        assert response.status_code == 200
        shown = response.content.decode("utf-8", "replace").replace(f'value="{text}"', "")  # the search box
        assert [m for m in (world.foreign.full_name, world.foreign.client_code) if m in shown] == []


# What an analyst may download, in each of its forms: none of it may hold a client's personal data or code.
ANALYST_DOWNLOADS = [
    ("web:export-download", "?format=json"),
    ("api-export", "?format=csv"),
    ("web:exports", "?period=2025"),
]


@pytest.mark.parametrize(("name", "query"), ANALYST_DOWNLOADS)
def test_it_gives_an_analyst_no_personal_data_in_any_format(world, db, name, query):
    route = next(route for route in ROUTES if route.name == name)
    url = route.url(world.own.params) + query
    response = _client_for(world, Case(route, "get", "analyst", "own", 200)).get(url)

    assert response.status_code == 200, url
    text = response.content.decode("utf-8", "replace").upper()
    assert [m for m in _unwanted(world, "analyst") if m.upper() in text] == [], url


@override_settings(
    # As in production (DEBUG off): WhiteNoise serves the static files, before any view or login check.
    MIDDLEWARE=[
        settings.MIDDLEWARE[0],
        "whitenoise.middleware.WhiteNoiseMiddleware",
        *settings.MIDDLEWARE[1:],
    ],
    WHITENOISE_USE_FINDERS=True,
    WHITENOISE_AUTOREFRESH=True,
)
def test_static_files_are_public_though_outside_the_url_conf():
    response = Client().get(f"{settings.STATIC_URL}casework/css/app.css")

    assert response.status_code == 200


def test_the_matrix_has_no_entry_for_a_url_that_is_gone():
    assert sorted(set(MATRIX) - {route.name for route in ROUTES}) == []


def test_every_method_a_class_based_view_handles_is_in_the_matrix():
    """Function views do not say which methods they take; class-based views do, so a new handler (a DELETE
    on a DRF view, say) must bring its expected answers with it."""
    missing = []
    for route in ROUTES:
        view_class = getattr(route.callback, "view_class", None)
        if view_class is None or route.name not in MATRIX:
            continue
        methods = (
            ("get", "post", "put", "patch", "delete") if issubclass(view_class, APIView) else ("get", "post")
        )
        handled = {m for m in methods if m in view_class.http_method_names and hasattr(view_class, m)}
        listed = {method for method, _answers in MATRIX[route.name].methods()}
        missing += [f"{route.name} {method.upper()}" for method in sorted(handled - listed)]
    assert missing == []
