@testable import ResoniteTransport
import ResoniteTestSupport
import Testing

@Suite("ReaderRole: one reader of a connection's socket at a time")
struct ReaderRoleTests {
  let start = ContinuousClock.now

  @Test("one caller leads at a time; the I/O thread reads only while no caller does")
  func exclusive() {
    var role = ReaderRole(lease: .milliseconds(2))
    let r1 = role.claim(for: 1)
    #expect(r1)
    #expect(role.isCallerLeading)
    let r2 = role.claim(for: 3)
    #expect(!r2, "a second caller must not lead")
    let r3 = role.beginLoopRead()
    #expect(!r3, "the I/O thread must not read while a caller leads")
    let plan = role.planLoopWait(now: start)
    #expect(!plan.readsSocket)
    #expect(plan.lookAgainBy == start.advanced(by: .milliseconds(2)))
  }

  @Test("no caller may lead while the I/O thread is reading")
  func loopReading() {
    var role = ReaderRole(lease: .milliseconds(2))
    let planned = role.planLoopWait(now: start).readsSocket
    #expect(planned)
    let r4 = role.beginLoopRead()
    #expect(r4)
    let r5 = role.claim(for: 1)
    #expect(!r5)
    role.endLoopRead()
    let r6 = role.claim(for: 1)
    #expect(r6)
  }

  @Test("a caller that finishes leases the role; the I/O thread takes it back when the lease ends")
  func lease() {
    var role = ReaderRole(lease: .milliseconds(2))
    let r7 = role.claim(for: 1)
    #expect(r7)
    role.release(handBack: false, now: start)
    #expect(role.state == .leased(until: start.advanced(by: .milliseconds(2))))
    let during = role.planLoopWait(now: start.advanced(by: .milliseconds(1)))
    #expect(!during.readsSocket)
    #expect(during.lookAgainBy == start.advanced(by: .milliseconds(2)))
    let r8 = role.beginLoopRead()
    #expect(!r8)
    // The next caller within the lease leads without the I/O thread.
    let r9 = role.claim(for: 3)
    #expect(r9)
    role.release(handBack: false, now: start.advanced(by: .milliseconds(1)))
    let after = role.planLoopWait(now: start.advanced(by: .milliseconds(3)))
    #expect(after.readsSocket)
    #expect(after.lookAgainBy == nil)
    #expect(role.state == .loop)
  }

  @Test("a caller that hands the role back gives it to the I/O thread at once")
  func handBack() {
    var role = ReaderRole(lease: .milliseconds(2))
    let r10 = role.claim(for: 1)
    #expect(r10)
    role.release(handBack: true, now: start)
    #expect(role.state == .loop)
    let r11 = role.beginLoopRead()
    #expect(r11)
  }
}
