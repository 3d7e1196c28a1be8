"""Writes of the arbitration app, one function per domain verb, grouped by subject:

- ``cases``: opening a case and every step of the ladder up to arbitration (mediation, the
  scope test, skipping a step with staff approval); settling and withdrawing;
- ``panel``: conflicts of interest, composing the panel, recusal, the register of interests;
- ``hearing``: the case file (positions, evidence, mediation and deliberation documents),
  hearings, the panel's questions and the parties' answers;
- ``rulings``: drafting the ruling with its orders, signing it, addenda;
- ``execution``: executing and verifying the orders (offering orders change the registry),
  the joint evaluation with its lessons learned, closing the case;
- ``publication``: the anonymised summary in the public casuïstiek, the anonymity check;
- ``deadlines``: suspending, resuming and extending (staff); reminders and overdue signals
  (run on beat);
- ``examples``: the labelled example cases of the local portal.

Every service locks the case (``SELECT ... FOR UPDATE``), checks *when* something may happen
and writes a timeline row in the same transaction. *Who* may call it is ``permissions``.
"""
