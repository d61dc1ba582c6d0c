import ResoniteIOMessages

extension TestServer.Path {
  /// The `resonite_io.v1.Auth` paths the stand-in mod serves (see ``AuthModel``).
  public enum Auth {
    /// `/resonite_io.v1.Auth/Login`.
    public static let login = "/resonite_io.v1.Auth/Login"
    /// `/resonite_io.v1.Auth/Logout`.
    public static let logout = "/resonite_io.v1.Auth/Logout"
    /// `/resonite_io.v1.Auth/Status`.
    public static let status = "/resonite_io.v1.Auth/Status"
  }
}

extension StandInMod {
  /// The `Auth` service over ``auth``.
  var authHandlers: [String: UnaryHandler] {
    let model = auth
    typealias Path = TestServer.Path.Auth
    return [
      Path.login: ModHandler.unary(model.login),
      Path.logout: ModHandler.unary(ResoniteIo_V1_AuthLogoutRequest.self, model.logout),
      Path.status: ModHandler.unary(ResoniteIo_V1_AuthStatusRequest.self, model.currentStatus),
    ]
  }
}
