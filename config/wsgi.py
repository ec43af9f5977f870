from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Outside DEBUG, refuse to serve as a database role that row-level security does not bind (a superuser, a
# BYPASSRLS role, the tables' owner): the second wall would be silently absent. gunicorn then stops.
from casework.db_role import refuse_a_role_that_bypasses_row_level_security  # noqa: E402

refuse_a_role_that_bypasses_row_level_security()
