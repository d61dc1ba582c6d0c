/// A client that ``ResoniteClient/withConnection(socketPath:configuration:isolation:_:)`` and
/// ``ConnectionClient/withConnection(socketPath:configuration:isolation:_:)`` scope: connected
/// for a body, closed after it.
protocol ScopedConnection: Sendable {
  func connect(timeout: Duration?) async throws
  func close() async
}

extension ScopedConnection {
  /// Connects, runs `body` with the client on `isolation`, and closes the client whether `body`
  /// returns or throws.
  func scoped<Result>(
    isolation: isolated (any Actor)? = #isolation, _ body: (Self) async throws -> Result
  ) async throws -> Result {
    try await connect(timeout: nil)
    do {
      let result = try await body(self)
      await close()
      return result
    } catch {
      await close()
      throw error
    }
  }
}

extension ResoniteClient: ScopedConnection {}
extension ConnectionClient: ScopedConnection {}
