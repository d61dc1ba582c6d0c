#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
public import ResoniteGRPC
public import ResoniteIO

extension TestServer {
  /// Everything a ``TestServer`` can be told: where to listen, protocol limits, the answers of
  /// the built-in Resonite IO methods, and the misbehaviours ("knobs") that tests provoke.
  ///
  /// Every knob is off by default, so `Configuration()` is a healthy, current mod.
  public struct Configuration: Sendable {
    // MARK: Socket and protocol

    /// The socket path. nil binds where the mod would: `RESONITE_IO_SOCKET`, else
    /// `RESONITE_IO_SOCKET_DIR/resonite-<pid>.sock`, else `~/.resonite-io/resonite-<pid>.sock`.
    public var socketPath: String?
    /// Bind at once but call `listen()` only after this delay; until then a connect is refused
    /// (ECONNREFUSED), like a mod whose socket file exists before the engine serves it.
    public var listenDelay: Duration = .zero
    /// The largest request message accepted, in bytes; a larger one gets RESOURCE_EXHAUSTED.
    public var maxReceiveMessageSize: Int = 256 << 20
    /// SETTINGS_INITIAL_WINDOW_SIZE announced to clients (per-stream receive window).
    public var initialWindowSize: UInt32 = 16 << 20
    /// The connection-level receive window offered to clients.
    public var connectionWindowSize: Int32 = 128 << 20
    /// SETTINGS_MAX_FRAME_SIZE announced to clients (16 384 to 16 777 215).
    public var maxFrameSize: UInt32 = 1 << 20
    /// The largest DATA frame payload the server sends, in bytes; nil sends up to 256 KiB per
    /// frame (within the client's SETTINGS_MAX_FRAME_SIZE and flow control). 16 384 plays a
    /// server with nghttp2's (and most HTTP/2 stacks') default frame size.
    public var maxDataFrameBytes: Int?
    /// SETTINGS_MAX_CONCURRENT_STREAMS to announce; nil announces none (unlimited).
    public var maxConcurrentStreams: UInt32?

    // MARK: Built-in methods

    /// What `/resonite_io.v1.Info/GetServerInfo` answers.
    public var serverInfo: ServerInfo = ServerInfo(
      modVersion: ResoniteIOContract.modVersion, engineVersion: "2025.11.24.1 (resoio-test-server)",
      platform: .linux, isWine: false, resonitePID: getpid(), rendererPID: 0)
    /// Plays a mod older than the Info service: GetServerInfo answers UNIMPLEMENTED.
    public var serverInfoUnimplemented: Bool = false
    /// Extra or replacement handlers by path (they win over the built-in ones).
    public var handlers: [String: UnaryHandler] = [:]
    /// The stand-in mod whose state the Resonite IO services (Display, Cursor, World, ...)
    /// act on; give one you made to start from other state or to inspect it.
    public var mod = StandInMod()
    /// Streaming handlers by path (server-, client- or bidirectional streaming), winning over
    /// the built-in ones (``TestServer/Path/cameraStreamFrames`` and the `Echo` streams).
    public var streamingHandlers: [String: StreamingHandlerFactory] = [:]
    /// When set, the stand-in mod's window starts at this width (``DisplayModel``), and so do
    /// the frames of `Camera/StreamFrames`, which follow the window size as on the mod (a
    /// request's width and height above 0 fix the size of that call instead). nil keeps the
    /// display model's size (1280×720 initially). RGBA8, 4 bytes per pixel.
    public var cameraWidth: Int?
    /// When set, the window's initial height (see ``cameraWidth``).
    public var cameraHeight: Int?
    /// Frames per second `Camera/StreamFrames` captures at; nil captures a frame whenever the
    /// last one has gone to the socket (unpaced). A request's `fps_limit` above 0 wins.
    public var cameraFPS: Double?
    /// When set, a file the stand-in mod appends one JSON line to per ended
    /// `Microphone/StreamAudio` or `Locomotion/Drive` stream and per `Locomotion/Reset` (see
    /// ``SensesLog``): what it received, for checks from other processes.
    public var sensesLog: String?

    // MARK: Knobs

