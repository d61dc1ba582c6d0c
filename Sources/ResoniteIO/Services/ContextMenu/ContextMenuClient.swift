public import ResoniteGRPC
import ResoniteIOStubs
import SwiftProtobuf

/// The `ContextMenu` service: the desktop radial menu (the `T` key), opened, browsed and
/// pressed per hand (the reference client's `ContextMenuClient`). Reach it as
/// ``ResoniteClient/contextMenu``.
///
/// ```swift
/// let menu = try await mod.contextMenu.open()
/// if let locomotion = menu.items.first(where: { $0.label == "Locomotion" }) {
///   let submenu = try await mod.contextMenu.invoke(locomotion.index)
///   print(submenu.items.map(\.label))
/// }
/// try await mod.contextMenu.close()
/// ```
///
/// The menu opens where the desktop cursor points; aim first with
/// ``CursorClient/setPosition(x:y:options:)`` to place it. Every method takes a ``Hand``
/// (``Hand/primary`` by default) and returns the menu's ``ContextMenuState``. Every method
/// throws ``ResoniteClientError/notConnected`` when the client is not connected, and `RPCError`
/// with the mod's status: `.failedPrecondition` while the engine is not ready (no focused world
/// or local user yet), `.unavailable` or `.internalError` as for every service.
public struct ContextMenuClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Opens the menu with its standard items (Python: `open(hand="primary")`). A no-op when it
  /// is already open. The mod waits (up to about 2 s) until the menu has opened.
  ///
  /// - Parameters:
  ///   - hand: the hand whose menu to open.
  ///   - options: timeout and metadata.
  /// - Returns: the state once open.
  /// - Throws: see ``ContextMenuClient``.
  @discardableResult
  public func open(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> ContextMenuState {
    ContextMenuState(try await stub().open(.with { $0.hand = hand.contextMenuWire }, options: options))
  }

  /// Closes the menu (Python: `close(hand="primary")`).
  ///
  /// - Parameters:
  ///   - hand: the hand whose menu to close.
  ///   - options: timeout and metadata.
  /// - Returns: the state afterwards (closed, no items).
  /// - Throws: see ``ContextMenuClient``.
  @discardableResult
  public func close(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> ContextMenuState {
    ContextMenuState(try await stub().close(.with { $0.hand = hand.contextMenuWire }, options: options))
  }

  /// Reads the menu's state without changing anything (Python: `get_state(hand="primary")`).
  ///
  /// - Parameters:
  ///   - hand: the hand whose menu to read.
  ///   - options: timeout and metadata.
  /// - Throws: see ``ContextMenuClient``.
  public func state(hand: Hand = .primary, options: CallOptions = CallOptions()) async throws -> ContextMenuState {
    ContextMenuState(try await stub().getState(.with { $0.hand = hand.contextMenuWire }, options: options))
  }

  /// Highlights (previews) the item at `index` without pressing it (Python:
  /// `highlight(index, hand="primary")`). It has no effect on the world.
  ///
  /// - Parameters:
  ///   - index: the item's ``ContextMenuItem/index``.
  ///   - hand: the hand whose menu it is.
  ///   - options: timeout and metadata.
  /// - Returns: the state, with ``ContextMenuState/highlightedIndex`` = `index`.
  /// - Throws: ``ContextMenuIndexError`` before any RPC when `index` does not fit 32 bits;
  ///   `RPCError` with `.failedPrecondition` when the menu is not open (checked first) or the
  ///   engine is not ready, `.invalidArgument` when `index` is out of the menu's range; see
  ///   ``ContextMenuClient`` for the rest.
  @discardableResult
  public func highlight(_ index: Int, hand: Hand = .primary, options: CallOptions = CallOptions()) async throws
    -> ContextMenuState
  {
    let request: ResoniteIo_V1_ContextMenuHighlightRequest = try Self.itemRequest(index, hand)
    return ContextMenuState(try await stub().highlight(request, options: options))
  }

  /// Presses the item at `index` (Python: `invoke(index, hand="primary")`): it may open a
  /// submenu, switch the active tool, or act and close the menu. The mod waits briefly and
  /// reports the menu after the press (a submenu's items, or a closed menu).
  ///
  /// - Parameters:
  ///   - index: the item's ``ContextMenuItem/index``.
  ///   - hand: the hand whose menu it is.
  ///   - options: timeout and metadata.
  /// - Returns: the state after the press.
  /// - Throws: ``ContextMenuIndexError`` before any RPC when `index` does not fit 32 bits;
  ///   `RPCError` with `.failedPrecondition` when the menu is not open (checked first) or the
  ///   engine is not ready, `.invalidArgument` when `index` is out of the menu's range; see
  ///   ``ContextMenuClient`` for the rest.
  @discardableResult
  public func invoke(_ index: Int, hand: Hand = .primary, options: CallOptions = CallOptions()) async throws
    -> ContextMenuState
  {
    let request: ResoniteIo_V1_ContextMenuInvokeRequest = try Self.itemRequest(index, hand)
    return ContextMenuState(try await stub().invoke(request, options: options))
  }

  private func stub() throws -> ResoniteIo_V1_ContextMenuStub {
    ResoniteIo_V1_ContextMenuStub(channel: try client.channel())
  }

  /// A Highlight or Invoke request (the two differ only in name): the item at `index` of
  /// `hand`'s menu, checked to fit the wire's 32 bits before any RPC.
  private static func itemRequest<Request: ContextMenuItemRequest>(
    _ index: Int, _ hand: Hand
  ) throws(ContextMenuIndexError) -> Request {
    guard let wire = Int32(exactly: index) else { throw ContextMenuIndexError(index: index) }
    var request = Request()
    request.hand = hand.contextMenuWire
    request.index = wire
    return request
  }
}

/// The requests that name one item of a hand's menu.
private protocol ContextMenuItemRequest {
  init()
  var hand: ResoniteIo_V1_ContextMenuHand { get set }
  var index: Int32 { get set }
}

extension ResoniteIo_V1_ContextMenuHighlightRequest: ContextMenuItemRequest {}
extension ResoniteIo_V1_ContextMenuInvokeRequest: ContextMenuItemRequest {}
