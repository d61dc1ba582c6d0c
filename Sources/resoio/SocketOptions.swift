import ArgumentParser

/// The `-s/--socket` option every subcommand shares.
struct SocketOptions: ParsableArguments {
  @Option(
    name: [.short, .customLong("socket")],
    help: ArgumentHelp(
      "Socket path to use instead of resolving one (see SOCKET RESOLUTION).",
      valueName: "socket"))
  var socket: String?

  /// The explicit path, or nil to resolve one. An empty value counts as not given, as for the
  /// environment variables.
  var explicitPath: String? {
    guard let socket, !socket.isEmpty else { return nil }
    return socket
  }
}

/// The help text every subcommand shows about finding the socket.
let socketResolutionHelp = """
  SOCKET RESOLUTION
    Without -s/--socket, the socket of the running Resonite IO mod is found so:
    1. RESONITE_IO_SOCKET, when set and non-empty: that full path, used as is.
    2. Else the directory RESONITE_IO_SOCKET_DIR (when set and non-empty),
       else ~/.resonite-io/, is searched for resonite-<pid>.sock files
       (<pid> is the engine's host PID).
    Stale sockets, whose engine process is gone (a killed engine leaves its
    socket behind), are skipped. No live socket is an error: start Resonite
    with the mod, or run `resoio wait`. Several live sockets are an error
    too: set RESONITE_IO_SOCKET to the one to use.
  """
