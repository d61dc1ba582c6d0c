import Foundation
import ResoniteGRPC
import ResoniteIO
import ResoniteTestServer
import ResoniteTestSupport
import Testing

@Suite("resoio context-menu")
struct ContextMenuCommandTests {
  static let mainMenu = [
    "is_open=True",
    "[0] 'Locomotion' enabled=True icon=True color=(0.36000001430511475, 0.75, 1.0, 1.0)",
    "[1] 'Undo' enabled=False icon=True color=(0.5, 0.5, 0.5, 1.0)",
    "[2] 'Redo' enabled=False icon=True color=(0.5, 0.5, 0.5, 1.0)",
    "[3] 'Respawn' enabled=True icon=True color=(1.0, 0.550000011920929, 0.20000000298023224, 1.0)",
  ]

  @Test("list on a closed menu: is_open=False and highlighted_index=-1")
  func listClosed() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("context-menu", "list", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == ["is_open=False", "highlighted_index=-1"], "\(outcome)")
      let json = try await scratch.resoio("context-menu", "list", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout == "{\n  \"is_open\": false,\n  \"items\": [],\n  \"highlighted_index\": -1\n}\n", "\(json)")
    }
  }

  @Test("open: one line per item, labels as Python's repr, colors as Python widens the floats")
  func open() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio("context-menu", "open", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdoutLines == Self.mainMenu + ["highlighted_index=-1"], "\(outcome)")
      #expect(server.mod.contextMenu.isOpen(.right), "primary is the right hand")
    }
  }

  @Test("open --format json: {is_open, items: [{index, label, enabled, has_icon, color}], highlighted_index}")
  func openJSON() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let outcome = try await scratch.resoio(
        "context-menu", "open", "--hand", "left", "--format", "json", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let expectedStart = """
        {
          "is_open": true,
          "items": [
            {
              "index": 0,
              "label": "Locomotion",
              "enabled": true,
              "has_icon": true,
              "color": [
                0.36000001430511475,
                0.75,
                1.0,
                1.0
              ]
            },
        """
      #expect(outcome.stdout.hasPrefix(expectedStart), "\(outcome)")
      #expect(outcome.stdout.hasSuffix("  ],\n  \"highlighted_index\": -1\n}\n"), "\(outcome)")
      #expect(server.mod.contextMenu.isOpen(.left))
      #expect(!server.mod.contextMenu.isOpen(.right))
    }
  }

  @Test("highlight, invoke (a submenu, then a choice), close; --hand on each leaf")
  func actions() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      _ = try await scratch.resoio("context-menu", "open", "--hand", "right", "-s", server.socketPath)
      let highlighted = try await scratch.resoio(
        "context-menu", "highlight", "3", "--hand", "right", "-s", server.socketPath)
      #expect(highlighted.status == 0, "\(highlighted)")
      #expect(highlighted.stdoutLines.last == "highlighted_index=3", "\(highlighted)")
      let submenu = try await scratch.resoio("context-menu", "invoke", "0", "-s", server.socketPath)
      #expect(submenu.stdoutLines.count == 5, "\(submenu)")
      #expect(submenu.stdoutLines[1].hasPrefix("[0] 'Walk/Run' enabled=True"), "\(submenu)")
      let chosen = try await scratch.resoio("context-menu", "invoke", "1", "--format", "json", "-s", server.socketPath)
      #expect(chosen.status == 0, "\(chosen)")
      #expect(chosen.stdout.hasPrefix("{\n  \"is_open\": false,"), "\(chosen)")
      #expect(server.mod.contextMenu.locomotion == "Fly")
      _ = try await scratch.resoio("context-menu", "open", "--hand", "left", "-s", server.socketPath)
      let closed = try await scratch.resoio("context-menu", "close", "--hand", "left", "-s", server.socketPath)
      #expect(closed.stdoutLines == ["is_open=False", "highlighted_index=-1"], "\(closed)")
    }
  }

  @Test("a negative index exits 2 before any RPC (highlight and invoke)", arguments: ["highlight", "invoke"])
  func negativeIndex(leaf: String) async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      _ = try await scratch.resoio("context-menu", "open", "-s", server.socketPath)
      let outcome = try await scratch.resoio("context-menu", leaf, "-1", "-s", server.socketPath)
      #expect(outcome.status == 2, "\(outcome)")
      #expect(outcome.stdout == "")
      #expect(outcome.stderrLines == ["resoio context-menu \(leaf): index must be >= 0, got -1"], "\(outcome)")
      #expect(server.mod.contextMenu.invoked.isEmpty)
    }
  }

  @Test(
    "usage errors exit 2",
    arguments: [
      ["highlight"], ["invoke", "one"], ["invoke", "1", "2"], ["open", "--hand", "middle"], [], ["spin"],
    ])
  func usage(arguments: [String]) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio(
        arguments: ["context-menu"] + arguments + ["-s", scratch.path + "/none.sock"])
      #expect(outcome.status == 2, "\(arguments): \(outcome)")
      #expect(outcome.stdout == "")
    }
  }

  @Test("the mod's errors: closed menu (FAILED_PRECONDITION), index out of range (INVALID_ARGUMENT), exit 1")
  func modErrors() async throws {
    try await withScratch { scratch in
      let server = try scratch.startServer()
      let closed = try await scratch.resoio("context-menu", "highlight", "0", "-s", server.socketPath)
      #expect(closed.status == 1, "\(closed)")
      #expect(
        closed.stderrLines.first
          == "resoio context-menu highlight: FAILED_PRECONDITION: Context menu is not open; open it before highlighting or invoking items.",
        "\(closed)")
      _ = try await scratch.resoio("context-menu", "open", "-s", server.socketPath)
      let range = try await scratch.resoio("context-menu", "invoke", "9", "-s", server.socketPath)
      #expect(range.status == 1, "\(range)")
      #expect(range.stderrLines.first?.hasPrefix("resoio context-menu invoke: INVALID_ARGUMENT: ") == true, "\(range)")
      #expect(range.stdout == "")
    }
  }

  @Test("labels print as Python's repr: quotes chosen as Python does, escapes, non-ASCII literal")
  func labelRepr() async throws {
    let labels: [(String, String)] = [
      ("it's", "\"it's\""),
      ("say \"hi\"", "'say \"hi\"'"),
      ("both ' and \"", "'both \\' and \"'"),
      ("Grüße ✓ 🙂", "'Grüße ✓ 🙂'"),
      ("tab\there\nnl", "'tab\\there\\nnl'"),
      ("bell\u{07} nbsp\u{A0} zwsp\u{200B}", "'bell\\x07 nbsp\\xa0 zwsp\\u200b'"),
      ("back\\slash", "'back\\\\slash'"),
    ]
    try await withScratch { scratch in
      let reply = WireProto.message(
        [
          WireProto.varint(1, 1),
          WireProto.varint(3, 0xFFFF_FFFF_FFFF_FFFF),  // highlighted_index -1
        ]
          + labels.enumerated().map { index, label in
            WireProto.bytes(
              2,
              WireProto.message([
                WireProto.varint(1, UInt64(index)), WireProto.bytes(2, Array(label.0.utf8)), WireProto.varint(3, 1),
                WireProto.fixed32(5, Float(0.1).bitPattern), WireProto.fixed32(8, Float(1).bitPattern),
              ]))
          })
      let server = try scratch.startServer {
        $0.handlers["/resonite_io.v1.ContextMenu/GetState"] = { _ in .response(reply) }
      }
      let outcome = try await scratch.resoio("context-menu", "list", "-s", server.socketPath)
      #expect(outcome.status == 0, "\(outcome)")
      let expected =
        ["is_open=True"]
        + labels.enumerated().map { index, label in
          "[\(index)] \(label.1) enabled=True icon=False color=(0.10000000149011612, 0.0, 0.0, 1.0)"
        } + ["highlighted_index=-1"]
      #expect(outcome.stdoutLines == expected, "\(outcome)")
      let json = try await scratch.resoio("context-menu", "list", "--format", "json", "-s", server.socketPath)
      #expect(json.stdout.contains("\"label\": \"Grüße ✓ 🙂\""), "\(json)")
      #expect(json.stdout.contains("\"label\": \"tab\\there\\nnl\""), "\(json)")
    }
  }

  @Test("--help on every leaf", arguments: ["open", "close", "list", "highlight", "invoke"])
  func help(leaf: String) async throws {
    try await withScratch { scratch in
      let outcome = try await scratch.resoio("context-menu", leaf, "--help")
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.contains("--hand"), "\(outcome)")
    }
  }
}
