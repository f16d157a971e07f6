/// One entry of an ELF file's dynamic symbol table.
///
/// The host reads these before `dlopen` so that a library that is not a plugin is never loaded, and `validate`
/// uses them to check that a plugin exports nothing but its entry point.
public struct ELFSymbol: Equatable, Hashable, Sendable {
  /// The symbol's name.
  public var name: String
  /// Binding: 0 local, 1 global, 2 weak, 10 GNU unique.
  public var binding: UInt8
  /// Type: 0 none, 1 object, 2 function, 10 indirect function, ...
  public var type: UInt8
  /// Visibility: 0 default, 1 internal, 2 hidden, 3 protected.
  public var visibility: UInt8
  /// Index of the section that defines the symbol; 0 (`SHN_UNDEF`) for an imported symbol.
  public var sectionIndex: UInt16

  /// Creates a symbol record.
  public init(name: String, binding: UInt8, type: UInt8, visibility: UInt8, sectionIndex: UInt16) {
    self.name = name
    self.binding = binding
    self.type = type
    self.visibility = visibility
    self.sectionIndex = sectionIndex
  }

  /// True if the library defines the symbol for others to use (defined, global or weak, visible), which is what
  /// `dlsym` can find.
  public var isExported: Bool {
    sectionIndex != 0 && !name.isEmpty && (binding == 1 || binding == 2 || binding == 10)
      && (visibility == 0 || visibility == 3)
  }

  /// True for functions (including indirect functions).
  public var isFunction: Bool { type == 2 || type == 10 }
}
