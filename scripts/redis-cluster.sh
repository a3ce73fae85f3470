#!/usr/bin/env bash
# A local Redis Cluster on loopback for the tests: 3 primaries + 3 replicas of redis-server, each in its own
# temp dir, no persistence, a short cluster-node-timeout (2 s) so a killed primary's replica is promoted fast.
# Sourced by test.sh (start_redis_cluster / stop_redis_cluster), or run on its own:
#   scripts/redis-cluster.sh start [first_port]   # prints the seeds; dirs listed in $TMPDIR/edgegateway-cluster-<port>
#   scripts/redis-cluster.sh stop  [first_port]
# start_redis_cluster sets and exports EDGEGATEWAY_TEST_REDIS_CLUSTER=127.0.0.1:p0,…,127.0.0.1:p5.

redis_cluster_first_port="${EDGEGATEWAY_TEST_REDIS_CLUSTER_PORT:-17000}"
redis_cluster_root=""

start_redis_cluster() {
  local first="${1:-$redis_cluster_first_port}" port i seeds="" ok=0 info
  redis_cluster_first_port="$first"
  redis_cluster_root="${TMPDIR:-/tmp}/edgegateway-cluster-$first"
  rm -rf "$redis_cluster_root"
  mkdir -p "$redis_cluster_root"
  for i in 0 1 2 3 4 5; do
    port=$((first + i))
    mkdir -p "$redis_cluster_root/$port"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-node-timeout 2000 \
      --cluster-config-file "$redis_cluster_root/$port/nodes.conf" --save "" --appendonly no --daemonize yes \
      --dir "$redis_cluster_root/$port" --pidfile "$redis_cluster_root/$port/redis.pid" \
      --logfile "$redis_cluster_root/$port/redis.log"
    seeds="$seeds${seeds:+,}127.0.0.1:$port"
  done
  for i in 0 1 2 3 4 5; do
    for _ in $(seq 1 100); do
      redis-cli -p $((first + i)) ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  done
  redis-cli --cluster create ${seeds//,/ } --cluster-replicas 1 --cluster-yes >"$redis_cluster_root/create.log" 2>&1 || {
    echo "redis-cli --cluster create failed:"; cat "$redis_cluster_root/create.log"; return 1; }
  # Every node must agree the cluster is up (slots covered, replicas attached) before a test uses it.
  for _ in $(seq 1 300); do
    ok=1
    for i in 0 1 2 3 4 5; do
      # No pipes into grep -q: under test.sh's pipefail an early-exiting grep could fail the check by SIGPIPE.
      info="$(redis-cli -p $((first + i)) cluster info 2>/dev/null || true)"
      grep -q '^cluster_state:ok' <<< "$info" || { ok=0; break; }
      # ...and every replica has synced with its primary, so WAIT 1 can succeed from the first test on.
      info="$(redis-cli -p $((first + i)) info replication 2>/dev/null || true)"
      grep -qE '^(connected_slaves:1|master_link_status:up)' <<< "$info" || { ok=0; break; }
    done
    [ "$ok" -eq 1 ] && break
    sleep 0.1
  done
  if [ "$ok" -ne 1 ]; then echo "the Redis Cluster on $first-$((first + 5)) did not reach cluster_state:ok"; return 1; fi
  export EDGEGATEWAY_TEST_REDIS_CLUSTER="$seeds"
  echo "Redis Cluster up: $seeds"
}

stop_redis_cluster() {
  local first="${1:-$redis_cluster_first_port}" i
  for i in 0 1 2 3 4 5; do
    redis-cli -p $((first + i)) shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "${redis_cluster_root:-${TMPDIR:-/tmp}/edgegateway-cluster-$first}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) start_redis_cluster "${2:-$redis_cluster_first_port}" ;;
    stop) stop_redis_cluster "${2:-$redis_cluster_first_port}" ;;
    *) echo "usage: $0 start|stop [first_port]"; exit 2 ;;
  esac
fi
