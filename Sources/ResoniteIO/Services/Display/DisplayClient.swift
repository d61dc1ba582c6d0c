public import ResoniteGRPC
import ResoniteIOStubs

/// The `Display` service: the engine window's resolution and its background frame-rate cap
/// (the reference client's `DisplayClient`). Reach it as ``ResoniteClient/display``.
///
/// ```swift
/// try await mod.display.apply(width: 1280, height: 720, maxFPS: 30)
/// let info = try await mod.display.get()  // 1280×720, background cap 30
/// ```
///
/// Every method throws ``ResoniteClientError/notConnected`` when the client is not connected,
/// and `RPCError` with the mod's status: `.failedPrecondition` while the engine's settings are
/// not active yet (still booting), `.unavailable` or `.internalError` as for every service.
public struct DisplayClient: Sendable {
  let client: ResoniteClient

  init(client: ResoniteClient) {
    self.client = client
  }

  /// Applies a partial display configuration (Python: `apply(width=0, height=0, max_fps=0.0)`).
  ///
  /// A 0 leaves that setting unchanged, so `apply(maxFPS: 20)` touches only the frame-rate cap.
  /// `maxFPS` sets the **background** cap (and turns on the engine's "limit frame rate when
  /// unfocused"); the engine stores it as a whole number (the fraction is dropped), and a value
  /// ≤ 0 leaves it unchanged. Nothing comes back by design: the engine applies settings on its
  /// own thread, so read them with ``get(options:)`` afterwards.
  ///
  /// - Parameters:
  ///   - width: the window width in pixels; 0 keeps the current one.
  ///   - height: the window height in pixels; 0 keeps the current one.
  ///   - maxFPS: the background frame-rate cap; 0 keeps the current one.
  ///   - options: timeout and metadata.
  /// - Throws: ``DisplayArgumentError`` before any RPC when `width` or `height` is negative or
  ///   above `UInt32.max`; ``ResoniteClientError/notConnected``; `RPCError`
  ///   (`.failedPrecondition` while the settings are not active yet).
  public func apply(width: Int = 0, height: Int = 0, maxFPS: Float = 0, options: CallOptions = CallOptions())
    async throws
  {
    var request = ResoniteIo_V1_DisplayConfig()
    request.width = try Self.pixels(width, "width")
    request.height = try Self.pixels(height, "height")
    request.maxFps = maxFPS
    _ = try await ResoniteIo_V1_DisplayStub(channel: client.channel()).apply(request, options: options)
  }

  /// Reads the current display settings (Python: `get()`).
  ///
  /// - Parameter options: timeout and metadata.
  /// - Returns: the window size and the background frame-rate cap.
  /// - Throws: ``ResoniteClientError/notConnected``; `RPCError` (`.failedPrecondition` while
  ///   the settings are not active yet).
  public func get(options: CallOptions = CallOptions()) async throws -> DisplayInfo {
    let state = try await ResoniteIo_V1_DisplayStub(channel: client.channel()).get(
      ResoniteIo_V1_DisplayGetRequest(), options: options)
    return DisplayInfo(width: Int(state.width), height: Int(state.height), maxFPS: state.maxFps)
  }

  private static func pixels(_ value: Int, _ argument: String) throws(DisplayArgumentError) -> UInt32 {
    guard let pixels = UInt32(exactly: value) else {
      throw DisplayArgumentError(argument: argument, value: value)
    }
    return pixels
  }
}
