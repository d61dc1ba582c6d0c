extension TestServer {
  /// The RPC paths the server answers by itself.
  public enum Path {
    /// `/resonite_io.v1.Connection/Ping`: echoes the message with the server's wall clock.
    public static let ping = "/resonite_io.v1.Connection/Ping"
    /// `/resonite_io.v1.Info/GetServerInfo`: the configured ``Configuration/serverInfo``.
    public static let getServerInfo = "/resonite_io.v1.Info/GetServerInfo"
    /// `/resonite_io.test.Echo/Echo`: answers the raw request bytes unchanged (any size).
    public static let echo = "/resonite_io.test.Echo/Echo"
  }
}
