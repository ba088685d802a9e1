#!/usr/bin/env bash
# Debian's headless Java 17 for the Spark equality test.
exec bash "$(dirname "$0")/ensure_debian_package.sh" java openjdk-17-jre-headless
