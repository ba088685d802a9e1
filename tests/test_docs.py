"""`make docs`: dbt docs generate documents every mart column and declares the exposures BI and the report read;
staging and core intermediate columns are documented too, shared descriptions as doc blocks (models/_docs.md)."""

import json
from collections import defaultdict
from pathlib import Path

from orchestration.dbt_invocation import run_dbt
from tests.conftest import fetch


def test_docs_generate_with_exposures_and_documented_marts(warehouse: Path, tmp_path: Path) -> None:
    run_dbt(["docs", "generate", "--static"], warehouse, target_dir=tmp_path)
    # One page with the manifest and catalogue inside: it opens from the file system.
    page = (tmp_path / "static_index.html").read_text(encoding="utf-8")
    assert "rapporto_risultati_pira" in page and "fct_indicator_results" in page
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    catalog = json.loads((tmp_path / "catalog.json").read_text())
    exposures = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    assert {"rapporto_risultati_pira", "cruscotto_performance_bi", "cruscotto_qualita_dati"} <= set(
        exposures
    )
    assert (
        "model.pira_warehouse.fct_indicator_results"
        in exposures["rapporto_risultati_pira"]["depends_on"]["nodes"]
    )
    marts = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    assert len(marts) >= 12
    for node in marts:
        assert node["description"], node["name"]
        catalogued = catalog["nodes"][node["unique_id"]]["columns"]
        documented = {
            name.lower() for name, column in node["columns"].items() if column["description"]
        }
        assert set(catalogued) <= documented, (node["name"], set(catalogued) - documented)
    assert (tmp_path / "index.html").is_file()


# The clean building blocks and core models the marts and checks read: every column documented.
DOCUMENTED_INTERMEDIATE = {
    "int_plan__nodes",
    "int_plan__assignments",
    "int_plan__periods",
    "int_indicators__definitions",
    "int_measures__ranked",
    "int_measures__current",
    "int_measures__by_period",
    "int_indicators__values",
    "int_indicators__results",
    "int_quality__issues",
    "int_monitoring__indicators",
}


def test_staging_and_core_intermediate_columns_documented_once(
    warehouse_build: Path, warehouse: Path
) -> None:
    # The manifest of the fixture's `dbt build`: descriptions rendered, doc blocks named per column.
    manifest = json.loads((warehouse_build / "target" / "manifest.json").read_text())
    models = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    staging = [node for node in models.values() if node["fqn"][1] == "staging"]
    assert len(staging) == 16
    assert DOCUMENTED_INTERMEDIATE <= set(models)
    for node in [*staging, *(models[name] for name in sorted(DOCUMENTED_INTERMEDIATE))]:
        # The columns the build really made, not the ones the yml lists.
        built = [
            name
            for (name,) in fetch(
                warehouse,
                "select column_name from information_schema.columns"
                " where table_schema = ? and table_name = ? order by ordinal_position",
                [node["schema"], node["alias"]],
            )
        ]
        assert built, node["name"]
        documented = {
            name.lower()
            for name, column in node["columns"].items()
            if column["description"].strip()
        }
        assert set(built) - documented == set(), (node["name"], set(built) - documented)
        # A documented column the model no longer outputs is stale documentation.
        assert set(node["columns"]) <= set(built), (node["name"], set(node["columns"]) - set(built))

    # A description shared by several columns is a doc block (models/_docs.md), never a repeated literal.
    literals: dict[str, list[str]] = defaultdict(list)
    for node in [*manifest["nodes"].values(), *manifest["sources"].values()]:
        for column in node.get("columns", {}).values():
            if column["description"].strip() and not column["doc_blocks"]:
                literals[column["description"].strip()].append(f"{node['name']}.{column['name']}")
    repeated = {text: columns for text, columns in literals.items() if len(columns) > 1}
    assert repeated == {}
    # The doc blocks are used and say different things.
    blocks = {
        doc["name"]: doc["block_contents"].strip()
        for doc in manifest["docs"].values()
        if doc["package_name"] == "pira_warehouse"
    }
    assert len(blocks) >= 100 and len(set(blocks.values())) == len(blocks)
    # A literal that copies a doc block's text should reference the block.
    assert set(literals) & set(blocks.values()) == set()
    referenced = {
        block.split(".")[-1]
        for node in manifest["nodes"].values()
        for column in node.get("columns", {}).values()
        for block in column["doc_blocks"]
    }
    assert set(blocks) <= referenced, set(blocks) - referenced
    assert models["stg_pira__plan_nodes"]["columns"]["entity_code"]["doc_blocks"] == [
        "doc.pira_warehouse.entity_code"
    ]
