"""Every text a person reads, in Russian and English, formatted from the domain's codes and parameters.

The domain says *what* (a step key, a warning code, a rule id, each with its values); this package says it in
the reader's language. It imports the domain and Django's translation machinery, never ``casework.web``:
pages, reminder e-mails, exports, template filters and document drafts all come here.

    language.py    is_russian(language)
    dates.py       ru_date, ru_day, ru_utc, plural, wall_clock (midnight reads as 24:00 of the day before)
    citations.py   a rule's legal basis in the Russian order («ч. 1 ст. 30.3 КоАП РФ»)
    rules.py       what a rule asks for, the kind of deadline, the filing, counting units
    steps.py       deadline explanation steps, by Step.key from Step.params
    next_steps.py  the next step after a missed deadline
    warnings.py    case warnings, by CaseWarning.code from CaseWarning.params
    labels.py      event types, field and choice labels of the forms and the client page
"""
