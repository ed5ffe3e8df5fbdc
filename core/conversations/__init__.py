"""Conversations: victims' replies, opt-outs (STOP/START/HELP) and satisfaction checks.

Channels hand in what victims send (:mod:`core.conversations.inbound`); a reply is stored once
per provider message id, matched to the latest message to that number or address and its crime
(:mod:`core.conversations.matching`), and acted on: an opt-out (:mod:`~core.conversations.optouts`),
a satisfaction answer (:mod:`~core.conversations.satisfaction`), or an ordinary reply the officer
in charge is told about (:mod:`~core.conversations.notify`).

Transactions: each service function opens and commits its own unit of work (``mad.session()``);
none takes a caller's session, except the read helpers whose first argument is a session.
"""
