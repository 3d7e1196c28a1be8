"""Who may do what in the registries (django-rules predicates)."""
import rules

from mbo_regie.accounts.predicates import is_staf

can_write_registry = is_staf
rules.add_perm("portfolio.write_registry", can_write_registry)

# Indicator runs: staff start and retry recomputes and edit the parameters; everyone reads.
can_run_indicators = is_staf
rules.add_perm("portfolio.run_indicators", can_run_indicators)
can_edit_indicator_settings = is_staf
rules.add_perm("portfolio.edit_indicator_settings", can_edit_indicator_settings)
