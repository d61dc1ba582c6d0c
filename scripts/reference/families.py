"""The service families' checks for check_test_server.py: the reference client against the
stand-in mod in its documented initial state (Sources/ResoniteTestServer/StandInMod/*Model.swift
and ../shared/SERVICES.md). Each function gets a fresh test server's socket.

Written for this repository; nothing here is copied from the reference package.
"""

from __future__ import annotations

import math
import time
from typing import Any

from grpclib.client import Channel
from grpclib.const import Status

import resoio._generated.resonite_io.v1 as wire
from resoio import auth, contact, context_menu, cursor, dash, display, grabber, inventory, lifecycle, locomotion, session, world


def near_now(nanos: int) -> bool:
    return abs(nanos - time.time_ns()) < 10_000_000_000


async def stub_call(socket_path: str, service: str, method: str, request: Any) -> Any:
    channel = Channel(path=socket_path)
    try:
        return await getattr(getattr(wire, f"{service}Stub")(channel), method)(request)
    finally:
        channel.close()


async def check_display(report, socket_path: str) -> None:
    async with display.DisplayClient(socket_path=socket_path) as c:
        report.expect("Display.Get: initial 1280x720 at 30 fps", await c.get(), display.DisplayInfo(1280, 720, 30.0))
        report.expect("Display.Apply returns nothing", await c.apply(width=1920, height=1080, max_fps=59.7), None)
        report.expect("Display.Get after Apply: the new values, max_fps cast to a whole number",
                      await c.get(), display.DisplayInfo(1920, 1080, 59.0))
        await c.apply(width=800)
        report.expect("Display.Apply: 0 fields leave the others unchanged", await c.get(), display.DisplayInfo(800, 1080, 59.0))
        await c.apply(max_fps=-5.0)
        report.expect("Display.Apply: max_fps <= 0 keeps the cap", (await c.get()).max_fps, 59.0)
    async with display.DisplayClient(socket_path=socket_path) as c:
        report.expect("Display: state persists across connections", await c.get(), display.DisplayInfo(800, 1080, 59.0))
    async with cursor.CursorClient(socket_path=socket_path) as c:
        state = await c.get_position()
        report.expect("Cursor: window size follows Display.Apply", (state.window_width, state.window_height), (800, 1080))


async def check_lifecycle(report, socket_path: str) -> None:
    async with lifecycle.LifecycleClient(socket_path=socket_path) as c:
        report.expect("Lifecycle.Shutdown: accepted the first time", (await c.shutdown()).accepted, True)
        report.expect("Lifecycle.Shutdown: not accepted while a shutdown runs", (await c.shutdown()).accepted, False)
    pid = await lifecycle.shutdown(socket_path=socket_path)
    report.check("lifecycle.shutdown(): returns the engine pid from Info", isinstance(pid, int) and pid > 0, f"{pid!r}")


async def check_cursor(report, socket_path: str) -> None:
    async with cursor.CursorClient(socket_path=socket_path) as c:
        report.expect("Cursor.GetPosition: initial centre, not held, the display's window",
                      await c.get_position(), cursor.CursorState(0.5, 0.5, 1280, 720, False))
        report.expect("Cursor.SetPosition: moves exactly and holds", await c.set_position(0.25, 0.75),
                      cursor.CursorState(0.25, 0.75, 1280, 720, True))
        report.expect("Cursor.GetPosition: the hold persists", await c.get_position(), cursor.CursorState(0.25, 0.75, 1280, 720, True))
        report.expect("Cursor.SetPosition: edges 0 and 1 are valid", (await c.set_position(0.0, 1.0)).held, True)
        for x, y, label in ((1.5, 0.5, "x > 1"), (0.5, -0.01, "y < 0"), (math.nan, 0.5, "x NaN"), (0.5, math.inf, "y inf")):
            error = await report.status(f"Cursor.SetPosition {label}: INVALID_ARGUMENT", c.set_position(x, y), Status.INVALID_ARGUMENT)
            if error is not None:
                report.check(f"Cursor.SetPosition {label}: the message names the bound", "[0,1]" in (error.message or ""), repr(error.message))
        report.expect("Cursor: a rejected SetPosition changes nothing", await c.get_position(), cursor.CursorState(0.0, 1.0, 1280, 720, True))
        report.expect("Cursor.Release: ends the hold, keeps the position", await c.release(), cursor.CursorState(0.0, 1.0, 1280, 720, False))
        report.expect("Cursor.Release: idempotent", await c.release(), cursor.CursorState(0.0, 1.0, 1280, 720, False))


