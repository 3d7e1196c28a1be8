"""The audit log: sign-ins, refusals and state changes, written once and never edited."""
