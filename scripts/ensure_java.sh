#!/usr/bin/env bash
# Installs Debian's headless Java 17 for the Spark equality test when no java is on PATH (CI runs as root).
set -euo pipefail
if command -v java >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "java is missing: install the Debian package 'openjdk-17-jre-headless' (needs root)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
command -v java