async def check_grabber(report, socket_path: str) -> None:
    async with grabber.GrabberClient(socket_path=socket_path) as g, cursor.CursorClient(socket_path=socket_path) as c:
        state = await g.get_state()
        report.expect("Grabber.GetState: initially empty; primary resolves to right",
                      (state.hand, state.is_holding, state.object_names, state.is_tool_equipped, state.held_buttons),
                      ("right", False, (), False, ()))
        report.check("Grabber: states are stamped with the wall clock", near_now(state.unix_nanos), str(state.unix_nanos))
        result = await g.grab()
        report.expect("Grabber.Grab at the centre: grabs Cube", (result.grabbed, result.state.object_names, result.state.is_holding),
                      (True, ("Cube",), True))
        report.expect("Grabber.Release: drops it", (await g.release()).object_names, ())
        await c.set_position(0.55, 0.5)
        report.expect("Grabber.Grab 0.2 m away, default radius (<= 0 → 0.1 m): a miss is not an error",
                      (await g.grab(radius=0.0)).grabbed, False)
        report.expect("Grabber.Grab 0.2 m away, radius 0.25: hits", (await g.grab(radius=0.25)).state.object_names, ("Cube",))
        await g.release()
        await c.set_position(0.5, 0.01)
        report.expect("Grabber.Grab in the sky: a miss", (await g.grab()).grabbed, False)
        await c.set_position(0.75, 0.5)
        report.expect("Grabber.Grab with the left hand: Pen, reported for the left hand",
                      ((r := await g.grab(hand="left")).state.hand, r.state.object_names), ("left", ("Pen",)))
        equipped = await g.equip(hand="left")
        report.expect("Grabber.Equip: equips the held tool", (equipped.is_tool_equipped, equipped.equipped_tool_name), (True, "Pen"))
        report.expect("Grabber.Use: holds the secondary button", (await g.use(hand="left", button="secondary")).held_buttons, ("secondary",))
        report.expect("Grabber.Unuse: releases it", (await g.unuse(hand="left", button="secondary")).held_buttons, ())
        report.expect("Grabber.Unuse: a button not held is a no-op", (await g.unuse(hand="left", button="primary")).held_buttons, ())
        clicked = await g.click(hand="left")
        report.expect("Grabber.click (use then unuse): no button left held", clicked.held_buttons, ())
        dequipped = await g.dequip(hand="left")
        report.expect("Grabber.Dequip: puts the tool back", (dequipped.is_tool_equipped, dequipped.equipped_tool_name), (False, ""))
        report.expect("Grabber.Dequip: no-op with nothing equipped", (await g.dequip(hand="left")).is_tool_equipped, False)
        report.expect("Grabber: the right hand is unaffected", (await g.get_state(hand="right")).object_names, ())
    state = await stub_call(socket_path, "Grabber", "get_state", wire.GrabberGetStateRequest(hand=wire.GrabberHand.UNSPECIFIED))
    report.expect("Grabber: hand UNSPECIFIED on the wire acts on the primary (right) hand", state.hand, wire.GrabberHand.RIGHT)


