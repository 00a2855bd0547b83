#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
# Runs every rinet test: installs what the tests need (scripts/setup.sh), then the whole
# suite in release mode with the test-only fault-injection feature (the panic-boundary tests
# use it): Rust unit and integration tests, the C and C++ programs (also under valgrind and
# with AddressSanitizer/UBSan), nginx and tinyproxy tests, the install test, the soak, the
# bounded fuzz run and the benchmark smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --release --features fault-injection "$@"
