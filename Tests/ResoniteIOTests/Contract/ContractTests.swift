import Foundation
import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs
import ResoniteTestSupport
import Testing

/// Our `Protos/` describe exactly the wire schema of resonite-io 0.7.0, and the generated
/// catalog and stubs cover every RPC of it.
@Suite("Contract")
struct ContractTests {
  /// FNV-1a (64-bit) of the normalised schema of the 17 contract files, taken from
  /// ../shared/contract (resonite-io 0.7.0). Without that folder this is what still catches drift.
  static let contractFingerprint: UInt64 = 8_491_947_884_648_965_056

  static func fingerprint(of directory: URL) throws -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for name in try ContractLocations.protoFiles(in: directory) {
      let schema = try ProtoSchema(contentsOf: directory.appendingPathComponent(name))
      for byte in (name + "\n" + schema.description + "\n").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
      }
    }
    return hash
  }

  @Test("Protos/ holds the contract's 17 files, each with the same schema (names, numbers, types)")
  func protosMatchTheContract() throws {
    let ours = try ContractLocations.protoFiles(in: ContractLocations.ours)
    #expect(ours.count == 17)
    if let shared = ContractLocations.shared {
      #expect(try ContractLocations.protoFiles(in: shared) == ours)
      for name in ours {
        let mine = try ProtoSchema(contentsOf: ContractLocations.ours.appendingPathComponent(name))
        let theirs = try ProtoSchema(contentsOf: shared.appendingPathComponent(name))
        #expect(mine == theirs, "Protos/resonite_io/v1/\(name) differs from the contract:\n\(mine)\n---\n\(theirs)")
      }
      #expect(try Self.fingerprint(of: shared) == Self.contractFingerprint)
    }
    let fingerprint = try Self.fingerprint(of: ContractLocations.ours)
    #expect(fingerprint == Self.contractFingerprint, "the schema of Protos/ has fingerprint \(fingerprint)")
  }

  @Test("The schema comparison sees a changed field number, type or name")
  func schemaComparisonIsStrict() {
    let base = "syntax = \"proto3\";\n// a comment\nmessage A {\n  int32 width = 1; // trailing\n}\n"
    #expect(ProtoSchema(text: base) == ProtoSchema(text: "message A { int32 width=1; }\nsyntax=\"proto3\";"))
    #expect(ProtoSchema(text: base) != ProtoSchema(text: "syntax = \"proto3\"; message A { int32 width = 2; }"))
    #expect(ProtoSchema(text: base) != ProtoSchema(text: "syntax = \"proto3\"; message A { uint32 width = 1; }"))
    #expect(ProtoSchema(text: base) != ProtoSchema(text: "syntax = \"proto3\"; message A { int32 wide = 1; }"))
  }

  @Test("The generated catalog lists the contract's 69 RPCs with their paths and shapes")
  func catalogCoversEveryRPC() throws {
    var expected: [String: (Bool, Bool)] = [:]
    for name in try ContractLocations.protoFiles(in: ContractLocations.ours) {
      let schema = try ProtoSchema(contentsOf: ContractLocations.ours.appendingPathComponent(name))
      for rpc in schema.rpcs(package: "resonite_io.v1") {
        expected[rpc.path] = (rpc.clientStreaming, rpc.serverStreaming)
      }
    }
    let methods = ResoniteIOServiceCatalog.methods
    #expect(methods.count == 69)
    #expect(Set(methods.map(\.descriptor.path)).count == 69)
    #expect(expected.count == 69)
    for method in methods {
      guard let (client, server) = expected[method.descriptor.path] else {
        Issue.record("the catalog has \(method.descriptor.path), the protos do not")
        continue
      }
      let shape: RPCMethodInfo.Shape =
        switch (client, server) {
        case (false, false): .unary
        case (false, true): .serverStreaming
        case (true, false): .clientStreaming
        case (true, true): .bidirectionalStreaming
        }
      #expect(method.shape == shape, "\(method.descriptor.path)")
    }
    let shapes = Dictionary(grouping: methods, by: \.shape).mapValues(\.count)
    #expect(shapes[.unary] == 65)
    #expect(shapes[.serverStreaming] == 2)
    #expect(shapes[.clientStreaming] == 2)
    #expect(shapes[.bidirectionalStreaming] == nil)
    #expect(Set(methods.map(\.descriptor.service)).count == 17)
  }

  @Test("Catalog message names are the generated Swift messages' proto names")
  func catalogMessageNames() {
    #expect(
      ResoniteIOServiceCatalog.methods.contains {
        $0.descriptor == ResoniteIo_V1_DisplayStub.Methods.apply
          && $0.requestType == ResoniteIo_V1_DisplayConfig.protoMessageName
          && $0.responseType == ResoniteIo_V1_DisplayApplyResponse.protoMessageName
      })
  }
}
