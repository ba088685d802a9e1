#!/usr/bin/env bash
# Debian's headless Chromium for the report tests.
exec bash "$(dirname "$0")/ensure_debian_package.sh" chromium chromium
