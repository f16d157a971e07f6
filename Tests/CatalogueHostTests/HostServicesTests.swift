import CCatalogue
import SeededRandom
import XCTest

@testable import CatalogueHost

final class HostServicesTests: XCTestCase {
  let api = HostServices.table.pointee

  func testTableHeader() {
    XCTAssertEqual(api.struct_size, UInt32(MemoryLayout<cat_host_api>.size))
    XCTAssertEqual(api.abi_major, UInt32(CAT_ABI_MAJOR))
    XCTAssertEqual(api.abi_minor, UInt32(CAT_ABI_MINOR))
    XCTAssertEqual(String(cString: api.host_version), CatalogueVersion.host)
  }

  func testRandomServicesMatchSeededRandomExactly() {
    for (seed, stream) in [(UInt64(0), UInt64(0)), (42, 1), (42, 2), (.max, 7), (123_456_789, 1 << 40)] {
      var rng = cat_rng()
      api.rng_seed(&rng, seed, stream)
      var reference = CatalogueRandom(seed: seed, stream: stream)
      XCTAssertTrue(rng.s == reference.state)
      for round in 0..<200 {
        switch round % 4 {
        case 0: XCTAssertEqual(api.rng_next(&rng), reference.next())
        case 1: XCTAssertEqual(api.rng_uniform(&rng), reference.uniform())
        default: XCTAssertEqual(api.rng_normal(&rng), reference.normal())
        }
        XCTAssertEqual(rng.generator, reference)
      }
      XCTAssertEqual(rng.reserved, 0)
    }
  }

  func testNormalCachesTheSecondValueInTheCState() {
    var rng = cat_rng(seed: 9, stream: 2)
    XCTAssertEqual(rng.has_cached_normal, 0)
    _ = api.rng_normal(&rng)
    XCTAssertEqual(rng.has_cached_normal, 1)
    let copy = rng  // copying the struct forks the generator, as the header promises
    var forked = copy
    XCTAssertEqual(api.rng_normal(&rng), api.rng_normal(&forked))
    XCTAssertEqual(rng.has_cached_normal, 0)
  }

  func testParameterServices() {
    let owner = ParameterOwner(
      label: "gd",
      specs: [
        ParameterSpec(id: "step_size", kind: .real, defaultValue: .real(0.1)),
        ParameterSpec(id: "inner", kind: .int, defaultValue: .int(3)),
        ParameterSpec(id: "nesterov", kind: .bool, defaultValue: .bool(true)),
        ParameterSpec(id: "rule", kind: .choice, defaultValue: .string("armijo"), choices: ["fixed", "armijo"]),
        ParameterSpec(id: "label", kind: .string, defaultValue: .string("hello")),
      ])
    let store = ParameterStore(owner: owner, resolved: try! ParameterResolver.fill(owner, [:]))
    let params = store.opaquePointer
    var real = 0.0
    var int: Int64 = 0
    var flag: Int32 = 0
    var text: UnsafePointer<CChar>?
    XCTAssertEqual(api.param_real(params, "step_size", &real), cat_status(CAT_OK))
    XCTAssertEqual(real, 0.1)
    XCTAssertEqual(api.param_int(params, "inner", &int), cat_status(CAT_OK))
    XCTAssertEqual(int, 3)
    XCTAssertEqual(api.param_bool(params, "nesterov", &flag), cat_status(CAT_OK))
    XCTAssertEqual(flag, 1)
    XCTAssertEqual(api.param_string(params, "rule", &text), cat_status(CAT_OK))
    XCTAssertEqual(String(cString: text!), "armijo")
    XCTAssertEqual(api.param_string(params, "label", &text), cat_status(CAT_OK))
    XCTAssertEqual(String(cString: text!), "hello")

    ErrorSlot.clear()
    XCTAssertEqual(api.param_real(params, "inner", &real), cat_status(CAT_ERR_INVALID_ARGUMENT))
    XCTAssertEqual(ErrorSlot.take(), "parameter 'inner' of gd is a int, not a real")
    XCTAssertEqual(api.param_int(params, "nope", &int), cat_status(CAT_ERR_INVALID_ARGUMENT))
    XCTAssertEqual(
      ErrorSlot.take(), "gd has no parameter 'nope' (parameters: inner, label, nesterov, rule, step_size)")
    XCTAssertEqual(api.param_real(nil, "x", &real), cat_status(CAT_ERR_INVALID_ARGUMENT))
    withExtendedLifetime(store) {}
  }

  func testErrorSlotIsPerThreadAndReadableThroughLastError() {
    ErrorSlot.clear()
    XCTAssertEqual(String(cString: api.last_error()!), "")
    api.set_error("first")
    api.set_error("second")
    XCTAssertEqual(String(cString: api.last_error()!), "second")
    let setError = api.set_error!
    let other = Thread {
      setError("other thread")
    }
    other.start()
    while !other.isFinished { usleep(1000) }
    XCTAssertEqual(ErrorSlot.take(), "second")
    XCTAssertNil(ErrorSlot.take())
  }
}
