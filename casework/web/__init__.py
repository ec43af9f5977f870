"""The caseworker web UI: server-rendered pages that call services and selectors, like the API."""
