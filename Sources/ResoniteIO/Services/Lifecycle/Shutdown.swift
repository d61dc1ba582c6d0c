public import Logging
public import ResoniteGRPC

/// Asks the running engine to quit gracefully and returns its process id (the reference
/// client's module-level `shutdown(socket_path=None)`).
///
/// It connects (resolving the socket from the environment when `socketPath` is nil), reads
/// the engine's pid with `Info.GetServerInfo`, then calls `Lifecycle.Shutdown`:
///
/// - When the socket cannot be found or reached, or GetServerInfo fails in any way, no engine
///   is considered running: it returns nil and sends no Shutdown.
/// - Any failure of the Shutdown call itself is swallowed: the engine often drops the
///   connection as it exits right after acknowledging, and the pid is already known.
/// - A reported pid of 0 also gives nil (Python's `pid or None`).
///
/// Like the reference, it returns once the engine acknowledged, not once the process is gone;
/// follow up with a forceful stop by pid if the engine must be gone. Unlike the reference it
/// uses one connection for both calls (the reference opens two) and runs no version probe.
///
/// ```swift
/// if let pid = await shutdown() {
///   print("asked engine \(pid) to quit")
/// } else {
///   print("no Resonite engine running")
/// }
/// ```
///
/// - Parameters:
///   - socketPath: the socket; nil resolves it as ``resolveSocketPath(environment:homeDirectory:)``.
///   - options: timeout and metadata for each of the two calls (no timeout by default, as in
///     the reference).
///   - logger: where the outcome is logged, at `info` level (as the reference logs it).
/// - Returns: the engine's host pid, or nil when no engine was reachable.
public func shutdown(
  socketPath: String? = nil, options: CallOptions = CallOptions(), logger: Logger = Logger(label: "resonite-io")
) async -> Int32? {
  let client = ResoniteClient(socketPath: socketPath, probeTimeout: .zero)
  let pid: Int32
  do {
    try await client.connect(timeout: options.timeout)
    pid = try await client.getServerInfo(options: options).resonitePID
  } catch {
    logger.info("No reachable Resonite engine to shut down (\(error)).")
    await client.close()
    return nil
  }
  do {
    let reply = try await client.lifecycle.shutdown(options: options)
    logger.info("Lifecycle.Shutdown accepted=\(reply.accepted)")
  } catch {
    logger.info("Lifecycle.Shutdown connection ended (\(error)); engine exiting.")
  }
  await client.close()
  return pid == 0 ? nil : pid
}
