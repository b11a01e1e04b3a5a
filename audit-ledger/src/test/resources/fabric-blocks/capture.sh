#!/usr/bin/env bash
# Captures the fixtures of OrdererSignaturesTest from a real Fabric network: the project's
# fabric-network/ brought up with the binaries in FABRIC_BIN (Fabric 2.5.12), channel `mitai`
# created and the chaincode deployed (the lifecycle's approve and commit transactions are ordinary
# endorser transactions in blocks 1 to 3), a configuration change of the orderer's BatchTimeout
# signed by the orderer organisation's admin (block 4) and one more endorser transaction (block 5),
# then every block fetched from org1's peer with
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
WORK="$(mktemp -d)"
trap '"$NET/network.sh" down --purge >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
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
height() { peer_org1 channel getinfo -c mitai | sed -n 's/.*"height":\([0-9]*\).*/\1/p'; }
ORDERER_DIR="$NET/build/crypto/ordererOrganizations/example.com"
ORDERER_TLS_CA="$ORDERER_DIR/orderers/orderer.example.com/tls/ca.crt"
ORG2="$NET/build/crypto/peerOrganizations/org2.example.com"

# A configuration change (the orderer's BatchTimeout), signed by the orderer organisation's admin:
# a real configuration block, then a transaction block after it that must name it as the last
# configuration block. MakeConfigUpdate.java writes the unsigned CONFIG_UPDATE envelope.
peer_org1 channel fetch config "$WORK/config.block" -c mitai
m2="${M2_REPO:-$HOME/.m2/repository}"
cp="$(ls "$m2"/org/hyperledger/fabric/fabric-protos/*/fabric-protos-*.jar | grep -v sources | tail -1)"
cp="$cp:$(ls "$m2"/com/google/protobuf/protobuf-java/4.*/protobuf-java-4.*.jar | grep -v sources | tail -1)"
java -cp "$cp" "$HERE/MakeConfigUpdate.java" "$WORK/config.block" "$WORK/update.tx" 500ms
before="$(height)"
env FABRIC_CFG_PATH="$NET/config" FABRIC_LOGGING_SPEC=WARN CORE_PEER_LOCALMSPID=orderer \
  CORE_PEER_MSPCONFIGPATH="$ORDERER_DIR/users/Admin@example.com/msp" \
  "$FABRIC_BIN/peer" channel update -f "$WORK/update.tx" -c mitai \
  -o 127.0.0.1:7050 --tls --cafile "$ORDERER_TLS_CA"
for ((i = 0; i < 60 && $(height) == before; i++)); do sleep 1; done
peer_org1 chaincode invoke -C mitai -n mitai -c '{"Args":["ListOrganisations"]}' --waitForEvent \
  -o 127.0.0.1:7050 --tls --cafile "$ORDERER_TLS_CA" \
  --peerAddresses 127.0.0.1:7051 --tlsRootCertFiles "$ORG1/peers/peer0.org1.example.com/tls/ca.crt" \
  --peerAddresses 127.0.0.1:9051 --tlsRootCertFiles "$ORG2/peers/peer0.org2.example.com/tls/ca.crt"

height="$(height)"
echo "capture.sh: channel mitai has height $height"
for ((n = 0; n < height; n++)); do
  peer_org1 channel fetch "$n" "$HERE/block-$n.block" -c mitai
done
cp "$ORG1/users/User1@org1.example.com/msp/signcerts/"*.pem "$HERE/org1-user1-cert.pem"
cp "$ORG1/users/User1@org1.example.com/msp/keystore/"* "$HERE/org1-user1-key.pem"
"$FABRIC_BIN/peer" version | head -3 > "$HERE/fabric-version.txt"