async def check_context_menu(report, socket_path: str) -> None:
    async with context_menu.ContextMenuClient(socket_path=socket_path) as m:
        report.expect("ContextMenu.GetState: initially closed, no items, highlighted -1", await m.get_state(),
                      context_menu.ContextMenuState(False, (), -1))
        await report.status("ContextMenu.Highlight while closed: FAILED_PRECONDITION", m.highlight(0), Status.FAILED_PRECONDITION,
                            "Context menu is not open; open it before highlighting or invoking items.")
        opened = await m.open()
        report.expect("ContextMenu.Open: the main menu's items in order", [(i.index, i.label, i.enabled, i.has_icon) for i in opened.items],
                      [(0, "Locomotion", True, True), (1, "Undo", False, True), (2, "Redo", False, True), (3, "Respawn", True, True)])
        report.check("ContextMenu.Open: colours are RGBA 4-tuples", all(len(i.color) == 4 for i in opened.items))
        report.expect("ContextMenu.Open: none highlighted", opened.highlighted_index, -1)
        report.expect("ContextMenu.Highlight 3", (await m.highlight(3)).highlighted_index, 3)
        report.expect("ContextMenu.Open again: a no-op", (await m.open()).highlighted_index, 3)
        error = await report.status("ContextMenu.Highlight 4 (out of range): INVALID_ARGUMENT", m.highlight(4), Status.INVALID_ARGUMENT)
        if error is not None:
            report.check("ContextMenu: the out-of-range message arrives intact (CR LF included)", "\r\nActual value was 4." in (error.message or ""),
                         repr(error.message))
        await report.status("ContextMenu.Invoke -1: INVALID_ARGUMENT", m.invoke(-1), Status.INVALID_ARGUMENT)
        sub = await m.invoke(0)
        report.expect("ContextMenu.Invoke Locomotion: opens the submenu", [i.label for i in sub.items], ["Walk/Run", "Fly", "Noclip"])
        report.expect("ContextMenu.Invoke Fly: selects it and closes", (await m.invoke(1)).is_open, False)
        await m.open(hand="left")
        report.expect("ContextMenu: the left hand's menu is its own", ((await m.get_state(hand="left")).is_open, (await m.get_state()).is_open),
                      (True, False))
        report.expect("ContextMenu.Close", (await m.close(hand="left")).is_open, False)


async def check_session(report, socket_path: str) -> None:
    async with session.SessionClient(socket_path=socket_path) as s:
        settings = await s.get_settings()
        report.expect("Session.GetSettings: the initial world", (settings.world_name, settings.max_users, settings.access_level, settings.tags),
                      ("Stand-in Lounge", 16, session.SessionAccessLevel.CONTACTS_PLUS, ("stand-in", "social")))
        await s.apply_settings(world_name="Grüße 🙂 100%", max_users=1, hide_from_listing=False)
        after = await s.get_settings()
        report.expect("Session.ApplySettings: present fields written (zero/false included), others kept",
                      (after.world_name, after.max_users, after.hide_from_listing, after.world_description, after.tags),
                      ("Grüße 🙂 100%", 1, False, settings.world_description, settings.tags))
        await s.apply_settings(tags=[])
        report.expect("Session.ApplySettings: tags=[] clears (replace_tags)", (await s.get_settings()).tags, ())
        await s.apply_settings(access_level=session.SessionAccessLevel.PRIVATE)
        report.expect("Session.ApplySettings: access level", (await s.get_settings()).access_level, session.SessionAccessLevel.PRIVATE)
        for value in (0, 256):
            await report.status(f"Session.ApplySettings max_users={value}: INVALID_ARGUMENT", s.apply_settings(max_users=value),
                                Status.INVALID_ARGUMENT, f"max_users must be between 1 and 255 (got {value}).")
        users = await s.list_users()
        report.expect("Session.ListUsers: the initial users in order", [u.user_name for u in users], ["Host", "Alice", "Bob", "Guest", "Guest"])
        await report.status("Session.KickUser by an ambiguous name: FAILED_PRECONDITION", s.kick_user(user_name="Guest"), Status.FAILED_PRECONDITION)
        await report.status("Session.KickUser unknown id: NOT_FOUND", s.kick_user(user_id="U-nobody"), Status.NOT_FOUND, "User not found: U-nobody")
        await report.status("Session.KickUser local: INVALID_ARGUMENT", s.kick_user(local=True), Status.INVALID_ARGUMENT, "Cannot kick the local user.")
        precedence = await s.silence_user(user_id="U-alice", user_name="Bob", silenced=False)
        report.expect("Session target: user_id wins over user_name", precedence.user_id, "U-alice")
        local = await s.silence_user(local=True, user_id="U-alice", silenced=False)
        report.expect("Session target: local wins over user_id", (local.user_id, local.is_local_user), ("U-host", True))
        by_name = await s.silence_user(user_name="Bob", silenced=False)
        report.expect("Session target: by user_name", by_name.user_id, "U-bob")
        silenced = await s.silence_user(user_id="U-bob")
        report.expect("Session.SilenceUser: returns the user, silenced", (silenced.user_id, silenced.is_silenced), ("U-bob", True))
        role = await s.set_user_role("Moderator", user_id="U-bob")
        report.expect("Session.SetUserRole: returns the user with the role", role.role_name, "Moderator")
        await report.status("Session.SetUserRole unknown role: NOT_FOUND", s.set_user_role("Nope", user_id="U-bob"), Status.NOT_FOUND, "Role not found: Nope")
        overrides = await s.get_user_role_overrides()
        report.check("Session.GetUserRoleOverrides: includes the new override", any(o.user_id == "U-bob" and o.role_name == "Moderator" for o in overrides),
                     repr(overrides))
        await s.kick_user(user_id="U-bob")
        report.expect("Session.KickUser: the user is gone", [u.user_id for u in await s.list_users()].count("U-bob"), 0)
        await s.ban_user(user_id="U-alice")
        report.expect("Session.BanUser: the user is gone", [u.user_id for u in await s.list_users()].count("U-alice"), 0)
        await s.respawn_self()
        report.check("Session.RespawnUser local (respawn_self): succeeds", True)
        roles = await s.list_roles()
        report.expect("Session.ListRoles: roles and defaults", ([r.role_name for r in roles.roles], roles.default_host_role, roles.roles[0].is_highest, roles.roles[-1].is_lowest),
                      (["Admin", "Builder", "Moderator", "Guest", "Spectator"], "Admin", True, True))


