import Foundation
import ResoniteGRPC
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio dash")
struct DashCommandTests {
  static let invokePath = "/resonite_io.v1.Dash/Invoke"
  static let setTabPath = "/resonite_io.v1.Dash/SetTab"
  static let scrollPath = "/resonite_io.v1.Dash/Scroll"
  static let highlightPath = "/resonite_io.v1.Dash/Highlight"

  @Test("no leaf: the summary (state, current tab, numbered controls), closed and open")
  func summary() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let closed = try await scratch.resoio("dash", "-s", server.socketPath)
      #expect(closed.status == 0, "\(closed)")
      #expect(closed.stderr == "")
      #expect(
        closed.stdoutLines == [
          "is_open=False open_lerp=0.0", "current tab: Home (ref_id=ID1001)", "controls:", "  (none)",
        ], "\(closed)")
      server.mod.dash.setOpen(true)
      let open = try await scratch.resoio("dash", "-s", server.socketPath)
      #expect(
        open.stdoutLines == [
          "is_open=True open_lerp=1.0",
          "current tab: Home (ref_id=ID1001)",
          "controls:",
          " 0  scroll  enabled=True  2001  'Feed'",
          " 1  button  enabled=True  2002    'Join Random Session'",
          " 2  button  enabled=True  2003    'Join Friend'",
          " 3  button  enabled=True  2005  ''",
        ], "\(open)")
    }
  }

  @Test("no leaf, --format json: {state, tabs, controls} with the reference's keys in order")
  func summaryJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.dash.setOpen(true)
      let outcome = try await scratch.resoio("dash", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)")
      #expect((object["tabs"] as? [Any])?.count == 5)
      #expect((object["controls"] as? [Any])?.count == 4)
      #expect(outcome.stdout.hasPrefix("{\n  \"state\": {\n    \"is_open\": true,\n    \"open_lerp\": 1.0\n  },\n"))
      #expect(
        outcome.stdout.contains(
          """
              {
                "ref_id": "ID1001",
                "locale_key": "Dash.Screens.Home",
                "name": "Home",
                "label": "Home",
                "is_current": true,
                "enabled": true
              },
          """), "\(outcome)")
      #expect(
        outcome.stdout.contains(
          """
              {
                "ref_id": "ID2002",
                "control_type": "button",
                "label": "Join Random Session",
                "locale_key": "Dash.Home.JoinRandom",
                "enabled": true,
                "parent_ref_id": "ID2001",
                "depth": 1
              },
          """), "\(outcome)")
    }
  }

  @Test("open, close, state: is_open=… open_lerp=… (json: {is_open, open_lerp})")
  func openCloseState() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let open = try await scratch.resoio("dash", "open", "-s", server.socketPath)
      #expect(open.status == 0 && open.stdout == "is_open=True open_lerp=1.0\n", "\(open)")
      #expect(server.mod.dash.isOpen)
      let state = try await scratch.resoio("dash", "state", "--format", "json", "-s", server.socketPath)
      #expect(state.stdout == "{\n  \"is_open\": true,\n  \"open_lerp\": 1.0\n}\n", "\(state)")
      let close = try await scratch.resoio("dash", "close", "--format", "json", "-s", server.socketPath)
      #expect(close.stdout == "{\n  \"is_open\": false,\n  \"open_lerp\": 0.0\n}\n", "\(close)")
      let closed = try await scratch.resoio("dash", "state", "-s", server.socketPath)
      #expect(closed.stdout == "is_open=False open_lerp=0.0\n", "\(closed)")
    }
  }

  @Test("tabs: '*' on the current tab, index, name, enabled, repr'd locale and label, ref_id")
  func tabs() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("dash", "tabs", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(
        outcome.stdoutLines == [
          "*  0  Home  enabled=True locale='Dash.Screens.Home' label='Home' ref_id=ID1001",
          "   1  Worlds  enabled=True locale='Dash.Screens.Worlds' label='Worlds' ref_id=ID1002",
          "   2  Contacts  enabled=False locale='Dash.Screens.Contacts' label='Contacts' ref_id=ID1003",
          "   3  Inventory  enabled=True locale='Dash.Screens.Inventory' label='Inventory' ref_id=ID1004",
          "   4  Settings  enabled=True locale='Dash.Screens.Settings' label='Settings' ref_id=ID1005",
        ], "\(outcome)")
      let json = try await scratch.resoio("dash", "tabs", "--format", "json", "-s", server.socketPath)
      let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
      #expect(array.map { $0["ref_id"] as? String } == ["ID1001", "ID1002", "ID1003", "ID1004", "ID1005"])
    }
  }

  @Test("Python's repr: a label with a quote, a backslash, a newline and non-ASCII text")
  func reprOfLabels() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.dash.setTabs([
        .init(refID: "ID7001", localeKey: "", name: "Tab", label: "it's \"x\"\\ \nÜ✓"),
        .init(refID: "ID7002", localeKey: "k", name: "", label: "it's"),
      ])
      let outcome = try await scratch.resoio("dash", "tabs", "-s", server.socketPath)
      #expect(
        outcome.stdoutLines == [
          #"*  0  Tab  enabled=True locale='' label='it\'s "x"\\ \nÜ✓' ref_id=ID7001"#,
          #"   1  it's  enabled=True locale='k' label="it's" ref_id=ID7002"#,
        ], "\(outcome)")
    }
  }

  @Test("ls: numbered rows indented by depth; --all adds the disabled controls; closed: an empty line")
  func ls() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let closed = try await scratch.resoio("dash", "ls", "-s", server.socketPath)
      #expect(closed.status == 0 && closed.stdout == "\n", "the reference prints an empty join: \(closed)")
      server.mod.dash.setOpen(true)
      let all = try await scratch.resoio("dash", "ls", "--all", "-s", server.socketPath)
      #expect(
        all.stdoutLines == [
          " 0  scroll  enabled=True  2001  'Feed'",
          " 1  button  enabled=True  2002    'Join Random Session'",
          " 2  button  enabled=True  2003    'Join Friend'",
          " 3  button  enabled=False  2004    'Create World'",
          " 4  button  enabled=True  2005  ''",
        ], "\(all)")
      let json = try await scratch.resoio("dash", "ls", "--format", "json", "-s", server.socketPath)
      let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
      #expect(array.count == 4)
    }
  }

  @Test("tab: by index, ref_id, locale key, name and substring; a disabled tab is ok=False, exit 0")
  func tabSelectors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      for (selector, refID) in [
        ("1", "ID1002"), ("ID1004", "ID1004"), ("Dash.Screens.Settings", "ID1005"),
        ("home", "ID1001"), ("INV", "ID1004"),
      ] {
        let outcome = try await scratch.resoio("dash", "tab", selector, "-s", server.socketPath)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout == "ok=True found=True ref_id=\(refID) detail=''\n", "\(selector): \(outcome)")
        #expect(server.mod.dash.currentTabRefID == refID)
      }
      let disabled = try await scratch.resoio("dash", "tab", "Contacts", "--format", "json", "-s", server.socketPath)
      #expect(disabled.status == 0, "\(disabled)")
      #expect(
        disabled.stdout == """
          {
            "ok": false,
            "found": true,
            "ref_id": "ID1003",
            "detail": "Tab 'Contacts' is disabled."
          }

          """, "\(disabled)")
    }
  }

  @Test("tab: out of range, no match, ambiguous: exit 2, the candidates on stderr, no SetTab sent")
  func tabSelectorErrors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let range = try await scratch.resoio("dash", "tab", "5", "-s", server.socketPath)
      #expect(range.status == 2, "\(range)")
      #expect(range.stdout == "")
      #expect(
        range.stderrLines == [
          "error: index 5 out of range (0..4)", "candidates:", "  [0] 'Home' (1001)", "  [1] 'Worlds' (1002)",
          "  [2] 'Contacts' (1003)", "  [3] 'Inventory' (1004)", "  [4] 'Settings' (1005)",
        ], "\(range)")
      let none = try await scratch.resoio("dash", "tab", "zzz", "-s", server.socketPath)
      #expect(none.status == 2, "\(none)")
      #expect(
        none.stderrLines.first
          == "error: no match for 'zzz'; candidates: 'ID1001', 'ID1002', 'ID1003', 'ID1004', 'ID1005'", "\(none)")
      let ambiguous = try await scratch.resoio("dash", "tab", "s", "-s", server.socketPath)
      #expect(ambiguous.status == 2, "\(ambiguous)")
      #expect(ambiguous.stderrLines.first?.hasPrefix("error: 's' matched 5 items: ") == true, "\(ambiguous)")
      #expect(server.callCount(path: Self.setTabPath) == 0)
      let missing = try await scratch.resoio("dash", "tab", "-s", server.socketPath)
      #expect(missing.status == 2, "\(missing)")
    }
  }

  @Test("invoke, highlight: resolve among the enabled controls, then act by ref_id")
  func invokeAndHighlight() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.dash.setOpen(true)
      let byIndex = try await scratch.resoio("dash", "invoke", "1", "-s", server.socketPath)
      #expect(byIndex.stdout == "ok=True found=True ref_id=ID2002 detail=''\n", "\(byIndex)")
      let byLocale = try await scratch.resoio("dash", "invoke", "Dash.Home.Help", "-s", server.socketPath)
      #expect(byLocale.stdout == "ok=True found=True ref_id=ID2005 detail=''\n", "\(byLocale)")
      #expect(server.mod.dash.invocations == ["ID2002", "ID2005"])
      let scrollArea = try await scratch.resoio("dash", "invoke", "Feed", "-s", server.socketPath)
      #expect(scrollArea.status == 0, "a soft failure: \(scrollArea)")
      #expect(scrollArea.stdout == "ok=False found=True ref_id=ID2001 detail='A scroll control cannot be pressed.'\n")
      let highlight = try await scratch.resoio(
        "dash", "highlight", "join friend", "--format", "json", "-s", server.socketPath)
      #expect(highlight.status == 0, "\(highlight)")
      #expect(highlight.stdout.contains("\"ref_id\": \"ID2003\""), "\(highlight)")
      #expect(server.mod.dash.highlightedRefID == "ID2003")
    }
  }

  @Test("invoke/highlight/scroll with a selector that resolves to nothing: exit 2, no action sent")
  func controlSelectorErrors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.dash.setOpen(true)
      let ambiguous = try await scratch.resoio("dash", "invoke", "join", "-s", server.socketPath)
      #expect(ambiguous.status == 2, "\(ambiguous)")
      #expect(
        ambiguous.stderrLines == [
          "error: 'join' matched 2 items: 'ID2002', 'ID2003'", "candidates:", "  [0] 'Feed' (2001)",
          "  [1] 'Join Random Session' (2002)", "  [2] 'Join Friend' (2003)", "  [3] 'Dash.Home.Help' (2005)",
        ], "\(ambiguous)")
      let disabled = try await scratch.resoio("dash", "invoke", "Create", "-s", server.socketPath)
      #expect(disabled.status == 2, "a disabled control is not listed: \(disabled)")
      let range = try await scratch.resoio("dash", "highlight", "4", "-s", server.socketPath)
      #expect(range.status == 2 && range.stderrLines.first == "error: index 4 out of range (0..3)", "\(range)")
      let scroll = try await scratch.resoio("dash", "scroll", "zzz", "0", "0", "-s", server.socketPath)
      #expect(scroll.status == 2, "\(scroll)")
      server.mod.dash.setOpen(false)
      let closed = try await scratch.resoio("dash", "invoke", "0", "-s", server.socketPath)
      #expect(closed.status == 2 && closed.stderrLines == ["error: index 0 out of range (0..-1)", "  (no candidates)"])
      #expect(server.callCount(path: Self.invokePath) == 0)
      #expect(server.callCount(path: Self.highlightPath) == 0)
      #expect(server.callCount(path: Self.scrollPath) == 0)
    }
  }

  @Test("scroll SEL DX DY: negative deltas read as numbers, as argparse reads them")
  func scroll() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      server.mod.dash.setOpen(true)
      let outcome = try await scratch.resoio("dash", "scroll", "Feed", "0.25", "-0.5", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout == "ok=True found=True ref_id=ID2001 detail=''\n")
      #expect(server.mod.dash.scrollPosition(of: "ID2001") == .init(x: 0.25, y: 0.5))
      let json = try await scratch.resoio(
        "dash", "scroll", "0", "-1", "1e-1", "--format", "json", "-s", server.socketPath)
      #expect(json.status == 0 && json.stdout.contains("\"ok\": true"), "\(json)")
      for bad in [["Feed", "x", "0"], ["Feed", "0"], ["Feed", "0", "0", "0"]] {
        let outcome = try await scratch.resoio(arguments: ["dash", "scroll"] + bad + ["-s", server.socketPath])
        #expect(outcome.status == 2, "\(bad): \(outcome)")
      }
    }
  }

  @Test("a failed call exits 1 with one plain line naming the status and the message")
  func failures() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer {
        $0.failures["/resonite_io.v1.Dash/ListTabs"] = CallFailure(code: .failedPrecondition, message: "dash not ready")
      }
      let outcome = try await scratch.resoio("dash", "tabs", "-s", server.socketPath)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderrLines.first == "resoio dash tabs: FAILED_PRECONDITION: dash not ready", "\(outcome)")
      #expect(!outcome.stderr.contains("Traceback"))
      let summary = try await scratch.resoio("dash", "-s", scratch.path + "/nothing.sock")
      #expect(summary.status == 1, "\(summary)")
      #expect(summary.stderrLines.first?.hasPrefix("resoio dash: UNAVAILABLE: cannot connect to ") == true)
    }
  }

  @Test("--help on the group and every leaf; an unknown leaf or flag exits 2")
  func help() async throws {
    try await withScratch { scratch in
      for leaf in ["", "open", "close", "state", "tabs", "tab", "ls", "invoke", "scroll", "highlight"] {
        let arguments = ["dash"] + (leaf.isEmpty ? [] : [leaf]) + ["--help"]
        let outcome = try await scratch.resoio(arguments: arguments)
        #expect(outcome.status == 0 && outcome.stdout.contains("USAGE: resoio dash"), "\(arguments): \(outcome)")
      }
      #expect(try await scratch.resoio("dash", "bogus").status == 2)
      #expect(try await scratch.resoio("dash", "ls", "--bogus").status == 2)
    }
  }
}
