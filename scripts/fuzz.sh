#!/usr/bin/env bash
# Fuzz every Jazzer @FuzzTest of every module, one after the other, each in its own JVM for a
# bounded time. Jazzer fuzzes only one @FuzzTest per JVM, so a plain "mvn test" can't do this.
#
#   scripts/fuzz.sh [SECONDS] [FILTER]
#     SECONDS  fuzzing time per target (default 25; CI uses the default, developers go long:
#              e.g. scripts/fuzz.sh 3600 StunMessage)
#     FILTER   only targets whose "Class#method" contains this text (default: all)
#
# Exit status: 0 when no target found anything, 1 when some did, 2 on usage or build errors.
# Findings land in <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-*:
# from there every later ./mvnw verify replays them (see edge-daemon/FUZZING.md).
set -euo pipefail

seconds="${1:-25}"
filter="${2:-}"
case "$seconds" in
  '' | *[!0-9]* | 0) echo "usage: $0 [SECONDS>0] [FILTER]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/bin/lib/select-jdk.sh"
. "$root/bin/lib/jvm-flags.sh"
logs="$root/target/fuzz-logs"
# JUnit's console launcher runs one @FuzzTest per JVM straight from the compiled classes: Maven
# (and its up-to-date checks) runs once for all targets instead of once per target. Same platform
# version as the junit.version (5.12.2) the build uses.
launcher_version=1.12.2
launcher="$root/target/fuzz-tools/junit-platform-console-standalone-$launcher_version.jar"
input_timeout=10 # seconds one input may take before it counts as a hang (parsers need microseconds)
cd "$root"

# module/package.Class#method for every @FuzzTest. Good enough for our own sources: the annotation
# is followed, within the next few lines, by "void name(".
mapfile -t targets < <(
  grep -rl --include='*FuzzTest.java' '@FuzzTest' ./*/src/test/java | sort | while read -r file; do
    module="${file#./}"; module="${module%%/*}"
    cls="${file#./"$module"/src/test/java/}"; cls="${cls%.java}"; cls="${cls//\//.}"
    awk -v cls="$cls" -v mod="$module" '
      /^[[:space:]]*@FuzzTest/ { pending = 1; next }
      pending && match($0, /void[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(/) {
        name = substr($0, RSTART, RLENGTH); sub(/^void[[:space:]]+/, "", name); sub(/[[:space:]]*\($/, "", name)
        print mod "/" cls "#" name; pending = 0
      }' "$file"
  done | { grep -F -- "$filter" || true; }
)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz.sh: no @FuzzTest matches '${filter}' in any module" >&2
  exit 2
fi

echo "fuzz.sh: ${#targets[@]} target(s), ${seconds}s each; logs in $logs"
modules="$(printf '%s\n' "${targets[@]}" | cut -d/ -f1 | sort -u | paste -sd,)"
# One Maven run: compile, and write each module's test classpath (reactor modules as their
# target/classes, so a fresh clone needs no local install).
./mvnw -q -pl "$modules" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fuzz-classpath.txt -Dmdep.includeScope=test || exit 2
if [ ! -f "$launcher" ]; then
  ./mvnw -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$launcher_version" \
      -DoutputDirectory="$root/target/fuzz-tools" || exit 2
fi
mkdir -p "$logs"

passed=0
failed=0
failed_names=()
for entry in "${targets[@]}"; do
  module="${entry%%/*}"
  target="${entry#*/}"
  log="$logs/$module-${target##*.}.log"
  started=$SECONDS
  # What -Pfuzz gives a surefire run: JAZZER_FUZZ=1 and Jazzer's coverage hooks; the same flags
  # and system properties as the build's test JVMs. jazzer.max_duration overrides
  # @FuzzTest(maxDuration). libFuzzer's -timeout makes an input that runs for more than
  # $input_timeout s a finding (saved as timeout-*), and has to go in through jazzer.internal.arg.N.
  # The outer `timeout` is the last resort for a JVM stuck in an endless loop under Jazzer.
  # The working directory is the module, as under surefire: findings land in its src/test/resources.
  # Everything goes on the JVM's own class path (not the launcher's --class-path loader): Jazzer
  # installs its agent from its jar there.
  rc=0
  cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/fuzz-classpath.txt")"
  ( cd "$root/$module" && JAZZER_FUZZ=1 timeout -k 30 $((seconds + 300)) "$JAVA_HOME/bin/java" \
      "${VOXEDGE_JVM_FLAGS[@]}" -XX:+EnableDynamicAgentLoading \
      -Dvoxedge.repo.root="$root" -Djazzer.hooks=true \
      -Djazzer.max_duration="${seconds}s" \
      -Djazzer.internal.arg.0=fuzz.sh -Djazzer.internal.arg.1=-timeout="$input_timeout" \
      -cp "$cp:$launcher" org.junit.platform.console.ConsoleLauncher \
      execute --disable-banner --details=summary --fail-if-no-tests --select-class "${target%%#*}" --include-methodname "^${target//./\\.}\$" ) \
      >"$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    runs="$(grep -Eo '^Done [0-9]+ runs' "$log" | tail -1 || true)"
    echo "  ok    $module ${target##*.} ($((SECONDS - started))s; ${runs:-no libFuzzer summary})"
  else
    failed=$((failed + 1))
    failed_names+=("$module/$target")
    echo "  FAIL  $module ${target##*.} ($((SECONDS - started))s); full log: $log"
    [ "$rc" -lt 124 ] || echo "        killed by timeout(1): still running $((seconds + 300))s after start"
    # libFuzzer says where it wrote the input and prints it as Base64; the cause names the bug.
    { grep -E -m1 'Test unit written|Slowest unit|timed out' "$log" || true
      grep -E -m1 '^Base64:' "$log" || true
      grep -E -m1 -A2 '^Caused by' "$log" || grep -E -m3 'ERROR|Exception' "$log" || true
    } | cut -c1-300 | sed 's/^/        /'
  fi
done

new_findings="$(git status --porcelain --untracked-files=all -- ./*/src/test/resources \
  | awk '$1 == "??" { print $2 }' | grep -E '/(crash|timeout|oom|slow-unit|leak)-[0-9a-f]+$' || true)"
if [ -n "$new_findings" ]; then
  echo "fuzz.sh: new finding file(s) (commit them next to the fix: they become regression seeds):"
  while read -r f; do
    echo "  $f  base64=$(base64 -w0 "$f")"
  done <<<"$new_findings"
fi

[ "$failed" -eq 0 ] || echo "fuzz.sh: targets with findings: ${failed_names[*]}"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
