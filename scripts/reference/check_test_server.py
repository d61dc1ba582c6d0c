"""The reference Python client (`resonite-io` 0.7.0) against our `resoio-test-server`.

    check_test_server.py --server PATH/TO/resoio-test-server

Starts the test server on temporary sockets (a healthy one per scenario, one with the
`--fail-rpc` knob on every unary RPC, one per stand-in switch flag such as `--not-host`) and calls every unary RPC of the contract through the
reference client: its high-level clients (`resoio.display.DisplayClient`, ...) wherever it
has a method, the generated stubs only for what it lacks or to send what the high-level API
refuses to. Checks what ../shared/SERVICES.md and the stand-in mod's documented state say:
reply shapes and values, state persisting across calls and connections, the documented
status codes with their messages intact, and the reference's own client-side guards.

Prints one line per check (PASS/FAIL/SKIP) and a final `N passed, N failed, N skipped`;
exits 1 when a check failed. A service family the test server does not serve yet (it answers
UNIMPLEMENTED) is skipped with one SKIP line, unless --strict, which fails it.

Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from grpclib.const import Status
from grpclib.exceptions import GRPCError

import resoio._generated.resonite_io.v1 as wire
from resoio import (
    auth,
    connection,
    contact,
    context_menu,
    cursor,
    dash,
    display,
    grabber,
    info,
    inventory,
    lifecycle,
    locomotion,
    session,
    world,
)

import families
import fixture
import switches

# A message with 2-, 3- and 4-byte UTF-8, a '%' sequence that must not be decoded twice, and
# a colon (the --fail-rpc knob splits CODE:MESSAGE at the first one only).
TRICKY = "Grüße ✓ 日本語 🙂 100% %41 done: yes"


class Report:
    def __init__(self, strict: bool) -> None:
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.strict = strict

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"PASS {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}", flush=True)
        return ok

    def expect(self, name: str, actual: Any, expected: Any) -> bool:
        return self.check(name, actual == expected, f"got {actual!r}, expected {expected!r}")

    def skip(self, name: str, why: str) -> None:
        if self.strict:
            self.check(name, False, f"{why} (--strict)")
            return
        self.skipped += 1
        print(f"SKIP {name}: {why}", flush=True)

    async def status(self, name: str, call: Awaitable[Any], code: Status, message: str | None = None) -> GRPCError | None:
        """Checks that `call` fails with `code` (and exactly `message` when given)."""
        try:
            result = await call
        except GRPCError as error:
            ok = error.status is code and (message is None or error.message == message)
            self.check(
                name,
                ok,
                f"got {error.status.name} {error.message!r}, expected {code.name}" + (f" {message!r}" if message is not None else ""),
            )
            return error
        except Exception as error:  # noqa: BLE001
            self.check(name, False, f"raised {type(error).__name__}: {error}")
            return None
        self.check(name, False, f"succeeded with {result!r}, expected {code.name}")
        return None

    @property
    def summary(self) -> str:
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


class TestServer:
    """`resoio-test-server` on a fresh socket in a temporary directory."""

    def __init__(self, binary: str, *args: str) -> None:
        self.binary = binary
        self.args = list(args)
        self.directory = tempfile.mkdtemp(prefix="resoio-ref-")
        self.socket = os.path.join(self.directory, "resonite-test.sock")
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> TestServer:
        self.process = subprocess.Popen(
            [self.binary, "--socket", self.socket, *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line != self.socket:
            self.process.kill()
            _, err = self.process.communicate()
            raise RuntimeError(f"resoio-test-server did not start (printed {line!r}): {err.strip()}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.socket)
        with contextlib.suppress(OSError):
            os.rmdir(self.directory)


# --- every unary RPC through the reference client -------------------------------------------
#
# One entry per RPC path: a coroutine function of the socket path that makes the call the way
# a user of the reference would (its high-level client where it has a method for the RPC).


def _with(client_class: type, call: Callable[[Any], Awaitable[Any]]) -> Callable[[str], Awaitable[Any]]:
    async def run(socket_path: str) -> Any:
        async with client_class(socket_path=socket_path) as client:
            return await call(client)

    return run


def _stub(service: str, method: str, request: Any) -> Callable[[str], Awaitable[Any]]:
    """A generated-stub call, for RPCs the reference's high-level API does not offer as such."""

    async def run(socket_path: str) -> Any:
        from grpclib.client import Channel

        channel = Channel(path=socket_path)
        try:
            stub = getattr(wire, f"{service}Stub")(channel)
            return await getattr(stub, method)(request)
        finally:
            channel.close()

    return run


