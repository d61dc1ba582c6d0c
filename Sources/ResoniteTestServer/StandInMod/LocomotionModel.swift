#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Synchronization

/// Where the stand-in mod's avatar is and where it looks (``LocomotionModel/pose``).
///
/// Axes: `y` is up; at yaw 0 the avatar faces +z and its right is +x. Angles are in degrees.
public struct AvatarPose: Sendable, Hashable {
  /// Position in metres.
  public var x: Double = 0
  /// Height in metres (changes only while ``LocomotionModel/isFlying``).
  public var y: Double = 0
  /// Position in metres.
  public var z: Double = 0
  /// The view yaw in degrees, not wrapped: positive turns **right** (clockwise seen from above),
  /// as the mod's `yaw_rate` does (the reference CLI's LEFT arrow sends a negative rate).
  public var yaw: Double = 0
  /// The view pitch in degrees, positive looks up, clamped to −89…+89 as the engine does.
  public var pitch: Double = 0
  /// The held crouch amount, 0…1.
  public var crouch: Double = 0
  /// Jump pulses consumed so far (one per latched `jump = true`).
  public var jumps: Int = 0
  /// Engine ticks integrated so far.
  public var ticks: Int = 0

  /// The initial pose: at the origin, facing +z, level, standing.
  public init() {}
}

/// The stand-in mod's locomotion: the bridge's held input state ("stateful repeater"), the
/// avatar pose it drives, and a record of every `Locomotion.Drive` stream and `Reset`.
///
/// ## Integration, as SERVICES.md describes the mod
/// The held controls are re-applied every engine tick, ``tickRate`` ticks per second on a grid
/// that starts when the model is made. Each tick, with `dt = 1 / tickRate`:
/// - `yaw += yaw_rate · dt`; `pitch = clamp(pitch + pitch_rate · dt, −89, 89)` (degrees per second);
/// - the position moves by `(forward · move_forward + right · move_right) · walkSpeed · velocity · dt`,
///   with forward = (sin yaw, 0, cos yaw) and right = (cos yaw, 0, −sin yaw); `move_up` moves `y`
///   the same way only while ``isFlying`` (it is ignored while walking);
/// - `crouch` is the held value (clamped to 0…1);
/// - a pending jump pulse is consumed (``AvatarPose/jumps`` + 1).
///
/// Ticks are integrated lazily, when something reads or changes the state: reading ``pose``,
/// a Drive command, a Reset, a camera capture. ``isPaused`` stops real-time ticking, so a test
/// can step exactly with ``advance(ticks:)``.
///
/// ## Commands and ends
/// A command merges only its present fields into the held state (absent ones keep their value);
/// `jump = true` latches a pulse, `false` or absent never cancels one. A Drive that the client
/// half-closes keeps the state (the avatar keeps doing the last command) and answers
/// `LocomotionDriveSummary{received_count, dropped_count = 0, unix_nanos}`; a Drive the client
/// cancels (RST_STREAM) or whose connection drops resets every control to neutral (the mod's
/// safety reset); the pose stays where it got to.
///
/// `Reset`: all four flags false is expanded to all true; `move` → move_forward, move_right,
/// move_up 0 and velocity 1; `look` → both rates 0; `crouch` → 0; `jump` → the pending pulse is
/// dropped; the summary echoes the expanded flags. It is applied at once (the mod applies it on
/// its next tick) and does not interrupt an open Drive.
public final class LocomotionModel: Sendable {
  /// Engine ticks per second.
  public static let tickRate = 60.0
  /// Metres per second at `velocity` 1 and a full stick (`move_forward` 1).
  public static let walkSpeed = 1.5

  /// The held input state: what the bridge re-applies every tick.
  public struct Controls: Sendable, Hashable {
    /// Forward (+) / back (−), relative to the view yaw.
    public var moveForward: Float = 0
    /// Right (+) / left (−).
    public var moveRight: Float = 0
    /// World up; only while flying.
    public var moveUp: Float = 0
    /// Degrees per second; positive turns right.
    public var yawRate: Float = 0
    /// Degrees per second; positive looks up.
    public var pitchRate: Float = 0
    /// Speed multiplier; 1 is the neutral value (2 = the engine's sprint).
    public var velocity: Float = 1
    /// Crouch amount, 0…1.
    public var crouch: Float = 0
    /// A latched jump not consumed by a tick yet.
    public var jumpPending = false

