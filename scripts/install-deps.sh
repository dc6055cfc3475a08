#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian 12 packages khien needs to build, test, fuzz and benchmark.
# Only what is missing is installed; when everything is present this is a no-op
# that needs no network and no root.
set -euo pipefail

pkgs=(
    build-essential pkg-config meson ninja-build clang libclang-rt-14-dev
    libpcap-dev libvectorscan-dev libpcre2-dev libyaml-dev zlib1g-dev libssl-dev
    libcmocka-dev
    python3 python3-yaml python3-jsonschema
)

# `--bench` adds what `make bench` needs: editcap, to turn pcapng inputs into pcap, and
# GNU time, for the CPU seconds of the DLP cost runs.
if [ "${1:-}" = "--bench" ]; then
    pkgs=(wireshark-common time)
fi

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once before installing.
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
