"""Portal users and their role in the sector's governance."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    BESTUURDER = "bestuurder", _("Bestuurder")
    STAF = "staf", _("Staf MBO Raad")
    COMMISSIE = "commissie", _("Lid commissie governance")
    VOORZITTER = "voorzitter", _("Onafhankelijk voorzitter")
    BESTUUR = "bestuur", _("Lid bestuur MBO Raad")
    RAADPLEGER = "raadpleger", _("Raadpleger")

    @property
    def acts_for_instelling(self) -> bool:
        """Bestuurders and commission members act for one institution."""
        return self in (Rol.BESTUURDER, Rol.COMMISSIE)


class User(AbstractUser):
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.RAADPLEGER)
    instelling = models.ForeignKey(
        "portfolio.Instelling", verbose_name=_("instelling"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="gebruikers",
    )
    hoofdvertegenwoordiger = models.BooleanField(
        _("hoofdvertegenwoordiger"), default=False,
        help_text=_("De bestuurder die de instelling in het overleg vertegenwoordigt."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rol__in=["bestuurder", "commissie"], instelling__isnull=False)
                | ~models.Q(rol__in=["bestuurder", "commissie"]),
                name="bestuurder_heeft_instelling",
            ),
            models.CheckConstraint(
                condition=~models.Q(rol="voorzitter") | models.Q(instelling__isnull=True),
                name="voorzitter_zonder_instelling",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username
