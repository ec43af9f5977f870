"""The caseworker web UI: server-rendered pages that call services, selectors and the reading door, as the
API does.

urls.py              the whole URL tree, one list per area
dashboard.py         the front door: deadlines due, re-opened ones to review
clients.py           the list, the search (a POST) and a new client
client_page.py       one client: status, deadlines with their evidence, case file, timeline, reminders
timeline.py          the events as the pages show them (corrections and retractions applied)
event_pages.py       the forms that record, correct and retract events; event_forms.py builds them
documents.py         the case file: upload, a document's page, its content, a new version, withdrawal
drafts.py            a draft from a deadline card: the free fields' form, then the draft's document page
exports.py           anonymised aggregate tables
admin_*.py           the organisation's members, tokens, second factors, days off, audit, erasure
access.py            the case-work decorator; middleware.py the tenancy and language of each request
"""
