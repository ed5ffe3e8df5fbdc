"""The victim care log: victims on a crime, Victims' Code duties and their evidence, due dates.

The service's face, for pages and other services (for example Operation Encompass referrals):

- :func:`core.victims.service.victims_on_crime` ``(session, reference)`` → the victims and affected
  witnesses recorded on a crime or collision;
- :func:`core.victims.service.record_victim`, :func:`~core.victims.service.save_care_log`: record a
  victim, answer duties (each change a chronology entry through every records writer);
- :mod:`core.victims.evidence`: messages sent complete duties (wired to ``message_sent``);
- :mod:`core.victims.due`: what each victim is owed next, and "My victims";
- :mod:`core.victims.support`: the needs assessment's suggested services;
- :mod:`core.victims.ringbacks`: supervisors' seven-day ring-backs;
- :mod:`core.victims.lookup`: prefill from the records system.

Transactions: functions that take ``session`` work in the caller's unit of work and never commit;
functions that take ``mad`` open and commit their own, then fire events. Every code shown to people
has its label in :mod:`core.victims.labels`.
"""
