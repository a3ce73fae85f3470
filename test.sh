#!/usr/bin/env bash
# Runs every test of EdgeGateway on a fresh machine: installs redis-server and softhsm2 if they are missing,
# starts redis-server on a loopback port for the tests (and a 6-node Redis Cluster, scripts/redis-cluster.sh), runs all
# test projects, stops them again.
# Prints "N passed, N failed" (totals over all test projects) as its last line and writes it
# to TestResults/summary.txt; exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")"

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"
echo "0 passed, 1 failed" > "$results/summary.txt"   # until proven otherwise

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing it with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
fi

# The PKCS#11 tests sign through a real SoftHSM2 token (they create a throwaway one under a temp directory).
if ! command -v softhsm2-util >/dev/null 2>&1; then
  echo "softhsm2 is missing: installing it with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq softhsm2 >/dev/null
fi

# Every test gateway watches its config files; file watchers come from a per-user kernel pool (inotify
# instances, 128 by default). Raise the pool when allowed, else poll files instead of watching them.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ]; then
  sysctl -q -w fs.inotify.max_user_instances=1024 2>/dev/null || export DOTNET_USE_POLLING_FILE_WATCHER=1
fi

redis_port="${EDGEGATEWAY_TEST_REDIS_PORT:-16379}"
redis_dir="$(mktemp -d)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
# shellcheck source=scripts/redis-cluster.sh
source scripts/redis-cluster.sh
stop_redis() {
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$redis_dir"
  stop_redis_cluster
}
trap stop_redis EXIT
for _ in $(seq 1 50); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
export EDGEGATEWAY_TEST_REDIS="127.0.0.1:$redis_port"
# The same Redis-backed suites also run against a 6-node Redis Cluster (3 primaries, 3 replicas) on loopback;
# start_redis_cluster exports its seeds as EDGEGATEWAY_TEST_REDIS_CLUSTER.
start_redis_cluster "${EDGEGATEWAY_TEST_REDIS_CLUSTER_PORT:-17000}"
export EDGEGATEWAY_TEST_REDIS_SERVER="$(command -v redis-server)"

dotnet build EdgeGateway.sln -c Release -nologo -v quiet

# Dependency hygiene: ask the package registry about known vulnerabilities of every package, transitive ones
# included. Offline, or with a registry that does not answer, the run goes on (and says so); a vulnerable
# package found fails the run.
vulnerable=0
check_vulnerable_packages() {
  local report rc=0 source index
  report="$(timeout 300 dotnet list EdgeGateway.sln package --vulnerable --include-transitive 2>&1)" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "dependency check: skipped, the package registry did not answer (exit code $rc):"
    grep -iE "error|unable" <<< "$report" | head -3 || true
    return
  fi
  if grep -q "has the following vulnerable packages" <<< "$report"; then
    echo "dependency check: VULNERABLE PACKAGES FOUND"
    sed -n '/has the following vulnerable packages/,/^$/p' <<< "$report"
    vulnerable=1
    return
  fi
  echo "dependency check: no known vulnerable packages (direct and transitive)"
  # A registry may publish no vulnerability data at all; then "none found" proves nothing. Say so.
  command -v curl >/dev/null 2>&1 || return 0
  for source in $(dotnet nuget list source --format short 2>/dev/null | awk '$1 == "E" && $2 ~ /^http/ {print $2}' || true); do
    index="$(curl -s -m 10 "$source" || true)"
    if ! grep -q '"VulnerabilityInfo' <<< "$index"; then
      echo "dependency check: note: $source publishes no vulnerability data, so the check could not find any there"
    fi
  done
}
check_vulnerable_packages

# The fault drills write their table (fault-drills.md) next to the test results.
export EDGEGATEWAY_TEST_RESULTS="$results"
status=0
dotnet test EdgeGateway.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crash or build failure still fails
if [ "$vulnerable" -ne 0 ]; then
  echo "dependency check failed: update the packages listed above (Directory.Packages.props)"
  failed=$((failed + 1))
  status=1
fi
# Name every failed test with the first lines of its message at the end, where a CI log's tail shows it.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  if ! command -v python3 >/dev/null 2>&1; then
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/FAILED \1/p' || true
    continue
  fi
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.findtext(".//t:Message", default="", namespaces=ns).strip().splitlines()
    print("FAILED " + r.get("testName", "?"))
    for line in message[:6]:
        print("    " + line[:300])
PY
done
if [ -f "$results/fault-drills.md" ]; then
  echo "fault drills:"
  cat "$results/fault-drills.md"
fi
echo "$passed passed, $failed failed" > "$results/summary.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
