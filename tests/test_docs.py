"""`make docs`: dbt docs generate documents every mart column and declares the exposures BI and the report read."""

import json
from pathlib import Path

from orchestration.dbt_invocation import run_dbt


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
