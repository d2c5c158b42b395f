#!/usr/bin/env bash
# Takes a fresh Debian bookworm machine to one that builds and tests capsule.
# Run as root (or with sudo available). Safe to run again: when every package
# is installed already it does not touch apt at all.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  build-essential cmake pkg-config git gdb clang
  # libFuzzer and clang's sanitizer runtimes (only recommended by clang, and
  # recommends are not installed): the fuzz stage of scripts/test.sh.
  libclang-rt-dev
  libdw-dev libelf-dev libbackward-cpp-dev
  libgtest-dev googletest libgmock-dev catch2
  libzip-dev libyaml-cpp-dev libtinyxml2-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libssl-dev
  libc++-dev libc++abi-dev
  zip unzip
  chromium
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: missing packages and not root (and no sudo): ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo --preserve-env=DEBIAN_FRONTEND)
fi
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