async def check_contact(report, socket_path: str) -> None:
    async with contact.ContactClient(socket_path=socket_path) as c:
        listed = await c.list_contacts()
        report.expect("Contact.ListContacts: visible contacts in order, totals before filtering",
                      ([x.user_id for x in listed.contacts], listed.contact_count, listed.request_count, listed.list_loaded),
                      (["U-alice", "U-bob", "U-carol", "U-dave", "U-erin"], 7, 2, True))
        hidden = await c.list_contacts(include_hidden=True)
        report.expect("Contact.ListContacts include_hidden: all seven", len(hidden.contacts), 7)
        requests = await c.list_contacts(filter=contact.ContactFilter.REQUESTS)
        report.expect("Contact.ListContacts filter REQUESTS", [x.user_id for x in requests.contacts], ["U-dave", "U-erin"])
        report.expect("Contact.ListContacts search is case-insensitive", [x.user_id for x in (await c.list_contacts(search="ALI")).contacts], ["U-alice"])
        miss = await c.get_contact("U-nobody")
        report.expect("Contact.GetContact miss: found=false, not an error", miss.found, False)
        report.expect("Contact.GetContact hidden: found", (await c.get_contact("U-mallory")).found, True)
        report.expect("Contact.SearchUsers: part of the name", sorted(u.user_id for u in (await c.search_users("frank")).results), ["U-frank", "U-frankie"])
        report.expect("Contact.SearchUsers exact_match", [u.user_id for u in (await c.search_users("frank", exact_match=True)).results], ["U-frank"])
        report.expect("Contact.SearchUsers: empty query finds nobody", len((await c.search_users("")).results), 0)
        await report.status("Contact.AddContact unknown: NOT_FOUND", c.add_contact("U-nobody"), Status.NOT_FOUND)
        added = await c.add_contact("U-grace")
        report.expect("Contact.AddContact: a new contact, name from the directory", added.contact.username, "Grace")
        accepted = await c.accept_request("U-dave")
        report.expect("Contact.AcceptRequest: the request becomes a contact", accepted.contact.user_id, "U-dave")
        await report.status("Contact.AcceptRequest with no request: NOT_FOUND", c.accept_request("U-alice"), Status.NOT_FOUND)
        await c.remove_contact("U-carol")
        report.check("Contact.RemoveContact: hidden afterwards", "U-carol" not in [x.user_id for x in (await c.list_contacts()).contacts])
        await report.status("Contact.RemoveContact unknown: NOT_FOUND", c.remove_contact("U-nobody"), Status.NOT_FOUND)


