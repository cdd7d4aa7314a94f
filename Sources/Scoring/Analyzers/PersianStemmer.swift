/// hazm 0.10.0's `Stemmer().stem(word)` on UTF-8 bytes: a single pass over a fixed suffix list.
enum PersianStemmer {
    /// hazm's suffixes in hazm's order. Each one that the word (as shortened so far) ends with is
    /// removed once, so "کتابهایشان" loses ان, ش, ی and ها in turn.
    private static let suffixes: [[UInt8]] = [
        "ات", "ان", "ترین", "تر", "م", "ت", "ش", "یی", "ی", "ها",
        "\u{654}",  // hamza above
        "\u{200C}ا",  // ZWNJ + alef
        "\u{200C}",  // ZWNJ
    ].map { Array($0.utf8) }
    private static let hehWithYeh = Array("\u{6C0}".utf8)  // ۀ, finally replaced by ه
    private static let heh = Array("\u{647}".utf8)

    /// The stem hazm gives `word`; may be empty.
    static func stem(_ word: [UInt8]) -> [UInt8] {
        var stem = word[...]
        for suffix in suffixes {
            if PersianBytes.hasSuffix(stem, suffix) { stem = stem.dropLast(suffix.count) }
        }
        if PersianBytes.hasSuffix(stem, hehWithYeh) {
            return Array(stem.dropLast(hehWithYeh.count)) + heh
        }
        return Array(stem)
    }
}
