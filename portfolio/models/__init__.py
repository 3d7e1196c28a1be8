"""Portfolio models: the registries and the indicator runs."""
from .indicators import IndicatorRun, IndicatorRunEvent, IndicatorSettings, IndicatorTable
from .registry import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Bron,
    Gemeente,
    Inschrijving,
    Instelling,
    Leerweg,
    Locatie,
    Opgave,
    Opleiding,
    Provincie,
)

__all__ = [
    "Aanbod", "Arbeidsmarktregio", "Bedrijfstakgroep", "Bron", "Gemeente", "IndicatorRun",
    "IndicatorRunEvent", "IndicatorSettings", "IndicatorTable", "Inschrijving", "Instelling",
    "Leerweg", "Locatie", "Opgave", "Opleiding", "Provincie",
]
