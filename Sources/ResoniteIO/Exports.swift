// The wire messages are part of this module's API: some replies are the wire types themselves,
// as in the reference client, and advanced users build requests for the generated stubs.
// `import ResoniteIO` alone brings them.
@_exported public import ResoniteIOMessages
