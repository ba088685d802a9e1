"""Dagster's SQLite event log, keeping one open connection per database file.

Dagster's own SQLite event log creates an SQLAlchemy engine, opens a connection and closes both for
every read and write. A run of the main job records about 1,300 events (several writes each for an
asset event): at about 12 ms an event that was a fifth of `make run`; kept connections write one in
about 5 ms. Files, tables and migrations are Dagster's own (the webserver and the daemon read them
as usual). Configured in orchestration/dagster.yaml, where the folder is `$DAGSTER_HOME` (open the
instance with `DagsterInstance.get()`); the processes that load the instance must import
`orchestration` (`make setup` puts the project on the virtual environment's path).
"""

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sql import create_engine
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool


def _commit_without_fsync(dbapi_connection, _connection_record) -> None:
    """Dagster's files are in WAL mode: NORMAL syncs at checkpoints, not at each of ~1,300 commits a
    run. A killed process loses nothing; only a power cut can lose the last events."""
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class KeptConnectionSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` under `<dagster_home>/history/runs`, one pooled connection per file
    for the last few files used (a webserver reads many runs: their files are closed in turn)."""

    KEPT_FILES = 8

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_present: set[str] = set()
        self._asset_key_columns_present: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls):
        return {"dagster_home": dg.StringSource}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        runs_dir = os.path.join(config_value["dagster_home"], "history", "runs")
        return cls(base_dir=runs_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        """The shard's engine; called under the storage's lock, as every use of the engines is."""
        if shard in self._engines:
            self._engines.move_to_end(shard)
            return self._engines[shard]
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=1,
            # One thread at a time (the lock), not always the same one.
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _commit_without_fsync)
        self._engines[shard] = engine
        while len(self._engines) > self.KEPT_FILES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as connection, connection.begin():
                yield connection

    def has_table(self, table_name: str) -> bool:
        """Asked for every asset event stored (a new engine each time, in Dagster's own): a table
        once present stays, so a yes is remembered."""
        if table_name not in self._tables_present and super().has_table(table_name):
            self._tables_present.add(table_name)
        return table_name in self._tables_present

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        """Asked for every asset event stored (a schema inspection each time): remembered likewise."""
        if (
            column_name not in self._asset_key_columns_present
            and super()._has_asset_key_col_on_connection(conn, column_name)
        ):
            self._asset_key_columns_present.add(column_name)
        return column_name in self._asset_key_columns_present

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
        super().dispose()
