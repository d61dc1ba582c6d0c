import SwiftProtobufPluginLibrary

/// The plugin: for each .proto file with services, one Swift file of stubs; for the whole run,
/// one catalog of every method.
///
/// Parameters (`--resoio-swift_opt=...`, comma-separated):
/// - `MessagesModule=NAME`: the module that holds the SwiftProtobuf messages (imported by the
///   generated files); default `ResoniteIOMessages`.
/// - `Streaming=false`: write only the descriptors of streaming RPCs, no methods (for a call
///   layer without streaming calls); default `true`.
struct StubGenerator: CodeGenerator {
  var supportedFeatures: [Google_Protobuf_Compiler_CodeGeneratorResponse.Feature] { [.proto3Optional] }
  var version: String? { "1.0.0" }

  func generate(
    files: [FileDescriptor], parameter: any CodeGeneratorParameter,
    protoCompilerContext: any ProtoCompilerContext, generatorOutputs: any GeneratorOutputs
  ) throws {
    var messagesModule = "ResoniteIOMessages"
    var streaming = true
    for (key, value) in parameter.parsedPairs {
      switch key {
      case "MessagesModule": messagesModule = value
      case "Streaming": streaming = value != "false"
      default: throw GeneratorError("unknown parameter '\(key)'")
      }
    }
    let namer = SwiftProtobufNamer()
    var catalog: [ServiceEmitter] = []
    for file in files where !file.services.isEmpty {
      let emitters = file.services.map { ServiceEmitter(service: $0, namer: namer, streaming: streaming) }
      catalog.append(contentsOf: emitters)
      var printer = CodePrinter(indent: "  ".unicodeScalars, addNewlines: true)
      let usesMessages = emitters.contains { $0.printsMethods }
      FileHeader.print(
        into: &printer, source: file.name, imports: ["ResoniteGRPC"] + (usesMessages ? [messagesModule] : []))
      for emitter in emitters { emitter.printStub(into: &printer) }
      try generatorOutputs.add(fileName: Naming.outputFileName(for: file.name), contents: printer.content)
    }
    var printer = CodePrinter(indent: "  ".unicodeScalars, addNewlines: true)
    FileHeader.print(into: &printer, source: "resonite_io/v1/*.proto", imports: [])
    ServiceEmitter.printCatalog(catalog, into: &printer)
    try generatorOutputs.add(fileName: "ServiceCatalog.grpc.swift", contents: printer.content)
  }
}

/// A problem with the generator's input or parameters.
struct GeneratorError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