async def check_auth(report, socket_path: str) -> None:
    async with auth.AuthClient(socket_path=socket_path) as a:
        status = await a.status()
        report.expect("Auth.Status: initially signed out", (status.logged_in, status.session_expires), (False, None))
        await report.status("Auth.Login wrong password: UNAUTHENTICATED", a.login("StandIn", "wrong"), Status.UNAUTHENTICATED, "Invalid credentials.")
        logged = await a.login("standin@EXAMPLE.com", "stand-in-password")
        report.expect("Auth.Login by email (case-insensitive)", (logged.logged_in, logged.user_id, logged.user_name), (True, "U-standin", "StandIn"))
        expires = logged.session_expires
        report.check("Auth.Login remember_me (the reference sends true): session_expires about 30 days ahead",
                     expires is not None and 29 * 86400 < expires.timestamp() - time.time() < 31 * 86400, repr(expires))
        report.expect("Auth.Status: signed in persists", (await a.status()).user_id, "U-standin")
        report.expect("Auth.Logout: signed out", (await a.logout()).logged_in, False)
        report.expect("Auth.Logout: idempotent", (await a.logout()).logged_in, False)
        short = await a.login("U-standin", "stand-in-password", remember_me=False)
        report.check("Auth.Login without remember_me: about a day", short.session_expires is not None and
                     0 < short.session_expires.timestamp() - time.time() < 1.1 * 86400, repr(short.session_expires))


async def check_dash(report, socket_path: str) -> None:
    async with dash.DashClient(socket_path=socket_path) as d:
        report.expect("Dash.GetState: initially closed", await d.get_state(), dash.DashState(False, 0.0))
        tabs = await d.list_tabs()
        report.expect("Dash.ListTabs: the five tabs in order (listable while closed)", [(t.ref_id, t.locale_key, t.name, t.is_current, t.enabled) for t in tabs],
                      [("ID1001", "Dash.Screens.Home", "Home", True, True), ("ID1002", "Dash.Screens.Worlds", "Worlds", False, True),
                       ("ID1003", "Dash.Screens.Contacts", "Contacts", False, False), ("ID1004", "Dash.Screens.Inventory", "Inventory", False, True),
                       ("ID1005", "Dash.Screens.Settings", "Settings", False, True)])
        report.expect("Dash.ListControls while closed: empty", await d.list_controls(), [])
        report.expect("Dash.Invoke while closed: a soft failure", (await d.invoke("ID2002")).found, False)
        report.expect("Dash.Open", await d.open(), dash.DashState(True, 1.0))
        enabled = await d.list_controls()
        every = await d.list_controls(include_disabled=True)
        report.expect("Dash.ListControls: Home's enabled controls in reading order", [c.ref_id for c in enabled], ["ID2001", "ID2002", "ID2003", "ID2005"])
        report.expect("Dash.ListControls include_disabled: with ID2004", [c.ref_id for c in every], ["ID2001", "ID2002", "ID2003", "ID2004", "ID2005"])
        report.expect("Dash.ListControls: hierarchy and types", [(c.control_type, c.parent_ref_id, c.depth) for c in every[:2]],
                      [("scroll", "", 0), ("button", "ID2001", 1)])
        report.expect("Dash.Invoke an enabled button: ok", (await d.invoke("ID2002")).ok, True)
        disabled = await d.invoke("ID2004")
        report.expect("Dash.Invoke a disabled button: found, not ok", (disabled.found, disabled.ok), (True, False))
        report.expect("Dash.Scroll a scroll area: ok", (await d.scroll("ID2001", delta_y=-0.5)).ok, True)
        await report.status("Dash.Scroll a non-finite delta: INVALID_ARGUMENT", d.scroll("ID2001", delta_x=math.inf), Status.INVALID_ARGUMENT)
        report.expect("Dash.Highlight a button: ok", (await d.highlight("ID2003")).ok, True)
        result = await d.set_tab(locale_key="Dash.Screens.Worlds")
        report.expect("Dash.SetTab by locale_key: ok, found, the tab's ref_id", (result.ok, result.found, result.ref_id), (True, True, "ID1002"))
        report.expect("Dash.SetTab: the current tab persists", [t.ref_id for t in await d.list_tabs() if t.is_current], ["ID1002"])
        report.expect("Dash.ListControls: the current tab's", [c.ref_id for c in await d.list_controls()], ["ID3001", "ID3002", "ID3003"])
        both = await d.set_tab(ref_id="ID1004", locale_key="Dash.Screens.Home")
        report.expect("Dash.SetTab: ref_id wins over locale_key", both.ref_id, "ID1004")
        off = await d.set_tab(ref_id="ID1003")
        report.expect("Dash.SetTab a disabled tab: found, not ok", (off.found, off.ok), (True, False))
        soft = await d.set_tab(ref_id="ID-does-not-exist")
        report.expect("Dash.SetTab unknown ref_id: a soft failure", (soft.ok, soft.found), (False, False))
        await report.status("Dash.SetTab with both keys empty (stub): INVALID_ARGUMENT",
                            stub_call(socket_path, "Dash", "set_tab", wire.DashSetTabRequest()), Status.INVALID_ARGUMENT)
        report.expect("dash.find_tab: a unique case-insensitive substring", (await d.find_tab("sett")).ref_id, "ID1005")
        try:
            await d.find_tab("s")
            report.check("dash.find_tab ambiguous: DashAmbiguousMatchError", False, "no error")
        except dash.DashAmbiguousMatchError:
            report.check("dash.find_tab ambiguous: DashAmbiguousMatchError", True)
        try:
            await d.find_tab("nothing like it")
            report.check("dash.find_tab no match: DashNoMatchError", False, "no error")
        except dash.DashNoMatchError:
            report.check("dash.find_tab no match: DashNoMatchError", True)
        report.expect("dash.set_tab_by_label", (await d.set_tab_by_label("Home")).ref_id, "ID1001")
        report.expect("dash.invoke_by_label (an exact label)", (await d.invoke_by_label("Join Friend")).ref_id, "ID2003")
        report.check("Dash.Close", not (await d.close()).is_open)


