import Foundation

/// Okt's dictionaries, loaded from the files `scripts/analyzer-data/ko.sh` installs.
///
/// Only words made of Hangul syllables are kept: Okt consults its dictionaries for Korean chunks
/// (runs of 가-힣) alone, so other entries can never match.
struct KoreanDictionary: Sendable {
    /// Which dictionaries (bits of ``KoreanPos/bit``) hold each word of at most
    /// ``Hangul/maxKeyLength`` syllables.
    private let posMasks: KoreanKeyTable
    /// The same for longer words (only a whole chunk can be that long).
    let longWordPosMasks: [String: UInt16]
    /// Surface form of a verb or adjective → its dictionary form ("…다").
    let verbStems: [Hangul.Key: String]
    let adjectiveStems: [Hangul.Key: String]
    /// Noun → Okt's entity frequency (0 when absent).
    private let entityFrequencies: KoreanKeyTable  // Float bit patterns
    let familyNames: KoreanKeyTable
    let givenNames: KoreanKeyTable
    let fullNames: KoreanKeyTable

    init(directory: String) throws {
        var masks: [Hangul.Key: UInt16] = [:]
        masks.reserveCapacity(420_000)
        var longMasks: [String: UInt16] = [:]
        func add(_ word: [UInt16], _ pos: KoreanPos) {
            if let key = Hangul.key(word) {
                masks[key, default: 0] |= pos.bit
            } else {
                longMasks[Hangul.string(word), default: 0] |= pos.bit
            }
        }

        let plainLists: [(String, KoreanPos)] = [
            ("noun.txt", .noun), ("adverb.txt", .adverb), ("determiner.txt", .determiner),
            ("exclamation.txt", .exclamation), ("josa.txt", .josa), ("eomi.txt", .eomi),
            ("pre_eomi.txt", .preEomi), ("conjunction.txt", .conjunction), ("modifier.txt", .modifier),
            ("verb_prefix.txt", .verbPrefix), ("suffix.txt", .suffix),
        ]
        for (file, pos) in plainLists {
            for word in try Self.hangulWords(directory, file) { add(word, pos) }
        }

        var stems: [KoreanPos: [Hangul.Key: String]] = [:]
        for (file, pos) in [("verb.txt", KoreanPos.verb), ("adjective.txt", .adjective)] {
            // Form → stem; when several stems share a form, Scala's iteration order decides.
            var table: [Hangul.Key: String] = [:]
            for word in try Self.hangulWords(directory, file) {
                let stem = Hangul.string(word) + "다"
                for form in KoreanConjugation.forms(of: word, isAdjective: pos == .adjective) {
                    guard let key = Hangul.key(form) else {
                        throw AnalyzerDataError(path: Self.path(directory, file),
                                                problem: "\(stem) conjugates to a form longer than 9 syllables")
                    }
                    add(form, pos)
                    if let existing = table[key], existing != stem,
                       KoreanScalaHashOrder.rank(form: form, stem: existing)
                        > KoreanScalaHashOrder.rank(form: form, stem: stem) {
                        continue
                    }
                    table[key] = stem
                }
            }
            stems[pos] = table
        }

        posMasks = KoreanKeyTable(masks.mapValues { UInt32($0) })
        longWordPosMasks = longMasks
        verbStems = stems[.verb]!
        adjectiveStems = stems[.adjective]!
        func names(_ file: String) throws -> KoreanKeyTable {
            let keys = try Self.hangulWords(directory, file).compactMap { Hangul.key($0) }
            return KoreanKeyTable(Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: { a, _ in a }))
        }
        familyNames = try names("family_name.txt")
        givenNames = try names("given_name.txt")
        fullNames = try names("full_name.txt")
        entityFrequencies = KoreanKeyTable(try Self.frequencies(directory, "entity_freq.tsv").mapValues(\.bitPattern))
    }

    /// The dictionaries that hold `word`.
    @inline(__always)
    func mask(_ key: Hangul.Key) -> UInt16 { UInt16(truncatingIfNeeded: posMasks[key] ?? 0) }

    /// Okt's entity frequency of a noun (0 when it has none).
    @inline(__always)
    func entityFrequency(_ key: Hangul.Key) -> Float { Float(bitPattern: entityFrequencies[key] ?? 0) }

    func mask(of word: ArraySlice<UInt16>) -> UInt16 {
        if let key = Hangul.key(word) { return mask(key) }
        return longWordPosMasks[Hangul.string(word)] ?? 0
    }

    // MARK: - Files

    private static func path(_ directory: String, _ file: String) -> String {
        (directory as NSString).appendingPathComponent(file)
    }

    private static func contents(_ directory: String, _ file: String) throws -> [UInt8] {
        let path = path(directory, file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing or unreadable")
        }
        guard !data.isEmpty else { throw AnalyzerDataError(path: path, problem: "empty") }
        return [UInt8](data)
    }

    /// Splits UTF-8 bytes into lines (without the newline).
    private static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
    }

    /// The syllables of a UTF-8 line made only of Hangul syllables, else nil.
    private static func hangul(_ line: ArraySlice<UInt8>) -> [UInt16]? {
        guard line.count % 3 == 0 else { return nil }
        var result: [UInt16] = []
        result.reserveCapacity(line.count / 3)
        var i = line.startIndex
        while i < line.endIndex {
            let b0 = UInt32(line[i]), b1 = UInt32(line[i + 1]), b2 = UInt32(line[i + 2])
            guard b0 & 0xF0 == 0xE0, b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
            let scalar = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F)
            guard let s = Hangul.syllable(scalar) else { return nil }
            result.append(s)
            i += 3
        }
        return result
    }

    private static func hangulWords(_ directory: String, _ file: String) throws -> [[UInt16]] {
        lines(try contents(directory, file)).compactMap(hangul)
    }

    private static func frequencies(_ directory: String, _ file: String) throws -> [Hangul.Key: Float] {
        var result: [Hangul.Key: Float] = [:]
        for line in lines(try contents(directory, file)) {
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
                  let value = Float(String(decoding: line[(tab + 1)...], as: UTF8.self))
            else {
                throw AnalyzerDataError(path: path(directory, file),
                                        problem: "malformed line \(String(decoding: line, as: UTF8.self))")
            }
            if let word = hangul(line[..<tab]), let key = Hangul.key(word) { result[key] = value }
        }
        return result
    }
}
