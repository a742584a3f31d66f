#!/usr/bin/env bash
# Builds Till when the jar is missing or older than the sources, then runs it, passing arguments on.
# Without JAVA_HOME it runs on the newest JDK in /usr/lib/jvm (Java 21+ serves on virtual threads).
# Relative paths (TILL_DATA_DIR, backup files) are the caller's: only the build runs in the repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")" && pwd)
jar=$repo/target/till.jar
if [ ! -f "$jar" ] || [ -n "$(find "$repo/pom.xml" "$repo/src" -newer "$jar" -print -quit)" ]; then
  command -v mvn >/dev/null || { echo "run.sh: Maven (mvn) is needed to build Till: apt-get install maven" >&2; exit 1; }
  echo "Building Till (first time takes a minute)..." >&2
  (cd "$repo" && mvn -q -B -DskipTests package >&2)
fi
java=java
if [ -n "${JAVA_HOME:-}" ]; then
  java="$JAVA_HOME/bin/java"
else
  best=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
    if [ "${version%%.*}" -gt "$best" ] 2>/dev/null; then best=${version%%.*}; java=$candidate; fi
  done
fi
# Out of memory, the JVM exits (for a supervisor to restart it) instead of running on with dead threads.
exec "$java" -XX:+ExitOnOutOfMemoryError ${TILL_JAVA_OPTS:-} -jar "$jar" "$@"
