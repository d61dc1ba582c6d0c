import SwiftProtobufPluginLibrary

/// How proto names become Swift names in the stubs.
enum Naming {
  /// `resonite_io/v1/context_menu.proto` → `context_menu.grpc.swift`.
  static func outputFileName(for protoPath: String) -> String {
    var base = protoPath.split(separator: "/").last.map(String.init) ?? protoPath
    if base.hasSuffix(".proto") { base.removeLast(".proto".count) }
    return base + ".grpc.swift"
  }

  /// The stub type of a service: the file's SwiftProtobuf prefix, the service name, `Stub`
  /// (`resonite_io.v1.Display` → `ResoniteIo_V1_DisplayStub`), so it sits beside the messages.
  static func stubTypeName(_ service: ServiceDescriptor, namer: SwiftProtobufNamer) -> String {
    namer.typePrefix(forFile: service.file) + service.name + "Stub"
  }

  /// The Swift method name of an RPC: lower camel case (`GetServerInfo` → `getServerInfo`),
  /// back-quoted when it is a Swift keyword.
  static func methodName(_ method: MethodDescriptor) -> String {
    let name = NamingUtils.toLowerCamelCase(method.name)
    return reserved.contains(name) ? "`\(name)`" : name
  }

  /// The descriptor property name of an RPC, never back-quoted (it is always used after a dot).
  static func descriptorName(_ method: MethodDescriptor) -> String {
    NamingUtils.toLowerCamelCase(method.name)
  }

  private static let reserved: Set<String> =
    swiftKeywordsUsedInDeclarations.union(swiftKeywordsUsedInStatements)
    .union(swiftKeywordsUsedInExpressionsAndTypes)
}
