import Foundation

/// Indonesian tokens as BLEnD's scorer gets them: `nlp_id` 0.1.15.0
/// `Lemmatizer().lemmatize(text).split()`, re-implemented.
///
/// The lemmatizer lowercases the text, turns every run of characters outside `[a-zA-Z0-9-]` into
/// a space (so non-ASCII letters vanish), and maps each word to a lemma: words that are all digits,
/// at most 3 letters long or in the root word list stay as they are; words in the lemma dictionary
/// take its lemma; otherwise particles (-lah -kah -pun), pronoun clitics (ku- kau- -ku -mu -nya),
/// suffixes (-kan -an -i -isasi -isme) and prefixes (di- ke- se-) are stripped in a fixed order
/// until a root word or dictionary entry turns up, and reduplicated words (`buku-buku`) fold.
///
/// Data (installed by `scripts/analyzer-data/id.sh`): `root-words.txt` (one word a line) and
/// `lemmas.tsv` (`word<TAB>lemma`), the nlp_id word lists restricted to `[a-z0-9-]` entries.
public struct IndonesianAnalyzer: TokenAnalyzer {
    private let rootWords: Set<String>
    private let lemmaDictionary: IndonesianLemmaTable

    /// Loads `root-words.txt` and `lemmas.tsv` from `dataDirectory`.
    public init(dataDirectory: String) throws {
        let rootPath = dataDirectory + "/root-words.txt"
        let rootList = try IndonesianLemmaTable.contents(ofFile: rootPath)
        var roots = Set<String>(minimumCapacity: 32_000)
        for (number, line) in rootList.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated() where !line.isEmpty {
            guard !line.contains(UInt8(ascii: "\t")) else {
                throw AnalyzerDataError(path: rootPath, problem: "line \(number + 1): unexpected tab")
            }
            roots.insert(String(decoding: line, as: UTF8.self))
        }
        rootWords = roots
        lemmaDictionary = try IndonesianLemmaTable(path: dataDirectory + "/lemmas.tsv")
    }

    /// The lemma of every word of `text`, in order.
    public func tokens(of text: String) -> [String] {
        Self.words(of: text).map(lemma(of:))
    }

    // MARK: Words

