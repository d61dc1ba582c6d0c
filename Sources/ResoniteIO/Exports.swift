// The wire messages are part of this module's API: some replies are the wire types themselves,
// as in the reference client, and advanced users build requests for the generated stubs.
// `import ResoniteIO` alone brings them.
@_exported public import ResoniteIOMessages

// The call vocabulary (`RPCError`, `StatusCode`, `CallOptions`, `Metadata`,
// `ChannelConfiguration`, `ConnectionFailure`, `GRPCChannel` for the generated stubs) comes with it
// too, so that
// `import ResoniteIO` alone is enough to make calls and to catch and inspect their errors.
@_exported public import ResoniteGRPC
