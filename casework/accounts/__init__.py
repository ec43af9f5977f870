"""Accounts: signing in, the second factor, sessions and the user's language — apart from the case work.

login.py                    the two login steps (password, then a code), as views
login_throttle.py           failed logins counted per account and per address, in the cache
auth_session.py             what a session records at login; "authenticated recently" for dangerous pages
session_expiry.py           idle and absolute session lifetimes (middleware)
second_factor_middleware.py a session without its second factor reaches only the two-step pages
second_factor_forms.py      the code and enrolment forms
second_factor_pages.py      enrolment, recovery codes, re-authentication
language.py                 the language switch

Writers that change an account (second factors, tokens, members) stay in casework/services with the
actor first; the accounts' pages call them like any other page.
"""
