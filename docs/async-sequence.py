#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Draws docs/async-sequence.svg: the notifications of an asynchronous GET through rinet.

    python3 docs/async-sequence.py          # rewrite docs/async-sequence.svg
    python3 docs/async-sequence.py --check  # exit 1 if the committed SVG is stale

The diagram is the list STEPS below; this script lays it out as a sequence diagram in plain SVG
(no dependencies beyond Python 3). tests/docs.rs runs the --check form.
"""
import html
import pathlib
import sys

# Lifelines, left to right.
LANES = ["application thread", "status callback", "rinet", "HTTP server"]
APP, CB, RINET, SERVER = range(4)

# Which thread a step runs on: the caller's thread, or the session's reactor thread.
CALLER, REACTOR, WIRE = "caller", "reactor", "wire"

# (from, to, label, thread) for a call or a notification, (from, to, label, thread, RETURN) for
# what a call returns, and ("note", text) for a comment across the diagram.
RETURN = "return"
STEPS = [
    ("note", "Setup: nothing touches the network yet"),
    (APP, RINET, "InternetOpen(..., INTERNET_FLAG_ASYNC): starts the session's reactor thread", CALLER),
    (APP, RINET, "InternetSetStatusCallback(hSession, callback)", CALLER),
    (APP, RINET, "InternetConnect(hSession, host, port, ..., ctx = 1)", CALLER),
    (RINET, CB, "HANDLE_CREATED {hConnect}", CALLER),
    (RINET, APP, "returns hConnect", CALLER, RETURN),
    (APP, RINET, "HttpOpenRequest(hConnect, \"GET\", path, ..., ctx = 2)", CALLER),
    (RINET, CB, "HANDLE_CREATED {hRequest}", CALLER),
    (RINET, APP, "returns hRequest", CALLER, RETURN),
    ("note", "Send: the call returns at once; the work goes on on the reactor thread"),
    (APP, RINET, "HttpSendRequest(hRequest, ...)", CALLER),
    (RINET, APP, "FALSE, GetLastError() = ERROR_IO_PENDING (997)", CALLER, RETURN),
    (RINET, CB, "RESOLVING_NAME, NAME_RESOLVED", REACTOR),
    (RINET, SERVER, "TCP connect (and the TLS handshake for https)", WIRE),
    (RINET, CB, "CONNECTING_TO_SERVER, CONNECTED_TO_SERVER   (not when a kept-alive connection is reused)", REACTOR),
    (RINET, CB, "SENDING_REQUEST", REACTOR),
    (RINET, SERVER, "request head (and body)", WIRE),
    (RINET, CB, "REQUEST_SENT {bytes}", REACTOR),
    (RINET, CB, "RECEIVING_RESPONSE", REACTOR),
    (SERVER, RINET, "response head", WIRE),
    (RINET, CB, "RESPONSE_RECEIVED {bytes}", REACTOR),
    (RINET, CB, "REQUEST_COMPLETE {dwResult 1, dwError 0}: the send is done", REACTOR),
    ("note", "Read from the callback: a read that completes at once returns TRUE and sends no REQUEST_COMPLETE"),
    (CB, RINET, "InternetReadFile(buf)", REACTOR),
    (RINET, CB, "TRUE, n bytes (already buffered)", REACTOR, RETURN),
    (CB, RINET, "InternetReadFile(buf)   (nothing buffered)", REACTOR),
    (RINET, CB, "RECEIVING_RESPONSE", REACTOR),
    (RINET, CB, "FALSE, ERROR_IO_PENDING: buf and the count are rinet's until REQUEST_COMPLETE", REACTOR, RETURN),
    (SERVER, RINET, "body bytes", WIRE),
    (RINET, CB, "RESPONSE_RECEIVED {bytes}", REACTOR),
    (RINET, CB, "REQUEST_COMPLETE {1, 0}: buf and the count are written", REACTOR),
    (CB, RINET, "InternetReadFile(buf)", REACTOR),
    (RINET, CB, "TRUE, 0 bytes: the end of the body", REACTOR, RETURN),
    ("note", "Close: HANDLE_CLOSING is each handle's last notification"),
    (APP, RINET, "InternetCloseHandle(hRequest)   (a pending call would first complete with 12017)", CALLER),
    (RINET, CB, "HANDLE_CLOSING {hRequest}", CALLER),
    (APP, RINET, "InternetCloseHandle(hSession): closes hConnect too, joins the reactor thread", CALLER),
    (RINET, CB, "HANDLE_CLOSING {hConnect}", CALLER),
]

COLORS = {CALLER: "#1f5fbf", REACTOR: "#c2570c", WIRE: "#555555"}

LANE_X = [110, 330, 560, 780]
TOP = 70
ROW = 30
WIDTH = 1060


def arrow(y, x1, x2, color, dashed):
    dash = ' stroke-dasharray="5,4"' if dashed else ""
    tip = 8 if x2 > x1 else -8
    return (
        f'<line x1="{x1}" y1="{y}" x2="{x2 - tip}" y2="{y}" stroke="{color}" stroke-width="1.6"{dash}/>\n'
        f'<polygon points="{x2},{y} {x2 - tip},{y - 4} {x2 - tip},{y + 4}" fill="{color}"/>\n'
    )


def render():
    rows = len(STEPS)
    height = TOP + rows * ROW + 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">\n',
        "<title>rinet: notifications of an asynchronous GET</title>\n",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n',
    ]
    for x, name in zip(LANE_X, LANES):
        out.append(
            f'<rect x="{x - 80}" y="20" width="160" height="28" rx="4" fill="#eef2f7" stroke="#6b7b8f"/>\n'
            f'<text x="{x}" y="39" text-anchor="middle" font-weight="bold">{html.escape(name)}</text>\n'
            f'<line x1="{x}" y1="48" x2="{x}" y2="{TOP + rows * ROW}" stroke="#9aa5b1" stroke-dasharray="3,3"/>\n'
        )
    y = TOP
    for step in STEPS:
        y += ROW
        if step[0] == "note":
            out.append(
                f'<rect x="10" y="{y - 18}" width="{WIDTH - 20}" height="22" fill="#f6f6f0" stroke="#d0d0c0"/>\n'
                f'<text x="20" y="{y - 3}" font-style="italic" fill="#444">{html.escape(step[1])}</text>\n'
            )
            continue
        src, dst, label, thread = step[:4]
        returned = len(step) > 4 and step[4] == RETURN
        color = COLORS[thread]
        x1, x2 = LANE_X[src], LANE_X[dst]
        out.append(arrow(y, x1, x2, color, thread == WIRE or returned))
        # Labels sit above their arrow, starting at its left end; long ones run to the right.
        lx = min(x1, x2) + 6
        out.append(
            f'<rect x="{lx - 2}" y="{y - 18}" width="{len(label) * 6.8 + 4:.0f}" height="15" '
            f'fill="#ffffff" fill-opacity="0.85" stroke="none"/>\n'
            f'<text x="{lx}" y="{y - 6}" fill="{color}">{html.escape(label)}</text>\n'
        )
    y += 40
    legend = [
        (CALLER, "runs on the thread that made the call"),
        (REACTOR, "runs on the session's reactor thread (driven mode: the thread calling rinet_session_process)"),
        (WIRE, "bytes on the connection; a dashed arrow in a thread's colour is what a call returns"),
    ]
    x = 20
    for thread, text in legend:
        out.append(arrow(y, x, x + 40, COLORS[thread], thread == WIRE))
        out.append(f'<text x="{x + 50}" y="{y + 4}">{html.escape(text)}</text>\n')
        y += 18
    out.append("</svg>\n")
    return "".join(out)


def main():
    target = pathlib.Path(__file__).with_name("async-sequence.svg")
    svg = render()
    if "--check" in sys.argv[1:]:
        if not target.exists() or target.read_text() != svg:
            print(f"{target} is stale: run python3 {pathlib.Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    target.write_text(svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