HIGH_LEVEL: dict[str, Callable[[str], Awaitable[Any]]] = {
    "/resonite_io.v1.Connection/Ping": _with(connection.ConnectionClient, lambda c: c.ping("hello")),
    "/resonite_io.v1.Info/GetServerInfo": lambda s: info.get_server_info(s),
    "/resonite_io.v1.Display/Apply": _with(display.DisplayClient, lambda c: c.apply(width=800, height=600, max_fps=30.0)),
    "/resonite_io.v1.Display/Get": _with(display.DisplayClient, lambda c: c.get()),
    "/resonite_io.v1.Lifecycle/Shutdown": _with(lifecycle.LifecycleClient, lambda c: c.shutdown()),
    "/resonite_io.v1.Cursor/SetPosition": _with(cursor.CursorClient, lambda c: c.set_position(0.5, 0.5)),
    "/resonite_io.v1.Cursor/GetPosition": _with(cursor.CursorClient, lambda c: c.get_position()),
    "/resonite_io.v1.Cursor/Release": _with(cursor.CursorClient, lambda c: c.release()),
    "/resonite_io.v1.Grabber/Grab": _with(grabber.GrabberClient, lambda c: c.grab()),
    "/resonite_io.v1.Grabber/Release": _with(grabber.GrabberClient, lambda c: c.release()),
    "/resonite_io.v1.Grabber/GetState": _with(grabber.GrabberClient, lambda c: c.get_state()),
    "/resonite_io.v1.Grabber/Use": _with(grabber.GrabberClient, lambda c: c.use()),
    "/resonite_io.v1.Grabber/Unuse": _with(grabber.GrabberClient, lambda c: c.unuse()),
    "/resonite_io.v1.Grabber/Equip": _with(grabber.GrabberClient, lambda c: c.equip()),
    "/resonite_io.v1.Grabber/Dequip": _with(grabber.GrabberClient, lambda c: c.dequip()),
    "/resonite_io.v1.ContextMenu/Open": _with(context_menu.ContextMenuClient, lambda c: c.open()),
    "/resonite_io.v1.ContextMenu/Close": _with(context_menu.ContextMenuClient, lambda c: c.close()),
    "/resonite_io.v1.ContextMenu/GetState": _with(context_menu.ContextMenuClient, lambda c: c.get_state()),
    "/resonite_io.v1.ContextMenu/Highlight": _with(context_menu.ContextMenuClient, lambda c: c.highlight(0)),
    "/resonite_io.v1.ContextMenu/Invoke": _with(context_menu.ContextMenuClient, lambda c: c.invoke(0)),
    "/resonite_io.v1.Dash/Open": _with(dash.DashClient, lambda c: c.open()),
    "/resonite_io.v1.Dash/Close": _with(dash.DashClient, lambda c: c.close()),
    "/resonite_io.v1.Dash/GetState": _with(dash.DashClient, lambda c: c.get_state()),
    "/resonite_io.v1.Dash/ListTabs": _with(dash.DashClient, lambda c: c.list_tabs()),
    "/resonite_io.v1.Dash/SetTab": _with(dash.DashClient, lambda c: c.set_tab(ref_id="ID-1")),
    "/resonite_io.v1.Dash/ListControls": _with(dash.DashClient, lambda c: c.list_controls()),
    "/resonite_io.v1.Dash/Invoke": _with(dash.DashClient, lambda c: c.invoke("ID-1")),
    "/resonite_io.v1.Dash/Scroll": _with(dash.DashClient, lambda c: c.scroll("ID-1", delta_y=1.0)),
    "/resonite_io.v1.Dash/Highlight": _with(dash.DashClient, lambda c: c.highlight("ID-1")),
    "/resonite_io.v1.World/ListSessions": _with(world.WorldClient, lambda c: c.list_sessions()),
    "/resonite_io.v1.World/ListRecords": _with(world.WorldClient, lambda c: c.list_records()),
    "/resonite_io.v1.World/Join": _with(world.WorldClient, lambda c: c.join(session_id="S-1")),
    "/resonite_io.v1.World/StartWorld": _with(world.WorldClient, lambda c: c.start_world(record_id="R-1")),
    "/resonite_io.v1.World/ListOpenWorlds": _with(world.WorldClient, lambda c: c.list_open_worlds()),
    "/resonite_io.v1.World/Focus": _with(world.WorldClient, lambda c: c.focus(1)),
    "/resonite_io.v1.World/Leave": _with(world.WorldClient, lambda c: c.leave(1)),
    "/resonite_io.v1.World/GetCurrent": _with(world.WorldClient, lambda c: c.get_current()),
    "/resonite_io.v1.World/FetchThumbnail": _with(world.WorldClient, lambda c: c.fetch_thumbnail("resdb:///x.webp")),
    "/resonite_io.v1.Inventory/List": _with(inventory.InventoryClient, lambda c: c.list("/")),
    "/resonite_io.v1.Inventory/MakeDir": _with(inventory.InventoryClient, lambda c: c.mkdir("/new")),
    "/resonite_io.v1.Inventory/Copy": _with(inventory.InventoryClient, lambda c: c.copy("/a", "/b")),
    "/resonite_io.v1.Inventory/Move": _with(inventory.InventoryClient, lambda c: c.move("/a", "/b")),
    "/resonite_io.v1.Inventory/Remove": _with(inventory.InventoryClient, lambda c: c.remove("/a")),
    "/resonite_io.v1.Inventory/Spawn": _with(inventory.InventoryClient, lambda c: c.spawn("/a")),
    "/resonite_io.v1.Inventory/FetchThumbnail": _with(inventory.InventoryClient, lambda c: c.fetch_thumbnail("/a")),
    "/resonite_io.v1.Session/GetSettings": _with(session.SessionClient, lambda c: c.get_settings()),
    "/resonite_io.v1.Session/ApplySettings": _with(session.SessionClient, lambda c: c.apply_settings(world_name="w")),
    "/resonite_io.v1.Session/ListUsers": _with(session.SessionClient, lambda c: c.list_users()),
    "/resonite_io.v1.Session/KickUser": _with(session.SessionClient, lambda c: c.kick_user(user_id="U-1")),
    "/resonite_io.v1.Session/BanUser": _with(session.SessionClient, lambda c: c.ban_user(user_id="U-1")),
    "/resonite_io.v1.Session/SilenceUser": _with(session.SessionClient, lambda c: c.silence_user(user_id="U-1")),
    "/resonite_io.v1.Session/RespawnUser": _with(session.SessionClient, lambda c: c.respawn_user(user_id="U-1")),
    "/resonite_io.v1.Session/SetUserRole": _with(session.SessionClient, lambda c: c.set_user_role("Guest", user_id="U-1")),
    "/resonite_io.v1.Session/ListRoles": _with(session.SessionClient, lambda c: c.list_roles()),
    "/resonite_io.v1.Session/GetUserRoleOverrides": _with(session.SessionClient, lambda c: c.get_user_role_overrides()),
    "/resonite_io.v1.Contact/ListContacts": _with(contact.ContactClient, lambda c: c.list_contacts()),
    "/resonite_io.v1.Contact/GetContact": _with(contact.ContactClient, lambda c: c.get_contact("U-1")),
    "/resonite_io.v1.Contact/SearchUsers": _with(contact.ContactClient, lambda c: c.search_users("a")),
    "/resonite_io.v1.Contact/AddContact": _with(contact.ContactClient, lambda c: c.add_contact("U-1")),
    "/resonite_io.v1.Contact/AcceptRequest": _with(contact.ContactClient, lambda c: c.accept_request("U-1")),
    "/resonite_io.v1.Contact/RemoveContact": _with(contact.ContactClient, lambda c: c.remove_contact("U-1")),
    "/resonite_io.v1.Auth/Login": _with(auth.AuthClient, lambda c: c.login("user", "pass")),
    "/resonite_io.v1.Auth/Logout": _with(auth.AuthClient, lambda c: c.logout()),
    "/resonite_io.v1.Auth/Status": _with(auth.AuthClient, lambda c: c.status()),
    "/resonite_io.v1.Locomotion/Reset": _with(locomotion.LocomotionClient, lambda c: c.reset()),
}

