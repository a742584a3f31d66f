#!/usr/bin/env bash
# Builds Till when the jar is missing or older than the sources, then runs it, passing arguments on.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/till.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src -newer "$jar" -print -quit)" ]; then
  command -v mvn >/dev/null || { echo "run.sh: Maven (mvn) is needed to build Till: apt-get install maven" >&2; exit 1; }
  echo "Building Till (first time takes a minute)..." >&2
  mvn -q -B -DskipTests package >&2
fi
exec java ${TILL_JAVA_OPTS:-} -jar "$jar" "$@"
