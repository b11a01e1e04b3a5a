#!/usr/bin/env bash
# Grants on a fresh fabric-network/ network: FabricGrantThroughput between `network.sh up … profiles`
# and `network.sh down` (benchmarks/REPORT-fabric.md).
#
#   FABRIC_BIN=/path/to/fabric/bin benchmarks/fabric-grants.sh [seconds] [clients]
#
# PIN=1 pins the network (orderer, peers, chaincode servers) to CPU 0 and the benchmark JVM, with
# the node it starts and that node's PostgreSQL, to CPU 1: each side on a processor of its own, as
# when the node runs on a host of its own. Without it every process shares every CPU.
# Needs the packaged node (platform-service/target/quarkus-app) and benchmarks/target/benchmarks.jar.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_PHASE="${1:-20}"
CLIENTS="${2:-32,64}"
: "${FABRIC_BIN:?set FABRIC_BIN to the bin directory of a Fabric 2.5 release}"
export FABRIC_BIN

network=(./network.sh)
bench=(java)
if [[ "${PIN:-0}" == 1 ]]; then
  (($(nproc) >= 2)) || { echo "PIN=1 needs two CPUs" >&2; exit 1; }
  network=(taskset -c 0 ./network.sh)
  bench=(taskset -c 1 java)
fi

cd "$ROOT/fabric-network"
"${network[@]}" down --purge >/dev/null 2>&1 || true
trap 'cd "$ROOT/fabric-network" && ./network.sh down >/dev/null 2>&1' EXIT
for step in up channel deploy profiles; do
  "${network[@]}" "$step"
done

cd "$ROOT"
"${bench[@]}" -Dmitai.bench.node.jvm="${NODE_JVM:-}" \
  -cp benchmarks/target/benchmarks.jar io.mitai.benchmarks.node.FabricGrantThroughput \
  fabric-network/build/profiles "$SECONDS_PER_PHASE" "$CLIENTS"
