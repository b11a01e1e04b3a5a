#!/usr/bin/env bash
# Checks of network.sh and the ccaas builder that need no Fabric binaries. It does not start
# Fabric and proves nothing about Fabric itself; it proves what the scripts do around it:
#
#  - argument handling and the messages for a missing or incomplete FABRIC_BIN;
#  - commands that need an earlier step say which one (profiles before up, channel before up);
#  - down stops only the processes its pid files name, leaves a recycled pid alone, and can be
#    run any number of times;
#  - the ccaas package has the layout a peer expects, is byte-identical when made again (so its
#    package id is stable), and the builder's detect/build/release, run as a peer runs them on
#    that package, put connection.json where the peer reads it;
#  - the chaincode server jar (when built) starts with the variables deploy sets, listens, is kept
#    by a second deploy and stopped by down;
#  - profiles writes exactly the node's keys with absolute paths that exist, and JSON that parses,
#    from a directory tree laid out as cryptogen lays it out (files with the right names).
#
# Runs on a copy of fabric-network/ in a temporary directory. Needs bash, python3 (JSON parse).
#   fabric-network/test/smoke.sh
set -euo pipefail

SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
SLEEPERS=()
cleanup() {
  local pid
  for pid in "${SLEEPERS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

NET="$WORK/fabric-network"
mkdir -p "$NET"
cp -R "$SOURCE_DIR/network.sh" "$SOURCE_DIR/config" "$SOURCE_DIR/builders" "$NET/"
SCRIPT="$NET/network.sh"

failures=0
pass() { printf 'ok   %s\n' "$1"; }
fail() {
  printf 'FAIL %s\n' "$1" >&2
  failures=$((failures + 1))
}

# gone PID: the process has exited (a zombie that init has yet to reap counts as gone).
gone() { [[ ! -e "/proc/$1" ]] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# check NAME COMMAND...: COMMAND succeeds.
check() {
  local name="$1"
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# expect NAME STATUS PATTERN COMMAND...: COMMAND exits with STATUS and its output matches PATTERN.
expect() {
  local name="$1" status="$2" pattern="$3" out rc=0
  shift 3
  out="$("$@" 2>&1)" || rc=$?
  if [[ "$rc" != "$status" ]]; then
    fail "$name: exit $rc, expected $status; output: $out"
  elif ! grep -Eq -- "$pattern" <<<"$out"; then
    fail "$name: output does not match /$pattern/: $out"
  else
    pass "$name"
  fi
}

# --- arguments and FABRIC_BIN ------------------------------------------------------------------------

expect "no command prints usage" 2 'Usage: network.sh COMMAND' "$SCRIPT"
expect "unknown command" 1 "unknown command 'start'" "$SCRIPT" start
expect "extra argument refused" 1 'unexpected argument\(s\) for up: now' "$SCRIPT" up now
expect "channel accepts 'create'" 1 'FABRIC_BIN is not set' env -u FABRIC_BIN "$SCRIPT" channel create
expect "deploy accepts 'chaincode'" 1 'FABRIC_BIN is not set' env -u FABRIC_BIN "$SCRIPT" deploy chaincode
expect "down refuses unknown options" 1 "unknown option '--all' for down" "$SCRIPT" down --all
for command in up channel deploy; do
  expect "$command without FABRIC_BIN" 1 'FABRIC_BIN is not set.*peer orderer configtxgen cryptogen osnadmin' \
    env -u FABRIC_BIN "$SCRIPT" "$command"
done
expect "FABRIC_BIN not a directory" 1 'FABRIC_BIN=/nonexistent/bin is not a directory' \
  env FABRIC_BIN=/nonexistent/bin "$SCRIPT" up

FAKE_BIN="$WORK/fake-bin"
mkdir -p "$FAKE_BIN"
for tool in peer cryptogen; do
  printf '#!/bin/sh\necho "fake %s must not run" >&2\nexit 99\n' "$tool" >"$FAKE_BIN/$tool"
  chmod +x "$FAKE_BIN/$tool"
done
printf '#!/bin/sh\nexit 99\n' >"$FAKE_BIN/osnadmin" # not executable
expect "incomplete FABRIC_BIN names what is missing" 1 \
  'lacks orderer configtxgen osnadmin \(missing or not executable\)' env FABRIC_BIN="$FAKE_BIN" "$SCRIPT" up
check "a refused up writes nothing" test ! -e "$NET/build"
mkdir -p "$WORK/empty-bin"
expect "crypto needs only cryptogen" 1 'lacks cryptogen \(missing' env FABRIC_BIN="$WORK/empty-bin" "$SCRIPT" crypto
expect "a failing cryptogen is reported" 1 'cryptogen failed' env FABRIC_BIN="$FAKE_BIN" "$SCRIPT" crypto
check "a failed cryptogen leaves no 'complete' marker" test ! -e "$NET/build/crypto/.complete"

for tool in orderer configtxgen osnadmin; do
  printf '#!/bin/sh\necho "fake %s must not run" >&2\nexit 99\n' "$tool" >"$FAKE_BIN/$tool"
  chmod +x "$FAKE_BIN/$tool"
done
expect "channel before up" 1 'no crypto material .*run ./network.sh up first' \
  env FABRIC_BIN="$FAKE_BIN" "$SCRIPT" channel
expect "profiles before up" 1 'no crypto material .*run ./network.sh up first' "$SCRIPT" profiles

# --- down -------------------------------------------------------------------------------------------------

expect "down with nothing started" 0 'nothing to stop' "$SCRIPT" down
expect "down again" 0 'nothing to stop' "$SCRIPT" down

PIDS="$NET/build/pids"
mkdir -p "$PIDS"
sleep 301 &
ours=$!
SLEEPERS+=("$ours")
sleep 302 &
stranger=$!
SLEEPERS+=("$stranger")
sleep 0 &
gone=$!
wait "$gone"
# The orderer's pid file names a live process running what it says; peer0.org1's names a live
# process running something else (a recycled pid); peer0.org2's names a process that is gone.
printf '%s\n%s\n' "$ours" "sleep 301" >"$PIDS/orderer.pid"
printf '%s\n%s\n' "$stranger" "/opt/fabric/bin/peer node start" >"$PIDS/peer0.org1.example.com.pid"
printf '%s\n%s\n' "$gone" "/opt/fabric/bin/peer node start" >"$PIDS/peer0.org2.example.com.pid"
expect "status reports the pid file's process" 0 'orderer: running \(pid '"$ours" "$SCRIPT" status
expect "down stops its own process" 0 "stopped orderer \\(pid $ours\\)" "$SCRIPT" down
wait "$ours" 2>/dev/null || true
check "orderer's process is gone" gone "$ours"
check "a recycled pid is left alone" kill -0 "$stranger"
check "down removes its pid files" test -z "$(ls -A "$PIDS")"
expect "down is idempotent" 0 'network down' "$SCRIPT" down

# --- the ccaas package and the builder, as a peer runs them ----------------------------------------------

expect "package without FABRIC_BIN" 0 'org1: .*/build/chaincode/org1/mitai_1.0.tar.gz' env -u FABRIC_BIN "$SCRIPT" package
PKG="$NET/build/chaincode/org1/mitai_1.0.tar.gz"
first="$(sha256sum "$PKG" | cut -d' ' -f1)"
check "package holds metadata.json and code.tar.gz" \
  test "$(tar -tzf "$PKG" | sort | tr '\n' ' ')" == "code.tar.gz metadata.json "
rm -rf "$NET/build/chaincode"
"$SCRIPT" package >/dev/null
check "a package made again has the same bytes (same package id)" \
  test "$(sha256sum "$PKG" | cut -d' ' -f1)" == "$first"

PEER_WORK="$WORK/peer"
mkdir -p "$PEER_WORK/metadata" "$PEER_WORK/source" "$PEER_WORK/bld" "$PEER_WORK/release"
tar -xzf "$PKG" -C "$PEER_WORK/metadata" metadata.json
tar -xzf "$PKG" -O code.tar.gz | tar -xzf - -C "$PEER_WORK/source"
python3 - "$PEER_WORK/metadata/metadata.json" "$PEER_WORK/source/connection.json" <<'EOF'
import json, sys
metadata = json.load(open(sys.argv[1]))
connection = json.load(open(sys.argv[2]))
assert metadata == {"type": "ccaas", "label": "mitai_1.0"}, metadata
assert connection == {"address": "127.0.0.1:7055", "dial_timeout": "10s", "tls_required": False}, connection
EOF
pass "metadata.json and connection.json parse and say ccaas / 127.0.0.1:7055"
BIN="$NET/builders/ccaas/bin"
expect "detect claims the package" 0 '' "$BIN/detect" "$PEER_WORK/source" "$PEER_WORK/metadata"
mkdir -p "$PEER_WORK/other"
printf '{"type":"java","label":"x_1"}' >"$PEER_WORK/other/metadata.json"
expect "detect declines another type" 1 '' "$BIN/detect" "$PEER_WORK/source" "$PEER_WORK/other"
expect "build copies connection.json" 0 '' "$BIN/build" "$PEER_WORK/source" "$PEER_WORK/metadata" "$PEER_WORK/bld"
expect "release puts it under chaincode/server" 0 '' "$BIN/release" "$PEER_WORK/bld" "$PEER_WORK/release"
check "the released connection.json is the package's" \
  cmp -s "$PEER_WORK/source/connection.json" "$PEER_WORK/release/chaincode/server/connection.json"
mkdir -p "$PEER_WORK/empty"
expect "build refuses a package without connection.json" 1 'connection.json is missing' \
  "$BIN/build" "$PEER_WORK/empty" "$PEER_WORK/metadata" "$PEER_WORK/bld2"

# --- profiles from a cryptogen-shaped tree ----------------------------------------------------------------

CRYPTO="$NET/build/crypto"
for org in org1 org2 org3; do
  base="$CRYPTO/peerOrganizations/$org.example.com"
  mkdir -p "$base/peers/peer0.$org.example.com/tls" "$base/users/User1@$org.example.com/msp/signcerts" \
    "$base/users/User1@$org.example.com/msp/keystore"
  printf -- '-----BEGIN CERTIFICATE-----\nTLSCA%s\n-----END CERTIFICATE-----\n' "$org" \
    >"$base/peers/peer0.$org.example.com/tls/ca.crt"
  : >"$base/users/User1@$org.example.com/msp/signcerts/User1@$org.example.com-cert.pem"
  : >"$base/users/User1@$org.example.com/msp/keystore/priv_sk"
done
# org4 is a client organisation: users only, no peer (its node transacts through org1's peer).
base="$CRYPTO/peerOrganizations/org4.example.com/users/User1@org4.example.com/msp"
mkdir -p "$base/signcerts" "$base/keystore"
: >"$base/signcerts/User1@org4.example.com-cert.pem"
: >"$base/keystore/priv_sk"
touch "$CRYPTO/.complete"
expect "profiles" 0 'wrote .*/org4/node.properties' "$SCRIPT" profiles
python3 - "$NET/build/profiles" <<'EOF'
import json, os, sys
root = sys.argv[1]
# org -> the organisation whose peer its node talks to
gateways = {"org1": "org1", "org2": "org2", "org3": "org3", "org4": "org1"}
ports = {"org1": "7051", "org2": "9051", "org3": "11051"}
for org, gateway in gateways.items():
    port = ports[gateway]
    props = {}
    with open(os.path.join(root, org, "node.properties"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, value = line.split("=", 1)
                assert key not in props, key
                props[key] = value
    cert = f'mitai.fabric.identities."{org}".certificate'
    key = f'mitai.fabric.identities."{org}".private-key'
    expected = {"mitai.mode", "mitai.ledger", "mitai.organisations", "mitai.fabric.endpoint",
                "mitai.fabric.tls-ca", "mitai.fabric.authority", "mitai.fabric.channel",
                "mitai.fabric.chaincode", cert, key}
    assert set(props) == expected, sorted(set(props) ^ expected)
    assert props["mitai.mode"] == "federation" and props["mitai.ledger"] == "fabric"
    assert props["mitai.organisations"] == org
    assert props["mitai.fabric.endpoint"] == "127.0.0.1:" + port
    assert props["mitai.fabric.authority"] == f"peer0.{gateway}.example.com"
    assert props["mitai.fabric.channel"] == "mitai" and props["mitai.fabric.chaincode"] == "mitai"
    for k in ("mitai.fabric.tls-ca", cert, key):
        assert os.path.isabs(props[k]) and os.path.isfile(props[k]), (k, props[k])
    assert props[key].endswith("/keystore/priv_sk") and "User1@" in props[cert]
    profile = json.load(open(os.path.join(root, org, f"connection-{org}.json"), encoding="utf-8"))
    peer_name = f"peer0.{gateway}.example.com"
    peer = profile["peers"][peer_name]
    assert peer["url"] == "grpcs://127.0.0.1:" + port, peer
    assert peer["tlsCACerts"]["pem"] == open(props["mitai.fabric.tls-ca"]).read(), peer
    assert profile["organizations"][org]["mspid"] == org
    assert profile["organizations"][org]["peers"] == ([peer_name] if gateway == org else []), org
EOF
pass "node.properties has exactly the node's keys, absolute existing paths; connection JSON parses"
for org in org2 org3; do
  check "the lifecycle test's properties name $org's identity" \
    grep -q "^$org.key=/.*/User1@$org.example.com/msp/keystore/priv_sk\$" "$NET/build/profiles/fabric-test-network.properties"
done

# --- the real chaincode server, started and stopped as deploy and down do it ----------------------------

shopt -s nullglob
jars=("$SOURCE_DIR"/../chaincode/target/mitai-chaincode-*-server.jar)
shopt -u nullglob
if ((${#jars[@]} == 1)) && command -v java >/dev/null 2>&1; then
  package_id="mitai_1.0:$(printf '0%.0s' {1..64})"
  if (
    # shellcheck source=SCRIPTDIR/../network.sh
    source "$SCRIPT"
    WAIT_SECONDS=60
    start_chaincode_server org1 "$package_id" "${jars[0]}" >/dev/null
    running chaincode-org1
    [[ "$(cat "$PID_DIR/chaincode-org1.package")" == "$package_id" ]]
    # Deploy run again keeps a server that serves the same package.
    start_chaincode_server org1 "$package_id" "${jars[0]}" | grep -q 'already serving'
  ); then
    pass "the chaincode server jar listens on 127.0.0.1:7055 with the variables deploy sets"
  else
    fail "the chaincode server did not start as deploy starts it; see $NET/build/logs/chaincode-org1.log:
$(tail -n 20 "$NET/build/logs/chaincode-org1.log" 2>/dev/null)"
  fi
  server_pid="$(sed -n 1p "$NET/build/pids/chaincode-org1.pid" 2>/dev/null || true)"
  expect "down stops the chaincode server" 0 'stopped chaincode-org1' "$SCRIPT" down
  if [[ -n "$server_pid" ]]; then
    check "the chaincode server's process is gone" gone "$server_pid"
  fi
else
  printf 'skip the chaincode server check: no chaincode/target/mitai-chaincode-*-server.jar (./mvnw package) or no java\n'
fi

expect "down --purge deletes build/" 0 'deleted .*/build' "$SCRIPT" down --purge
check "build/ is gone" test ! -e "$NET/build"

if ((failures > 0)); then
  printf '%d check(s) failed\n' "$failures" >&2
  exit 1
fi
printf 'all checks passed\n'
