"""schema/report.schema.json: the JSON Schema every published report.json satisfies."""

from __future__ import annotations

from gkgen.findings import Finding
from gkgen.outputs.registry import BuildState, Output
from gkgen.paths import SCHEMA_DIR


class ReportSchema(Output):
    name = "数据结构说明（JSON Schema）"

    def write(self, state: BuildState) -> list[Finding]:
        from gkgen.export.schema import write_schemas

        write_schemas(state.stage / SCHEMA_DIR)
        return []


OUTPUT = ReportSchema()
