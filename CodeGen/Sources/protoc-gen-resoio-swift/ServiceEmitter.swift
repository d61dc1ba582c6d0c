import SwiftProtobufPluginLibrary

/// Writes the stub of one service: its method descriptors and one typed method per RPC.
struct ServiceEmitter {
  let service: ServiceDescriptor
  let namer: SwiftProtobufNamer
  /// Whether streaming RPCs get methods (otherwise only their descriptors).
  let streaming: Bool

  var stubName: String { Naming.stubTypeName(service, namer: namer) }

  /// The RPCs that get a method.
  var printedMethods: [MethodDescriptor] { service.methods.filter { streaming || Shape($0) == .unary } }

  /// True when the stub has at least one method (and so uses the message types).
  var printsMethods: Bool { !printedMethods.isEmpty }

  /// The call shape of an RPC, from its `stream` markers.
  enum Shape: String {
    case unary, serverStreaming, clientStreaming, bidirectionalStreaming

    init(_ method: MethodDescriptor) {
      switch (method.clientStreaming, method.serverStreaming) {
      case (false, false): self = .unary
      case (false, true): self = .serverStreaming
      case (true, false): self = .clientStreaming
      case (true, true): self = .bidirectionalStreaming
      }
    }

    var prose: String {
      switch self {
      case .unary: "unary"
      case .serverStreaming: "server-streaming"
      case .clientStreaming: "client-streaming"
      case .bidirectionalStreaming: "bidirectional streaming"
      }
    }
  }

  func printStub(into p: inout CodePrinter) {
    let comments = service.protoSourceComments()
    p.print("/// Typed calls of the `\(service.fullName)` service over a `GRPCChannel`.")
    if !comments.isEmpty {
      p.print("///")
      p.print(comments.trimmingTrailingNewline)
    }
    p.print(
      "///",
      "/// Every method takes `CallOptions` (timeout, metadata, size limits) and throws `RPCError`",
      "/// with the server's status, or the status the client decided (deadline, cancellation, a",
      "/// lost connection). Stubs are cheap values: make one per use or keep one.")
    p.print("public struct \(stubName): Sendable {")
    p.withIndentation { p in
      p.print(
        "/// The service's full name.",
        "public static let serviceName = \"\(service.fullName)\"",
        "",
        "/// The method descriptors of `\(service.fullName)`.",
        "public enum Methods {")
      p.withIndentation { p in
        for method in service.methods {
          p.print(
            "/// `/\(service.fullName)/\(method.name)`, \(Shape(method).prose).",
            "public static let \(Naming.descriptorName(method)) = MethodDescriptor(service: \"\(service.fullName)\", method: \"\(method.name)\")"
          )
        }
        p.print(
          "",
          "/// Every method of the service, in declaration order.",
          "public static let all: [MethodDescriptor] = [\(service.methods.map { Naming.descriptorName($0) }.joined(separator: ", "))]"
        )
      }
      p.print(
        "}",
        "",
        "/// The channel calls go to.",
        "public let channel: GRPCChannel",
        "",
        "/// Creates a stub that calls over `channel`.",
        "public init(channel: GRPCChannel) {",
        "  self.channel = channel",
        "}")
      for method in printedMethods {
        p.print("")
        printMethod(method, into: &p)
      }
    }
    p.print("}", "")
  }

