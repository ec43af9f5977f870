"""Moving in from a spreadsheet (issue 18): reading the file, reading each cell as the field it is mapped to,
and planning each row — the client, its events, what derive() makes of them — with nothing written.

sheets.py   CSV (UTF-8 with or without BOM, cp1251; ";", "," or tab) and XLSX (openpyxl), as a table
values.py   one cell as a client field or an event field, or an error in plain words with a suggestion
mapping.py  which column goes where (API.md "Import"); the template's Russian headers recognised
plan.py     one row as the import would write it, checked by the catalogue, derived: the preview
"""
