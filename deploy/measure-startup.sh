#!/usr/bin/env bash
# Measures what the README promises: the time from `./run` until the console shows live demo sagas
# (its REST API lists a COMPLETED order-placement saga, signed in with the admin password the
# launcher prints), with the launcher's own time per step. Then stops it as Ctrl-C in a terminal
# does (SIGINT to its whole process group) and checks that nothing it started is still running.
# Figures: docs/benchmarks.md.
#
#   deploy/measure-startup.sh [--empty-maven] [REPOSITORY] [-- ./run options]
#
# REPOSITORY defaults to this script's; e.g. `git clone . /tmp/fresh-clone && deploy/measure-startup.sh
# /tmp/fresh-clone` measures a fresh clone (build included); run it again for a restart. --empty-maven builds
# as on a new machine: Maven itself and every dependency are downloaded, into folders removed afterwards.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build_label="dependencies already in ~/.m2"
if [ "${1:-}" = "--empty-maven" ]; then
  shift
  maven_home=$(mktemp -d /tmp/opsplane-empty-maven.XXXXXX)
  trap 'rm -rf "$maven_home"' EXIT
  # the wrapper downloads Maven into MAVEN_USER_HOME; Maven 3.9 reads MAVEN_ARGS
  export MAVEN_USER_HOME="$maven_home" MAVEN_ARGS="-Dmaven.repo.local=$maven_home/repository"
  build_label="empty Maven repository, downloads included"
fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  repo=$(cd "$1" && pwd)
  shift
fi
[ "${1:-}" = "--" ] && shift
log=$(mktemp /tmp/opsplane-startup.XXXXXX.log)
limit=600   # seconds: give up after ten minutes

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

cd "$repo"
began=$(now)
# job control on: ./run gets a process group of its own, as in a terminal (a background job of a
# script would ignore SIGINT otherwise, and so would the JVM)
set -m
./run "$@" >"$log" 2>&1 &
launcher=$!
set +m

first_step="" ready="" live="" url="" password=""
while [ -z "$live" ]; do
  if ! kill -0 "$launcher" 2>/dev/null; then
    echo "./run ended before the console showed live sagas; the end of $log:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  if [ "$(since "$began" "$(now)" | cut -d. -f1)" -ge "$limit" ]; then
    echo "no live demo sagas within $limit s; stopping ./run (pid $launcher); log: $log" >&2
    kill -INT -- "-$launcher"
    wait "$launcher" || true
    exit 1
  fi
  if [ -z "$first_step" ] && grep -q '^\[1/' "$log"; then
    first_step=$(now)
  fi
  if [ -z "$ready" ] && grep -q 'Opsplane is running' "$log"; then
    ready=$(now)
    url=$(sed -n 's/^  Console *\(http[^ ]*\).*/\1/p' "$log" | head -1)
    password=$(sed -n 's/^  Sign in as *admin \/ \([^ ]*\).*/\1/p' "$log" | head -1)
  fi
  if [ -n "$ready" ] && curl -fsS -u "admin:$password" \
       "$url/api/sagas?type=order-placement&status=COMPLETED&limit=1" 2>/dev/null | grep -q '"status":"COMPLETED"'; then
    live=$(now)
  fi
  sleep 0.5
done

echo "Repository: $repo   (log: $log)"
if grep -q '^Building Opsplane' "$log"; then
  echo "  build (./mvnw package, $build_label)   $(since "$began" "$first_step") s"
fi
grep -E '^\[[0-9]/[0-9]\] .*\([0-9.]+ s\)$' "$log" | sed -E -e 's/… \.*/… /' -e 's/^/  /'
echo "  ./run to console ready (all steps)                       $(since "$began" "$ready") s"
echo "  ./run to live demo sagas (a COMPLETED saga in the API)   $(since "$began" "$live") s"

# what ./run started, found now (children of children included), to check after the stop
descendants() {
  local pid
  for pid in $(ps -o pid= --ppid "$1"); do
    echo "$pid"
    descendants "$pid"
  done
}
started=$(descendants "$launcher")
stop_began=$(now)
kill -INT -- "-$launcher"
status=0
wait "$launcher" || status=$?
echo "  stop (SIGINT)                                            $(since "$stop_began" "$(now)") s, exit status $status"
left=""
for pid in $started; do
  if kill -0 "$pid" 2>/dev/null; then
    left="$left $pid"
  fi
done
state="$repo/.opsplane"
for arg in "$@"; do
  [ "${previous:-}" = "--state-dir" ] && state=$arg
  previous=$arg
done
if [ -n "$left" ] || [ -f "$state/postgres/postmaster.pid" ]; then
  echo "still running after the stop:${left:- PostgreSQL ($state/postgres/postmaster.pid)}" >&2
  exit 1
fi
echo "  nothing left running"
