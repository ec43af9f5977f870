"""The only code that writes domain rows. Each function is one transaction and takes the acting user.

`reading.py` is the one door that opens a client's personal data; it records the read (a ReadAudit row,
written by `audit.py`) in the same call.
"""