    /// The neutral state (what a cancel resets to).
    public init() {}
  }

  /// One `LocomotionCommand` as received: nil for a field that was absent on the wire.
  public struct Command: Sendable, Hashable {
    /// `move_forward`, if present.
    public var moveForward: Float?
    /// `move_right`, if present.
    public var moveRight: Float?
    /// `move_up`, if present.
    public var moveUp: Float?
    /// `yaw_rate`, if present.
    public var yawRate: Float?
    /// `pitch_rate`, if present.
    public var pitchRate: Float?
    /// `jump`, if present.
    public var jump: Bool?
    /// `velocity`, if present.
    public var velocity: Float?
    /// `crouch`, if present.
    public var crouch: Float?
    /// The client's send stamp.
    public var unixNanos: Int64 = 0

    /// A command with no control present.
    public init() {}

    /// The names of the present controls, in field order (for example `["yaw_rate"]`).
    public var presentFields: [String] {
      var names: [String] = []
      if moveForward != nil { names.append("move_forward") }
      if moveRight != nil { names.append("move_right") }
      if moveUp != nil { names.append("move_up") }
      if yawRate != nil { names.append("yaw_rate") }
      if pitchRate != nil { names.append("pitch_rate") }
      if jump != nil { names.append("jump") }
      if velocity != nil { names.append("velocity") }
      if crouch != nil { names.append("crouch") }
      return names
    }
  }

  /// How a Drive stream ended: half-closed keeps the controls, any other end resets them to
  /// neutral.
  public typealias DriveEnd = ClientStreamEnd

  /// One Drive stream.
  public struct Drive: Sendable, Hashable {
    /// The commands in arrival order.
    public var commands: [Command] = []
    /// nil while open.
    public var end: DriveEnd?
  }

  /// One `Reset` call.
  public struct ResetRecord: Sendable, Hashable {
    /// `move` as requested.
    public var move: Bool
    /// `look` as requested.
    public var look: Bool
    /// `crouch` as requested.
    public var crouch: Bool
    /// `jump` as requested.
    public var jump: Bool
    /// The flags after the all-false expansion (what the summary echoes).
    public var expanded: [Bool]
  }

  private struct State {
    var controls = Controls()
    var pose = AvatarPose()
    var flying = false
    var paused = false
    /// Monotonic nanos of tick 0 of the real-time grid.
    var origin: UInt64
    /// Grid ticks already accounted for (integrated, or skipped while paused).
    var gridTicks: Int = 0
    var drives: [Drive] = []
    var resets: [ResetRecord] = []
  }

  private let state: Mutex<State>

  /// Creates the model: neutral controls, the initial ``AvatarPose``, the tick grid starting now.
  public init() {
    state = Mutex(State(origin: LoopClock.monotonicNanos()))
  }

  /// The pose now (integrated up to now first).
  public var pose: AvatarPose {
    state.withLock { state in
      Self.catchUp(&state)
      return state.pose
    }
  }

  /// The held controls now.
  public var controls: Controls {
    state.withLock { state in
      Self.catchUp(&state)
      return state.controls
    }
  }

  /// Every Drive stream so far, in the order they opened.
  public var drives: [Drive] { state.withLock { $0.drives } }
  /// Every Reset so far.
  public var resets: [ResetRecord] { state.withLock { $0.resets } }
  /// Every command of every Drive, in arrival order.
  public var commands: [Command] { state.withLock { $0.drives.flatMap(\.commands) } }

  /// Whether `move_up` moves the avatar (fly or noclip); false (walking) by default.
  public var isFlying: Bool {
    get { state.withLock { $0.flying } }
    set { state.withLock { $0.flying = newValue } }
  }

  /// While true, real time does not tick the avatar: only ``advance(ticks:)`` does. Setting it
  /// back to false resumes from now (the paused time is not caught up).
  public var isPaused: Bool {
    get { state.withLock { $0.paused } }
    set {
      state.withLock { state in
        Self.catchUp(&state)
        state.paused = newValue
      }
    }
  }

  /// Runs `ticks` engine ticks with the held controls now (whether paused or not).
  public func advance(ticks: Int) {
    state.withLock { state in
      Self.catchUp(&state)
      for _ in 0..<max(ticks, 0) { Self.tick(&state) }
    }
  }

