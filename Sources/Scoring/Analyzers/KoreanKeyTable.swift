/// A read-only hash map from packed Hangul words (``Hangul/Key``) to 32-bit values: open addressing
/// with linear probing and a multiplicative hash, faster than `Dictionary` for these keys.
struct KoreanKeyTable: Sendable {
    private var keys: [Hangul.Key]  // 0 marks an empty slot (no word packs to 0)
    private var values: [UInt32]
    private let mask: Int
    private let shift: UInt64

    init(_ entries: [Hangul.Key: UInt32]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        keys = Array(repeating: 0, count: capacity)
        values = Array(repeating: 0, count: capacity)
        for (key, value) in entries {
            var slot = slot(of: key)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    @inline(__always)
    private func slot(of key: Hangul.Key) -> Int {
        let folded = UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: (folded &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    subscript(key: Hangul.Key) -> UInt32? {
        var slot = slot(of: key)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    func contains(_ key: Hangul.Key) -> Bool { self[key] != nil }
}
