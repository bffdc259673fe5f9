"""What an output of `gkgen build` is, and the list `build` iterates.

An output writes its files into the build's staging folder and returns the findings it has
(e.g. PDF warnings). A new output is one module that defines it, and one line in
:data:`gkgen.outputs.OUTPUTS`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from gkgen.data import Report, Site
from gkgen.findings import Finding


@dataclass
class BuildState:
    """What the outputs of one build share."""

    site: Site
    stage: Path
    """The staging folder; everything is written below it and swapped in at the end."""
    pdf: bool = True
    jobs: int | None = None
    reports: list[Report] = field(default_factory=list)
    """The complete reports (numbers and narrative) that are published."""
    documents: list[tuple[Report, str]] = field(default_factory=list)
    """The PDF documents (HTML), from the same rendering of each article as its web page."""


class Output(ABC):
    name: str
    """What it is, in the words the build summary uses."""

    def enabled(self, state: BuildState) -> bool:
        return True

    @abstractmethod
    def write(self, state: BuildState) -> list[Finding]: ...
