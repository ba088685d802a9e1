"""The dbt project as Dagster sees it: manifest, translator (groups follow the dbt folders), CLI resource."""

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
)

from orchestration.dbt_invocation import run_dbt
from orchestration.paths import PROJECT_DIR, warehouse_path

DBT_PROJECT = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)


def project_files_changed_after(moment: float) -> bool:
    sources = [PROJECT_DIR / "dbt_project.yml", *(
        path for folder in ("models", "seeds", "macros") for path in (PROJECT_DIR / folder).rglob("*") if path.is_file()
    )]  # fmt: skip
    return any(path.stat().st_mtime > moment for path in sources)


def manifest_path() -> Path:
    """The manifest the assets are read from, parsed again when missing or older than the project's files."""
    manifest = DBT_PROJECT.manifest_path
    if not manifest.exists() or project_files_changed_after(manifest.stat().st_mtime):
        run_dbt(["parse"], warehouse_path(), target_dir=manifest.parent)
    return manifest


class PiraTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders: raw (seeds), staging, intermediate, marts; sources join 'landing'."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "landing"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


TRANSLATOR = PiraTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def dbt_cli_resource() -> DbtCliResource:
    return DbtCliResource(
        project_dir=str(PROJECT_DIR),
        profiles_dir=str(PROJECT_DIR),
        dbt_executable=str(Path(sys.executable).with_name("dbt")),
    )
