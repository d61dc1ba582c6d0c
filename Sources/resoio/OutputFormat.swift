import ArgumentParser

/// `--format human|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  /// Plain `key=value` text, the default.
  case human
  /// One JSON document.
  case json
}
