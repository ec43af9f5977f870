"""What to do after a missed deadline (``Deadline.next_step``), in English, as constants.

The read models store the sentence; casework/wording says it in Russian by these constants (and, for the
restoration petition, by the template and the rule's ``restore_basis``), never by reading the English.
"""

from __future__ import annotations

RESTORE_PERIOD = (
    "The period has passed, but it is not final: file together with a petition to restore the missed period "
    "({basis}), giving the reasons for the delay."
)
FILE_AGAIN = "The filing was returned and counts as not filed: file again now, before the deadline."
COMPLAINT_PENDING = (
    "A complaint is pending, but the court period still runs: file the claim in court in time."
)
CONFIRM_ATTENDANCE = "Confirm whether the client appeared: record the attendance or the breach."
DEPARTURE_PASSED = "The departure period has passed: the client risks forced expulsion and detention."
EXECUTION_LIMIT_REACHED = (
    "Two years have passed since the resolution entered into force: check whether it can still be executed "
    "(KoAP RF art. 31.9)."
)
REVIEW_OVERDUE = "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
NO_COURT_DECISION = (
    "No court decision within 48 hours is recorded: the detention has no lawful basis — demand release and "
    "complain to the court and the prosecutor now."
)
TERM_PASSED = "The term set by the court has passed with no extension recorded: demand release now."
