import Logging

/// Prints log events of level warning and above to stderr as `resoio: warning: <message>`.
///
/// The library's version probe logs its mod-version-mismatch warning through swift-log; this
/// handler is how that warning reaches the user of the CLI.
struct StderrLogHandler: LogHandler {
  var logLevel: Logger.Level = .warning
  var metadata: Logger.Metadata = [:]
  var metadataProvider: Logger.MetadataProvider?

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    Console.error("resoio: \(event.level): \(event.message)")
  }
}
