#!/usr/bin/env bash
# Runs every test of the project on a fresh machine (Debian or Ubuntu, Java 17): this is the
# README's test command, and what CI runs (.ci/run calls it).
#
# 1. Installs from Debian what the build cannot fetch itself, when missing: Chromium and
#    ChromeDriver (the console's browser tests), shellcheck and python3 (FabricNetworkScriptsIT,
#    the checks of fabric-network/'s scripts). apt-get runs through sudo when not root.
#    Everything else comes from Maven Central: the Maven wrapper fetches Maven, Maven fetches every
#    dependency (including the embedded PostgreSQL binaries).
# 2. The tests on a real Fabric network are opt-in: they run when FABRIC_BIN names the bin/ folder
#    of a Fabric 2.5 release. When FABRIC_BIN is unset and ../shared/fabric (beside the checkout)
#    holds fabric-2.5.12-linux-amd64.tar.xz, the archive is checked against its SHA256SUMS,
#    unpacked once under target/fabric/ and FABRIC_BIN points there.
# 3. Runs ./mvnw -B -ntp verify with the arguments given to this script (MAVEN_OPTS defaults to
#    -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd -P)"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]} > 0)); then
  echo "run-tests.sh: installing ${missing[*]}" >&2
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

FABRIC_VERSION=2.5.12
FABRIC_ARCHIVE="fabric-${FABRIC_VERSION}-linux-amd64.tar.xz"
FABRIC_SHARED="$ROOT/../shared/fabric"
if [ -z "${FABRIC_BIN:-}" ] && [ -f "$FABRIC_SHARED/$FABRIC_ARCHIVE" ]; then
  fabric_home="$ROOT/target/fabric/fabric-${FABRIC_VERSION}"
  if [ ! -x "$fabric_home/bin/peer" ]; then
    echo "run-tests.sh: checking and unpacking $FABRIC_SHARED/$FABRIC_ARCHIVE" >&2
    sums="$(awk -v f="$FABRIC_ARCHIVE" '$2 == f || $2 == "*" f' "$FABRIC_SHARED/SHA256SUMS")"
    if [ -z "$sums" ]; then
      echo "run-tests.sh: $FABRIC_SHARED/SHA256SUMS has no line for $FABRIC_ARCHIVE" >&2
      exit 1
    fi
    (cd "$FABRIC_SHARED" && sha256sum -c --quiet - <<<"$sums")
    mkdir -p "$ROOT/target/fabric"
    unpack="$(mktemp -d "$ROOT/target/fabric/unpack.XXXXXX")"
    tar -xJf "$FABRIC_SHARED/$FABRIC_ARCHIVE" -C "$unpack"
    rm -rf "$fabric_home"
    mv "$unpack/fabric-${FABRIC_VERSION}" "$fabric_home"
    rmdir "$unpack"
  fi
  export FABRIC_BIN="$fabric_home/bin"
  echo "run-tests.sh: FABRIC_BIN=$FABRIC_BIN" >&2
fi

export MAVEN_OPTS="${MAVEN_OPTS:--Xmx2g}"
exec ./mvnw -B -ntp verify "$@"