    /// nlp_id's `re.sub("[^a-zA-Z0-9-]+", " ", text.lower()).split()`.
    ///
    /// Python's `lower()` maps only two non-ASCII characters to ASCII ones: U+212A KELVIN SIGN
    /// becomes `k`, and U+0130 `İ` becomes `i` plus U+0307, which then splits the word.
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39, 0x2D: word.append(UInt8(scalar.value))
            case 0x41...0x5A: word.append(UInt8(scalar.value + 0x20))
            case 0x212A: word.append(UInt8(ascii: "k"))
            case 0x130: word.append(UInt8(ascii: "i")); endWord()
            default: endWord()
            }
        }
        endWord()
        return words
    }

    // MARK: Lemmas

    /// The lemma of one lowercase `[a-z0-9-]+` word, following nlp_id's `lemmatize` branch by branch.
    func lemma(of word: String) -> String {
        if word.utf8.count <= 3 || word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            || rootWords.contains(word) {
            return word
        }
        if let lemma = lemmaDictionary[word] { return lemma }

        let word1 = Self.stripParticle(word)
        let word2 = Self.stripPronounPrefix(word)
        let word13 = Self.stripPronounSuffix(word1)
        let word25 = Self.stripPrefix(word2)
        var result = word
        if let found = known(word1) ?? known(word2) ?? known(word13) {
            result = found
        } else {
            result = lastKnown(Self.suffixCandidates(word13)) ?? result
        }
        guard result == word else { return result }

        if let found = known(word25) { return found }
        let word12 = Self.stripPronounPrefix(word1)
        let word125 = Self.stripParticle(word25)
        if let found = known(word12) ?? known(word125) { return found }

        let word123 = Self.stripPronounSuffix(word12)
        let word1235 = Self.stripPrefix(word123)
        if let found = known(word123) {
            result = found
        } else {
            result = lastKnown(Self.suffixCandidates(word123)) ?? result
        }
        guard result == word else { return result }

        if let found = known(word1235) { return found }
        result = lastKnown(Self.suffixCandidates(word1235)) ?? result
        if result == word && word.utf8.contains(UInt8(ascii: "-")) {
            result = reduplicationLemma(of: word) ?? result
        }
        return result
    }

    /// `w` if it is a root word, else its dictionary lemma, else nil (nlp_id's
    /// `if w in root_word: ... elif w in lemma_dict: ...`).
    private func known(_ candidate: String) -> String? {
        if candidate.isEmpty { return nil }  // "" is in neither list
        return rootWords.contains(candidate) ? candidate : lemmaDictionary[candidate]
    }

    /// nlp_id tries every `stem4` candidate in turn and keeps the last one that is known.
    private func lastKnown(_ candidates: [String]) -> String? {
        var found: String?
        for candidate in candidates {
            if let lemma = known(candidate) { found = lemma }
        }
        return found
    }

    /// The rule for hyphenated words such as `kepada-Nya` → `kepada` or `anggota-anggota` →
    /// `anggota`, applied when nothing else matched; nil when it does not apply.
    private func reduplicationLemma(of word: String) -> String? {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let partLemmas = parts.map { lemmaDictionary[$0] ?? $0 }
        let distinctLemmas = Set(partLemmas).count
        let first = parts[0], second = parts[1]
        let secondIsEcho = Self.particlesAndClitics.contains(second)
            || Self.stripPronounSuffix(second) == first
            || Self.stripPronounSuffix(Self.stripPrefix(second)) == first
        if (distinctLemmas == 2 && secondIsEcho) || distinctLemmas == 1 {
            return rootWords.contains(partLemmas[0]) ? partLemmas[0] : nil
        }
        if distinctLemmas == 2 && Self.stripPronounPrefix(first) == second
            && rootWords.contains(partLemmas[1]) {
            return partLemmas[1]
        }
        return nil
    }

    private static let particlesAndClitics: Set<String> = ["lah", "kah", "pun", "ku", "mu", "nya"]

    // MARK: Affix rules (nlp_id's stem1 ... stem5)

    /// stem1: drops a final -lah, -kah or -pun.
    static func stripParticle(_ word: String) -> String {
        hasSuffix(word, "lah") || hasSuffix(word, "kah") || hasSuffix(word, "pun") ? dropLast(word, 3) : word
    }

    /// stem2: drops an initial ku- or kau-.
    static func stripPronounPrefix(_ word: String) -> String {
        if hasPrefix(word, "ku") { return dropFirst(word, 2) }
        if hasPrefix(word, "kau") { return dropFirst(word, 3) }
        return word
    }

    /// stem3: drops a final -ku, -mu or -nya.
    static func stripPronounSuffix(_ word: String) -> String {
        if hasSuffix(word, "ku") || hasSuffix(word, "mu") { return dropLast(word, 2) }
        if hasSuffix(word, "nya") { return dropLast(word, 3) }
        return word
    }

    /// stem4: the candidates left by dropping -kan (both without -kan and without -an), -an,
    /// -isasi, -i or -isme; the word itself when it has none of them.
    static func suffixCandidates(_ word: String) -> [String] {
        if hasSuffix(word, "kan") { return [dropLast(word, 3), dropLast(word, 2)] }
        if hasSuffix(word, "an") { return [dropLast(word, 2)] }
        if hasSuffix(word, "isasi") { return [dropLast(word, 5)] }
        if hasSuffix(word, "i") { return [dropLast(word, 1)] }
        if hasSuffix(word, "isme") { return [dropLast(word, 4)] }
        return [word]
    }

    /// stem5: drops an initial di-, ke- or se-.
    static func stripPrefix(_ word: String) -> String {
        hasPrefix(word, "di") || hasPrefix(word, "ke") || hasPrefix(word, "se") ? dropFirst(word, 2) : word
    }

    // Words are ASCII, so byte-wise helpers are exact and much faster than Character-based ones.

    private static func hasSuffix(_ word: String, _ suffix: StaticString) -> Bool {
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return word.utf8.count >= tail.count && word.utf8.suffix(tail.count).elementsEqual(tail)
    }

    private static func hasPrefix(_ word: String, _ prefix: StaticString) -> Bool {
        let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return word.utf8.count >= head.count && word.utf8.prefix(head.count).elementsEqual(head)
    }

    private static func dropLast(_ word: String, _ count: Int) -> String {
        String(decoding: word.utf8.dropLast(count), as: UTF8.self)
    }

    private static func dropFirst(_ word: String, _ count: Int) -> String {
        String(decoding: word.utf8.dropFirst(count), as: UTF8.self)
    }
}