async def check_world(report, socket_path: str) -> None:
    async with world.WorldClient(socket_path=socket_path) as w:
        listed = await w.list_sessions()
        report.expect("World.ListSessions: every session in order", ([x.session_id for x in listed.sessions], listed.total_count),
                      (["S-hub", "S-lounge", "S-headless-games", "S-quiet", "S-build"], 5))
        report.expect("World.ListSessions HEADLESS", [x.session_id for x in (await w.list_sessions(filter=world.SessionFilter.HEADLESS)).sessions],
                      ["S-headless-games", "S-build"])
        report.expect("World.ListSessions FRIENDS (hosted by a contact)", [x.session_id for x in (await w.list_sessions(filter=world.SessionFilter.FRIENDS)).sessions],
                      ["S-hub", "S-lounge"])
        paged = await w.list_sessions(page=1, page_size=2)
        report.expect("World.ListSessions paging", ([x.session_id for x in paged.sessions], paged.total_count, paged.page, paged.page_size),
                      (["S-headless-games", "S-quiet"], 5, 1, 2))
        await report.status("World.ListSessions page*page_size overflowing: UNKNOWN", w.list_sessions(page=2**31, page_size=4), Status.UNKNOWN)
        featured = await w.list_records(source=world.RecordSource.FEATURED)
        report.check("World.ListRecords FEATURED: the featured records", {r.record_id for r in featured.records} == {"R-museum", "R-race"},
                     repr([r.record_id for r in featured.records]))
        current = await w.get_current()
        report.expect("World.GetCurrent: initially handle 1, focused", (current.handle, current.focused) if current else None, (1, True))
        report.expect("World.ListOpenWorlds: handles 1 and 2", [o.handle for o in await w.list_open_worlds()], [1, 2])
        await report.status("World.Join unknown session: NOT_FOUND", w.join(session_id="S-does-not-exist"), Status.NOT_FOUND)
        await report.status("World.Join with neither id nor URL (stub): NOT_FOUND",
                            stub_call(socket_path, "World", "join", wire.JoinRequest()), Status.NOT_FOUND)
        await report.status("World.Join a session that fails to load: FAILED_PRECONDITION", w.join(session_id="S-quiet"), Status.FAILED_PRECONDITION)
        await report.status("World.StartWorld a record that fails to load: FAILED_PRECONDITION", w.start_world(record_id="R-broken"), Status.FAILED_PRECONDITION)
        await report.status("World.StartWorld without a record id: NOT_FOUND", w.start_world(record_id=""), Status.NOT_FOUND)
        await report.status("World.StartWorld with the wrong owner: NOT_FOUND", w.start_world(record_id="R-home", owner_id="U-nobody"), Status.NOT_FOUND)
        joined = await w.join(url="ressession:///S-lounge")
        report.expect("World.Join by URL: a new handle (3), focused", (joined.handle, joined.session_id, joined.focused), (3, "S-lounge", True))
        report.expect("World.GetCurrent: the joined world", (await w.get_current()).handle, 3)
        again = await w.join(session_id="S-hub", focus=False)
        report.expect("World.Join a session already open: that world (handle 2)", again.handle, 2)
        started = await w.start_world(record_id="R-grid", focus=False)
        report.expect("World.StartWorld focus=false: a new handle, not focused", (started.handle, started.focused), (4, False))
        report.expect("World.Focus", (await w.focus(4)).focused, True)
        await w.leave(4)
        report.expect("World.Leave the focused world: nothing focused", await w.get_current(), None)
        await report.status("World.Focus a left handle: NOT_FOUND", w.focus(4), Status.NOT_FOUND)
        thumb = await w.fetch_thumbnail("resdb:///thumb-S-hub")
        report.check("World.FetchThumbnail: bytes and a content type", len(thumb.data) > 0 and bool(thumb.content_type), repr(thumb.content_type))
        await report.status("World.FetchThumbnail empty uri: INVALID_ARGUMENT", w.fetch_thumbnail(""), Status.INVALID_ARGUMENT)
        await report.status("World.FetchThumbnail unknown uri: NOT_FOUND", w.fetch_thumbnail("resdb:///nope"), Status.NOT_FOUND)


