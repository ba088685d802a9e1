#!/usr/bin/env bash
# ensure_debian_package.sh COMMAND PACKAGE: installs the Debian package when COMMAND is not on PATH
# (CI runs as root; elsewhere it says what to install).
set -euo pipefail
command_name="$1"
package="$2"
if command -v "$command_name" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "$command_name is missing: install the Debian package '$package' (needs root)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$package" >/dev/null
command -v "$command_name"
