"""Writes of the proposals app, one function per domain verb, grouped by subject:

- ``drafts``: create and edit a proposal's draft version, sign it, compute its impact;
- ``lifecycle``: the status transitions (submit ... execute), each with a history row;
- ``conversation``: responses, messages and documents;
- ``notifications``: in-app notifications and their e-mails, deadline reminders;
- ``consultations``: regional and sectoral meetings with their agenda;
- ``registry``: applying decided changes to the portfolio registry;
- ``examples``: the labelled example proposals of the local portal.
"""