async def check_inventory(report, socket_path: str) -> None:
    async with inventory.InventoryClient(socket_path=socket_path) as inv:
        root = await inv.list("/Inventory")
        report.expect("Inventory.List: folders first, then the rest, by name; kinds mapped",
                      [(e.name, e.kind) for e in root.entries],
                      [("Avatars", inventory.InventoryEntryKind.DIRECTORY), ("Empty", inventory.InventoryEntryKind.DIRECTORY),
                       ("Tools", inventory.InventoryEntryKind.DIRECTORY), ("Worlds", inventory.InventoryEntryKind.DIRECTORY),
                       ("Readme", inventory.InventoryEntryKind.UNKNOWN)])
        tools = await inv.list("/Inventory/Tools/")
        report.expect("Inventory.List: a trailing / is ignored; link kind", [(e.name, e.kind, e.record_id) for e in tools.entries],
                      [("Brush", inventory.InventoryEntryKind.OBJECT, "R-inv-0008"), ("Shared Tools", inventory.InventoryEntryKind.LINK, "R-inv-0009")])
        name = "/Inventory/Réf Ünïcode 🙂"
        made = await inv.mkdir(name)
        report.expect("Inventory.MakeDir: the path and a new record id", (made.path, made.record_id), (name, "R-inv-0100"))
        await report.status("Inventory.MakeDir existing: ALREADY_EXISTS", inv.mkdir(name), Status.ALREADY_EXISTS)
        await report.status("Inventory.MakeDir under a missing parent: NOT_FOUND", inv.mkdir("/Inventory/Nope/x"), Status.NOT_FOUND)
        await report.status("Inventory.Copy a folder without recursive: FAILED_PRECONDITION", inv.copy("/Inventory/Avatars", name), Status.FAILED_PRECONDITION)
        await inv.copy("/Inventory/Avatars", name, recursive=True)
        report.expect("Inventory.Copy into a folder: under its own name, recursively",
                      [e.name for e in (await inv.list(name + "/Avatars")).entries], ["Knight", "Robot"])
        await report.status("Inventory.Copy onto an existing entry: ALREADY_EXISTS", inv.copy("/Inventory/Readme", "/Inventory/Tools/Brush"), Status.ALREADY_EXISTS)
        await inv.move(name, "/Inventory/Moved")
        await report.status("Inventory.List the moved-away path: NOT_FOUND", inv.list(name), Status.NOT_FOUND)
        await report.status("Inventory.Move a folder into itself: INVALID_ARGUMENT", inv.move("/Inventory/Moved", "/Inventory/Moved/Avatars"), Status.INVALID_ARGUMENT)
        await report.status("Inventory.Remove a folder without recursive: FAILED_PRECONDITION", inv.remove("/Inventory/Moved"), Status.FAILED_PRECONDITION)
        await inv.remove("/Inventory/Moved", recursive=True)
        await report.status("Inventory.List after Remove: NOT_FOUND", inv.list("/Inventory/Moved"), Status.NOT_FOUND)
        for bad in ("relative", "", "/Inventory/../x"):
            await report.status(f"Inventory.List {bad!r}: INVALID_ARGUMENT", inv.list(bad), Status.INVALID_ARGUMENT)
        spawned = await inv.spawn("/Inventory/Avatars/Knight")
        report.expect("Inventory.Spawn an object: the source path and a slot", (spawned.source_path, bool(spawned.spawned_slot_id)),
                      ("/Inventory/Avatars/Knight", True))
        await report.status("Inventory.Spawn a folder: FAILED_PRECONDITION", inv.spawn("/Inventory/Avatars"), Status.FAILED_PRECONDITION)
        thumb = await inv.fetch_thumbnail("/Inventory/Avatars/Robot")
        report.check("Inventory.FetchThumbnail: bytes", len(thumb.data) > 0, repr(thumb))
        await report.status("Inventory.FetchThumbnail without a thumbnail: NOT_FOUND", inv.fetch_thumbnail("/Inventory/Tools/Brush"), Status.NOT_FOUND)
        await report.status("Inventory.FetchThumbnail empty path: INVALID_ARGUMENT", inv.fetch_thumbnail(""), Status.INVALID_ARGUMENT)


