import Glibc
import XCTest

@testable import CatalogueHost

/// The host's children: how they end is decoded exactly, a reply comes only from descriptor 3, and a child that
/// outlives its timeout is killed.
final class ChildProcessTests: XCTestCase {
  func shell(_ script: String, timeout: Double = 10) throws -> (reply: String, exit: ChildExit?) {
    let (reply, exit, _) = try WorkerChannel.exchange(
      executable: "/bin/sh", arguments: ["-c", script], timeout: timeout)
    return (String(decoding: reply, as: UTF8.self), exit)
  }

  func testExitStatusesAndSignalsAreDecoded() throws {
    XCTAssertEqual(try shell("exit 0").exit, .exited(0))
    XCTAssertEqual(try shell("exit 3").exit, .exited(3))
    XCTAssertEqual(try shell("kill -SEGV $$").exit, .signaled(SIGSEGV))
    XCTAssertEqual(try shell("kill -ABRT $$").exit, .signaled(SIGABRT))
    XCTAssertEqual(ChildExit(waitStatus: 0x0300), .exited(3))
    XCTAssertEqual(ChildExit(waitStatus: 11), .signaled(11))
    XCTAssertTrue(ChildExit.signaled(SIGSEGV).description.contains("SIGSEGV (segmentation fault"))
    XCTAssertEqual(SignalName.name(SIGILL), "SIGILL")
    XCTAssertEqual(SignalName.describe(77), "signal 77")
  }

  func testTheReplyComesFromDescriptorThreeOnly() throws {
    let result = try shell("echo noise; echo more noise >&2; printf reply >&3")
    XCTAssertEqual(result.reply, "reply")
    XCTAssertEqual(result.exit, .exited(0))
  }

  func testAChildThatHangsIsKilledAtItsTimeout() throws {
    let start = ContinuousClock.now
    let result = try shell("printf partial >&3; sleep 30", timeout: 0.3)
    XCTAssertNil(result.exit)
    XCTAssertEqual(result.reply, "partial")
    XCTAssertLessThan((ContinuousClock.now - start).inSeconds, 5)
  }

  func testAChildThatClosesItsReplyButHangsIsKilledToo() throws {
    let result = try shell("exec 3>&-; sleep 30", timeout: 0.3)
    XCTAssertNil(result.exit)
  }

  /// With an output budget, stdout and stderr are counted (not kept), and a child that prints more is killed at
  /// once, even one that would print forever.
  func testOutputIsCountedAndAChildOverItsBudgetIsKilled() throws {
    let counted = try WorkerChannel.exchange(
      executable: "/bin/sh", arguments: ["-c", "head -c 100000 /dev/zero; head -c 5 /dev/zero >&2; printf ok >&3"],
      timeout: 10, outputBudget: 1 << 20)
    XCTAssertEqual(counted.printed, 100_005)
    XCTAssertEqual(String(decoding: counted.reply, as: UTF8.self), "ok")
    XCTAssertEqual(counted.exit, .exited(0))

    let start = ContinuousClock.now
    let flood = try WorkerChannel.exchange(
      executable: "/bin/sh", arguments: ["-c", "printf started >&3; cat /dev/zero"], timeout: 30, outputBudget: 1000)
    XCTAssertGreaterThan(flood.printed, 1000)
    XCTAssertEqual(flood.exit, .signaled(SIGKILL))
    XCTAssertEqual(String(decoding: flood.reply, as: UTF8.self), "started")
    XCTAssertLessThan((ContinuousClock.now - start).inSeconds, 20)
  }

  func testAMissingExecutableIsAnError() {
    XCTAssertThrowsError(try WorkerChannel.exchange(executable: "/no/such/program", arguments: [], timeout: 1)) {
      error in
      XCTAssertTrue("\(error)".contains("/no/such/program"), "\(error)")
    }
  }
}
