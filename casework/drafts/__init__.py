"""Drafts: procedural documents written from the case in Russian (issue 17, docs/drafts.md).

templates.py is the registry (which template fits which deadline, which free fields it asks for);
build.py writes the versioned DOCX files in docx/ with python-docx; context.py turns the derived state and the
opened personal data into the template's variables; render.py fills a DOCX with docxtpl in a sandboxed Jinja
environment. The writer is casework/services/drafts.py, the reader casework/selectors/drafts.py.
"""
