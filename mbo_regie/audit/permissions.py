"""Who may read the audit log (django-rules)."""
import rules

from mbo_regie.accounts.predicates import is_staf

can_view_log = is_staf

rules.add_perm("audit.view_log", can_view_log)
