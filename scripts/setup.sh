#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
# Installs what rinet's tests need on a Debian or Ubuntu machine (as root, or with sudo):
# gcc and libc6-dev build the C programs (gcc brings AddressSanitizer's and UBSan's runtimes),
# g++ the C++ layer's tests; valgrind runs them; binutils' nm and readelf inspect what was built;
# pkg-config and libglib2.0-dev build c-examples/driven_glib.c; make, cmake and pkg-config build
# against an installed rinet (tests/install.rs); libcurl4-openssl-dev builds the benchmark smoke
# test; nginx, openssl and tinyproxy are the real origin and proxy of the production tests;
# python3 runs the documentation checks and writes the man pages, which groff-base and man-db
# check; iproute2 and util-linux (ip, unshare) set up the network namespaces of the
# connection-state test. Installing a daemon must not start it: policy-rc.d refuses service
# starts meanwhile. Does nothing when everything is present.
set -euo pipefail

packages="binutils ca-certificates cmake g++ gcc groff-base iproute2 libc6-dev libcurl4-openssl-dev
  libglib2.0-dev make man-db nginx openssl pkg-config python3 tinyproxy util-linux valgrind"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "setup: every package the tests need is installed"
  exit 0
fi
echo "setup: installing$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update
# shellcheck disable=SC2086
$sudo apt-get install -y --no-install-recommends $missing
