"""The dbt project as Dagster sees it: manifest, translator (groups follow the dbt folders), CLI resource."""

import os
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
# dbt runs as a child of the run's process through this wrapper, which makes it die with that
# process (PR_SET_PDEATHSIG): a killed run never leaves dbt writing the warehouse.
DBT_WRAPPER = Path(__file__).resolve().parent / "bin" / "dbt"
PARENT_PID_ENV_VAR = "PIRA_DBT_PARENT_PID"
DBT_EXECUTABLE_ENV_VAR = "PIRA_DBT_EXECUTABLE"


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


def bind_dbt_to_this_process() -> None:
    """Before starting dbt: the wrapper execs this environment's dbt and checks its parent is us."""
    os.environ[DBT_EXECUTABLE_ENV_VAR] = str(Path(sys.executable).with_name("dbt"))
    os.environ[PARENT_PID_ENV_VAR] = str(os.getpid())


def dbt_cli_resource() -> DbtCliResource:
    os.environ.setdefault(DBT_EXECUTABLE_ENV_VAR, str(Path(sys.executable).with_name("dbt")))
    return DbtCliResource(
        project_dir=str(PROJECT_DIR),
        profiles_dir=str(PROJECT_DIR),
        dbt_executable=str(DBT_WRAPPER),
    )
