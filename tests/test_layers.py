"""The layer rules of the dbt project, read from the manifest `dbt parse` writes (what
dbt-project-evaluator would check): staging reads only raw seeds and sources; marts read no
staging; an intermediate model reads staging only in the clean layer (tag `clean`: the building
blocks that apply each quarantine filter once). Exceptions are written down with their reason."""

import json
import re

import pytest

from orchestration.dbt_invocation import run_dbt
from orchestration.paths import PROJECT_DIR

# Marts that publish staged rows one to one: the rows as the source prints them (quarantined ones
# flagged, not dropped), no computation in between that an intermediate model would own.
MARTS_READING_STAGING = {
    ("dim_entity", "stg_pira__entities"): "the entity list as loaded, one row per entity",
    ("fct_budget", "stg_pira__budget"): "the budget rows as printed, amounts parsed in staging",
    (
        "fct_indicator_baselines",
        "stg_pira__baselines",
    ): "every baseline row, N/D and unparseable ones included",
    (
        "fct_indicator_targets",
        "stg_pira__targets",
    ): "every target row with its parse result, bad ones included",
}
# Intermediate models outside the clean layer that read staging, and why.
INTERMEDIATE_READING_STAGING = {
    (
        "int_checks__targets",
        "stg_pira__targets",
    ): "judges every staged target row, quarantined ones included",
    (
        "int_checks__tree",
        "stg_pira__plan_nodes",
    ): "judges every staged node, duplicated codes included",
    ("int_quality__quarantine", "*"): "lists the quarantined rows of every staged table",
    ("int_quality__reconciliation", "*"): "counts the rows in of every staged table",
    (
        "int_quality__issues",
        "stg_pira__budget",
    ): "the budget has no computation: its amount rule reads the staged amounts",
    ("int_monitoring__accumulation", "stg_pira__indicator_accumulation"): (
        "the only reader of the accumulation overrides; it keeps a quarantined override's reason beside the rule"
    ),
}
# Models above staging that read a source directly.
SOURCE_READERS = {
    (
        "int_plan__periods",
        "control.requested_periods",
    ): "the run's requested periods: run control, not data",
}
# A model that decides on the text of a message (reason, error, problem) instead of a code.
MESSAGE_DECODING = re.compile(
    r"\b\w*(reason|message|error|problem)\w*\s+(not\s+)?(i?like|similar to)\s", re.IGNORECASE
)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("parse")
    run_dbt(["parse"], work / "parse.duckdb", target_dir=work / "target")
    return json.loads((work / "target" / "manifest.json").read_text())


def models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "pira_warehouse"
    }


def layer(node: dict) -> str:
    return node["fqn"][1]


def parents(manifest: dict, node: dict) -> list[tuple[str, str]]:
    """(resource type, name) of every node the model reads."""
    found = []
    for unique_id in node["depends_on"]["nodes"]:
        resource_type = unique_id.split(".")[0]
        if resource_type == "source":
            source = manifest["sources"][unique_id]
            found.append(("source", f"{source['source_name']}.{source['name']}"))
        else:
            found.append((resource_type, unique_id.split(".")[-1]))
    return found


def test_the_layers_are_the_folders(manifest: dict) -> None:
    assert {layer(node) for node in models(manifest).values()} == {
        "staging",
        "intermediate",
        "marts",
        # The semantic layer's time spine (metrics and semantic models read the marts).
        "semantic",
    }


def test_the_semantic_layer_reads_marts_only(manifest: dict) -> None:
    models_read = {
        unique_id.split(".")[-1]: layer(manifest["nodes"][unique_id])
        for semantic_model in manifest["semantic_models"].values()
        for unique_id in semantic_model["depends_on"]["nodes"]
    }
    assert len(manifest["semantic_models"]) >= 7 and set(models_read.values()) == {"marts"}
    spine = models(manifest)["metricflow_time_spine"]
    assert spine["depends_on"]["nodes"] == []


def test_staging_reads_only_raw_seeds_and_sources(manifest: dict) -> None:
    all_models = models(manifest)
    offending = [
        (name, parent)
        for name, node in all_models.items()
        if layer(node) == "staging"
        for kind, parent in parents(manifest, node)
        if kind == "model" or (kind == "seed" and not parent.startswith("raw_"))
    ]
    assert offending == []


def test_marts_read_no_staging_except_as_written_down(manifest: dict) -> None:
    all_models = models(manifest)
    reads = {
        (name, parent)
        for name, node in all_models.items()
        if layer(node) == "marts"
        for kind, parent in parents(manifest, node)
        if kind == "model" and layer(all_models[parent]) == "staging"
    }
    assert reads == set(MARTS_READING_STAGING)


def test_only_the_clean_layer_reads_staging(manifest: dict) -> None:
    all_models = models(manifest)
    clean = {name for name, node in all_models.items() if "clean" in node["tags"]}
    assert {
        "int_plan__nodes",
        "int_plan__assignments",
        "int_indicators__definitions",
        "int_measures__by_period",
        "int_targets__baselines",
    } <= clean
    assert all(layer(all_models[name]) == "intermediate" for name in clean)
    reads = {
        (name, parent)
        for name, node in all_models.items()
        if layer(node) == "intermediate" and name not in clean
        for kind, parent in parents(manifest, node)
        if kind == "model" and layer(all_models[parent]) == "staging"
    }
    excepted = {
        read
        for read in reads
        if read in INTERMEDIATE_READING_STAGING or (read[0], "*") in INTERMEDIATE_READING_STAGING
    }
    assert reads - excepted == set()
    # Every exception is still needed: a stale one hides nothing.
    used = {
        (name, "*" if (name, "*") in INTERMEDIATE_READING_STAGING else parent)
        for name, parent in reads
    }
    assert used == set(INTERMEDIATE_READING_STAGING)


def test_models_above_staging_read_no_source_except_run_control(manifest: dict) -> None:
    reads = {
        (name, parent)
        for name, node in models(manifest).items()
        if layer(node) != "staging"
        for kind, parent in parents(manifest, node)
        if kind == "source"
    }
    assert reads == set(SOURCE_READERS)


def test_no_model_decides_by_matching_message_text() -> None:
    offending = [
        f"{path.relative_to(PROJECT_DIR)}:{number}: {line.strip()}"
        for folder in ("models", "macros")
        for path in sorted((PROJECT_DIR / folder).rglob("*.sql"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if MESSAGE_DECODING.search(line)
    ]
    assert offending == []
    # The pattern does catch what it is meant to catch.
    assert MESSAGE_DECODING.search("when quarantine_reason like '%justification%' then")
    assert MESSAGE_DECODING.search("case when term_problem like 'unknown%' then 1")


def test_the_equal_weights_rule_is_written_once() -> None:
    texts = {
        path.relative_to(PROJECT_DIR): path.read_text()
        for path in (PROJECT_DIR / "models").rglob("*.sql")
    }
    users = sorted(str(path) for path, text in texts.items() if "rollup_weight('" in text)
    assert users == [
        "models/intermediate/plan/int_plan__assignments.sql",
        "models/intermediate/plan/int_plan__nodes.sql",
    ]
    assert not [
        path
        for path, text in texts.items()
        if re.search(r"weighted_siblings\s*=\s*0\s+then\s+1", text)
    ]
