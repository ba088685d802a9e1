"""The repository is the whole project: nothing it holds reads or links a folder beside the clone."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from orchestration.paths import PROJECT_DIR

# Spelled with character classes so that this file does not match itself.
OUTSIDE_REFERENCES = [
    re.compile(r"\.\.[/\\]+shared\b"),  # a relative path to a sibling folder of the clone
    re.compile(r"""\bparent\s*/\s*["']shared["']"""),  # the same path built with pathlib
    re.compile(r"""["']shared["']\)?\s*/"""),
    re.compile(r"\bshared[/\\]reference-data\b"),  # the reading desk's copy of reference/
    re.compile(r"\bMETHODOLOG[Y]\b"),  # its methodology page; ours is docs/methodology.md
    re.compile(r"[/]work[/]"),  # an absolute path on the machine the project was written on
]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT_DIR, check=True, capture_output=True
    ).stdout.decode()
    files = [name for name in listed.split("\0") if name]
    # Guard against a vacuous pass: the scan must see the project's code, SQL and docs.
    assert {"Makefile", ".ci/run", "scripts/build_seeds.py", "docs/methodology.md"} <= set(files)
    return files


def tracked_text(name: str) -> str | None:
    try:
        return (PROJECT_DIR / name).read_text(encoding="utf-8")
    except (UnicodeDecodeError, FileNotFoundError):
        return None


def test_no_tracked_file_refers_outside_the_repository() -> None:
    hits = []
    for name in tracked_files():
        if name == "uv.lock" or (text := tracked_text(name)) is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if any(pattern.search(line) for pattern in OUTSIDE_REFERENCES):
                hits.append(f"{name}:{number}: {line.strip()}")
    assert hits == [], "files refer to something outside the repository:\n" + "\n".join(hits)


def test_markdown_links_resolve_inside_the_repository() -> None:
    checked, broken = 0, []
    for name in tracked_files():
        if not name.endswith(".md") or (text := tracked_text(name)) is None:
            continue
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"[a-z]+:|#", target):
                continue
            resolved = (PROJECT_DIR / name).parent.joinpath(target.split("#")[0]).resolve()
            checked += 1
            if not resolved.is_relative_to(PROJECT_DIR) or not resolved.exists():
                broken.append(f"{name}: {target}")
    assert checked >= 4  # docs/methodology.md links the reference documents
    assert broken == []


def test_seeds_build_in_a_copy_with_nothing_beside_it(tmp_path: Path) -> None:
    """`make seeds` reads only the project: a copy of what it needs, alone in a folder, rebuilds them."""
    copy = tmp_path / "project"
    for part in ("scripts", "reference", "seeds"):
        shutil.copytree(PROJECT_DIR / part, copy / part)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project"]
    seed = copy / "seeds" / "raw" / "raw_targets.csv"
    seed.unlink()

    check = [sys.executable, "scripts/build_seeds.py", "--check"]
    stale = subprocess.run(check, cwd=copy, capture_output=True, text=True, check=False)
    assert stale.returncode == 1 and "raw_targets.csv" in stale.stderr, stale.stderr

    subprocess.run(
        [sys.executable, "scripts/build_seeds.py"], cwd=copy, capture_output=True, check=True
    )
    assert seed.read_bytes() == (PROJECT_DIR / "seeds" / "raw" / "raw_targets.csv").read_bytes()
    fresh = subprocess.run(check, cwd=copy, capture_output=True, text=True, check=False)
    assert fresh.returncode == 0, fresh.stderr
