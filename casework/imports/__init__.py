"""Moving in from a spreadsheet (issue 18): reading the file, reading each cell as the field it is mapped to.

sheets.py  CSV (UTF-8 with or without BOM, cp1251; ";", "," or tab) and XLSX (openpyxl), as a table
values.py  one cell as a client field or an event field, or an error in plain words with a suggestion
"""
