"""`make run`: build the warehouse on the embedded data and print where the results are."""

import sys

from orchestration.dbt_invocation import DbtInvocationError, build_warehouse
from orchestration.paths import warehouse_path
from orchestration.summary import warehouse_summary


def main() -> int:
    database_path = warehouse_path()
    try:
        build_warehouse(database_path)
    except DbtInvocationError as error:
        print(error, file=sys.stderr)
        return 1
    print(warehouse_summary(database_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
