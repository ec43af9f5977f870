"""Deadline reminders: a ledger of e-mails that are sent at least once and never twice.

schedule.py  when each step is due and who receives it (pure given its inputs)
ledger.py    beat's scan: inserting due rows, enqueueing them, reaping stuck ones
follow.py    what an append does to the ledger: stale rows cancelled under the stream lock, due rows
             enqueued once the transaction commits (called by the projections, never the other way round)
delivery.py  claiming a row, sending it, recording the outcome
digest.py    the morning digest: a recipient's due digest rows claimed and sent as one e-mail
emails.py    rendering the messages (no personal data; texts from casework/wording)
tasks.py     the Celery tasks: thin, ids in, a call into the modules above

Arrows point down: the projections call follow.py; nothing here imports casework.web or the projections.
"""