# The status each RPC answers under the --fail-rpc knob: one SERVICES.md documents for the
# service (or one every service can give), spread so that most codes occur.
SWEEP_CODES: dict[str, Status] = {
    "Connection": Status.FAILED_PRECONDITION,
    "Info": Status.UNIMPLEMENTED,
    "Display": Status.FAILED_PRECONDITION,
    "Lifecycle": Status.INTERNAL,
    "Cursor": Status.INVALID_ARGUMENT,
    "Grabber": Status.FAILED_PRECONDITION,
    "ContextMenu": Status.INVALID_ARGUMENT,
    "Dash": Status.INVALID_ARGUMENT,
    "World": Status.NOT_FOUND,
    "Inventory": Status.ALREADY_EXISTS,
    "Session": Status.PERMISSION_DENIED,
    "Contact": Status.NOT_FOUND,
    "Auth": Status.UNAUTHENTICATED,
    "Locomotion": Status.UNAVAILABLE,
}


def sweep_message(path: str) -> str:
    return f"{path.rsplit('/', 2)[-2].removeprefix('resonite_io.v1.')}/{path.rsplit('/', 1)[-1]} failed: {TRICKY}"


async def check_coverage(report: Report) -> None:
    paths = {rpc.path for rpc in fixture.unary_rpcs()}
    report.expect("coverage: the reference declares 65 unary RPCs", len(paths), 65)
    report.check(
        "coverage: every unary RPC has a reference-client call here",
        paths == set(HIGH_LEVEL),
        f"missing {sorted(paths - set(HIGH_LEVEL))}, extra {sorted(set(HIGH_LEVEL) - paths)}",
    )


