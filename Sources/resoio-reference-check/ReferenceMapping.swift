import Foundation
import ResoniteIO
import ResoniteIOMessages

/// What the reference client makes of each reply message, written here apart from the
/// library's own mapping, which ``FamilyChecks`` compares with it as whole values: every field,
/// integers widened, enums by the reference's names (UNSPECIFIED as the reference reads it).
/// A field the library adds to a type must be added here too (the initializers say so).
enum ReferenceMapping {
  static func display(_ w: ResoniteIo_V1_DisplayState) -> DisplayInfo {
    DisplayInfo(width: Int(w.width), height: Int(w.height), maxFPS: w.maxFps)
  }

  static func cursor(_ w: ResoniteIo_V1_CursorState) -> CursorState {
    CursorState(x: w.x, y: w.y, windowWidth: Int(w.windowWidth), windowHeight: Int(w.windowHeight), held: w.held)
  }

  /// Hand and buttons by name; an UNSPECIFIED hand is the primary one.
  static func grabState(_ w: ResoniteIo_V1_GrabberGrabState) -> GrabState {
    let hand: Hand =
      switch w.hand {
      case .left: .left
      case .right: .right
      default: .primary
      }
    return GrabState(
      hand: hand, isHolding: w.isHolding, objectNames: w.objectNames, unixNanos: w.unixNanos,
      isToolEquipped: w.isToolEquipped, equippedToolName: w.equippedToolName,
      heldButtons: w.heldButtons.map { $0 == .secondary ? .secondary : .primary })
  }

  /// The reference keeps the highlighted index's int (-1 = none); ours is nil for any negative one.
  static func menu(_ w: ResoniteIo_V1_ContextMenuState) -> ContextMenuState {
    let items = w.items.map { item in
      ContextMenuItem(
        index: Int(item.index), label: item.label, enabled: item.enabled, hasIcon: item.hasIcon_p,
        color: ContextMenuItem.Color(red: item.colorR, green: item.colorG, blue: item.colorB, alpha: item.colorA))
    }
    return ContextMenuState(
      isOpen: w.isOpen, items: items, highlightedIndex: w.highlightedIndex < 0 ? nil : Int(w.highlightedIndex))
  }

  static func dashState(_ w: ResoniteIo_V1_DashState) -> DashState {
    DashState(isOpen: w.isOpen, openLerp: w.openLerp)
  }

  static func dashAction(_ w: ResoniteIo_V1_DashActionResult) -> DashActionResult {
    DashActionResult(ok: w.ok, found: w.found, refID: w.refID, detail: w.detail)
  }

  static func dashTabs(_ w: ResoniteIo_V1_DashTabList) -> [DashTab] {
    w.tabs.map {
      DashTab(
        refID: $0.refID, localeKey: $0.localeKey, name: $0.name, label: $0.label, isCurrent: $0.isCurrent,
        isEnabled: $0.enabled)
    }
  }

  static func dashControls(_ w: ResoniteIo_V1_DashControlList) -> [DashControl] {
    w.controls.map {
      DashControl(
        refID: $0.refID, controlType: $0.controlType, label: $0.label, localeKey: $0.localeKey,
        isEnabled: $0.enabled, parentRefID: $0.parentRefID, depth: Int($0.depth))
    }
  }

  static func openWorld(_ w: ResoniteIo_V1_OpenWorld) -> OpenWorld {
    OpenWorld(
      handle: w.handle, sessionID: w.sessionID, name: w.name, isFocused: w.focused, userCount: Int(w.userCount),
      accessLevel: w.accessLevel)
  }

  static func sessionPage(_ w: ResoniteIo_V1_ListSessionsResponse) -> WorldSessionPage {
    let sessions = w.sessions.map {
      WorldSession(
        sessionID: $0.sessionID, name: $0.name, description: $0.description_p, hostUserID: $0.hostUserID,
        hostUsername: $0.hostUsername, sessionURLs: $0.sessionUrls, thumbnailURL: $0.thumbnailURL,
        joinedUsers: Int($0.joinedUsers), activeUsers: Int($0.activeUsers), maximumUsers: Int($0.maximumUsers),
        tags: $0.tags, accessLevel: $0.accessLevel, isHeadlessHost: $0.headlessHost,
        isMobileFriendly: $0.mobileFriendly, correspondingWorldID: $0.correspondingWorldID,
        universeID: $0.universeID, sessionBeginUnixNanos: $0.sessionBeginUnixNanos,
        lastUpdateUnixNanos: $0.lastUpdateUnixNanos)
    }
    return WorldSessionPage(
      sessions: sessions, totalCount: Int(w.totalCount), page: Int(w.page), pageSize: Int(w.pageSize))
  }

  static func recordPage(_ w: ResoniteIo_V1_ListRecordsResponse) -> WorldRecordPage {
    let records = w.records.map {
      WorldRecord(
        recordID: $0.recordID, ownerID: $0.ownerID, name: $0.name, description: $0.description_p,
        thumbnailURL: $0.thumbnailURL, tags: $0.tags, recordURL: $0.recordURL,
        lastModificationUnixNanos: $0.lastModificationUnixNanos)
    }
    return WorldRecordPage(records: records, hasMore: w.hasMore_p, offset: Int(w.offset))
  }

