#!/usr/bin/env bash
# The rinet demo: the C example c-examples/post_large_async.c uploads 256 MiB through rinet's
# asynchronous API to the test server on loopback, which replies with the length and hash of
# what it received. RINET_POST_MIB sets another size in MiB.
#
# Builds librinet and the test server (release), compiles the example against
# target/release, starts the server on a free port, runs the example, stops the server, and
# exits with the example's status.
set -euo pipefail
cd "$(dirname "$0")/.."

mib=${RINET_POST_MIB:-256}
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

echo "== post_large_async 127.0.0.1 $port $mib  (MiB)"
status=0
RINET_TEST_HOST=127.0.0.1 RINET_TEST_PORT=$port RINET_POST_MIB=$mib \
  "$out_dir/post_large_async" 127.0.0.1 "$port" "$mib" || status=$?
echo "== post_large_async exited with status $status"
exit "$status"
