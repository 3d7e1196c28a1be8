"""Dutch names for the indicator tables, their columns, the headline figures and parameters.

The engine documents its tables in English (``indicators.schema.FRAMES``); the portal shows
them in Dutch (translated like every UI string). Exports keep the technical column names so
scripts that read them do not break when a label changes.
"""
from django.utils.translation import gettext_lazy as _

#: Per table: (title, what one row is and what the table answers).
TABLES = {
    "coverage_by_gemeente_programme": (
        _("Bereik per gemeente en opleiding"),
        _("Per gemeente en aangeboden opleiding: is de opleiding binnen de reistijdgrens van "
          "het niveau te bereiken, hoe ver is het dichtstbijzijnde aanbod en hoeveel "
          "instellingen bieden haar binnen bereik aan.")),
    "coverage_by_programme": (
        _("Dekking per opleiding"),
        _("Per aangeboden opleiding: aanbod, locaties, instellingen, studenten en het deel "
          "van de inwoners van Nederland dat haar binnen de reistijdgrens bereikt.")),
    "coverage_by_btg_niveau": (
        _("Dekking per bedrijfstakgroep en niveau"),
        _("Per bedrijfstakgroep en niveau: bereikt men ten minste één opleiding van de "
          "groep, en hoeveel gemeenten en inwoners niet (witte vlekken).")),
    "coverage_by_region": (
        _("Dekking per arbeidsmarktregio"),
        _("Per arbeidsmarktregio: hoeveel van het aangeboden portfolio de inwoners binnen "
          "bereik hebben.")),
    "coverage_national": (
        _("Landelijke dekking"),
        _("Landelijke dekking per niveau; de regel zonder niveau is alle niveaus samen.")),
    "white_spots": (
        _("Witte vlekken"),
        _("Gemeenten die geen enkele opleiding van een bedrijfstakgroep en niveau binnen de "
          "reistijdgrens bereiken.")),
    "accessibility_2sfca": (
        _("Toegankelijkheid (2SFCA)"),
        _("Opleidingsplaatsen per 1.000 jongeren binnen bereik, per gemeente, "
          "bedrijfstakgroep en niveau.")),
    "overlap_pairs": (
        _("Overlapparen"),
        _("Paren aanbod van verschillende instellingen met dezelfde opleiding en leerweg in "
          "dezelfde gemeente, dezelfde arbeidsmarktregio of binnen de reistijdgrens van "
          "elkaar.")),
    "overlap_scores_region": (
        _("Overlap per arbeidsmarktregio"),
        _("Overlap per arbeidsmarktregio; een paar telt mee in de regio's van beide "
          "aanbiedingen.")),
    "overlap_scores_btg": (
        _("Overlap per bedrijfstakgroep"),
        _("Overlap per bedrijfstakgroep.")),
    "thinning_offerings": (
        _("Verschralingsrisico per aanbod"),
        _("Per actief aanbod: lage instroom, enige aanbieder in de regio, unieke dekking en "
          "het risico op verschraling (afspraak 2).")),
    "specialist_programmes": (
        _("Specialistische opleidingen"),
        _("Opleidingen op weinig locaties in het land (afspraak 3) en hun landelijk "
          "bereik.")),
    "specialist_starts": (
        _("Recente starts van specialistische opleidingen"),
        _("Recente starts van specialistische opleidingen door instellingen die ze nog niet "
          "aanboden.")),
    "sector_view": (
        _("Sectorbeeld per bedrijfstakgroep"),
        _("Per bedrijfstakgroep (afspraak 4): omvang en spreiding van het aanbod.")),
    "sector_trend": (
        _("Studenten per bedrijfstakgroep per jaar"),
        _("Studenten per bedrijfstakgroep per jaar, met de verandering ten opzichte van het "
          "jaar ervoor.")),
}