  private func printMethod(_ method: MethodDescriptor, into p: inout CodePrinter) {
    let request = namer.fullName(message: method.inputType)
    let response = namer.fullName(message: method.outputType)
    let name = Naming.methodName(method)
    let descriptor = "Methods.\(Naming.descriptorName(method))"
    let comments = method.protoSourceComments()
    let signature =
      "`rpc \(method.name)(\(method.clientStreaming ? "stream " : "")\(method.inputType.name)) returns (\(method.serverStreaming ? "stream " : "")\(method.outputType.name))`"
    if !comments.isEmpty {
      p.print(comments.trimmingTrailingNewline, "///")
    }
    switch Shape(method) {
    case .unary:
      p.print(
        "/// Calls \(signature), a unary RPC.",
        "///",
        "/// - Parameters:",
        "///   - request: the request message.",
        "///   - options: timeout, metadata and size limits for this call.",
        "/// - Returns: the response message.",
        "/// - Throws: `RPCError` with the server's status when it is not OK, or the client's own",
        "///   (`.deadlineExceeded`, `.cancelled`, `.unavailable`, ...).",
        "public func \(name)(",
        "  _ request: \(request), options: CallOptions = CallOptions()",
        ") async throws(RPCError) -> \(response) {")
      p.withIndentation { p in
        p.print(
          "try await channel.unary(",
          "  \(descriptor), request: request, requestCodec: ProtobufCodec<\(request)>(),",
          "  responseCodec: ProtobufCodec<\(response)>(), options: options",
          ").message")
      }
      p.print("}")
    case .serverStreaming:
      p.print(
        "/// Calls \(signature), a server-streaming RPC.",
        "///",
        "/// `body` reads the responses from `StreamingResponse.messages`; the sequence ends when",
        "/// the server ends the stream with OK and throws `RPCError` for any other status.",
        "/// Returning from `body` (or throwing) before the stream ended cancels it at once",
        "/// (RST_STREAM(CANCEL)).",
        "///",
        "/// - Parameters:",
        "///   - request: the request message.",
        "///   - options: timeout (for the whole stream), metadata and size limits.",
        "///   - body: consumes the responses.",
        "/// - Returns: what `body` returns.",
        "/// - Throws: what `body` throws, or `RPCError` when the call fails to start.",
        "public func \(name)<Result: Sendable>(",
        "  _ request: \(request), options: CallOptions = CallOptions(),",
        "  body: (StreamingResponse<\(response)>) async throws -> Result",
        ") async throws -> Result {")
      p.withIndentation { p in
        p.print(
          "try await channel.serverStreaming(",
          "  \(descriptor), request: request, requestCodec: ProtobufCodec<\(request)>(),",
          "  responseCodec: ProtobufCodec<\(response)>(), options: options, body: body)")
      }
      p.print("}")
    case .clientStreaming:
      p.print(
        "/// Calls \(signature), a client-streaming RPC.",
        "///",
        "/// `body` sends the requests through the writer (each `send` waits while the server's",
        "/// flow-control window is closed). Returning from `body` finishes the request stream",
        "/// (half-close) and waits for the response; `writer.cancel()`, a thrown error or task",
        "/// cancellation cancel the call instead (RST_STREAM(CANCEL)).",
        "///",
        "/// - Parameters:",
        "///   - options: timeout (for the whole call), metadata and size limits.",
        "///   - body: sends the requests.",
        "/// - Returns: the response message.",
        "/// - Throws: what `body` throws, or `RPCError`.",
        "public func \(name)(",
        "  options: CallOptions = CallOptions(),",
        "  body: (RequestStreamWriter<\(request)>) async throws -> Void",
        ") async throws -> \(response) {")
      p.withIndentation { p in
        p.print(
          "try await channel.clientStreaming(",
          "  \(descriptor), requestCodec: ProtobufCodec<\(request)>(),",
          "  responseCodec: ProtobufCodec<\(response)>(), options: options, body: body",
          ").message")
      }
      p.print("}")
    case .bidirectionalStreaming:
      p.print(
        "/// Calls \(signature), a bidirectional streaming RPC.",
        "///",
        "/// - Parameters:",
        "///   - options: timeout (for the whole call), metadata and size limits.",
        "///   - body: sends requests through the writer and reads the responses.",
        "/// - Returns: what `body` returns.",
        "public func \(name)<Result: Sendable>(",
        "  options: CallOptions = CallOptions(),",
        "  body: (RequestStreamWriter<\(request)>, StreamingResponse<\(response)>) async throws -> Result",
        ") async throws -> Result {")
      p.withIndentation { p in
        p.print(
          "try await channel.bidirectionalStreaming(",
          "  \(descriptor), requestCodec: ProtobufCodec<\(request)>(),",
          "  responseCodec: ProtobufCodec<\(response)>(), options: options, body: body)")
      }
      p.print("}")
    }
  }

  /// The catalog of every method of every service given, with its shape and message names.
  static func printCatalog(_ services: [ServiceEmitter], into p: inout CodePrinter) {
    p.print(
      "/// Every RPC of the generated services, in file and declaration order: its descriptor,",
      "/// its call shape and its message types' full proto names.",
      "public enum ResoniteIOServiceCatalog {")
    p.withIndentation { p in
      p.print("/// One entry per RPC.", "public static let methods: [RPCMethodInfo] = [")
      p.withIndentation { p in
        for emitter in services {
          for method in emitter.service.methods {
            p.print(
              "RPCMethodInfo(\(emitter.stubName).Methods.\(Naming.descriptorName(method)), shape: .\(Shape(method).rawValue), "
                + "requestType: \"\(method.inputType.fullName)\", responseType: \"\(method.outputType.fullName)\"),")
          }
        }
      }
      p.print("]")
    }
    p.print("}")
  }
}

extension String {
  fileprivate var trimmingTrailingNewline: String {
    var s = self
    while s.hasSuffix("\n") { s.removeLast() }
    return s
  }
}