/// nlp_id's lemma dictionary (778k entries): the `word<TAB>lemma` lines of `lemmas.tsv`, kept as
/// raw bytes behind an open-addressing hash table of line offsets. Loading it this way takes a few
/// tens of milliseconds, where building a `[String: String]` takes half a second.
struct IndonesianLemmaTable: Sendable {
    private let bytes: [UInt8]
    /// Start offset of each line.
    private let lineStarts: [Int32]
    /// Offset of each line's tab.
    private let tabOffsets: [Int32]
    /// Line index + 1 for each occupied slot, 0 for an empty one; its size is a power of two.
    private let slots: [Int32]

    init(path: String) throws {
        let bytes = try Self.contents(ofFile: path)
        var lineStarts: [Int32] = [], tabOffsets: [Int32] = []
        var lineStart = 0, lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var tab = -1, end = lineStart
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") {
                if tab < 0 && bytes[end] == UInt8(ascii: "\t") { tab = end }
                end += 1
            }
            if end > lineStart {
                guard tab > lineStart && tab + 1 < end else {
                    throw AnalyzerDataError(path: path, problem: "line \(lineNumber): expected word<TAB>lemma")
                }
                lineStarts.append(Int32(lineStart))
                tabOffsets.append(Int32(tab))
            }
            lineStart = end + 1
        }
        guard bytes.count < Int(Int32.max) else { throw AnalyzerDataError(path: path, problem: "too large") }

        var capacity = 1
        while capacity < 2 * lineStarts.count { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        bytes.withUnsafeBufferPointer { buffer in
            for line in lineStarts.indices {
                let key = UnsafeBufferPointer(rebasing: buffer[Int(lineStarts[line])..<Int(tabOffsets[line])])
                var slot = Self.hash(key) & (capacity - 1)
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if buffer[Int(lineStarts[other])..<Int(tabOffsets[other])].elementsEqual(key) { break }
                    slot = (slot + 1) & (capacity - 1)
                }
                slots[slot] = Int32(line + 1)  // a repeated word keeps its last lemma, as in a Python dict
            }
        }
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.tabOffsets = tabOffsets
        self.slots = slots
    }

    /// The lemma of `word`, or nil when the dictionary has no entry for it.
    subscript(word: String) -> String? {
        var word = word
        return word.withUTF8 { key in
            bytes.withUnsafeBufferPointer { buffer in
                var slot = Self.hash(key) & (slots.count - 1)
                while slots[slot] != 0 {
                    let line = Int(slots[slot]) - 1
                    let tab = Int(tabOffsets[line])
                    if buffer[Int(lineStarts[line])..<tab].elementsEqual(key) {
                        var valueEnd = tab + 1
                        while valueEnd < buffer.count && buffer[valueEnd] != UInt8(ascii: "\n") { valueEnd += 1 }
                        return String(decoding: buffer[(tab + 1)..<valueEnd], as: UTF8.self)
                    }
                    slot = (slot + 1) & (slots.count - 1)
                }
                return nil
            }
        }
    }

    /// FNV-1a, 64-bit.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    /// The bytes of the file at `path`, throwing `AnalyzerDataError` when it is missing or empty.
    static func contents(ofFile path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing or unreadable")
        }
        guard !data.isEmpty else { throw AnalyzerDataError(path: path, problem: "empty") }
        return [UInt8](data)
    }
}
