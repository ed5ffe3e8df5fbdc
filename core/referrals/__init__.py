"""The referral service: referral types from the ``register_referral_types`` hook, storage, due times.

A referral type (subclass :class:`core.referrals.types.ReferralType`) says how its form looks and
validates, how it is prefilled, who receives it, what each recipient is sent and when it is due.
The service (:mod:`core.referrals.service`) stores the referral, one outbox message per recipient
and one records entry per message in one transaction; the message outbox delivers them through
the channel plugins, and a referral's status is read from its messages
(:mod:`core.referrals.statuses`), so it can never disagree with what was delivered.

Transaction convention: every service function here opens and commits its own unit of work.
"""
