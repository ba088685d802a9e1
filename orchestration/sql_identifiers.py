"""Identifiers that come from the project (catalogue, suites, table listings) quoted for SQL text."""


def quote_identifier(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