async def check_failure_knob(report: Report, binary: str) -> None:
    """Every unary RPC, made through the reference client, under `--fail-rpc`: the status
    and the message (non-ASCII, '%', ':') arrive as the knob set them."""
    args = []
    for rpc in fixture.unary_rpcs():
        args += ["--fail-rpc", f"{rpc.service}/{rpc.method}={SWEEP_CODES[rpc.service].name}:{sweep_message(rpc.path)}"]
    with TestServer(binary, *args) as server:
        for rpc in fixture.unary_rpcs():
            await report.status(
                f"knob {rpc.path}: {SWEEP_CODES[rpc.service].name} with the message intact",
                HIGH_LEVEL[rpc.path](server.socket),
                SWEEP_CODES[rpc.service],
                sweep_message(rpc.path),
            )
        # The reference's own guards refuse before any RPC: a guarded call against this
        # server (where the RPC would fail with a status) raises the guard's error instead.
        await check_guards(report, server.socket)


async def check_guards(report: Report, socket_path: str) -> None:
    async def raises(name: str, call: Callable[[], Awaitable[Any]], kind: type[BaseException]) -> None:
        try:
            await call()
        except kind as error:
            report.check(name, True)
            return
        except Exception as error:  # noqa: BLE001
            report.check(name, False, f"raised {type(error).__name__}: {error}")
            return
        report.check(name, False, "no error")

    await raises(
        "guard: dash.set_tab() with neither ref_id nor locale_key raises ValueError before any RPC",
        lambda: _with(dash.DashClient, lambda c: c.set_tab())(socket_path),
        ValueError,
    )
    await raises(
        "guard: world.join() with neither session_id nor url raises ValueError before any RPC",
        lambda: _with(world.WorldClient, lambda c: c.join())(socket_path),
        ValueError,
    )
    await raises(
        "guard: world.join() with both session_id and url raises ValueError before any RPC",
        lambda: _with(world.WorldClient, lambda c: c.join(session_id="S-1", url="ressession:///S-1"))(socket_path),
        ValueError,
    )

    async def outside() -> None:
        await display.DisplayClient(socket_path=socket_path).get()

    await raises("guard: a call outside `async with` raises RuntimeError", outside, RuntimeError)


# --- the stand-in mod's behaviour -------------------------------------------------------------


