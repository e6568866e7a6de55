"""Cases: alerts under review, and decisions that supersede and never overwrite."""

from aidtrace.cases.model import (
    FOUR_EYES,
    SLA,
    Case,
    CaseStatus,
    Decision,
    DecisionState,
    Note,
    Outcome,
)
from aidtrace.cases.queries import get_case, list_cases, load_cases
from aidtrace.cases.workflow import assign, attach_evidence, comment, decide, open_case

__all__ = [
    "FOUR_EYES",
    "SLA",
    "Case",
    "CaseStatus",
    "Decision",
    "DecisionState",
    "Note",
    "Outcome",
    "assign",
    "attach_evidence",
    "comment",
    "decide",
    "get_case",
    "list_cases",
    "load_cases",
    "open_case",
]
