"""A Resonite IO server on the reference package's generated grpclib servicer bases
(`resoio._generated.resonite_io.v1.<Service>Base`), for checking our Swift client against an
independent implementation of the contract.

It serves every unary RPC of all 17 services on two Unix sockets:
- `--socket`: healthy. Every RPC answers the rule-filled reply of fixture.py (Ping echoes the
  message), whatever the request.
- `--failing-socket`: the same, except one RPC per service answers a chosen error status with
  a message in non-ASCII text (FAILING below).
- `--sparse-socket`: every RPC answers the empty reply (every field at its default, no nested
  message), for the client-side handling of missing fields.

Every call is recorded, before the reply is sent, as one line of `--log`:
  <seq> TAB <healthy|failing> TAB <path> TAB <match|differ> TAB <request as proto3 JSON>
where match/differ says whether the request equals the fixture request for that RPC (the
reference decoder's view of what arrived). The JSON is betterproto2's proto3 JSON: absent
optional fields are missing, present ones are there even when zero.

`--fixtures` receives, at start, the fixture requests, replies and failures the client side
reads (see write_fixtures).
Once both sockets accept connections the server prints `ready` on stdout.

Written for this repository; it uses the reference package's servicer bases and messages but
copies no code from it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys

from grpclib.const import Status
from grpclib.exceptions import GRPCError
from grpclib.server import Server

import fixture

# One RPC per service fails on the failing socket, with a status SERVICES.md lists for it
# (or one shared by every service) and a message that must arrive intact: non-ASCII in 2-, 3-
# and 4-byte UTF-8, '%' (grpc-message is percent-encoded), quotes, a colon.
FAILING: dict[str, tuple[Status, str]] = {
    "/resonite_io.v1.Connection/Ping": (Status.FAILED_PRECONDITION, "Engine is not ready — ещё нет (100%)"),
    "/resonite_io.v1.Info/GetServerInfo": (Status.UNIMPLEMENTED, "Method not found: Info/GetServerInfo ✗"),
    "/resonite_io.v1.Display/Get": (Status.FAILED_PRECONDITION, "Display settings are not active yet: 設定 ⏳"),
    "/resonite_io.v1.Lifecycle/Shutdown": (Status.INTERNAL, "Lifecycle bridge faulted: Ausnahme «boom» 100%"),
    "/resonite_io.v1.Cursor/SetPosition": (Status.INVALID_ARGUMENT, "x must be in [0, 1], got 1.5 — ×"),
    "/resonite_io.v1.Grabber/Grab": (Status.FAILED_PRECONDITION, "Grabber is not ready (VR mode?) 🥽"),
    "/resonite_io.v1.ContextMenu/Highlight": (Status.INVALID_ARGUMENT, "index 9 is out of range [0, 4) → ✗"),
    "/resonite_io.v1.Dash/SetTab": (Status.INVALID_ARGUMENT, "ref_id or locale_key is required: «»"),
    "/resonite_io.v1.World/Join": (Status.NOT_FOUND, "Session 'S-ü%20x' not found 🔍"),
    "/resonite_io.v1.Inventory/Copy": (Status.ALREADY_EXISTS, "Inventory/Ünïcode already exists (50%)"),
    "/resonite_io.v1.Session/KickUser": (Status.PERMISSION_DENIED, "Only the host may kick — ホスト"),
    "/resonite_io.v1.Contact/AddContact": (Status.NOT_FOUND, "User U-Ωmega not found"),
    "/resonite_io.v1.Auth/Login": (Status.UNAUTHENTICATED, "Invalid credentials: 認証 failed 😞"),
    "/resonite_io.v1.Locomotion/Reset": (Status.INTERNAL, "Locomotion bridge faulted: ¡ay! %s %%"),
}


class Recorder:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", encoding="utf-8")
        self._seq = 0

    # Requests larger than this are logged as {"_omitted_bytes": N} (a 6 MiB Ping would
    # otherwise make every later read of the log slow).
    MAX_LOGGED = 64 << 10

    def record(self, socket_name: str, path: str, matches: bool, request_json: str) -> None:
        self._seq += 1
        if len(request_json) > self.MAX_LOGGED:
            request_json = f'{{"_omitted_bytes": {len(request_json)}}}'

        self._file.write(f"{self._seq}\t{socket_name}\t{path}\t{'match' if matches else 'differ'}\t{request_json}\n")
        self._file.flush()


def make_servicers(
    socket_name: str, recorder: Recorder, failing: dict[str, tuple[Status, str]], sparse: bool = False
) -> list[object]:
    """One subclass instance per generated servicer base, every unary coroutine implemented."""
    by_base: dict[type, list[fixture.UnaryRPC]] = {}
    for rpc in fixture.unary_rpcs():
        by_base.setdefault(rpc.base, []).append(rpc)

    servicers = []
    for base, rpcs in by_base.items():
        namespace = {}
        for rpc in rpcs:
            expected = fixture.fixture_request(rpc)

            async def handler(self, message, rpc=rpc, expected=expected):  # noqa: ANN001
                recorder.record(socket_name, rpc.path, message == expected, message.to_json())
                if rpc.path in failing:
                    status, text = failing[rpc.path]
                    raise GRPCError(status, text)
                return rpc.reply() if sparse else fixture.fixture_reply(rpc, message)

            namespace[rpc.python_name] = handler
        cls = type(f"Reference{base.__name__}", (base,), namespace)
        servicers.append(cls())
    return servicers


def write_fixtures(path: str) -> None:
    """One line per unary RPC, `unary TAB path TAB request-json TAB reply-json`, then one per
    failing RPC, `failing TAB path TAB code TAB NAME TAB message` (the message in UTF-8). The
    JSON is proto3 JSON with non-ASCII escaped, so no line holds a tab or a newline of its own."""
    with open(path, "w", encoding="utf-8") as out:
        for rpc in fixture.unary_rpcs():
            request = fixture.fixture_request(rpc)
            out.write(f"unary\t{rpc.path}\t{request.to_json()}\t{fixture.fixture_reply(rpc, request).to_json()}\n")
        for rpc_path, (status, text) in FAILING.items():
            out.write(f"failing\t{rpc_path}\t{status.value}\t{status.name}\t{text}\n")


async def serve(args: argparse.Namespace) -> None:
    recorder = Recorder(args.log)
    servers = []
    for socket_name, socket_path, failing in (
        ("healthy", args.socket, {}),
        ("failing", args.failing_socket, FAILING),
        ("sparse", args.sparse_socket, {}),
    ):
        if not socket_path:
            continue
        if os.path.exists(socket_path):
            os.unlink(socket_path)
        server = Server(make_servicers(socket_name, recorder, failing, sparse=socket_name == "sparse"))
        await server.start(path=socket_path)
        servers.append(server)
    print("ready", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()
        await server.wait_closed()
    for path in (args.socket, args.failing_socket, args.sparse_socket):
        if path and os.path.exists(path):
            os.unlink(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--socket", required=True, help="the healthy server's socket path")
    parser.add_argument("--failing-socket", help="the socket where one RPC per service fails")
    parser.add_argument("--sparse-socket", help="the socket where every reply is the empty message (all fields default)")
    parser.add_argument("--log", required=True, help="file to append one line per received call to")
    parser.add_argument("--fixtures", help="write the fixture requests, replies and failures here (tab-separated)")
    args = parser.parse_args()
    if args.fixtures:
        write_fixtures(args.fixtures)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
