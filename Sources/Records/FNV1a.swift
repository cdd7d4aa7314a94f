/// 64-bit FNV-1a: a stable, platform-independent hash of bytes (for ranks and duplicate checks,
/// not for security).
public struct FNV1a64: Sendable {
    /// The hash of everything added so far.
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    /// Adds the UTF-8 bytes of `text`.
    public mutating func add(_ text: String) {
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    /// Adds `text` followed by a NUL separator, so that ("ab","c") and ("a","bc") differ.
    public mutating func addField(_ text: String) {
        add(text)
        value = value &* 0x0000_0100_0000_01B3
    }
}
