/// The chunks of one `Speaker.StreamAudio` call, as ``SpeakerClient/chunks(options:_:)`` hands
/// them to its body: a ``ReplyStream`` of ``SpeakerChunk``. Taking a chunk lets the server
/// send more; the stream ends with OK when the mod shuts down; leaving the body cancels the
/// RPC. Iterate it once.
public typealias SpeakerChunkStream = ReplyStream<SpeakerChunk>
