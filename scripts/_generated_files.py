"""Write generated text files, or (--check) report those that differ from what would be written."""

import sys
from pathlib import Path


def write_or_check(files: dict[Path, str], check: bool, stale_message: str) -> int:
    """0 when written (or up to date); 1, listing them after `stale_message`, when some are stale."""
    stale = []
    for path, text in files.items():
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print(f"{stale_message}: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0
