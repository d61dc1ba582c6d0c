import ResoniteGRPC
import ResoniteIOMessages
import ResoniteIOStubs

/// Every unary RPC of the contract as its generated stub method (`ResoniteIOStubs`), one line
/// each; `ResoniteIOServiceCatalog` is checked against this table so a new RPC cannot be missed.
let wireRPCs: [WireRPC] = [
  wire(ResoniteIo_V1_AuthStub.Methods.login, ResoniteIo_V1_AuthStub.login),
  wire(ResoniteIo_V1_AuthStub.Methods.logout, ResoniteIo_V1_AuthStub.logout),
  wire(ResoniteIo_V1_AuthStub.Methods.status, ResoniteIo_V1_AuthStub.status),
  wire(ResoniteIo_V1_ConnectionStub.Methods.ping, ResoniteIo_V1_ConnectionStub.ping),
  wire(ResoniteIo_V1_ContactStub.Methods.listContacts, ResoniteIo_V1_ContactStub.listContacts),
  wire(ResoniteIo_V1_ContactStub.Methods.getContact, ResoniteIo_V1_ContactStub.getContact),
  wire(ResoniteIo_V1_ContactStub.Methods.searchUsers, ResoniteIo_V1_ContactStub.searchUsers),
  wire(ResoniteIo_V1_ContactStub.Methods.addContact, ResoniteIo_V1_ContactStub.addContact),
  wire(ResoniteIo_V1_ContactStub.Methods.acceptRequest, ResoniteIo_V1_ContactStub.acceptRequest),
  wire(ResoniteIo_V1_ContactStub.Methods.removeContact, ResoniteIo_V1_ContactStub.removeContact),
  wire(ResoniteIo_V1_ContextMenuStub.Methods.open, ResoniteIo_V1_ContextMenuStub.open),
  wire(ResoniteIo_V1_ContextMenuStub.Methods.close, ResoniteIo_V1_ContextMenuStub.close),
  wire(ResoniteIo_V1_ContextMenuStub.Methods.getState, ResoniteIo_V1_ContextMenuStub.getState),
  wire(ResoniteIo_V1_ContextMenuStub.Methods.highlight, ResoniteIo_V1_ContextMenuStub.highlight),
  wire(ResoniteIo_V1_ContextMenuStub.Methods.invoke, ResoniteIo_V1_ContextMenuStub.invoke),
  wire(ResoniteIo_V1_CursorStub.Methods.setPosition, ResoniteIo_V1_CursorStub.setPosition),
  wire(ResoniteIo_V1_CursorStub.Methods.getPosition, ResoniteIo_V1_CursorStub.getPosition),
  wire(ResoniteIo_V1_CursorStub.Methods.release, ResoniteIo_V1_CursorStub.release),
  wire(ResoniteIo_V1_DashStub.Methods.open, ResoniteIo_V1_DashStub.open),
  wire(ResoniteIo_V1_DashStub.Methods.close, ResoniteIo_V1_DashStub.close),
  wire(ResoniteIo_V1_DashStub.Methods.getState, ResoniteIo_V1_DashStub.getState),
  wire(ResoniteIo_V1_DashStub.Methods.listTabs, ResoniteIo_V1_DashStub.listTabs),
  wire(ResoniteIo_V1_DashStub.Methods.setTab, ResoniteIo_V1_DashStub.setTab),
  wire(ResoniteIo_V1_DashStub.Methods.listControls, ResoniteIo_V1_DashStub.listControls),
  wire(ResoniteIo_V1_DashStub.Methods.invoke, ResoniteIo_V1_DashStub.invoke),
  wire(ResoniteIo_V1_DashStub.Methods.scroll, ResoniteIo_V1_DashStub.scroll),
  wire(ResoniteIo_V1_DashStub.Methods.highlight, ResoniteIo_V1_DashStub.highlight),
  wire(ResoniteIo_V1_DisplayStub.Methods.apply, ResoniteIo_V1_DisplayStub.apply),
  wire(ResoniteIo_V1_DisplayStub.Methods.get, ResoniteIo_V1_DisplayStub.get),
  wire(ResoniteIo_V1_GrabberStub.Methods.grab, ResoniteIo_V1_GrabberStub.grab),
  wire(ResoniteIo_V1_GrabberStub.Methods.release, ResoniteIo_V1_GrabberStub.release),
  wire(ResoniteIo_V1_GrabberStub.Methods.getState, ResoniteIo_V1_GrabberStub.getState),
  wire(ResoniteIo_V1_GrabberStub.Methods.use, ResoniteIo_V1_GrabberStub.use),
  wire(ResoniteIo_V1_GrabberStub.Methods.unuse, ResoniteIo_V1_GrabberStub.unuse),
  wire(ResoniteIo_V1_GrabberStub.Methods.equip, ResoniteIo_V1_GrabberStub.equip),
  wire(ResoniteIo_V1_GrabberStub.Methods.dequip, ResoniteIo_V1_GrabberStub.dequip),
  wire(ResoniteIo_V1_InfoStub.Methods.getServerInfo, ResoniteIo_V1_InfoStub.getServerInfo),
  wire(ResoniteIo_V1_InventoryStub.Methods.list, ResoniteIo_V1_InventoryStub.list),
  wire(ResoniteIo_V1_InventoryStub.Methods.makeDir, ResoniteIo_V1_InventoryStub.makeDir),
  wire(ResoniteIo_V1_InventoryStub.Methods.copy, ResoniteIo_V1_InventoryStub.copy),
  wire(ResoniteIo_V1_InventoryStub.Methods.move, ResoniteIo_V1_InventoryStub.move),
  wire(ResoniteIo_V1_InventoryStub.Methods.remove, ResoniteIo_V1_InventoryStub.remove),
  wire(ResoniteIo_V1_InventoryStub.Methods.spawn, ResoniteIo_V1_InventoryStub.spawn),
  wire(ResoniteIo_V1_InventoryStub.Methods.fetchThumbnail, ResoniteIo_V1_InventoryStub.fetchThumbnail),
  wire(ResoniteIo_V1_LifecycleStub.Methods.shutdown, ResoniteIo_V1_LifecycleStub.shutdown),
  wire(ResoniteIo_V1_LocomotionStub.Methods.reset, ResoniteIo_V1_LocomotionStub.reset),
  wire(ResoniteIo_V1_SessionStub.Methods.getSettings, ResoniteIo_V1_SessionStub.getSettings),
  wire(ResoniteIo_V1_SessionStub.Methods.applySettings, ResoniteIo_V1_SessionStub.applySettings),
  wire(ResoniteIo_V1_SessionStub.Methods.listUsers, ResoniteIo_V1_SessionStub.listUsers),
  wire(ResoniteIo_V1_SessionStub.Methods.kickUser, ResoniteIo_V1_SessionStub.kickUser),
  wire(ResoniteIo_V1_SessionStub.Methods.banUser, ResoniteIo_V1_SessionStub.banUser),
  wire(ResoniteIo_V1_SessionStub.Methods.silenceUser, ResoniteIo_V1_SessionStub.silenceUser),
  wire(ResoniteIo_V1_SessionStub.Methods.respawnUser, ResoniteIo_V1_SessionStub.respawnUser),
  wire(ResoniteIo_V1_SessionStub.Methods.setUserRole, ResoniteIo_V1_SessionStub.setUserRole),
  wire(ResoniteIo_V1_SessionStub.Methods.listRoles, ResoniteIo_V1_SessionStub.listRoles),
  wire(ResoniteIo_V1_SessionStub.Methods.getUserRoleOverrides, ResoniteIo_V1_SessionStub.getUserRoleOverrides),
  wire(ResoniteIo_V1_WorldStub.Methods.listSessions, ResoniteIo_V1_WorldStub.listSessions),
  wire(ResoniteIo_V1_WorldStub.Methods.listRecords, ResoniteIo_V1_WorldStub.listRecords),
  wire(ResoniteIo_V1_WorldStub.Methods.join, ResoniteIo_V1_WorldStub.join),
  wire(ResoniteIo_V1_WorldStub.Methods.startWorld, ResoniteIo_V1_WorldStub.startWorld),
  wire(ResoniteIo_V1_WorldStub.Methods.listOpenWorlds, ResoniteIo_V1_WorldStub.listOpenWorlds),
  wire(ResoniteIo_V1_WorldStub.Methods.focus, ResoniteIo_V1_WorldStub.focus),
  wire(ResoniteIo_V1_WorldStub.Methods.leave, ResoniteIo_V1_WorldStub.leave),
  wire(ResoniteIo_V1_WorldStub.Methods.getCurrent, ResoniteIo_V1_WorldStub.getCurrent),
  wire(ResoniteIo_V1_WorldStub.Methods.fetchThumbnail, ResoniteIo_V1_WorldStub.fetchThumbnail),
]

// Every generated stub is made over a channel.
extension ResoniteIo_V1_AuthStub: ChannelStub {}
extension ResoniteIo_V1_ConnectionStub: ChannelStub {}
extension ResoniteIo_V1_ContactStub: ChannelStub {}
extension ResoniteIo_V1_ContextMenuStub: ChannelStub {}
extension ResoniteIo_V1_CursorStub: ChannelStub {}
extension ResoniteIo_V1_DashStub: ChannelStub {}
extension ResoniteIo_V1_DisplayStub: ChannelStub {}
extension ResoniteIo_V1_GrabberStub: ChannelStub {}
extension ResoniteIo_V1_InfoStub: ChannelStub {}
extension ResoniteIo_V1_InventoryStub: ChannelStub {}
extension ResoniteIo_V1_LifecycleStub: ChannelStub {}
extension ResoniteIo_V1_LocomotionStub: ChannelStub {}
extension ResoniteIo_V1_SessionStub: ChannelStub {}
extension ResoniteIo_V1_WorldStub: ChannelStub {}
