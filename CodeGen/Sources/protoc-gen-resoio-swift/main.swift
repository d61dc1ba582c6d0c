// protoc-gen-resoio-swift: a protoc plugin that writes typed client stubs for the services of
// the given .proto files (one `<name>.grpc.swift` per file with services, plus
// `ServiceCatalog.grpc.swift` listing every method). See StubGenerator.swift.
StubGenerator.main()
