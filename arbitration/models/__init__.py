"""Arbitration models: cases and their ladder, the panel, the case file, rulings."""
from .cases import (
    BEFORE_ARBITRATION,
    BEFORE_RULING,
    ENDED,
    IN_ARBITRATION,
    LADDER,
    REQUIRED_STEPS,
    SKIPPABLE_STEPS,
    Aanleiding,
    Case,
    CaseEvent,
    CaseParty,
    Stage,
    StepOutcome,
    Visibility,
    step_label,
)
from .hearing import DOCUMENT_STAGES, CaseDocument, Hearing, Question
from .panel import InterestDeclaration, PanelMember
from .rulings import (
    GROUNDS,
    REQUIRED_GROUNDS,
    Criterium,
    Lesson,
    Order,
    PublishedCase,
    Ruling,
    RulingAddendum,
    RulingImmutable,
    Uitkomst,
)
from .steps import (
    ADVICE_KINDS,
    BOARD_KINDS,
    Mediation,
    MediationSession,
    ScopeTest,
    StepRecord,
)

__all__ = [
    "ADVICE_KINDS", "BEFORE_ARBITRATION", "BEFORE_RULING", "BOARD_KINDS", "DOCUMENT_STAGES",
    "ENDED", "GROUNDS",
    "IN_ARBITRATION", "LADDER", "REQUIRED_GROUNDS", "REQUIRED_STEPS", "SKIPPABLE_STEPS",
    "Aanleiding", "Case", "CaseDocument", "CaseEvent", "CaseParty", "Criterium", "Hearing",
    "InterestDeclaration", "Lesson", "Mediation", "MediationSession", "Order", "PanelMember",
    "PublishedCase", "Question", "Ruling", "RulingAddendum", "RulingImmutable", "ScopeTest",
    "Stage", "StepOutcome", "StepRecord", "Uitkomst", "Visibility", "step_label",
]
