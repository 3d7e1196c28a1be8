"""Who may do what in the Werkagenda (django-rules predicates). *When* is the services' job."""
import rules

from mbo_regie.accounts.predicates import is_bestuurder, is_staf


@rules.predicate
def speaks_for_a_party_of(user, actie) -> bool:
    """The user is mapped to one of the action's parties (or the party counts every bestuurder
    of an institution as its representative, like 'mbo-scholen')."""
    if actie is None or not (user and user.is_authenticated):
        return False
    parties = actie.partijen.all()
    if parties.filter(leden=user).exists():
        return True
    return bool(is_bestuurder(user)) and parties.filter(voor_bestuurders=True).exists()


can_update_progress = is_staf | (is_bestuurder & speaks_for_a_party_of)
can_manage_rounds = is_staf
can_edit_links = is_staf

rules.add_perm("werkagenda.update_voortgang", can_update_progress)
rules.add_perm("werkagenda.manage_rondes", can_manage_rounds)
rules.add_perm("werkagenda.edit_koppelingen", can_edit_links)


def can_update(user, actie) -> bool:
    """May this user write the progress of this action (in an open round)?"""
    return user.has_perm("werkagenda.update_voortgang", actie)
