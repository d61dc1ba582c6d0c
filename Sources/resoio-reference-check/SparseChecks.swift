import ResoniteGRPC
import ResoniteIO

/// The service clients against reference_server.py's sparse socket, where every reply is the
/// empty message: the reference client's handling of missing fields (PYTHON-API.md, "LOGIC").
@MainActor
struct SparseChecks {
  let report: Report
  let options = CallOptions(timeout: .seconds(10))

  /// Expects `body` to throw ``UnexpectedReplyError`` (where the reference raises RuntimeError).
  func refuses(_ name: String, _ body: () async throws -> Void) async {
    do {
      try await body()
      report.check(name, false, "no error")
    } catch {
      report.check(name, error is UnexpectedReplyError, "threw \(type(of: error)): \(error)")
    }
  }

  func check(_ client: ResoniteClient) async {
    await refuses("sparse: client.world.join without world in the reply: an error (the reference: RuntimeError)") {
      _ = try await client.world.join(sessionID: "S-1", options: options)
    }
    await refuses("sparse: client.world.startWorld without world: an error") {
      _ = try await client.world.startWorld(recordID: "R-1", options: options)
    }
    await refuses("sparse: client.world.focus without world: an error") {
      _ = try await client.world.focus(1, options: options)
    }
    await refuses("sparse: client.session.silenceUser without user: an error (the reference: RuntimeError)") {
      _ = try await client.session.silenceUser(.user(id: "U-1"), options: options)
    }
    await refuses("sparse: client.session.setUserRole without user: an error") {
      _ = try await client.session.setUserRole(.user(id: "U-1"), roleName: "Guest", options: options)
    }
    await refuses(
      "sparse: client.session.getSettings with access level UNSPECIFIED: an error (the reference: RuntimeError)"
    ) {
      _ = try await client.session.getSettings(options: options)
    }
    do {
      let current = try await client.world.current(options: options)
      report.check(
        "sparse: client.world.current with has_world false: nil", current == nil, "\(String(describing: current))")
      let contact = try await client.contact.getContact("U-1", options: options)
      report.check(
        "sparse: client.contact.getContact with found false: nil", contact == nil, "\(String(describing: contact))")
      let result = try await client.grabber.grab(options: options)
      report.check(
        "sparse: client.grabber.grab without state: the default state, hand UNSPECIFIED → primary",
        !result.grabbed && result.state.hand == .primary && result.state.objectNames.isEmpty
          && result.state.heldButtons.isEmpty,
        "\(result)")
      let status = try await client.auth.status(options: options)
      report.check("sparse: client.auth.status: session_expires 0 → no date", status.sessionExpires == nil, "\(status)")
      let menu = try await client.contextMenu.state(options: options)
      report.check(
        "sparse: client.contextMenu.state: closed, index 0 kept as 0", !menu.isOpen && menu.highlightedIndex == 0,
        "\(menu)")
      let display = try await client.display.get(options: options)
      report.check(
        "sparse: client.display.get: zeros", display.width == 0 && display.height == 0 && display.maxFPS == 0,
        "\(display)")
      let listing = try await client.inventory.list("/Inventory", options: options)
      report.check(
        "sparse: client.inventory.list: empty", listing.entries.isEmpty && listing.path.isEmpty, "\(listing)")
    } catch {
      report.check("sparse: the calls that must succeed", false, "threw \(error)")
    }
  }
}
