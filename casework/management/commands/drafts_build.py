"""Rewrite the draft templates (casework/drafts/docx/*.docx) from their builder, casework/drafts/build.py.

manage.py drafts_build   # or: make drafts
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework.drafts.build import build_all


class Command(BaseCommand):
    help = "Write the draft templates' DOCX files from casework/drafts/build.py."

    def handle(self, *args, **options):
        for path in build_all():
            self.stdout.write(str(path.relative_to(path.parents[3])))
