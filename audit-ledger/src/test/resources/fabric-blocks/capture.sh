#!/usr/bin/env bash
# Captures the fixtures of FabricBlockSignaturesTest from a real Fabric network: the project's
# fabric-network/ brought up with the binaries in FABRIC_BIN (Fabric 2.5.12), channel `mitai`
# created and the chaincode deployed (the lifecycle's approve and commit transactions are ordinary
# endorser transactions in blocks 1 and up), then every block fetched from org1's peer with
# `peer channel fetch`, exactly as the peer stores and delivers them. Also copies org1's User1
# certificate and key (throwaway cryptogen material of this network) so the test can sign a block
# with an identity of a peer organisation. Takes the network down (--purge) at the end.
#
#   FABRIC_BIN=/path/to/fabric-2.5.12/bin flock /work/wt/fabric.lock ./capture.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../../.." && pwd)"
NET="$ROOT/fabric-network"
: "${FABRIC_BIN:?set FABRIC_BIN to the bin/ folder of Fabric 2.5.12}"
export FABRIC_BIN
trap '"$NET/network.sh" down --purge >/dev/null 2>&1 || true' EXIT
"$NET/network.sh" down --purge
"$NET/network.sh" up
"$NET/network.sh" channel
"$NET/network.sh" deploy

ORG1="$NET/build/crypto/peerOrganizations/org1.example.com"
peer_org1() {
  env FABRIC_CFG_PATH="$NET/config" FABRIC_LOGGING_SPEC=WARN \
    CORE_PEER_LOCALMSPID=org1 CORE_PEER_MSPCONFIGPATH="$ORG1/users/Admin@org1.example.com/msp" \
    CORE_PEER_ADDRESS=127.0.0.1:7051 CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$ORG1/peers/peer0.org1.example.com/tls/ca.crt" \
    "$FABRIC_BIN/peer" "$@"
}
height="$(peer_org1 channel getinfo -c mitai | sed -n 's/.*"height":\([0-9]*\).*/\1/p')"
echo "capture.sh: channel mitai has height $height"
for ((n = 0; n < height; n++)); do
  peer_org1 channel fetch "$n" "$HERE/block-$n.block" -c mitai
done
cp "$ORG1/users/User1@org1.example.com/msp/signcerts/"*.pem "$HERE/org1-user1-cert.pem"
cp "$ORG1/users/User1@org1.example.com/msp/keystore/"* "$HERE/org1-user1-key.pem"
"$FABRIC_BIN/peer" version | head -3 > "$HERE/fabric-version.txt"
