/// Hangul syllable arithmetic for the Korean analyzer (a port of open-korean-text 2.1.0).
///
/// A precomposed syllable U+AC00...U+D7A3 is stored as its index 0..<11172, which is
/// `onset * 588 + vowel * 28 + coda`. Jamo indices follow Unicode order:
/// onsets ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ, vowels ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ,
/// codas (none)ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ.
enum Hangul {
    static let firstSyllable: UInt32 = 0xAC00
    static let syllableCount = 11172

    /// The syllable index of `scalar`, or nil when it is not a precomposed Hangul syllable.
    @inline(__always)
    static func syllable(_ scalar: UInt32) -> UInt16? {
        let offset = scalar &- firstSyllable
        return offset < UInt32(syllableCount) ? UInt16(offset) : nil
    }

    @inline(__always) static func onset(_ s: UInt16) -> Int { Int(s) / 588 }
    @inline(__always) static func vowel(_ s: UInt16) -> Int { (Int(s) % 588) / 28 }
    @inline(__always) static func coda(_ s: UInt16) -> Int { Int(s) % 28 }
    @inline(__always) static func hasCoda(_ s: UInt16) -> Bool { Int(s) % 28 > 0 }

    @inline(__always)
    static func compose(_ onset: Int, _ vowel: Int, _ coda: Int = Coda.none) -> UInt16 {
        UInt16(onset * 588 + vowel * 28 + coda)
    }

    /// The syllable indices of a string made only of Hangul syllables.
    static func syllables(_ text: String) -> [UInt16] {
        text.unicodeScalars.map { syllable($0.value)! }
    }

    /// The text of syllable indices.
    static func string(_ syllables: some Sequence<UInt16>) -> String {
        var scalars = String.UnicodeScalarView()
        for s in syllables { scalars.append(Unicode.Scalar(firstSyllable + UInt32(s))!) }
        return String(scalars)
    }

    /// A word of at most `maxKeyLength` syllables packed into one integer (14 bits a syllable).
    typealias Key = UInt128
    static let maxKeyLength = 9

    @inline(__always)
    static func key(_ syllables: ArraySlice<UInt16>) -> Key? {
        guard syllables.count <= maxKeyLength else { return nil }
        var key: Key = 0
        var i = syllables.startIndex
        while i < syllables.endIndex {
            key = key << 14 | Key(syllables[i] &+ 1)
            i += 1
        }
        return key
    }

    @inline(__always)
    static func key(_ syllables: [UInt16]) -> Key? { key(syllables[...]) }

    /// The coda index whose consonant equals onset `onset`, as Okt's `CODA_MAP.contains(onset)`;
    /// nil for ㄸ, ㅃ and ㅉ, which cannot close a syllable.
    static func codaMatchingOnset(_ onset: Int) -> Int? {
        let table = [1, 2, 4, 7, -1, 8, 16, 17, -1, 19, 20, 21, 22, -1, 23, 24, 25, 26, 27]
        return table[onset] < 0 ? nil : table[onset]
    }

    enum Onset {
        static let g = 0, n = 2, r = 5, m = 6, ieung = 11, h = 18
    }

    enum Vowel {
        static let a = 0, ae = 1, eo = 4, yeo = 6, o = 8, wa = 9, wae = 10, oe = 11, u = 13,
            wo = 14, we = 15, wi = 16, eu = 18, i = 20
    }

    enum Coda {
        static let none = 0, n = 4, d = 7, r = 8, rm = 10, m = 16, b = 17, s = 19, ss = 20, h = 27
    }
}