    /// Answer FAILED_PRECONDITION with ``notReadyMessage`` to the first this-many Ping calls
    /// (an engine still booting).
    public var failFirstPings: Int = 0
    /// The message of the FAILED_PRECONDITION answers of ``failFirstPings``.
    public var notReadyMessage: String = "Resonite engine is not ready yet"
    /// When set, every call fails with this status (checked before any handler).
    public var failAll: CallFailure?
    /// Calls to these paths (for example `/resonite_io.v1.Display/Get`, or a streaming one such
    /// as `/resonite_io.v1.Camera/StreamFrames`) fail with the given status instead of reaching
    /// their handler (a streaming call's answer comes once the client half-closes).
    public var failures: [String: CallFailure] = [:]
    /// Every answer (responses and errors) is sent this long after the request completed.
    /// A timer in the loop: other streams are not held up. A call whose `grpc-timeout` ends
    /// before that gets DEADLINE_EXCEEDED at its deadline instead.
    public var responseDelay: Duration = .zero
    /// When false, the server ignores the client's `grpc-timeout` and answers only after
    /// ``responseDelay``, so that the client's own timer is what ends the call.
    public var honoursClientTimeouts: Bool = true
    /// When set, the server drops the connection abruptly, with no response, on receiving a
    /// request (see ``DieMidCall``).
    public var dieMidCall: DieMidCall?
    /// Misbehaviours of streaming calls (see ``StreamingKnobs``).
    public var streaming = StreamingKnobs()
    /// When set, after this many streams on a connection the server sends GOAWAY (NO_ERROR,
    /// last-stream-id = the last stream processed) and refuses later streams; the connection
    /// closes once its remaining calls are answered.
    public var goAwayAfterStreams: Int?

    // MARK: Observability

    /// How many of the most recent requests ``Observations/requests`` keeps at least (it holds
    /// up to twice that before dropping the oldest); 0 keeps none. Counts are never dropped.
    public var requestLogLimit: Int = 10_000
    /// Called on the I/O thread for every request received (for example to log it). Must be quick.
    public var onRequest: (@Sendable (RecordedRequest) -> Void)?

    /// Creates a healthy configuration; `socketPath` nil means the mod's default place.
    public init(socketPath: String? = nil) {
      self.socketPath = socketPath
    }
  }

  /// Knobs for streaming calls, every one off by default.
  public struct StreamingKnobs: Sendable {
    /// How a streaming response ends early.
    public struct EndAfter: Sendable {
      /// Response messages sent before the end.
      public var messages: Int
      /// The status the call ends with.
      public var status: Status
      /// Trailing metadata sent with it.
      public var trailingMetadata: Metadata

      /// Ends each streaming response after `messages` messages with `status`.
      public init(messages: Int, status: Status, trailingMetadata: Metadata = Metadata()) {
        self.messages = messages
        self.status = status
        self.trailingMetadata = trailingMetadata
      }
    }

    /// End every streaming response after N messages with a given status.
    public var endAfterMessages: EndAfter?
    /// Drop the connection abruptly (no status, no GOAWAY) once a streaming call has had this
    /// many response messages handed to the socket: the server dying mid-stream.
    public var dieAfterMessages: Int?
    /// End every client stream of the stand-in mod (`Microphone/StreamAudio`,
    /// `Locomotion/Drive`) with a given status once this many request messages arrived (an
    /// error status resets the locomotion controls and clears the microphone ring, as a
    /// faulted bridge does on the mod).
    public var endAfterRequestMessages: EndAfter?
    /// Stop reading client streams after this many request messages: the received bytes are no
    /// longer given back to the client's window, so its sends wait once the window is used up.
    public var stopReadingAfterMessages: Int?

    /// No knob set.
    public init() {}
  }

  /// When the die-mid-call knob drops connections.
  public struct DieMidCall: Sendable, Hashable {
    /// Calls (server-wide, counted in arrival order) answered normally before the first drop.
    public var afterCalls: Int
    /// How many calls drop their connection; nil means every call after ``afterCalls``.
    public var times: Int?

    /// Drops the connection of every call after the first `afterCalls`, or of `times` of them.
    public init(afterCalls: Int = 0, times: Int? = nil) {
      self.afterCalls = afterCalls
      self.times = times
    }

    /// Whether the call with 0-based server-wide index `index` is dropped.
    public func drops(callIndex index: Int) -> Bool {
      guard index >= afterCalls else { return false }
      guard let times else { return true }
      return index < afterCalls + times
    }
  }
}
