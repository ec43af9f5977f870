from __future__ import annotations

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg import sql


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if it does not exist yet."
    requires_system_checks: list = []

    def handle(self, *args, **options):
        config = settings.DATABASES["default"]
        with psycopg.connect(
            dbname="postgres",
            user=str(config["USER"]),
            password=str(config["PASSWORD"]) or None,
            host=str(config["HOST"]),
            port=str(config["PORT"]),
            autocommit=True,
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
            ).fetchone()
            if exists:
                self.stdout.write(f"Database {config['NAME']} exists.")
                return
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(config["NAME"]))))
            self.stdout.write(f"Created database {config['NAME']}.")
