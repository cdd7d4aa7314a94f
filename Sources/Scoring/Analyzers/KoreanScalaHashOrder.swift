/// Decides which stem Okt keeps for a surface form that several predicates conjugate to.
///
/// Okt builds its form → stem map as `words.flatMap(w => forms(w).map(f => (f, w + "다"))).toMap`:
/// a Scala 2.12 immutable `HashSet` of pairs turned into a map, so the pair iterated last wins.
/// That set iterates in the order of its hash trie: 5-bit slices of the "improved" pair hash, low
/// bits first. This type reproduces the order (Java `String.hashCode`, Scala `MurmurHash3.productHash`
/// for `Tuple2`, `HashSet.improve`) so ties resolve exactly as in the JVM.
enum KoreanScalaHashOrder {
    /// A value that increases along the iteration order of the pair `(form, stem)`.
    static func rank(form: [UInt16], stem: String) -> UInt64 {
        var formHash: Int32 = 0
        for s in form { formHash = formHash &* 31 &+ Int32(Hangul.firstSyllable + UInt32(s)) }
        var stemHash: Int32 = 0
        for unit in stem.utf16 { stemHash = stemHash &* 31 &+ Int32(unit) }
        let hash = improve(productHash(UInt32(bitPattern: formHash), UInt32(bitPattern: stemHash)))
        // The trie visits slices (hash >> 0) & 31, (hash >> 5) & 31, …: compare them in that order.
        var rank: UInt64 = 0
        for level in stride(from: 0, to: 32, by: 5) { rank = rank << 5 | UInt64((hash >> UInt32(level)) & 31) }
        return rank
    }

    private static func productHash(_ first: UInt32, _ second: UInt32) -> UInt32 {
        var h: UInt32 = 0xCAFE_BABE
        h = mix(h, first)
        h = mix(h, second)
        return avalanche(h ^ 2)
    }

    private static func mix(_ hash: UInt32, _ data: UInt32) -> UInt32 {
        var k = data &* 0xCC9E_2D51
        k = k << 15 | k >> 17
        k = k &* 0x1B87_3593
        var h = hash ^ k
        h = h << 13 | h >> 19
        return h &* 5 &+ 0xE654_6B64
    }

    private static func avalanche(_ hash: UInt32) -> UInt32 {
        var h = hash
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    private static func improve(_ code: UInt32) -> UInt32 {
        var h = code &+ ~(code << 9)
        h ^= h >> 14
        h = h &+ (h << 4)
        return h ^ (h >> 10)
    }
}