#: Column headers (one label per technical column name, whatever the table).
COLUMNS = {
    "gemeente_code": _("gemeente (CBS-code)"),
    "arbeidsmarktregio_code": _("arbeidsmarktregio"),
    "crebo": _("crebo"),
    "naam": _("naam"),
    "niveau": _("niveau"),
    "btg_code": _("bedrijfstakgroep"),
    "reachable": _("binnen bereik"),
    "minutes_nearest": _("minuten tot dichtstbijzijnde"),
    "providers_reachable": _("instellingen binnen bereik"),
    "accessibility": _("plaatsen per 1.000 jongeren"),
    "offerings": _("aanbod"),
    "locations": _("locaties"),
    "providers": _("instellingen"),
    "studenten": _("studenten"),
    "threshold_minutes": _("reistijdgrens (min)"),
    "gemeenten_reachable": _("gemeenten met bereik"),
    "population_reachable": _("inwoners met bereik"),
    "population_share": _("aandeel inwoners met bereik"),
    "white_spot_population": _("inwoners zonder bereik"),
    "mean_minutes_nearest": _("gemiddelde minuten (naar inwoners)"),
    "programmes": _("opleidingen"),
    "mean_programme_share": _("gemiddeld bereik per opleiding"),
    "white_spot_gemeenten": _("gemeenten zonder bereik"),
    "gemeenten": _("gemeenten"),
    "inwoners": _("inwoners"),
    "krimp_gemeenten": _("krimpgemeenten"),
    "coverage_share": _("dekkingsgraad"),
    "mean_programmes_reachable": _("opleidingen binnen bereik (gemiddeld)"),
    "programmes_reachable_everywhere": _("overal bereikbaar"),
    "programmes_reachable_somewhere": _("ergens bereikbaar"),
    "white_spot_pairs": _("gemeente × opleiding buiten bereik"),
    "btg_niveau_white_spots": _("witte vlekken (btg × niveau)"),
    "covered_population_sum": _("inwoners × opleidingen binnen bereik"),
    "white_spot_population_sum": _("inwoners × opleidingen buiten bereik"),
    "aanbod_id_a": _("aanbod A"),
    "aanbod_id_b": _("aanbod B"),
    "leerweg": _("leerweg"),
    "instelling_id_a": _("instelling A"),
    "instelling_id_b": _("instelling B"),
    "gemeente_code_a": _("gemeente A"),
    "gemeente_code_b": _("gemeente B"),
    "arbeidsmarktregio_code_a": _("regio A"),
    "arbeidsmarktregio_code_b": _("regio B"),
    "same_gemeente": _("zelfde gemeente"),
    "same_region": _("zelfde regio"),
    "within_threshold": _("binnen reistijdgrens"),
    "minutes_between": _("minuten ertussen"),
    "justified": _("onderbouwd"),
    "flagged": _("gesignaleerd"),
    "offerings_overlapping": _("aanbod met overlap"),
    "overlap_score": _("overlapscore"),
    "pairs": _("paren"),
    "pairs_flagged": _("paren zonder onderbouwing"),
    "pairs_flagged_same_gemeente": _("waarvan in dezelfde gemeente"),
    "aanbod_id": _("aanbod"),
    "instelling_id": _("instelling"),
    "locatie_id": _("locatie"),
    "krimp": _("krimpgemeente"),
    "startjaar": _("startjaar"),
    "low_enrolment": _("lage instroom"),
    "sole_provider_region": _("enige aanbieder in de regio"),
    "unique_coverage": _("inwoners die toegang verliezen"),
    "unique_coverage_gemeenten": _("gemeenten die toegang verliezen"),
    "unique_coverage_krimp": _("waarvan in krimpgemeenten"),
    "thinning_risk": _("verschralingsrisico"),
    "recent_starts": _("recente starts"),
    "recent_starts_flagged": _("waarvan zonder onderbouwing"),
    "onderbouwd": _("onderbouwd"),
    "programmes_catalogue": _("opleidingen in de catalogus"),
    "institutions": _("instellingen"),
    "regions": _("regio's"),
    "largest_region_share": _("aandeel grootste regio"),
    "offerings_low_enrolment": _("aanbod met lage instroom"),
    "jaar": _("jaar"),
    "change": _("verandering"),
    "change_pct": _("verandering (%)"),
}

#: Columns whose value is a fraction (shown as a percentage).
SHARES = {"population_share", "mean_programme_share", "coverage_share", "overlap_score",
          "largest_region_share"}

#: Headline figures of a run (``IndicatorRun.summary``): label and display kind.
SUMMARY = {
    "national_coverage_share": (_("Landelijke dekkingsgraad"), "share"),
    "white_spots_btg_niveau": (_("Witte vlekken (gemeente × btg-niveau)"), "int"),
    "white_spot_population_btg_niveau": (_("Inwoners in witte vlekken (opgeteld)"), "int"),
    "overlap_pairs": (_("Overlapparen"), "int"),
    "overlap_flagged": (_("Overlapparen zonder onderbouwing"), "int"),
    "overlap_flagged_same_gemeente": (_("waarvan in dezelfde gemeente"), "int"),
    "thinning_risk": (_("Aanbod met verschralingsrisico"), "int"),
    "low_enrolment": (_("Aanbod met lage instroom"), "int"),
    "sole_provider_krimp": (_("Enige aanbieder in een krimpgemeente"), "int"),
    "specialist_programmes": (_("Specialistische opleidingen"), "int"),
    "specialist_recent_starts": (_("Recente starts van specialistische opleidingen"), "int"),
    "specialist_recent_starts_flagged": (_("waarvan zonder onderbouwing"), "int"),
    "programmes_offered": (_("Aangeboden opleidingen (crebo)"), "int"),
    "offerings": (_("Actief aanbod"), "int"),
    "studenten": (_("Studenten"), "int"),
    "institutions": (_("Instellingen met aanbod"), "int"),
    "locations": (_("Locaties met aanbod"), "int"),
    "inwoners": (_("Inwoners"), "int"),
    "mean_programme_share": (_("Gemiddeld bereik per opleiding"), "share"),
    "covered_population_sum": (_("Inwoners × opleidingen binnen bereik"), "int"),
    "white_spot_population_sum": (_("Inwoners × opleidingen buiten bereik"), "int"),
    "white_spot_pairs": (_("Gemeente × opleiding buiten bereik"), "int"),
}

#: Parameters of the method (``IndicatorParams``), for the method and run pages.
PARAMS = {
    "detour_factor": _("Omrijfactor (weg ten opzichte van hemelsbreed)"),
    "speed_kmh": _("Gemiddelde snelheid (km/u)"),
    "threshold_minutes": _("Reistijdgrens per niveau (minuten)"),
    "low_enrolment_threshold": _("Drempel lage instroom (studenten)"),
    "specialist_max_locations": _("Specialistisch: hoogstens zoveel locaties landelijk"),
    "recent_start_years": _("Recente start: aantal jaren"),
    "current_year": _("Peiljaar"),
}

NIVEAUS = {1: _("Entree"), 2: _("niveau 2"), 3: _("niveau 3"), 4: _("niveau 4")}
