# Sourced by ./mvnw and bin/voxedge. The project needs Java 25, but a fresh machine's default java
# is 17: keep a JAVA_HOME that already points at 25+, else pick the first JDK 25+ under /usr/lib/jvm.
voxedge_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(voxedge_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  voxedge_restore_noglob=; case $- in *f*) voxedge_restore_noglob=1; set +f ;; esac
  for voxedge_candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -x "$voxedge_candidate/bin/java" ] && [ "$(voxedge_java_major "$voxedge_candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$voxedge_candidate"; break
    fi
  done
  [ -z "$voxedge_restore_noglob" ] || set -f
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(voxedge_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  echo "voxedge needs a JDK 25 (Temurin 25 under /usr/lib/jvm, or JAVA_HOME pointing at one)" >&2
  exit 1
fi
