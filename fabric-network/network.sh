#!/usr/bin/env bash
# The Mitai development Fabric network: one orderer (organisation `orderer`) and one peer for each
# of the organisations `org1`, `org2` and `org3`, on 127.0.0.1 with TLS, from the binaries of a Fabric 2.5
# release; the Mitai chaincode runs as a service (one chaincode server per organisation). A fourth
# organisation, `org4` (a compute centre), is on the channel without a peer: its node transacts
# through org1's.
#
#   export FABRIC_BIN=/path/to/fabric/bin   # holds peer orderer configtxgen cryptogen osnadmin
#   ./network.sh up         # crypto material (cryptogen) if absent; start orderer and peers
#                           # (`crypto` alone: only the crypto material, for compose.yaml)
#   ./network.sh channel    # channel `mitai`: genesis block, orderer join (osnadmin), peers join
#   ./network.sh deploy     # chaincode `mitai` as a service: package, install, approve, commit, run
#   ./network.sh profiles   # build/profiles/<org>/node.properties and connection-<org>.json
#   ./network.sh package    # only the ccaas packages (deploy makes them too)
#   ./network.sh status     # what runs
#   ./network.sh down [--purge]   # stop what this script started; --purge also deletes build/
#
# Every command can be run again: it does what is missing and leaves what is done. Everything it
# writes is under fabric-network/build/ (logs in build/logs, pid files in build/pids). See
# docs/federation.md.
set -euo pipefail

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$NETWORK_DIR/.." && pwd)"
CONFIG_DIR="$NETWORK_DIR/config"
BUILDERS_DIR="$NETWORK_DIR/builders"
# Fixed: configtx.yaml names the crypto material relative to itself (../build/crypto).
BUILD_DIR="$NETWORK_DIR/build"
CRYPTO_DIR="$BUILD_DIR/crypto"
CHANNEL_DIR="$BUILD_DIR/channel"
PACKAGE_DIR="$BUILD_DIR/chaincode"
PROFILE_DIR="$BUILD_DIR/profiles"
DATA_DIR="$BUILD_DIR/data"
LOG_DIR="$BUILD_DIR/logs"
PID_DIR="$BUILD_DIR/pids"

readonly CHANNEL=mitai
readonly CHAINCODE=mitai
CC_VERSION="${MITAI_CC_VERSION:-1.0}"
CC_SEQUENCE="${MITAI_CC_SEQUENCE:-1}"
CC_LABEL="${CHAINCODE}_${CC_VERSION}"
# The organisations with a peer (and a chaincode server), and those without one: a compute
# centre's organisation (org4) transacts through another organisation's peer, its gateway.
readonly ORGS=(org1 org2 org3)
readonly CLIENT_ORGS=(org4)
gateway_org() { echo org1; }
readonly FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin)
# Seconds to wait for a process to listen, a channel to become active, a chaincode to answer.
WAIT_SECONDS="${MITAI_FABRIC_WAIT_SECONDS:-90}"

# --- ports (docs/federation.md#ports) ------------------------------------------------------------

readonly ORDERER_PORT=7050 ORDERER_ADMIN_PORT=7053 ORDERER_OPERATIONS_PORT=9443

# port ORG KIND: KIND is peer (gRPC: gateway, endorser, deliver, gossip), chaincode-listener (the
# peer's own chaincode listener, unused by chaincode-as-a-service), operations (/healthz), or
# chaincode-server (the organisation's Mitai chaincode server, dialled by its peer).
port() {
  case "$1:$2" in
    org1:peer) echo 7051 ;;
    org1:chaincode-listener) echo 7052 ;;
    org1:operations) echo 9444 ;;
    org1:chaincode-server) echo 7055 ;;
    org2:peer) echo 9051 ;;
    org2:chaincode-listener) echo 9052 ;;
    org2:operations) echo 9445 ;;
    org2:chaincode-server) echo 9055 ;;
    org3:peer) echo 11051 ;;
    org3:chaincode-listener) echo 11052 ;;
    org3:operations) echo 9446 ;;
    org3:chaincode-server) echo 11055 ;;
    *) die "internal: no port for '$1' '$2'" ;;
  esac
}

# --- crypto material paths (cryptogen layout, config/crypto-config.yaml) -------------------------

