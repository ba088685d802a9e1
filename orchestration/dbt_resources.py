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


def manifest_path() -> Path:
    """The manifest the assets are read from; parsed once when missing (a fresh clone)."""
    if not DBT_PROJECT.manifest_path.exists():
        run_dbt(["parse"], warehouse_path(), target_dir=DBT_PROJECT.manifest_path.parent)
    return DBT_PROJECT.manifest_path


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