  /// Sets the pose (for tests that start elsewhere).
  public func set(pose: AvatarPose) {
    state.withLock { state in
      Self.catchUp(&state)
      state.pose = pose
    }
  }

  // MARK: The services

  /// A Drive stream opened; returns its index.
  func openDrive() -> Int {
    state.withLock { state in
      state.drives.append(Drive())
      return state.drives.count - 1
    }
  }

  /// One command of Drive `index`: merged into the held state.
  func receive(_ command: Command, drive index: Int) {
    state.withLock { state in
      Self.catchUp(&state)
      if let v = command.moveForward { state.controls.moveForward = v }
      if let v = command.moveRight { state.controls.moveRight = v }
      if let v = command.moveUp { state.controls.moveUp = v }
      if let v = command.yawRate { state.controls.yawRate = v }
      if let v = command.pitchRate { state.controls.pitchRate = v }
      if command.jump == true { state.controls.jumpPending = true }
      if let v = command.velocity { state.controls.velocity = v }
      if let v = command.crouch { state.controls.crouch = v }
      if state.drives.indices.contains(index) { state.drives[index].commands.append(command) }
    }
  }

  /// Drive `index` ended; any end but a half-close resets the controls to neutral.
  func endDrive(_ index: Int, _ end: DriveEnd) {
    state.withLock { state in
      Self.catchUp(&state)
      if end != .halfClosed { state.controls = Controls() }
      if state.drives.indices.contains(index), state.drives[index].end == nil { state.drives[index].end = end }
    }
  }

  /// `Reset`: returns the expanded flags (move, look, crouch, jump).
  func reset(move: Bool, look: Bool, crouch: Bool, jump: Bool) -> (Bool, Bool, Bool, Bool) {
    let all = !(move || look || crouch || jump)
    let flags = (move || all, look || all, crouch || all, jump || all)
    state.withLock { state in
      Self.catchUp(&state)
      if flags.0 {
        state.controls.moveForward = 0
        state.controls.moveRight = 0
        state.controls.moveUp = 0
        state.controls.velocity = 1
      }
      if flags.1 {
        state.controls.yawRate = 0
        state.controls.pitchRate = 0
      }
      if flags.2 { state.controls.crouch = 0 }
      if flags.3 { state.controls.jumpPending = false }
      state.resets.append(
        ResetRecord(move: move, look: look, crouch: crouch, jump: jump, expanded: [flags.0, flags.1, flags.2, flags.3]))
    }
    return flags
  }

  // MARK: Integration

  /// Integrates the grid ticks due by now (none while paused).
  private static func catchUp(_ state: inout State) {
    let elapsed = LoopClock.monotonicNanos() &- state.origin
    let due = Int(Double(elapsed) * tickRate / 1e9)
    let pending = due - state.gridTicks
    guard pending > 0 else { return }
    state.gridTicks = due
    guard !state.paused else { return }
    let c = state.controls
    let idle =
      c.moveForward == 0 && c.moveRight == 0 && (c.moveUp == 0 || !state.flying) && c.yawRate == 0
      && c.pitchRate == 0 && !c.jumpPending && state.pose.crouch == Double(min(max(c.crouch, 0), 1))
    if idle {
      state.pose.ticks += pending
      return
    }
    for _ in 0..<pending { tick(&state) }
  }

  /// One engine tick with the held controls.
  private static func tick(_ state: inout State) {
    let dt = 1 / tickRate
    let c = state.controls
    state.pose.yaw += Double(c.yawRate) * dt
    state.pose.pitch = min(max(state.pose.pitch + Double(c.pitchRate) * dt, -89), 89)
    let radians = state.pose.yaw * .pi / 180
    let (s, co) = (sin(radians), cos(radians))
    let speed = walkSpeed * Double(c.velocity) * dt
    let forward = Double(c.moveForward)
    let right = Double(c.moveRight)
    state.pose.x += (s * forward + co * right) * speed
    state.pose.z += (co * forward - s * right) * speed
    if state.flying { state.pose.y += Double(c.moveUp) * speed }
    state.pose.crouch = Double(min(max(c.crouch, 0), 1))
    if c.jumpPending {
      state.pose.jumps += 1
      state.controls.jumpPending = false
    }
    state.pose.ticks += 1
  }
}
