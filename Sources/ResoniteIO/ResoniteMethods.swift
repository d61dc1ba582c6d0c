import ResoniteGRPC

/// The RPC methods of the Resonite IO services this package calls.
enum ResoniteMethods {
  /// `/resonite_io.v1.Connection/Ping`.
  static let ping = MethodDescriptor(service: "resonite_io.v1.Connection", method: "Ping")
  /// `/resonite_io.v1.Info/GetServerInfo`.
  static let getServerInfo = MethodDescriptor(service: "resonite_io.v1.Info", method: "GetServerInfo")
}
