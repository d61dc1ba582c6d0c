import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs

/// Every unary RPC of the contract through its generated stub (`ResoniteIOStubs`), one line
/// each; `ResoniteIOServiceCatalog` is checked against this table so a new RPC cannot be missed.
let wireRPCs: [WireRPC] = [
  wire(ResoniteIo_V1_AuthStub.Methods.login) { (channel, request: ResoniteIo_V1_AuthLoginRequest) throws(RPCError) in
    try await ResoniteIo_V1_AuthStub(channel: channel).login(request)
  },
  wire(ResoniteIo_V1_AuthStub.Methods.logout) { (channel, request: ResoniteIo_V1_AuthLogoutRequest) throws(RPCError) in
    try await ResoniteIo_V1_AuthStub(channel: channel).logout(request)
  },
  wire(ResoniteIo_V1_AuthStub.Methods.status) { (channel, request: ResoniteIo_V1_AuthStatusRequest) throws(RPCError) in
    try await ResoniteIo_V1_AuthStub(channel: channel).status(request)
  },
  wire(ResoniteIo_V1_ConnectionStub.Methods.ping) { (channel, request: ResoniteIo_V1_PingRequest) throws(RPCError) in
    try await ResoniteIo_V1_ConnectionStub(channel: channel).ping(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.listContacts) {
    (channel, request: ResoniteIo_V1_ListContactsRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).listContacts(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.getContact) {
    (channel, request: ResoniteIo_V1_GetContactRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).getContact(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.searchUsers) {
    (channel, request: ResoniteIo_V1_SearchUsersRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).searchUsers(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.addContact) {
    (channel, request: ResoniteIo_V1_AddContactRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).addContact(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.acceptRequest) {
    (channel, request: ResoniteIo_V1_AcceptRequestRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).acceptRequest(request)
  },
  wire(ResoniteIo_V1_ContactStub.Methods.removeContact) {
    (channel, request: ResoniteIo_V1_RemoveContactRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContactStub(channel: channel).removeContact(request)
  },
  wire(ResoniteIo_V1_ContextMenuStub.Methods.open) {
    (channel, request: ResoniteIo_V1_ContextMenuOpenRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContextMenuStub(channel: channel).open(request)
  },
  wire(ResoniteIo_V1_ContextMenuStub.Methods.close) {
    (channel, request: ResoniteIo_V1_ContextMenuCloseRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContextMenuStub(channel: channel).close(request)
  },
  wire(ResoniteIo_V1_ContextMenuStub.Methods.getState) {
    (channel, request: ResoniteIo_V1_ContextMenuGetStateRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContextMenuStub(channel: channel).getState(request)
  },
  wire(ResoniteIo_V1_ContextMenuStub.Methods.highlight) {
    (channel, request: ResoniteIo_V1_ContextMenuHighlightRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContextMenuStub(channel: channel).highlight(request)
  },
  wire(ResoniteIo_V1_ContextMenuStub.Methods.invoke) {
    (channel, request: ResoniteIo_V1_ContextMenuInvokeRequest) throws(RPCError) in
    try await ResoniteIo_V1_ContextMenuStub(channel: channel).invoke(request)
  },
  wire(ResoniteIo_V1_CursorStub.Methods.setPosition) {
    (channel, request: ResoniteIo_V1_CursorSetPositionRequest) throws(RPCError) in
    try await ResoniteIo_V1_CursorStub(channel: channel).setPosition(request)
  },
  wire(ResoniteIo_V1_CursorStub.Methods.getPosition) {
    (channel, request: ResoniteIo_V1_CursorGetPositionRequest) throws(RPCError) in
    try await ResoniteIo_V1_CursorStub(channel: channel).getPosition(request)
  },
  wire(ResoniteIo_V1_CursorStub.Methods.release) {
    (channel, request: ResoniteIo_V1_CursorReleaseRequest) throws(RPCError) in
    try await ResoniteIo_V1_CursorStub(channel: channel).release(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.open) { (channel, request: ResoniteIo_V1_DashOpenRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).open(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.close) { (channel, request: ResoniteIo_V1_DashCloseRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).close(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.getState) {
    (channel, request: ResoniteIo_V1_DashGetStateRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).getState(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.listTabs) {
    (channel, request: ResoniteIo_V1_DashListTabsRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).listTabs(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.setTab) { (channel, request: ResoniteIo_V1_DashSetTabRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).setTab(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.listControls) {
    (channel, request: ResoniteIo_V1_DashListControlsRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).listControls(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.invoke) { (channel, request: ResoniteIo_V1_DashInvokeRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).invoke(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.scroll) { (channel, request: ResoniteIo_V1_DashScrollRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).scroll(request)
  },
  wire(ResoniteIo_V1_DashStub.Methods.highlight) {
    (channel, request: ResoniteIo_V1_DashHighlightRequest) throws(RPCError) in
    try await ResoniteIo_V1_DashStub(channel: channel).highlight(request)
  },
  wire(ResoniteIo_V1_DisplayStub.Methods.apply) { (channel, request: ResoniteIo_V1_DisplayConfig) throws(RPCError) in
    try await ResoniteIo_V1_DisplayStub(channel: channel).apply(request)
  },
  wire(ResoniteIo_V1_DisplayStub.Methods.get) { (channel, request: ResoniteIo_V1_DisplayGetRequest) throws(RPCError) in
    try await ResoniteIo_V1_DisplayStub(channel: channel).get(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.grab) {
    (channel, request: ResoniteIo_V1_GrabberGrabRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).grab(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.release) {
    (channel, request: ResoniteIo_V1_GrabberReleaseRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).release(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.getState) {
    (channel, request: ResoniteIo_V1_GrabberGetStateRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).getState(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.use) { (channel, request: ResoniteIo_V1_GrabberUseRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).use(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.unuse) {
    (channel, request: ResoniteIo_V1_GrabberUnuseRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).unuse(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.equip) {
    (channel, request: ResoniteIo_V1_GrabberEquipRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).equip(request)
  },
  wire(ResoniteIo_V1_GrabberStub.Methods.dequip) {
    (channel, request: ResoniteIo_V1_GrabberDequipRequest) throws(RPCError) in
    try await ResoniteIo_V1_GrabberStub(channel: channel).dequip(request)
  },
  wire(ResoniteIo_V1_InfoStub.Methods.getServerInfo) {
    (channel, request: ResoniteIo_V1_GetServerInfoRequest) throws(RPCError) in
    try await ResoniteIo_V1_InfoStub(channel: channel).getServerInfo(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.list) {
    (channel, request: ResoniteIo_V1_InventoryListRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).list(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.makeDir) {
    (channel, request: ResoniteIo_V1_InventoryMakeDirRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).makeDir(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.copy) {
    (channel, request: ResoniteIo_V1_InventoryCopyRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).copy(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.move) {
    (channel, request: ResoniteIo_V1_InventoryMoveRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).move(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.remove) {
    (channel, request: ResoniteIo_V1_InventoryRemoveRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).remove(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.spawn) {
    (channel, request: ResoniteIo_V1_InventorySpawnRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).spawn(request)
  },
  wire(ResoniteIo_V1_InventoryStub.Methods.fetchThumbnail) {
    (channel, request: ResoniteIo_V1_InventoryThumbnailRequest) throws(RPCError) in
    try await ResoniteIo_V1_InventoryStub(channel: channel).fetchThumbnail(request)
  },
  wire(ResoniteIo_V1_LifecycleStub.Methods.shutdown) {
    (channel, request: ResoniteIo_V1_ShutdownRequest) throws(RPCError) in
    try await ResoniteIo_V1_LifecycleStub(channel: channel).shutdown(request)
  },
  wire(ResoniteIo_V1_LocomotionStub.Methods.reset) {
    (channel, request: ResoniteIo_V1_LocomotionResetRequest) throws(RPCError) in
    try await ResoniteIo_V1_LocomotionStub(channel: channel).reset(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.getSettings) {
    (channel, request: ResoniteIo_V1_GetSettingsRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).getSettings(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.applySettings) {
    (channel, request: ResoniteIo_V1_SessionSettingsPatch) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).applySettings(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.listUsers) {
    (channel, request: ResoniteIo_V1_ListUsersRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).listUsers(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.kickUser) {
    (channel, request: ResoniteIo_V1_KickUserRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).kickUser(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.banUser) { (channel, request: ResoniteIo_V1_BanUserRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).banUser(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.silenceUser) {
    (channel, request: ResoniteIo_V1_SilenceUserRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).silenceUser(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.respawnUser) {
    (channel, request: ResoniteIo_V1_RespawnUserRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).respawnUser(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.setUserRole) {
    (channel, request: ResoniteIo_V1_SetUserRoleRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).setUserRole(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.listRoles) {
    (channel, request: ResoniteIo_V1_ListRolesRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).listRoles(request)
  },
  wire(ResoniteIo_V1_SessionStub.Methods.getUserRoleOverrides) {
    (channel, request: ResoniteIo_V1_GetUserRoleOverridesRequest) throws(RPCError) in
    try await ResoniteIo_V1_SessionStub(channel: channel).getUserRoleOverrides(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.listSessions) {
    (channel, request: ResoniteIo_V1_ListSessionsRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).listSessions(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.listRecords) {
    (channel, request: ResoniteIo_V1_ListRecordsRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).listRecords(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.join) { (channel, request: ResoniteIo_V1_JoinRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).join(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.startWorld) {
    (channel, request: ResoniteIo_V1_StartWorldRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).startWorld(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.listOpenWorlds) {
    (channel, request: ResoniteIo_V1_ListOpenWorldsRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).listOpenWorlds(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.focus) { (channel, request: ResoniteIo_V1_FocusRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).focus(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.leave) { (channel, request: ResoniteIo_V1_LeaveRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).leave(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.getCurrent) {
    (channel, request: ResoniteIo_V1_GetCurrentRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).getCurrent(request)
  },
  wire(ResoniteIo_V1_WorldStub.Methods.fetchThumbnail) {
    (channel, request: ResoniteIo_V1_FetchThumbnailRequest) throws(RPCError) in
    try await ResoniteIo_V1_WorldStub(channel: channel).fetchThumbnail(request)
  },
]
