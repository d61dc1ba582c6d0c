/// The versions this client is built for, kept in one place.
public enum ResoniteIOContract {
  /// The Resonite IO mod release whose wire contract this client speaks. The version probe
  /// warns when the connected mod reports another version.
  public static let modVersion = "0.7.0"
  /// This Swift client's own version.
  public static let clientVersion = "0.1.0"
  /// Where a matching mod release is published.
  public static let modReleasesHint = "the Resonite IO mod's releases page (install mod version \(modVersion))"
}
