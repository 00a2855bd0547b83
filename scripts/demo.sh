#!/usr/bin/env bash
# SPDX-License-Identifier: MIT OR Apache-2.0
# The rinet demo: the C example c-examples/post_large_async.c uploads 256 MiB through rinet's
# asynchronous API to the test server on loopback, which replies with the length and hash of
# what it received. RINET_POST_MIB sets another size in MiB.
#
# The server reads the body at a bounded rate (its /paced/<KiB/s> route; RINET_DEMO_KIBPS, 32768
# KiB/s by default, so 256 MiB take about 8 s): a reader slower than the writer, as a real server
# on a real network is. Once the socket buffers are full, InternetWriteFile cannot take the next
# piece at once and returns ERROR_IO_PENDING; the program waits for that write's
# REQUEST_COMPLETE, as KB242019 does. The demo prints how many writes pended.
# RINET_DEMO_KIBPS=0 uploads to /upload, read as fast as loopback allows, where writes rarely pend.
#
# Builds librinet and the test server (release), compiles the example against
# target/release, starts the server on a free port, runs the example, stops the server, and
# exits with the example's status.
set -euo pipefail
cd "$(dirname "$0")/.."

mib=${RINET_POST_MIB:-256}
kibps=${RINET_DEMO_KIBPS:-32768}
if [ "$kibps" = 0 ]; then
  path=/upload
else
  path=/paced/$kibps
fi
lib_dir=$PWD/target/release
out_dir=$PWD/target/demo

echo "== building librinet and the test server (release)"
cargo build --release --lib --example testserver

echo "== compiling c-examples/post_large_async.c"
mkdir -p "$out_dir"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -g -I include \
  c-examples/post_large_async.c -o "$out_dir/post_large_async" \
  -L "$lib_dir" -lrinet -lpthread -Wl,-rpath,"$lib_dir"

echo "== starting the test server"
# The server also ends when its standard input (our end of the coprocess pipe) closes, so it
# cannot outlive this script.
coproc SERVER { exec "$lib_dir/examples/testserver" --stdin-lifetime; }
server_pid=$SERVER_PID
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
if ! read -r -t 60 word port <&"${SERVER[0]}" || [ "$word" != PORT ]; then
  echo "demo: the test server did not report its port" >&2
  exit 1
fi
echo "test server on 127.0.0.1:$port"

echo "== post_large_async 127.0.0.1 $port $mib $path  (MiB; the server reads at most $kibps KiB/s)"
set +e
RINET_TEST_HOST=127.0.0.1 RINET_TEST_PORT=$port RINET_POST_MIB=$mib \
  "$out_dir/post_large_async" 127.0.0.1 "$port" "$mib" "$path" | tee "$out_dir/output.txt"
status=${PIPESTATUS[0]}
set -e
echo "== post_large_async exited with status $status"
if line=$(grep '^writes: ' "$out_dir/output.txt"); then
  pended=$(echo "$line" | sed -n 's/.*, \([0-9]*\) returned ERROR_IO_PENDING$/\1/p')
  echo "== $pended InternetWriteFile calls returned ERROR_IO_PENDING and completed with REQUEST_COMPLETE"
fi
exit "$status"
