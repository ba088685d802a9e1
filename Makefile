# The front door. `make run` and `make test` work from nothing: Python 3.11 and pip are enough.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.synced
# The Spark target's own environment (dbt-spark, PySpark): only the Spark equality test uses it.
SPARK_VENV := .venv-spark
SPARK_STAMP := $(SPARK_VENV)/.synced

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# Dagster keeps run history here, shared by `make run` and `make ui`.
export DAGSTER_HOME := $(CURDIR)/.dagster_home
DAGSTER_YAML := $(DAGSTER_HOME)/dagster.yaml

.PHONY: setup spark-env run ui test lint sqlfix seeds docs browser print-tools bench clean

setup: $(STAMP)

# The virtual environment, synced exactly to uv.lock (dev tools included). A .pth file puts the
# project's modules on its path: every process loading the Dagster instance (its event log storage
# is orchestration/event_log_storage.py), the webserver, the daemon, their runs, a hand-run command.
$(STAMP): pyproject.toml uv.lock Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip --upgrade; \
		$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(BIN)/uv sync --frozen --compile-bytecode --python $(BIN)/python
	echo "$(CURDIR)" > "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/pira_warehouse_project.pth"
	touch $(STAMP)

# .venv-spark: the spark dependency group alone, from the same uv.lock (and Java 17).
spark-env: $(SPARK_STAMP)

$(SPARK_STAMP): pyproject.toml uv.lock $(STAMP)
	bash scripts/ensure_java.sh
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/$(SPARK_VENV) $(BIN)/uv sync --frozen --only-group spark --python $(BIN)/python
	touch $(SPARK_STAMP)

# The instance configuration (telemetry off, one run at a time): the committed file is the source.
$(DAGSTER_YAML): orchestration/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp orchestration/dagster.yaml $(DAGSTER_YAML)

# The PDF of each report needs Chromium: `browser` installs it (as root); without it the run still
# publishes HTML and XLSX and says so.
run: $(STAMP) $(DAGSTER_YAML) browser
	$(BIN)/python -m orchestration.run

# Dagster on this machine only: the web UI (asset graph, checks, runs) and the daemon, which runs
# the queue, the schedules and the sensor once they are switched on.
ui: $(STAMP) $(DAGSTER_YAML)
	@echo "Dagster UI: http://127.0.0.1:3000"
	$(BIN)/dagster dev -m orchestration.definitions --host 127.0.0.1 --port 3000

# Test modules in parallel, one module per worker (module fixtures built once); TEST_WORKERS=0: serial.
TEST_WORKERS ?= 2

test: $(STAMP) $(SPARK_STAMP) browser print-tools
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Headless Chromium (Debian package): the reports' PDF and the report rendering tests. A machine
# where it cannot be installed (not root) still runs: `-` lets make go on, the run says so.
browser:
	-bash scripts/ensure_chromium.sh

# The print tests: poppler (pdftotext, pdftoppm) and LibreOffice Calc (the XLSX printed to PDF).
print-tools:
	bash scripts/ensure_debian_package.sh pdftoppm poppler-utils
	bash scripts/ensure_debian_package.sh soffice libreoffice-calc-nogui

# dbt docs (models, columns, exposures) as one self-contained page that opens from the file system.
docs: $(STAMP)
	$(BIN)/dbt docs generate --static --project-dir $(CURDIR) --profiles-dir $(CURDIR)
	@echo "dbt docs: $(CURDIR)/target/static_index.html"

# Python (ruff) and the SQL house style (.sqlfluff, dbt templater on a scratch DuckDB file).
# `make sqlfix` rewrites the models to the style where sqlfluff can.
SQLFLUFF_ENV := PIRA_DUCKDB_PATH=$(CURDIR)/target/sqlfluff/lint.duckdb

lint: $(STAMP)
	$(BIN)/ruff check orchestration expectations tests scripts bench
	$(BIN)/ruff format --check orchestration expectations tests scripts bench
	mkdir -p target/sqlfluff
	$(SQLFLUFF_ENV) $(BIN)/sqlfluff lint models --processes 2 --disable-progress-bar

sqlfix: $(STAMP)
	mkdir -p target/sqlfluff
	$(SQLFLUFF_ENV) $(BIN)/sqlfluff fix models --processes 2 --disable-progress-bar

# Benchmark on synthetic national data into bench/results.md; BENCH_ARGS=--stress adds the 10x size.
bench: $(STAMP)
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)

# Regenerate the seeds from reference/ (the transcribed documents, see reference/README.md).
seeds: $(STAMP)
	$(BIN)/python scripts/build_seeds.py

clean:
	rm -rf $(VENV) $(SPARK_VENV) target logs warehouse/*.duckdb* reports
