"""The stand-in mod's switch flags for check_test_server.py: the reference client against a test
server started with `--not-ready`, `--vr-mode`, `--not-host`, ... , each answering through the
stand-in's own logic the statuses ../shared/SERVICES.md lists (not `--fail-rpc`, which only
tests the status transport). Each entry is the flags and a check given that server's socket.

Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from grpclib.const import Status

import resoio._generated.resonite_io.v1 as wire
from resoio import auth, contact, context_menu, cursor, display, grabber, inventory, session, world

try:  # the reference CLI's own test for the TOTP answer (private, but what `resoio auth login` uses)
    from resoio.cli.auth import _is_totp_required
except ImportError:  # pragma: no cover
    _is_totp_required = None

from families import stub_call

# 2-, 3- and 4-byte UTF-8, '%', a colon and an '=' (--not-ready splits SERVICES=MESSAGE at the first '=').
TRICKY = "Grüße ✓ 日本語 🙂 100% %41 a=b: yes"

NO_FOCUSED_WORLD = "No focused world is available yet; engine still initializing."
SETTINGS_NOT_ACTIVE = "ResolutionSettings / DesktopRenderSettings is not yet active."
VR_MODE = "Grab requires desktop (screen) mode; VR is active."
NOT_SIGNED_IN = "Not signed in to the Resonite cloud."
TOTP_REQUIRED = "Two-factor authentication code is required."
CLOUD_NOT_READY = "Cloud session manager is not ready."
FP = Status.FAILED_PRECONDITION


async def check_display_not_ready(report, socket_path: str) -> None:
    async with display.DisplayClient(socket_path=socket_path) as d:
        await report.status("--not-ready display: Display.Get FAILED_PRECONDITION (settings not active)", d.get(), FP, SETTINGS_NOT_ACTIVE)
        await report.status("--not-ready display: a changing Display.Apply FAILED_PRECONDITION", d.apply(width=800), FP, SETTINGS_NOT_ACTIVE)
        report.expect("--not-ready display: an all-zero Display.Apply touches nothing and succeeds", await d.apply(), None)
    async with cursor.CursorClient(socket_path=socket_path) as c:
        report.expect("--not-ready display: the other services still answer", (await c.get_position()).held, False)


async def check_hands_not_ready(report, socket_path: str) -> None:
    async with cursor.CursorClient(socket_path=socket_path) as c:
        await report.status("--not-ready cursor,grabber,context-menu: Cursor.GetPosition FAILED_PRECONDITION (no focused world)",
                            c.get_position(), FP, NO_FOCUSED_WORLD)
        await report.status("--not-ready cursor: Cursor.SetPosition with valid x, y FAILED_PRECONDITION", c.set_position(0.5, 0.5), FP, NO_FOCUSED_WORLD)
        await report.status("--not-ready cursor: Cursor.SetPosition checks its arguments first (INVALID_ARGUMENT)",
                            c.set_position(2.0, 0.5), Status.INVALID_ARGUMENT)
    async with grabber.GrabberClient(socket_path=socket_path) as g:
        await report.status("--not-ready grabber: Grabber.Grab FAILED_PRECONDITION", g.grab(), FP, NO_FOCUSED_WORLD)
        await report.status("--not-ready grabber: Grabber.Use FAILED_PRECONDITION (the 0.7.0 RPCs too)", g.use(), FP, NO_FOCUSED_WORLD)
    async with context_menu.ContextMenuClient(socket_path=socket_path) as m:
        await report.status("--not-ready context-menu: ContextMenu.Open FAILED_PRECONDITION", m.open(), FP, NO_FOCUSED_WORLD)
        await report.status("--not-ready context-menu: ContextMenu.GetState FAILED_PRECONDITION", m.get_state(), FP, NO_FOCUSED_WORLD)
    async with display.DisplayClient(socket_path=socket_path) as d:
        report.expect("--not-ready cursor,grabber,context-menu: Display still answers", await d.get(), display.DisplayInfo(1280, 720, 30.0))


async def check_all_not_ready(report, socket_path: str) -> None:
    calls: list[tuple[str, Callable[[], Awaitable[Any]]]] = []
    async with display.DisplayClient(socket_path=socket_path) as d, cursor.CursorClient(socket_path=socket_path) as c, \
            grabber.GrabberClient(socket_path=socket_path) as g, context_menu.ContextMenuClient(socket_path=socket_path) as m:
        calls = [("Display.Get", d.get), ("Cursor.Release", c.release), ("Grabber.Dequip", g.dequip), ("ContextMenu.Close", m.close)]
        for name, call in calls:
            await report.status(f"--not-ready all=MESSAGE: {name} FAILED_PRECONDITION with the message intact", call(), FP, TRICKY)


async def check_vr_mode(report, socket_path: str) -> None:
    async with grabber.GrabberClient(socket_path=socket_path) as g:
        await report.status("--vr-mode: Grabber.Grab FAILED_PRECONDITION (VR mode)", g.grab(), FP, VR_MODE)
        report.expect("--vr-mode: Grabber.GetState works", (await g.get_state()).object_names, ())
        report.expect("--vr-mode: Grabber.Use works in VR (0.7.0)", (await g.use(button="secondary")).held_buttons, ("secondary",))
        report.expect("--vr-mode: Grabber.Equip works (a no-op with nothing held)", (await g.equip()).is_tool_equipped, False)


async def check_primary_hand(report, socket_path: str) -> None:
    async with grabber.GrabberClient(socket_path=socket_path) as g:
        result = await g.grab()
        report.expect("--primary-hand left: a primary Grab acts on the left hand", (result.state.hand, result.state.object_names), ("left", ("Cube",)))
        report.expect("--primary-hand left: the right hand holds nothing", (await g.get_state(hand="right")).object_names, ())
    state = await stub_call(socket_path, "Grabber", "get_state", wire.GrabberGetStateRequest(hand=wire.GrabberHand.UNSPECIFIED))
    report.expect("--primary-hand left: hand UNSPECIFIED on the wire resolves to LEFT", state.hand, wire.GrabberHand.LEFT)
    async with context_menu.ContextMenuClient(socket_path=socket_path) as m:
        await m.open()
        report.expect("--primary-hand left: a primary ContextMenu.Open opens the left menu",
                      ((await m.get_state(hand="left")).is_open, (await m.get_state(hand="right")).is_open), (True, False))


async def check_not_host(report, socket_path: str) -> None:
    def denied(action: str) -> str:
        return f"The local user is not allowed to {action}."

    async with session.SessionClient(socket_path=socket_path) as s:
        pd = Status.PERMISSION_DENIED
        await report.status("--not-host: Session.ApplySettings PERMISSION_DENIED", s.apply_settings(world_name="w"), pd,
                            denied("change the session settings"))
        await report.status("--not-host: Session.ApplySettings checks its arguments first (max_users 0: INVALID_ARGUMENT)",
                            s.apply_settings(max_users=0), Status.INVALID_ARGUMENT, "max_users must be between 1 and 255 (got 0).")
        await report.status("--not-host: Session.KickUser PERMISSION_DENIED", s.kick_user(user_id="U-bob"), pd, denied("kick users"))
        await report.status("--not-host: Session.BanUser PERMISSION_DENIED", s.ban_user(user_id="U-bob"), pd, denied("ban users"))
        await report.status("--not-host: Session.SilenceUser PERMISSION_DENIED", s.silence_user(user_id="U-bob"), pd, denied("silence users"))
        await report.status("--not-host: Session.RespawnUser of another user PERMISSION_DENIED", s.respawn_user(user_id="U-alice"), pd,
                            denied("respawn other users"))
        await report.status("--not-host: Session.SetUserRole PERMISSION_DENIED", s.set_user_role("Guest", user_id="U-bob"), pd, denied("assign roles"))
        await s.respawn_self()
        report.check("--not-host: respawning yourself (respawn_self) still works", True)
        report.expect("--not-host: the refused calls changed nothing", [u.user_id for u in await s.list_users()][:3], ["U-host", "U-alice", "U-bob"])
        report.expect("--not-host: reads work (GetSettings)", (await s.get_settings()).world_name, "Stand-in Lounge")


async def check_signed_out(report, socket_path: str) -> None:
    async with contact.ContactClient(socket_path=socket_path) as c:
        for name, call in (("ListContacts", c.list_contacts()), ("GetContact", c.get_contact("U-alice")), ("SearchUsers", c.search_users("a")),
                           ("AddContact", c.add_contact("U-grace")), ("AcceptRequest", c.accept_request("U-dave")),
                           ("RemoveContact", c.remove_contact("U-carol"))):
            await report.status(f"--signed-out: Contact.{name} FAILED_PRECONDITION (not signed in)", call, FP, NOT_SIGNED_IN)


async def check_cloud_rejects_writes(report, socket_path: str) -> None:
    async with contact.ContactClient(socket_path=socket_path) as c:
        internal = Status.INTERNAL
        await report.status("--cloud-rejects-writes: Contact.AddContact INTERNAL", c.add_contact("U-grace"), internal,
                            "Cloud rejected the contact update for U-grace.")
        await report.status("--cloud-rejects-writes: Contact.AcceptRequest INTERNAL", c.accept_request("U-dave"), internal,
                            "Cloud rejected the contact update for U-dave.")
        await report.status("--cloud-rejects-writes: Contact.RemoveContact INTERNAL", c.remove_contact("U-carol"), internal,
                            "Cloud rejected the contact update for U-carol.")
        await report.status("--cloud-rejects-writes: the NOT_FOUND check comes first", c.add_contact("U-nobody"), Status.NOT_FOUND)
        listed = await c.list_contacts()
        report.expect("--cloud-rejects-writes: nothing changed (Dave still a request, Carol visible, no Grace)",
                      ([x.user_id for x in listed.contacts], listed.request_count), (["U-alice", "U-bob", "U-carol", "U-dave", "U-erin"], 2))


async def check_contacts_not_loaded(report, socket_path: str) -> None:
    async with contact.ContactClient(socket_path=socket_path) as c:
        listed = await c.list_contacts()
        report.expect("--contacts-not-loaded: ListContacts list_loaded false, contacts still listed",
                      (listed.list_loaded, listed.contact_count), (False, 7))


async def check_two_factor(report, socket_path: str) -> None:
    async with auth.AuthClient(socket_path=socket_path) as a:
        error = await report.status("--two-factor-code: Auth.Login without totp FAILED_PRECONDITION (TOTP required)",
                                    a.login("StandIn", "stand-in-password"), FP, TOTP_REQUIRED)
        if error is not None and _is_totp_required is not None:
            report.check("--two-factor-code: the reference CLI reads it as 'TOTP required'", _is_totp_required(error.message or ""))
        await report.status("--two-factor-code: a wrong code UNAUTHENTICATED", a.login("StandIn", "stand-in-password", totp="000000"),
                            Status.UNAUTHENTICATED, "Invalid two-factor authentication code.")
        await report.status("--two-factor-code: a wrong password is checked before the code", a.login("StandIn", "wrong"),
                            Status.UNAUTHENTICATED, "Invalid credentials.")
        report.expect("--two-factor-code: the failed logins left it signed out", (await a.status()).logged_in, False)
        status = await a.login("StandIn", "stand-in-password", totp="424242")
        report.expect("--two-factor-code: the right code signs in", (status.logged_in, status.user_id), (True, "U-standin"))


async def check_cloud_not_ready(report, socket_path: str) -> None:
    async with auth.AuthClient(socket_path=socket_path) as a:
        error = await report.status("--cloud-not-ready: Auth.Login FAILED_PRECONDITION (cloud not ready)",
                                    a.login("StandIn", "stand-in-password"), FP, CLOUD_NOT_READY)
        if error is not None and _is_totp_required is not None:
            report.check("--cloud-not-ready: the reference CLI does not read it as 'TOTP required'", not _is_totp_required(error.message or ""))
        await report.status("--cloud-not-ready: Auth.Status FAILED_PRECONDITION", a.status(), FP, CLOUD_NOT_READY)
        await report.status("--cloud-not-ready: Auth.Logout FAILED_PRECONDITION", a.logout(), FP, CLOUD_NOT_READY)


async def check_inventory_cloud_failure(report, socket_path: str) -> None:
    async with inventory.InventoryClient(socket_path=socket_path) as i:
        for name, call in (("List", i.list("/Inventory")), ("MakeDir", i.mkdir("/Inventory/New")),
                           ("Copy", i.copy("/Inventory/Readme", "/Inventory/Empty")), ("Move", i.move("/Inventory/Readme", "/Inventory/Empty")),
                           ("Remove", i.remove("/Inventory/Readme")), ("Spawn", i.spawn("/Inventory/Avatars/Knight")),
                           ("FetchThumbnail", i.fetch_thumbnail("/Inventory/Avatars/Knight"))):
            await report.status(f"--inventory-cloud-failure: Inventory.{name} UNAVAILABLE with the message intact", call, Status.UNAVAILABLE, TRICKY)
        await report.status("--inventory-cloud-failure: a bad path is still INVALID_ARGUMENT (checked first)", i.list("Inventory"),
                            Status.INVALID_ARGUMENT, "Path must be absolute: 'Inventory'.")


async def check_world_fails_to_load(report, socket_path: str) -> None:
    async with world.WorldClient(socket_path=socket_path) as w:
        await report.status("--world-fails-to-load S-lounge: World.Join FAILED_PRECONDITION (load failed)", w.join(session_id="S-lounge"),
                            FP, "World 'Chill Lounge' failed to load.")
        await report.status("--world-fails-to-load R-grid: World.StartWorld FAILED_PRECONDITION (load failed)", w.start_world(record_id="R-grid"),
                            FP, "World 'Grid Space' failed to load.")
        report.check("--world-fails-to-load: nothing was opened", all(o.session_id != "S-lounge" for o in await w.list_open_worlds()))
        joined = await w.join(session_id="S-build")
        report.expect("--world-fails-to-load: other sessions still join", joined.session_id, "S-build")


SWITCHES: list[tuple[list[str], Callable[[Any, str], Awaitable[None]]]] = [
    (["--not-ready", "display"], check_display_not_ready),
    (["--not-ready", "cursor,grabber,context-menu"], check_hands_not_ready),
    (["--not-ready", f"all={TRICKY}"], check_all_not_ready),
    (["--vr-mode"], check_vr_mode),
    (["--primary-hand", "left"], check_primary_hand),
    (["--not-host"], check_not_host),
    (["--signed-out"], check_signed_out),
    (["--cloud-rejects-writes"], check_cloud_rejects_writes),
    (["--contacts-not-loaded"], check_contacts_not_loaded),
    (["--two-factor-code", "424242"], check_two_factor),
    (["--cloud-not-ready"], check_cloud_not_ready),
    (["--inventory-cloud-failure", TRICKY], check_inventory_cloud_failure),
    (["--world-fails-to-load", "S-lounge", "--world-fails-to-load", "R-grid"], check_world_fails_to_load),
]

# Values the server must refuse as usage errors (exit 2) instead of starting.
BAD_VALUES: list[list[str]] = [
    ["--not-ready", "camera"],
    ["--primary-hand", "primary"],
    ["--two-factor-code", ""],
]