org_dir() { echo "$CRYPTO_DIR/peerOrganizations/$1.example.com"; }
peer_host() { echo "peer0.$1.example.com"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(peer_host "$1")"; }
peer_tls_ca() { echo "$(peer_dir "$1")/tls/ca.crt"; }
admin_msp() { echo "$(org_dir "$1")/users/Admin@$1.example.com/msp"; }
client_msp() { echo "$(org_dir "$1")/users/User1@$1.example.com/msp"; }
ORDERER_ORG_DIR="$CRYPTO_DIR/ordererOrganizations/example.com"
ORDERER_NODE_DIR="$ORDERER_ORG_DIR/orderers/orderer.example.com"
ORDERER_TLS_CA="$ORDERER_NODE_DIR/tls/ca.crt"
ORDERER_ADMIN_TLS_DIR="$ORDERER_ORG_DIR/users/Admin@example.com/tls"

# --- messages --------------------------------------------------------------------------------------

say() { printf 'network.sh: %s\n' "$*"; }
die() {
  printf 'network.sh: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<'EOF'
Usage: network.sh COMMAND

  crypto            only generate the crypto material (cryptogen), e.g. for compose.yaml
  up                start the orderer and the peers of org1, org2 and org3 (crypto material first,
                    if absent)
  channel [create]  create channel `mitai`, join the orderer (osnadmin) and the three peers
  deploy [chaincode]
                    run the Mitai chaincode as a service: build its server jar if missing, package
                    (type ccaas), install on each peer, approve as each org, commit, start servers
  package           only write the ccaas packages (build/chaincode/<org>/mitai_<version>.tar.gz)
  profiles          write build/profiles/<org>/node.properties (-Dquarkus.config.locations=...)
                    and build/profiles/<org>/connection-<org>.json
  status            show what runs
  down [--purge]    stop the processes this script started (its pid files); --purge deletes build/

Environment:
  FABRIC_BIN          directory holding the Fabric 2.5 binaries peer orderer configtxgen cryptogen
                      osnadmin (up, channel, deploy)
  MITAI_CC_VERSION    chaincode version (default 1.0; the package label is mitai_<version>)
  MITAI_CC_SEQUENCE   chaincode definition sequence (default 1; raise it to change the definition)
  MITAI_CHAINCODE_JAR the chaincode server jar (default: chaincode/target/mitai-chaincode-*-server.jar,
                      built with ./mvnw if missing)
  JAVA_HOME           the Java 17+ that runs the chaincode servers (default: java on PATH)
EOF
}

# --- preconditions ---------------------------------------------------------------------------------

# require_fabric_bin [TOOL...]: FABRIC_BIN holds the tools (default: all five a network needs).
require_fabric_bin() {
  local needed=("$@")
  ((${#needed[@]} > 0)) || needed=("${FABRIC_TOOLS[@]}")
  if [[ -z "${FABRIC_BIN:-}" ]]; then
    die "FABRIC_BIN is not set. Point it at the bin/ directory of a Hyperledger Fabric 2.5 release," \
      "which holds ${FABRIC_TOOLS[*]}; e.g. export FABRIC_BIN=\$HOME/fabric/bin"
  fi
  if [[ ! -d "$FABRIC_BIN" ]]; then
    die "FABRIC_BIN=$FABRIC_BIN is not a directory; point it at the bin/ directory of a Fabric 2.5 release"
  fi
  local tool missing=()
  for tool in "${needed[@]}"; do
    [[ -x "$FABRIC_BIN/$tool" ]] || missing+=("$tool")
  done
  if ((${#missing[@]} > 0)); then
    die "FABRIC_BIN=$FABRIC_BIN lacks ${missing[*]} (missing or not executable); it must hold" \
      "${needed[*]} from a Fabric 2.5 release"
  fi
}

require_crypto() {
  [[ -f "$CRYPTO_DIR/.complete" ]] ||
    die "no crypto material in $CRYPTO_DIR; run ./network.sh up first"
}

# require_listening WHAT PORT: the component must answer on 127.0.0.1:PORT (started by `up`, or by
# compose.yaml on a host with a container engine).
require_listening() {
  port_open "$2" || die "$1 does not answer on 127.0.0.1:$2; run ./network.sh up first" \
    "(or see build/logs/ for why it stopped)"
}

require_network() {
  require_listening orderer "$ORDERER_PORT"
  require_listening "orderer admin endpoint" "$ORDERER_ADMIN_PORT"
  local org
  for org in "${ORGS[@]}"; do
    require_listening "$(peer_host "$org")" "$(port "$org" peer)"
  done
}

# --- processes -------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_file() { echo "$PID_DIR/$1.pid"; }

# The pid file holds the pid on its first line and, on its second, a string the process's command
# line must contain (the binary or jar it runs), so a recycled pid is never taken for ours.
pid_of() {
  local file
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  sed -n 1p "$file"
}

# running NAME: whether the process NAME's pid file names a live process that is still NAME.
running() {
  local file pid marker args
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(sed -n 1p "$file")"
  marker="$(sed -n 2p "$file")"
  [[ "$pid" =~ ^[0-9]+$ && -n "$marker" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  args="$(command_line "$pid")" || return 1
  [[ "$args" == *"$marker"* ]]
}

# The full command line of a process (ps alone may cut it to the terminal's width).
command_line() {
  if [[ -r "/proc/$1/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$1/cmdline"
  else
    ps -ww -o args= -p "$1" 2>/dev/null
  fi
}

# launch NAME MARKER COMMAND...: COMMAND in the background, output appended to build/logs/NAME.log.
launch() {
  local name="$1" marker="$2"
  shift 2
  mkdir -p "$LOG_DIR" "$PID_DIR"
  printf '\n=== %s: network.sh starts %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" >>"$LOG_DIR/$name.log"
  nohup "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1 &
  printf '%s\n%s\n' "$!" "$marker" >"$(pid_file "$name")"
}

# still_running NAME: like running, but a process caught between two execs (its fork of this
# shell, then nohup, env and the program in turn; /proc/PID/cmdline can read empty mid-exec) is
# looked at again for up to 2 s before it is taken for dead: on a loaded machine the first checks
# land in those windows.
still_running() {
  local tries=0
  until running "$1"; do
    ((tries < 10)) || return 1
    sleep 0.2
    tries=$((tries + 1))
  done
}

ensure_port_free() {
  if port_open "$1"; then
    die "127.0.0.1:$1 ($2) is already in use by a process this script did not start;" \
      "stop it (or run ./network.sh down if an earlier run left it) and retry"
  fi
}

# wait_listening NAME PORT: until NAME listens on PORT; fails if NAME exits or takes too long.
wait_listening() {
  local name="$1" port="$2" waited=0
  until port_open "$port"; do
    if ! still_running "$name"; then
      die "$name exited while starting; last lines of $LOG_DIR/$name.log:"$'\n'"$(tail -n 20 "$LOG_DIR/$name.log" 2>/dev/null)"
    fi
    if ((waited >= WAIT_SECONDS)); then
      die "$name does not listen on 127.0.0.1:$port after ${WAIT_SECONDS}s; see $LOG_DIR/$name.log"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# wait_healthy NAME PORT: the operations endpoint's /healthz says OK (when curl is there to ask).
wait_healthy() {
  command -v curl >/dev/null 2>&1 || return 0
  local name="$1" port="$2" waited=0
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if ((waited >= WAIT_SECONDS)); then
      die "$name is not healthy (http://127.0.0.1:$port/healthz) after ${WAIT_SECONDS}s; see $LOG_DIR/$name.log"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# stop NAME: stops the process of NAME's pid file if it is still that process; removes the file.
stop() {
  local name="$1" file pid waited=0
  file="$(pid_file "$name")"
  [[ -f "$file" ]] || return 0
  pid="$(sed -n 1p "$file")"
  if running "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    # `running`, not `kill -0`: a process that has exited but is not yet reaped is done.
    while running "$name" && ((waited < 20)); do
      sleep 1
      waited=$((waited + 1))
    done
    if running "$name"; then
      say "$name (pid $pid) did not stop within 20s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    say "stopped $name (pid $pid)"
  elif [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    say "pid $pid is no longer $name (it runs something else now); leaving it alone"
  else
    say "$name was not running"
  fi
  rm -f "$file" "$PID_DIR/$name.package"
}

# --- fabric CLI helpers ----------------------------------------------------------------------------

# peer_cli ORG ARGS...: the peer CLI as ORG's admin against ORG's peer.
peer_cli() {
  local org="$1"
  shift
  env FABRIC_CFG_PATH="$CONFIG_DIR" FABRIC_LOGGING_SPEC=WARN \
    CORE_PEER_LOCALMSPID="$org" CORE_PEER_MSPCONFIGPATH="$(admin_msp "$org")" \
    CORE_PEER_ADDRESS="127.0.0.1:$(port "$org" peer)" \
    CORE_PEER_TLS_ENABLED=true CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tls_ca "$org")" \
    "$FABRIC_BIN/peer" "$@"
}

osnadmin_cli() {
  "$FABRIC_BIN/osnadmin" "$@" -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$ORDERER_TLS_CA" \
    --client-cert "$ORDERER_ADMIN_TLS_DIR/client.crt" --client-key "$ORDERER_ADMIN_TLS_DIR/client.key"
}

orderer_flags() {
  printf '%s\n' -o "127.0.0.1:$ORDERER_PORT" --tls --cafile "$ORDERER_TLS_CA"
}

# --- up ----------------------------------------------------------------------------------------------

generate_crypto() {
  if [[ -f "$CRYPTO_DIR/.complete" ]]; then
    say "crypto material present in $CRYPTO_DIR; keeping it"
    return 0
  fi
  if [[ -d "$DATA_DIR" ]] && [[ -n "$(ls -A "$DATA_DIR" 2>/dev/null)" ]]; then
    die "$DATA_DIR holds ledgers made with crypto material that is gone;" \
      "run ./network.sh down --purge to start from zero"
  fi
  rm -rf "$CRYPTO_DIR"
  say "generating crypto material (cryptogen) in $CRYPTO_DIR"
  "$FABRIC_BIN/cryptogen" generate --config="$CONFIG_DIR/crypto-config.yaml" --output="$CRYPTO_DIR" ||
    die "cryptogen failed (see above); check config/crypto-config.yaml and FABRIC_BIN"
  touch "$CRYPTO_DIR/.complete"
}

start_orderer() {
  local name=orderer
  if running "$name"; then
    say "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  ensure_port_free "$ORDERER_PORT" "orderer"
  ensure_port_free "$ORDERER_ADMIN_PORT" "orderer admin endpoint"
  ensure_port_free "$ORDERER_OPERATIONS_PORT" "orderer operations endpoint"
  local data="$DATA_DIR/orderer.example.com" tls="$ORDERER_NODE_DIR/tls"
  mkdir -p "$data"
  say "starting $name on 127.0.0.1:$ORDERER_PORT (admin $ORDERER_ADMIN_PORT)"
  launch "$name" "$FABRIC_BIN/orderer" env \
    FABRIC_CFG_PATH="$CONFIG_DIR" \
    FABRIC_LOGGING_SPEC=INFO \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$ORDERER_PORT" \
    ORDERER_GENERAL_LOCALMSPID=orderer \
    ORDERER_GENERAL_LOCALMSPDIR="$ORDERER_NODE_DIR/msp" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$ORDERER_ADMIN_PORT" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$ORDERER_OPERATIONS_PORT" \
    ORDERER_FILELEDGER_LOCATION="$data/ledger" \
    ORDERER_CONSENSUS_WALDIR="$data/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$data/etcdraft/snapshot" \
    "$FABRIC_BIN/orderer"
  wait_listening "$name" "$ORDERER_PORT"
  wait_listening "$name" "$ORDERER_ADMIN_PORT"
  wait_healthy "$name" "$ORDERER_OPERATIONS_PORT"
}

start_peer() {
  local org="$1" name
  name="$(peer_host "$org")"
  if running "$name"; then
    say "$name already running (pid $(pid_of "$name"))"
    return 0
  fi
  local peer_port listener operations dir data
  peer_port="$(port "$org" peer)"
  listener="$(port "$org" chaincode-listener)"
  operations="$(port "$org" operations)"
  ensure_port_free "$peer_port" "$name"
  ensure_port_free "$listener" "$name chaincode listener"
  ensure_port_free "$operations" "$name operations endpoint"
  dir="$(peer_dir "$org")"
  data="$DATA_DIR/$name"
  mkdir -p "$data"
  say "starting $name on 127.0.0.1:$peer_port"
  launch "$name" "$FABRIC_BIN/peer node start" env \
    FABRIC_CFG_PATH="$CONFIG_DIR" \
    FABRIC_LOGGING_SPEC="INFO:gossip,grpc,msp=WARN" \
    CORE_PEER_ID="$name" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$peer_port" \
    CORE_PEER_ADDRESS="127.0.0.1:$peer_port" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$listener" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$listener" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$peer_port" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$peer_port" \
    CORE_PEER_LOCALMSPID="$org" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$data" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$operations" \
    CORE_CHAINCODE_EXTERNALBUILDERS="[{name: mitai-ccaas, path: $BUILDERS_DIR/ccaas}]" \
    "$FABRIC_BIN/peer" node start
  wait_listening "$name" "$peer_port"
  wait_healthy "$name" "$operations"
}

cmd_crypto() {
  require_fabric_bin cryptogen
  generate_crypto
}

cmd_up() {
  require_fabric_bin
  mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR"
  generate_crypto
  start_orderer
  local org
  for org in "${ORGS[@]}"; do
    start_peer "$org"
  done
  local peers=""
  for org in "${ORGS[@]}"; do
    peers+=", $(peer_host "$org") 127.0.0.1:$(port "$org" peer)"
  done
  say "network up: orderer 127.0.0.1:$ORDERER_PORT$peers; next: ./network.sh channel"
}

# --- channel -----------------------------------------------------------------------------------------

orderer_has_channel() {
  local out
  out="$(osnadmin_cli channel list --channelID "$CHANNEL" 2>&1)" || return 1
  grep -q 'Status: 200' <<<"$out"
}

orderer_channel_active() {
  local out
  out="$(osnadmin_cli channel list --channelID "$CHANNEL" 2>&1)" || return 1
  grep -Eq '"status":[[:space:]]*"active"' <<<"$out"
}

peer_has_channel() {
  local out
  out="$(peer_cli "$1" channel list 2>&1)" ||
    die "cannot list the channels of $(peer_host "$1"):"$'\n'"$out"
  grep -qx "$CHANNEL" <<<"$out"
}

cmd_channel() {
  require_fabric_bin
  require_crypto
  require_network
  mkdir -p "$CHANNEL_DIR"
  local block="$CHANNEL_DIR/$CHANNEL.block"
  if [[ -f "$block" ]]; then
    say "genesis block of $CHANNEL present ($block)"
  else
    say "creating the genesis block of channel $CHANNEL (configtxgen, profile MitaiChannel)"
    "$FABRIC_BIN/configtxgen" -configPath "$CONFIG_DIR" -profile MitaiChannel -channelID "$CHANNEL" \
      -outputBlock "$block.partial" ||
      die "configtxgen failed (see above); check config/configtx.yaml"
    mv "$block.partial" "$block"
  fi

  if orderer_has_channel; then
    say "orderer already in channel $CHANNEL"
  else
    say "joining the orderer to $CHANNEL (osnadmin channel join)"
    local out
    out="$(osnadmin_cli channel join --channelID "$CHANNEL" --config-block "$block" 2>&1)" ||
      die "osnadmin channel join failed:"$'\n'"$out"
    grep -q 'Status: 201' <<<"$out" || die "osnadmin channel join did not create the channel:"$'\n'"$out"
  fi
  local waited=0
  until orderer_channel_active; do
    ((waited < WAIT_SECONDS)) ||
      die "channel $CHANNEL is not active on the orderer after ${WAIT_SECONDS}s; see $LOG_DIR/orderer.log"
    sleep 1
    waited=$((waited + 1))
  done

  local org out
  for org in "${ORGS[@]}"; do
    if peer_has_channel "$org"; then
      say "$(peer_host "$org") already in channel $CHANNEL"
    else
      say "joining $(peer_host "$org") to $CHANNEL"
      out="$(peer_cli "$org" channel join -b "$block" 2>&1)" ||
        die "peer channel join failed for $(peer_host "$org"):"$'\n'"$out"
    fi
  done
  for org in "${ORGS[@]}"; do
    waited=0
    until peer_cli "$org" channel getinfo -c "$CHANNEL" >/dev/null 2>&1; do
      ((waited < WAIT_SECONDS)) ||
        die "$(peer_host "$org") has no block of $CHANNEL after ${WAIT_SECONDS}s; see $LOG_DIR/$(peer_host "$org").log"
      sleep 1
      waited=$((waited + 1))
    done
  done
  say "channel $CHANNEL ready (anchor peers are in its genesis block); next: ./network.sh deploy"
}

# --- deploy ------------------------------------------------------------------------------------------

java_cmd() {
  if [[ -n "${JAVA_HOME:-}" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# The chaincode server jar; built from the repository (a build step, no install) when missing.
server_jar() {
  if [[ -n "${MITAI_CHAINCODE_JAR:-}" ]]; then
    [[ -f "$MITAI_CHAINCODE_JAR" ]] || die "MITAI_CHAINCODE_JAR=$MITAI_CHAINCODE_JAR does not exist"
    echo "$MITAI_CHAINCODE_JAR"
    return 0
  fi
  local jars
  shopt -s nullglob
  jars=("$REPO_ROOT"/chaincode/target/mitai-chaincode-*-server.jar)
  shopt -u nullglob
  if ((${#jars[@]} == 0)); then
    [[ -x "$REPO_ROOT/mvnw" ]] ||
      die "no chaincode server jar and no $REPO_ROOT/mvnw to build it; set MITAI_CHAINCODE_JAR"
    say "building the chaincode server jar (./mvnw -pl chaincode -am package -DskipTests)" >&2
    (cd "$REPO_ROOT" && ./mvnw -B -ntp -q -pl chaincode -am package -DskipTests) >&2 ||
      die "building the chaincode server jar failed; run ./mvnw -B -ntp -pl chaincode -am package -DskipTests" \
        "in $REPO_ROOT to see why"
    shopt -s nullglob
    jars=("$REPO_ROOT"/chaincode/target/mitai-chaincode-*-server.jar)
    shopt -u nullglob
    ((${#jars[@]} > 0)) || die "the build made no chaincode/target/mitai-chaincode-*-server.jar"
  fi
  ((${#jars[@]} == 1)) ||
    die "several chaincode server jars in chaincode/target (${jars[*]}); remove the stale ones or set MITAI_CHAINCODE_JAR"
  echo "${jars[0]}"
}

# package_chaincode ORG: the ccaas package of ORG's chaincode server (path on stdout). It holds
# only where the server listens, so it is made once and stays byte-identical (same package id).
package_chaincode() {
  local org="$1" dir
  dir="$PACKAGE_DIR/$org"
  local package="$dir/$CC_LABEL.tar.gz"
  if [[ -f "$package" ]]; then
    echo "$package"
    return 0
  fi
  local work="$dir/work"
  rm -rf "$work"
  mkdir -p "$work/code" "$work/package"
  # tls_required false: the chaincode server listens on 127.0.0.1 only; a deployment across
  # hosts turns TLS on (docs/federation.md#chaincode-server-tls).
  cat >"$work/code/connection.json" <<EOF
{
  "address": "127.0.0.1:$(port "$org" chaincode-server)",
  "dial_timeout": "10s",
  "tls_required": false
}
EOF
  cat >"$work/package/metadata.json" <<EOF
{
  "type": "ccaas",
  "label": "$CC_LABEL"
}
EOF
  local tar_flags=()
  if tar --version 2>/dev/null | grep -q 'GNU tar'; then
    # Same bytes on every run: the package id is the hash of the package.
    # shellcheck disable=SC2054 # the commas belong to --mode's value
    tar_flags=(--sort=name --owner=0 --group=0 --numeric-owner --mode=u=rw,go=r --mtime=@0)
  fi
  tar "${tar_flags[@]}" -C "$work/code" -cf - connection.json | gzip -n >"$work/package/code.tar.gz"
  tar "${tar_flags[@]}" -C "$work/package" -cf - metadata.json code.tar.gz | gzip -n >"$package.partial"
  mv "$package.partial" "$package"
  cp "$work/code/connection.json" "$work/package/metadata.json" "$dir/"
  rm -rf "$work"
  echo "$package"
}

# package_id ORG PACKAGE: <label>:<sha256 of the package>, as the peer computes it.
package_id() {
  local out id
  out="$(peer_cli "$1" lifecycle chaincode calculatepackageid "$2" 2>&1)" ||
    die "cannot compute the package id of $2:"$'\n'"$out"
  id="$(tail -n 1 <<<"$out")"
  [[ "$id" =~ ^${CC_LABEL}:[0-9a-f]{64}$ ]] || die "unexpected package id '$id' for $2"
  echo "$id"
}

install_chaincode() {
  local org="$1" package="$2" package_id="$3" out
  out="$(peer_cli "$org" lifecycle chaincode queryinstalled 2>&1)" ||
    die "cannot query the chaincodes installed on $(peer_host "$org"):"$'\n'"$out"
  if grep -qF "$package_id" <<<"$out"; then
    say "$package_id already installed on $(peer_host "$org")"
    return 0
  fi
  say "installing $package_id on $(peer_host "$org")"
  out="$(peer_cli "$org" lifecycle chaincode install "$package" 2>&1)" ||
    die "install on $(peer_host "$org") failed (is the external builder at $BUILDERS_DIR/ccaas executable?):"$'\n'"$out"
}

start_chaincode_server() {
  local org="$1" package_id="$2" jar="$3" name="chaincode-$1" server_port
  server_port="$(port "$org" chaincode-server)"
  if running "$name"; then
    if [[ "$(cat "$PID_DIR/$name.package" 2>/dev/null)" == "$package_id" ]]; then
      say "$name already serving $package_id (pid $(pid_of "$name"))"
      return 0
    fi
    say "$name serves another package; restarting it"
    stop "$name"
  fi
  ensure_port_free "$server_port" "$name"
  local java
  java="$(java_cmd)"
  command -v "$java" >/dev/null 2>&1 || die "no java to run the chaincode server; set JAVA_HOME (Java 17+)"
  say "starting $name on 127.0.0.1:$server_port ($jar)"
  launch "$name" "$jar" env \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$server_port" \
    CORE_CHAINCODE_ID_NAME="$package_id" \
    CORE_PEER_LOCALMSPID="$org" \
    CORE_PEER_TLS_ENABLED=false \
    "$java" -Xmx256m -jar "$jar"
  printf '%s\n' "$package_id" >"$PID_DIR/$name.package"
  wait_listening "$name" "$server_port"
}

approve_chaincode() {
  local org="$1" package_id="$2" out
  if out="$(peer_cli "$org" lifecycle chaincode queryapproved -C "$CHANNEL" -n "$CHAINCODE" \
    --sequence "$CC_SEQUENCE" -O json 2>&1)" && grep -qF "$package_id" <<<"$out"; then
    say "$org already approved $CHAINCODE sequence $CC_SEQUENCE"
    return 0
  fi
  say "approving $CHAINCODE $CC_VERSION sequence $CC_SEQUENCE as $org"
  local flags
  mapfile -t flags < <(orderer_flags)
  out="$(peer_cli "$org" lifecycle chaincode approveformyorg "${flags[@]}" -C "$CHANNEL" -n "$CHAINCODE" \
    -v "$CC_VERSION" --package-id "$package_id" --sequence "$CC_SEQUENCE" 2>&1)" ||
    die "approval by $org failed:"$'\n'"$out"
}

committed_sequence() {
  local out
  out="$(peer_cli org1 lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CHAINCODE" -O json 2>/dev/null)" || return 0
  sed -n 's/.*"sequence"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' <<<"$out" | head -n 1
}

commit_chaincode() {
  if [[ "$(committed_sequence)" == "$CC_SEQUENCE" ]]; then
    say "$CHAINCODE sequence $CC_SEQUENCE already committed on $CHANNEL"
    return 0
  fi
  local out org
  out="$(peer_cli org1 lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CHAINCODE" \
    -v "$CC_VERSION" --sequence "$CC_SEQUENCE" -O json 2>&1)" ||
    die "checkcommitreadiness failed:"$'\n'"$out"
  for org in "${ORGS[@]}"; do
    grep -Eq "\"$org\"[[:space:]]*:[[:space:]]*true" <<<"$out" ||
      die "$org has not approved $CHAINCODE $CC_VERSION sequence $CC_SEQUENCE as defined here:"$'\n'"$out"
  done
  say "committing $CHAINCODE $CC_VERSION sequence $CC_SEQUENCE on $CHANNEL (endorsed by every org's peer)"
  local args flags
  mapfile -t flags < <(orderer_flags)
  args=(lifecycle chaincode commit "${flags[@]}" -C "$CHANNEL" -n "$CHAINCODE" -v "$CC_VERSION"
    --sequence "$CC_SEQUENCE")
  for org in "${ORGS[@]}"; do
    args+=(--peerAddresses "127.0.0.1:$(port "$org" peer)" --tlsRootCertFiles "$(peer_tls_ca "$org")")
  done
  out="$(peer_cli org1 "${args[@]}" 2>&1)" || die "commit failed:"$'\n'"$out"
}

# The contract answers on each peer (a query runs on the asked peer's own chaincode server).
check_chaincode_answers() {
  local org out waited
  for org in "${ORGS[@]}"; do
    waited=0
    until out="$(peer_cli "$org" chaincode query -C "$CHANNEL" -n "$CHAINCODE" \
      -c '{"Args":["ListOrganisations"]}' 2>&1)"; do
      ((waited < WAIT_SECONDS)) ||
        die "$CHAINCODE does not answer on $(peer_host "$org") after ${WAIT_SECONDS}s:"$'\n'"$out"$'\n'"see $LOG_DIR/chaincode-$org.log and $LOG_DIR/$(peer_host "$org").log"
      sleep 2
      waited=$((waited + 2))
    done
    say "$CHAINCODE answers on $(peer_host "$org")"
  done
}

cmd_package() {
  local org
  for org in "${ORGS[@]}"; do
    say "$org: $(package_chaincode "$org")"
  done
}

cmd_deploy() {
  require_fabric_bin
  require_crypto
  require_network
  [[ -f "$CHANNEL_DIR/$CHANNEL.block" ]] || die "channel $CHANNEL is not created; run ./network.sh channel first"
  local org
  for org in "${ORGS[@]}"; do
    peer_has_channel "$org" || die "$(peer_host "$org") is not in channel $CHANNEL; run ./network.sh channel first"
  done
  local jar
  jar="$(server_jar)"
  declare -A package_ids=()
  local package
  for org in "${ORGS[@]}"; do
    package="$(package_chaincode "$org")"
    package_ids[$org]="$(package_id "$org" "$package")"
    install_chaincode "$org" "$package" "${package_ids[$org]}"
  done
  for org in "${ORGS[@]}"; do
    approve_chaincode "$org" "${package_ids[$org]}"
  done
  commit_chaincode
  for org in "${ORGS[@]}"; do
    start_chaincode_server "$org" "${package_ids[$org]}" "$jar"
  done
  check_chaincode_answers
  say "chaincode $CHAINCODE deployed; next: ./network.sh profiles"
}

# --- profiles ----------------------------------------------------------------------------------------

# The one file in an MSP's keystore (cryptogen names it priv_sk; a Fabric CA enrolment <ski>_sk).
keystore_key() {
  local keys
  shopt -s nullglob
  keys=("$1"/keystore/*)
  shopt -u nullglob
  ((${#keys[@]} == 1)) || die "expected exactly one private key in $1/keystore, found ${#keys[@]}"
  echo "${keys[0]}"
}

signcert() {
  local certs
  shopt -s nullglob
  certs=("$1"/signcerts/*.pem)
  shopt -u nullglob
  ((${#certs[@]} == 1)) || die "expected exactly one certificate in $1/signcerts, found ${#certs[@]}"
  echo "${certs[0]}"
}

# A PEM file as the contents of a JSON string.
pem_json() { awk 'NF { sub(/\r$/, ""); printf "%s\\n", $0 }' "$1"; }

write_profiles() {
  # ORG's client identity, through the peer of PEER_ORG (its own, or its gateway's).
  local org="$1" peer_org="${2:-$1}" dir host msp certificate key tls_ca peer_port
  dir="$PROFILE_DIR/$org"
  host="$(peer_host "$peer_org")"
  msp="$(client_msp "$org")"
  certificate="$(signcert "$msp")"
  key="$(keystore_key "$msp")"
  tls_ca="$(peer_tls_ca "$peer_org")"
  peer_port="$(port "$peer_org" peer)"
  [[ -f "$tls_ca" ]] || die "$tls_ca is missing; the crypto material is incomplete (./network.sh down --purge, then up)"
  mkdir -p "$dir"
  cat >"$dir/node.properties.partial" <<EOF
# The Mitai node of organisation $org on the Fabric network of fabric-network/ (written by
# network.sh profiles). Start the node with
#   java -Dquarkus.config.locations=$dir/node.properties -jar platform-service/target/quarkus-app/quarkus-run.jar
# plus its own mitai.data-dir, quarkus.http.port, mitai.node.endpoint and mitai.compute.port.
# The identity is $org's client User1 (role client: may submit, may not administer the channel).
mitai.mode=federation
mitai.ledger=fabric
mitai.organisations=$org
mitai.fabric.endpoint=127.0.0.1:$peer_port
mitai.fabric.tls-ca=$tls_ca
mitai.fabric.authority=$host
mitai.fabric.channel=$CHANNEL
mitai.fabric.chaincode=$CHAINCODE
mitai.fabric.identities."$org".certificate=$certificate
mitai.fabric.identities."$org".private-key=$key
EOF
  mv "$dir/node.properties.partial" "$dir/node.properties"
  cat >"$dir/connection-$org.json.partial" <<EOF
{
  "name": "mitai-$org",
  "version": "1.0.0",
  "client": {
    "organization": "$org",
    "connection": { "timeout": { "peer": { "endorser": "300" } } }
  },
  "channels": {
    "$CHANNEL": { "peers": { "$host": {} } }
  },
  "organizations": {
    "$org": {
      "mspid": "$org",
      "peers": [$([[ "$peer_org" == "$org" ]] && printf '"%s"' "$host")],
      "certificateAuthorities": []
    }
  },
  "peers": {
    "$host": {
      "url": "grpcs://127.0.0.1:$peer_port",
      "tlsCACerts": { "path": "$tls_ca", "pem": "$(pem_json "$tls_ca")" },
      "grpcOptions": { "ssl-target-name-override": "$host", "hostnameOverride": "$host" }
    }
  },
  "x-mitai-identity": {
    "mspid": "$org",
    "certificate": "$certificate",
    "privateKey": "$key"
  }
}
EOF
  mv "$dir/connection-$org.json.partial" "$dir/connection-$org.json"
  say "wrote $dir/node.properties and $dir/connection-$org.json"
}

# The properties of audit-ledger's FabricNetworkLifecycleTest (FABRIC_TEST_NETWORK=<this file>):
# every organisation's client identity, through org1's peer.
write_lifecycle_test_properties() {
  local file="$PROFILE_DIR/fabric-test-network.properties" org msp
  {
    printf '# FABRIC_TEST_NETWORK=%s for audit-ledger FabricNetworkLifecycleTest (network.sh profiles)\n' "$file"
    printf 'endpoint=127.0.0.1:%s\n' "$(port org1 peer)"
    printf 'tlsCaCert=%s\n' "$(peer_tls_ca org1)"
    printf 'authority=%s\n' "$(peer_host org1)"
    printf 'channel=%s\nchaincode=%s\n' "$CHANNEL" "$CHAINCODE"
    for org in "${ORGS[@]}"; do
      msp="$(client_msp "$org")"
      printf '%s.mspId=%s\n%s.cert=%s\n%s.key=%s\n' "$org" "$org" "$org" "$(signcert "$msp")" \
        "$org" "$(keystore_key "$msp")"
    done
  } >"$file.partial"
  mv "$file.partial" "$file"
  say "wrote $file"
}

cmd_profiles() {
  require_crypto
  local org
  for org in "${ORGS[@]}"; do
    write_profiles "$org"
  done
  for org in "${CLIENT_ORGS[@]}"; do
    write_profiles "$org" "$(gateway_org "$org")"
  done
  write_lifecycle_test_properties
}

# --- status, down ------------------------------------------------------------------------------------

process_names() {
  echo orderer
  local org
  for org in "${ORGS[@]}"; do
    peer_host "$org"
  done
  for org in "${ORGS[@]}"; do
    echo "chaincode-$org"
  done
}

cmd_status() {
  local name
  while read -r name; do
    if running "$name"; then
      say "$name: running (pid $(pid_of "$name"), log $LOG_DIR/$name.log)"
    else
      say "$name: not running"
    fi
  done < <(process_names)
}

cmd_down() {
  local purge=false arg
  for arg in "$@"; do
    case "$arg" in
      --purge) purge=true ;;
      *) die "unknown option '$arg' for down; usage: network.sh down [--purge]" ;;
    esac
  done
  if [[ ! -d "$BUILD_DIR" ]]; then
    say "nothing to stop: $BUILD_DIR does not exist"
    return 0
  fi
  local names=() name i
  mapfile -t names < <(process_names)
  # Chaincode servers first, orderer last: the reverse of the start order.
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do
    stop "${names[$i]}"
  done
  if [[ "$purge" == true ]]; then
    for name in "${names[@]}"; do
      if running "$name"; then
        die "$name still runs; not deleting $BUILD_DIR"
      fi
    done
    rm -rf "${BUILD_DIR:?}"
    say "deleted $BUILD_DIR (crypto material, ledgers, packages, profiles, logs)"
  else
    say "network down; ledgers and crypto material kept in $BUILD_DIR (down --purge deletes them)"
  fi
}

# --- main ----------------------------------------------------------------------------------------------

# no_more_args COMMAND [ALLOWED_WORD] ARGS...: the command takes no argument except ALLOWED_WORD.
no_more_args() {
  local command="$1" allowed="$2"
  shift 2
  if (($# > 1)) || { (($# == 1)) && [[ "$1" != "$allowed" ]]; }; then
    die "unexpected argument(s) for $command: $*; see ./network.sh --help"
  fi
}

main() {
  if (($# == 0)); then
    usage >&2
    exit 2
  fi
  local command="$1"
  shift
  case "$command" in
    up)
      no_more_args up "" "$@"
      cmd_up
      ;;
    crypto)
      no_more_args crypto "" "$@"
      cmd_crypto
      ;;
    channel)
      no_more_args channel create "$@"
      cmd_channel
      ;;
    deploy)
      no_more_args deploy chaincode "$@"
      cmd_deploy
      ;;
    package)
      no_more_args package "" "$@"
      cmd_package
      ;;
    profiles)
      no_more_args profiles "" "$@"
      cmd_profiles
      ;;
    status)
      no_more_args status "" "$@"
      cmd_status
      ;;
    down) cmd_down "$@" ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      die "unknown command '$command'"
      ;;
  esac
}

# Sourcing the script (as test/smoke.sh does) defines its functions without running a command.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
