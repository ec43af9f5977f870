"""Deadline reminders: a ledger of e-mails that are sent at least once and never twice.

schedule.py  when each step is due and who receives it (pure given its inputs)
ledger.py    inserting due rows, cancelling stale ones, enqueueing, reaping stuck ones
delivery.py  claiming a row, sending it, recording the outcome
emails.py    rendering the messages (no personal data)
"""
