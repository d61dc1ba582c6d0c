/// A unary method implementation, registered by path on a ``TestServer``.
///
/// Handlers run on the server's I/O thread and must be quick: a slow handler stalls every
/// connection. To answer late, use ``TestServer/Configuration/responseDelay``, which is a
/// timer in the loop, not a sleep.
public typealias UnaryHandler = @Sendable (UnaryRequest) -> UnaryResult
