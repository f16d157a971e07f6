import CCatalogue

/// Names of `cat_status` values, for messages when a plugin fails without setting one.
enum StatusName {
  static func of(_ status: cat_status) -> String {
    switch Int(status) {
    case CAT_OK: return "OK"
    case CAT_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT"
    case CAT_ERR_UNSUPPORTED: return "UNSUPPORTED"
    case CAT_ERR_NUMERICAL: return "NUMERICAL"
    case CAT_ERR_CANCELLED: return "CANCELLED"
    case CAT_ERR_OUT_OF_MEMORY: return "OUT_OF_MEMORY"
    case CAT_ERR_ABI: return "ABI"
    case CAT_ERR_INTERNAL: return "INTERNAL"
    default: return "\(status)"
    }
  }
}