async def check_locomotion_reset(report, socket_path: str) -> None:
    async with locomotion.LocomotionClient(socket_path=socket_path) as loco:
        every = await loco.reset()
        report.expect("Locomotion.Reset with no flags: expanded to all four", (every.move, every.look, every.crouch, every.jump),
                      (True, True, True, True))
        report.check("Locomotion.Reset: the summary is stamped with the wall clock", near_now(every.unix_nanos), str(every.unix_nanos))
        some = await loco.reset(look=True, jump=True)
        report.expect("Locomotion.Reset look+jump: echoes exactly those", (some.move, some.look, some.crouch, some.jump), (False, True, False, True))


# (family name, probe RPC through the stubs, check). A family whose probe answers
# UNIMPLEMENTED is not served by this test server build and is skipped.
FAMILIES = [
    ("Display", ("Display", "get", wire.DisplayGetRequest()), check_display),
    ("Lifecycle", ("Info", "get_server_info", wire.GetServerInfoRequest()), check_lifecycle),
    ("Cursor", ("Cursor", "get_position", wire.CursorGetPositionRequest()), check_cursor),
    ("Grabber", ("Grabber", "get_state", wire.GrabberGetStateRequest()), check_grabber),
    ("ContextMenu", ("ContextMenu", "get_state", wire.ContextMenuGetStateRequest()), check_context_menu),
    ("Dash", ("Dash", "get_state", wire.DashGetStateRequest()), check_dash),
    ("World", ("World", "list_open_worlds", wire.ListOpenWorldsRequest()), check_world),
    ("Inventory", ("Inventory", "list", wire.InventoryListRequest(path="/")), check_inventory),
    ("Session", ("Session", "list_roles", wire.ListRolesRequest()), check_session),
    ("Contact", ("Contact", "search_users", wire.SearchUsersRequest(query="")), check_contact),
    ("Auth", ("Auth", "status", wire.AuthStatusRequest()), check_auth),
    ("Locomotion.Reset", ("Locomotion", "reset", wire.LocomotionResetRequest()), check_locomotion_reset),
]
