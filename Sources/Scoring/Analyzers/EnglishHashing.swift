/// The two hash functions en_core_web_sm's features go through.
enum EnglishHashing {
    /// spaCy's string hash (`StringStore.add`, `hash_string`): MurmurHash64A of the UTF-8 bytes
    /// with seed 1.
    static func stringHash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        let m: UInt64 = 0xC6A4_A793_5BD1_E995
        var hash: UInt64 = 1 ^ (UInt64(bytes.count) &* m)
        var word: UInt64 = 0
        var filled = 0
        for byte in bytes {
            word |= UInt64(byte) << UInt64(8 * filled)
            filled += 1
            if filled == 8 {
                var k = word &* m
                k ^= k >> 47
                hash = (hash ^ (k &* m)) &* m
                word = 0
                filled = 0
            }
        }
        if filled > 0 { hash = (hash ^ word) &* m }
        hash ^= hash >> 47
        hash = hash &* m
        return hash ^ (hash >> 47)
    }

    /// thinc's `NumpyOps.hash` for one 64-bit id: its one-block MurmurHash3 variant, giving the
    /// four 32-bit keys a `HashEmbed` table sums rows for (each taken modulo the row count).
    static func embeddingKeys(_ id: UInt64, seed: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var h1 = id &* 0x87C3_7B91_1142_53D5
        h1 = (h1 << 31) | (h1 >> 33)
        h1 = h1 &* 0x4CF5_AD43_2745_937F
        h1 ^= UInt64(seed)
        h1 ^= 8
        var h2 = UInt64(seed) ^ 8
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        h1 = finalMix(h1)
        h2 = finalMix(h2)
        h1 = h1 &+ h2
        h2 = h2 &+ h1
        return (UInt32(truncatingIfNeeded: h1), UInt32(truncatingIfNeeded: h1 >> 32),
                UInt32(truncatingIfNeeded: h2), UInt32(truncatingIfNeeded: h2 >> 32))
    }

    private static func finalMix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}
