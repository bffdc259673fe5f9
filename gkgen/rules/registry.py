"""The registry of checks: every rule id the rules stage reports, with the one function that
checks it, so that rules can be listed, selected (``gkgen check --select/--ignore``) and
documented from one place. The ids' severities, titles and examples are in
:data:`gkgen.findings.RULES`; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from gkgen.data import Number, Report, ReportData, Site
from gkgen.findings import Finding
from gkgen.format.model import CellKey, Format


@dataclass(frozen=True)
class ReportContext:
    """What a check of one report may read."""

    site: Site
    report: Report
    format: Format
    """The report's format (by its 格式, or by its year when the numbers could not be read)."""
    previous: ReportData | None
    """The same agency's numbers of the year before, when there are any."""
    values: dict[CellKey, Number | None] | None
    """Input values plus computed totals (None where an addend is missing); None without data."""

    @property
    def data(self) -> ReportData | None:
        return self.report.data

    @property
    def root(self) -> Path:
        return self.site.root


Check = Callable[[ReportContext], Iterable[Finding]]


@dataclass(frozen=True)
class RegisteredCheck:
    rules: tuple[str, ...]
    run: Check

    @property
    def name(self) -> str:
        return self.run.__name__


CHECKS: list[RegisteredCheck] = []


def rule(*rules: str) -> Callable[[Check], Check]:
    """Register a check that reports the given rule ids."""

    def register(run: Check) -> Check:
        CHECKS.append(RegisteredCheck(rules, run))
        return run

    return register


def registered_rules() -> dict[str, RegisteredCheck]:
    """Rule id -> the check that reports it."""
    return {rid: check for check in CHECKS for rid in check.rules}


Selection = Callable[[str], bool]


def selection(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
    """Whether a rule id is wanted: it starts with one of ``select`` (all when empty) and with
    none of ``ignore`` — "GK2" selects GK201-GK204."""
    chosen, dropped = tuple(select), tuple(ignore)

    def wanted(rule_id: str) -> bool:
        return (not chosen or rule_id.startswith(chosen)) and not rule_id.startswith(dropped)

    return wanted