async def check_connection_info(report: Report, binary: str) -> None:
    with TestServer(binary, "--mod-version", "0.7.0", "--engine-version", f"Engine {TRICKY}", "--platform", "linux",
                    "--wine", "--resonite-pid", "4242", "--renderer-pid", "77") as server:
        async with connection.ConnectionClient(socket_path=server.socket) as c:
            reply = await c.ping(TRICKY)
            report.expect("Connection.Ping echoes the message unchanged", reply.message, TRICKY)
            now = time.time_ns()
            report.check(
                "Connection.Ping: server_unix_nanos is the server's wall clock (ns, within 5 s)",
                abs(reply.server_unix_nanos - now) < 5_000_000_000,
                f"{reply.server_unix_nanos} vs {now}",
            )
            empty = await c.ping("")
            report.expect("Connection.Ping echoes an empty message", empty.message, "")
        got = await info.get_server_info(server.socket)
        report.expect(
            "Info.GetServerInfo reports the configured values",
            (got.mod_version, got.engine_version, got.platform, got.is_wine, got.resonite_pid, got.renderer_pid),
            ("0.7.0", f"Engine {TRICKY}", info.ServerPlatform.LINUX, True, 4242, 77),
        )
        path = await connection.wait_for_ready(server.socket, timeout=5)
        report.expect("wait_for_ready returns the socket path", path, server.socket)
        async with connection.ConnectionClient(socket_path=server.socket) as c:
            texts = [f"{i} {TRICKY}" for i in range(64)]
            replies = await asyncio.gather(*(c.ping(t) for t in texts))
            report.expect("64 concurrent Pings on one connection: each echoed", [r.message for r in replies], texts)
        many = await asyncio.gather(*(_with(connection.ConnectionClient, lambda c, i=i: c.ping(str(i)))(server.socket) for i in range(16)))
        report.expect("16 connections at once: each echoed", [r.message for r in many], [str(i) for i in range(16)])
        big = "é" * (3 << 20)
        async with connection.ConnectionClient(socket_path=server.socket) as c:
            report.check("Connection.Ping with a 6 MiB message: echoed intact", (await c.ping(big)).message == big)
    with TestServer(binary, "--old-mod") as server:
        await report.status("Info.GetServerInfo on --old-mod: UNIMPLEMENTED", info.get_server_info(server.socket), Status.UNIMPLEMENTED)
    with TestServer(binary, "--fail-first-pings", "2", "--not-ready-message", f"booting {TRICKY}") as server:
        await report.status(
            "Connection.Ping while booting: FAILED_PRECONDITION with its message",
            _with(connection.ConnectionClient, lambda c: c.ping("x"))(server.socket),
            Status.FAILED_PRECONDITION,
            f"booting {TRICKY}",
        )
        path = await connection.wait_for_ready(server.socket, timeout=5, interval=0.05)
        report.expect("wait_for_ready retries FAILED_PRECONDITION until the server is ready", path, server.socket)


async def check_families(report: Report, binary: str) -> None:
    """Each family on a fresh test server in its initial state; one the server does not serve
    yet (its probe answers UNIMPLEMENTED) is skipped."""
    for name, (service, method, request), check in families.FAMILIES:
        with TestServer(binary) as server:
            try:
                await families.stub_call(server.socket, service, method, request)
            except GRPCError as error:
                if error.status is Status.UNIMPLEMENTED:
                    report.skip(name, "the test server does not serve it yet (UNIMPLEMENTED)")
                    continue
            try:
                await asyncio.wait_for(check(report, server.socket), timeout=60)
            except Exception as error:  # noqa: BLE001
                report.check(f"{name}: ran to the end", False, f"{type(error).__name__}: {error}\n{traceback.format_exc()}")


async def check_switches(report: Report, binary: str) -> None:
    """The stand-in's switch flags (`--not-ready`, `--vr-mode`, `--not-host`, ...), each on a
    fresh server: the statuses SERVICES.md lists come from the stand-in's own logic, with the
    mod's messages. Bad values are usage errors (exit 2)."""
    for flags, check in switches.SWITCHES:
        with TestServer(binary, *flags) as server:
            try:
                await asyncio.wait_for(check(report, server.socket), timeout=60)
            except Exception as error:  # noqa: BLE001
                report.check(f"{' '.join(flags)}: ran to the end", False, f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    for flags in switches.BAD_VALUES:
        done = subprocess.run([binary, *flags], capture_output=True, text=True, timeout=30)
        report.check(f"{' '.join(repr(f) if not f else f for f in flags)}: refused as a usage error (exit 2)", done.returncode == 2,
                     f"exit {done.returncode}: {done.stderr.strip()}")


async def run(args: argparse.Namespace) -> int:
    report = Report(strict=args.strict)
    steps = [
        ("coverage", lambda: check_coverage(report)),
        ("failure knob", lambda: check_failure_knob(report, args.server)),
        ("connection and info", lambda: check_connection_info(report, args.server)),
        ("families", lambda: check_families(report, args.server)),
        ("switches", lambda: check_switches(report, args.server)),
    ]
    for name, step in steps:
        try:
            await asyncio.wait_for(step(), timeout=600)
        except Exception as error:  # noqa: BLE001
            report.check(f"{name}: ran to the end", False, f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    print(report.summary, flush=True)
    return 0 if report.failed == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", required=True, help="the resoio-test-server executable")
    parser.add_argument("--strict", action="store_true", help="fail, rather than skip, families the server does not serve")
    args = parser.parse_args()
    import logging

    logging.basicConfig(level=logging.ERROR)  # the reference's version-probe warnings stay quiet
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
