"""The vocabulary of proposals: kinds, actions, perspectives, statuses, response kinds."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Soort(models.TextChoices):
    """The kinds of conversation the sector distinguishes (DOMAIN.md, "From melden ...")."""

    STARTEN = "starten", _("Starten")
    STOPPEN = "stoppen", _("Stoppen")
    UITBREIDEN = "uitbreiden", _("Uitbreiden")
    AFSCHALEN = "afschalen", _("Afschalen")
    PROFILEREN = "profileren", _("Profileren (laden)")
    SAMEN_UITVOEREN = "samen_uitvoeren", _("Samen uitvoeren")
    UITRUILEN = "uitruilen", _("Uitruilen")
    AFSTEMMEN = "afstemmen", _("Afstemmen")


class Actie(models.TextChoices):
    """One concrete change; the values are the actions of ``portfolio.impact``."""

    START = "start", _("Opleiding starten")
    STOP = "stop", _("Opleiding stoppen")
    EXPAND = "expand", _("Capaciteit uitbreiden")
    SCALE_DOWN = "scale_down", _("Capaciteit afschalen")
    PROFILE = "profile", _("Profiel aanpassen (laden)")


ALL_ACTIONS = frozenset(Actie.values)
ALLOWED_ACTIONS = {
    Soort.STARTEN: {Actie.START},
    Soort.STOPPEN: {Actie.STOP},
    Soort.UITBREIDEN: {Actie.EXPAND},
    Soort.AFSCHALEN: {Actie.SCALE_DOWN},
    Soort.PROFILEREN: {Actie.PROFILE},
    Soort.SAMEN_UITVOEREN: ALL_ACTIONS,
    Soort.UITRUILEN: {Actie.STOP, Actie.START},
    Soort.AFSTEMMEN: ALL_ACTIONS,
}
# Several institutions act together: each one's bestuurder must sign before submission.
JOINT_SOORTEN = frozenset({Soort.SAMEN_UITVOEREN, Soort.UITRUILEN})


class Kijkrichting(models.TextChoices):
    """The seven perspectives that structure every conversation about a change."""

    MAATSCHAPPELIJKE_RELEVANTIE = "maatschappelijke_relevantie", _("Maatschappelijke relevantie")
    REGIONALE_DEKKING = "regionale_dekking", _("Regionale dekking")
    STUDENTPERSPECTIEF = "studentperspectief", _("Studentperspectief")
    ONDERSCHEIDEND = "onderscheidend", _("Onderscheidend in kwaliteit en specialisme")
    DIVERSITEIT = "diversiteit", _("Diversiteit")
    DOELMATIGHEID = "doelmatigheid", _("Doelmatigheid")
    IMPACT_OP_ANDEREN = "impact_op_anderen", _("Impact van keuzes op anderen")


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    AANGEPAST = "aangepast", _("Aangepast")
    AFGESTEMD = "afgestemd", _("Afgestemd")
    GESCHIL = "geschil", _("Geschil")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    BESLOTEN = "besloten", _("Besloten")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd")


IN_CONSULTATION = (Status.INGEDIEND, Status.AANGEPAST)



class Reactiesoort(models.TextChoices):
    INSTEMMING = "instemming", _("Instemming")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    BEZWAAR = "bezwaar", _("Bezwaar")
