extension TestServer {
  /// The RPC paths the server answers by itself.
  public enum Path {
    /// `/resonite_io.v1.Connection/Ping`: echoes the message with the server's wall clock.
    public static let ping = "/resonite_io.v1.Connection/Ping"
    /// `/resonite_io.v1.Info/GetServerInfo`: the configured ``Configuration/serverInfo``.
    public static let getServerInfo = "/resonite_io.v1.Info/GetServerInfo"
    /// `/resonite_io.test.Echo/Echo`: answers the raw request bytes unchanged (any size).
    public static let echo = "/resonite_io.test.Echo/Echo"
    /// `/resonite_io.v1.Camera/StreamFrames` (server streaming): synthetic RGBA8 frames of the
    /// stand-in mod's scene (see ``CameraFrames``).
    public static let cameraStreamFrames = "/resonite_io.v1.Camera/StreamFrames"
    /// `/resonite_io.v1.Speaker/StreamAudio` (server streaming): the stand-in mod's known
    /// signal (see ``SpeakerSignal`` and ``SpeakerModel``).
    public static let speakerStreamAudio = "/resonite_io.v1.Speaker/StreamAudio"
    /// `/resonite_io.v1.Microphone/StreamAudio` (client streaming): recorded by
    /// ``MicrophoneModel``.
    public static let microphoneStreamAudio = "/resonite_io.v1.Microphone/StreamAudio"
    /// `/resonite_io.v1.Locomotion/Drive` (client streaming): drives ``LocomotionModel``.
    public static let locomotionDrive = "/resonite_io.v1.Locomotion/Drive"
    /// `/resonite_io.v1.Locomotion/Reset` (unary), over ``LocomotionModel``.
    public static let locomotionReset = "/resonite_io.v1.Locomotion/Reset"
    /// `/resonite_io.test.Echo/ServerStream` (server streaming): the request is two big-endian
    /// `UInt32`s, a count and a size; the answer is `count` messages of `size` bytes, message
    /// `i` being ``EchoStreams/message(index:size:)``, produced as flow control lets them go.
    public static let echoServerStream = "/resonite_io.test.Echo/ServerStream"
    /// `/resonite_io.test.Echo/ClientStream` (client streaming): after the client half-closes,
    /// one message of three big-endian `UInt64`s: the number of request messages, their total
    /// bytes, and the FNV-1a 64 hash of all their bytes in order (``EchoStreams/summary(count:bytes:hash:)``).
    public static let echoClientStream = "/resonite_io.test.Echo/ClientStream"
    /// `/resonite_io.test.Echo/BidiStream` (bidirectional): each request message is answered
    /// with the same bytes at once; the client's half-close ends the call with OK. While 4 MiB
    /// or more of answers wait for the client's window, the server stops reading requests.
    public static let echoBidiStream = "/resonite_io.test.Echo/BidiStream"
  }
}