  /// The entry kind by name; UNSPECIFIED and unknown values are `unknown`.
  static func listing(_ w: ResoniteIo_V1_InventoryListing) -> InventoryListing {
    let entries = w.entries.map { entry in
      let kind: InventoryEntryKind =
        switch entry.kind {
        case .directory: .directory
        case .object: .object
        case .world: .world
        case .link: .link
        default: .unknown
        }
      return InventoryEntry(
        name: entry.name, path: entry.path, kind: kind, recordID: entry.recordID, assetURI: entry.assetUri,
        isPublic: entry.isPublic, lastModifiedUnixNanos: entry.lastModifiedUnixNanos)
    }
    return InventoryListing(path: w.path, entries: entries)
  }

  static func mutation(_ w: ResoniteIo_V1_InventoryMutationResult) -> InventoryMutationResult {
    InventoryMutationResult(path: w.path, recordID: w.recordID)
  }

  static func spawn(_ w: ResoniteIo_V1_InventorySpawnResult) -> InventorySpawnResult {
    InventorySpawnResult(sourcePath: w.sourcePath, spawnedSlotID: w.spawnedSlotID, spawnedSlotName: w.spawnedSlotName)
  }

  static func user(_ w: ResoniteIo_V1_SessionUser) -> SessionUser {
    SessionUser(
      userID: w.userID, userName: w.userName, isHost: w.isHost, isLocalUser: w.isLocalUser,
      isPresentInWorld: w.isPresentInWorld, isSilenced: w.isSilenced, localVolume: w.localVolume,
      roleName: w.roleName, platform: w.platform, headDevice: w.headDevice)
  }

  /// The access level by the reference's name.
  static func settings(_ w: ResoniteIo_V1_SessionSettings) -> SessionSettings? {
    let names: [ResoniteIo_V1_SessionAccessLevel: SessionAccessLevel] = [
      .private: .private, .lan: .lan, .contacts: .contacts, .contactsPlus: .contactsPlus,
      .registeredUsers: .registeredUsers, .anyone: .anyone,
    ]
    guard let accessLevel = names[w.accessLevel] else { return nil }
    return SessionSettings(
      worldName: w.worldName, worldDescription: w.worldDescription, maxUsers: Int(w.maxUsers),
      accessLevel: accessLevel, hideFromListing: w.hideFromListing, mobileFriendly: w.mobileFriendly,
      awayKickEnabled: w.awayKickEnabled, awayKickMinutes: w.awayKickMinutes, autoSaveEnabled: w.autoSaveEnabled,
      autoSaveIntervalMinutes: w.autoSaveIntervalMinutes, autoCleanupEnabled: w.autoCleanupEnabled,
      autoCleanupIntervalSeconds: w.autoCleanupIntervalSeconds, tags: w.tags, sessionID: w.sessionID,
      isHost: w.isHost)
  }

  static func roles(_ w: ResoniteIo_V1_ListRolesResponse) -> SessionRoles {
    SessionRoles(
      roles: w.roles.map {
        SessionRole(
          roleName: $0.roleName, roleDescription: $0.roleDescription, isHighest: $0.isHighest, isLowest: $0.isLowest)
      },
      defaultAnonymousRole: w.defaultAnonymousRole, defaultVisitorRole: w.defaultVisitorRole,
      defaultContactRole: w.defaultContactRole, defaultHostRole: w.defaultHostRole,
      defaultOwnerRole: w.defaultOwnerRole)
  }

  /// Statuses by the reference's names.
  static func contact(_ w: ResoniteIo_V1_ContactInfo) -> ContactInfo? {
    guard let status = ContactStatus(rawValue: ContactEnumNames.status(w.status)),
      let online = OnlineStatus(rawValue: ContactEnumNames.online(w.onlineStatus))
    else { return nil }
    return ContactInfo(
      userID: w.userID, username: w.username, alternateUsernames: w.alternateUsernames, status: status,
      isAccepted: w.isAccepted, isContactRequest: w.isContactRequest, onlineStatus: online,
      currentSessionName: w.currentSessionName, currentSessionAccessLevel: w.currentSessionAccessLevel,
      isHidden: w.isHidden)
  }

  static func contacts(_ w: ResoniteIo_V1_ListContactsResponse) -> ContactList {
    ContactList(
      contacts: w.contacts.compactMap(contact), contactCount: Int(w.contactCount),
      requestCount: Int(w.requestCount), listLoaded: w.listLoaded)
  }

  static func auth(_ w: ResoniteIo_V1_AuthStatus) -> AuthStatus {
    AuthStatus(
      loggedIn: w.loggedIn, userID: w.userID, userName: w.userName, sessionExpiresUnixNanos: w.sessionExpiresUnixNanos)
  }
}

/// The reference's public names for the contact enums' wire values.
enum ContactEnumNames {
  static func status(_ value: ResoniteIo_V1_ContactStatus) -> String {
    switch value {
    case .unspecified: "unspecified"
    case .none: "none"
    case .searchResult: "search_result"
    case .requested: "requested"
    case .ignored: "ignored"
    case .blocked: "blocked"
    case .accepted: "accepted"
    default: "?"
    }
  }

  static func online(_ value: ResoniteIo_V1_OnlineStatus) -> String {
    switch value {
    case .unspecified: "unspecified"
    case .offline: "offline"
    case .invisible: "invisible"
    case .away: "away"
    case .busy: "busy"
    case .online: "online"
    case .sociable: "sociable"
    default: "?"
    }
  }
}
