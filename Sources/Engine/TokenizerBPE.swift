/// Byte-level BPE (`tokenizer.ggml.model = "gpt2"`: Llama 3, Qwen2, SmolLM2), as llama.cpp's
/// `llm_tokenizer_bpe_session`: the pre-tokenizer splits a fragment into words; each word's bytes
/// become GPT-2 alphabet characters, which merge pairwise by the lowest merge rank (leftmost on
/// ties); the results are looked up as tokens.
///
/// Symbols carry ids so that a merge is a lookup of an id pair: vocabulary ids, then ids for the
/// texts that occur in `tokenizer.ggml.merges` but are not tokens (so such merges still apply).
struct BytePairEncoder: Sendable {
    let vocabulary: Vocabulary
    let preTokenizer: PreTokenizer
    /// Whether a word that is a token as a whole skips merging (llama.cpp's `ignore_merges`).
    let ignoresMerges: Bool
    /// Merge rank by the ids of its two sides; of duplicate merges the first counts.
    private let ranks: PairTable
    /// The id of each merge's result, by rank.
    private let mergeResults: [Int32]
    /// The symbol id of each byte's GPT-2 character, or -1.
    private let byteSymbols: [Int32]

    init(vocabulary: Vocabulary, merges: [GGUFValue], configuration: PreTokenizer.Configuration, path: String) throws {
        self.vocabulary = vocabulary
        self.preTokenizer = configuration.preTokenizer
        self.ignoresMerges = configuration.ignoresMerges
        var symbols = vocabulary.texts
        func id(_ text: ArraySlice<UInt8>) -> Int32 {
            text.withUnsafeBufferPointer { symbols.index(of: $0) ?? symbols.append($0) }
        }
        var ranks = PairTable(minimumCapacity: merges.count)
        var results: [Int32] = []
        results.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            guard var text = merge.stringValue else {
                throw GGUFError(path: path, problem: "tokenizer.ggml.merges[\(rank)] is not a string")
            }
            let bytes = text.withUTF8 { Array($0) }
            // llama.cpp splits at the first space after the first byte; a merge without one is inert.
            guard let space = bytes.dropFirst().firstIndex(of: 0x20) else {
                results.append(-1)
                continue
            }
            let left = id(bytes[..<space]), right = id(bytes[(space + 1)...])
            results.append(id(bytes[..<space] + bytes[(space + 1)...]))
            ranks.insertIfAbsent(left, right, rank: Int32(rank))
        }
        self.ranks = ranks
        self.mergeResults = results
        self.byteSymbols = (0...255).map { symbols.index(of: ByteLevelAlphabet.character(of: UInt8($0))) ?? -1 }
    }

    /// Appends the tokens of one text fragment.
    func encode(_ fragment: UnsafeBufferPointer<UInt8>, merger: inout SymbolMerger, into output: inout [Int32]) {
        let ranker = RankRanker(ranks: ranks, mergeResults: mergeResults)
        for word in preTokenizer.words(fragment) {
            if ignoresMerges, let token = vocabulary.token(for: ByteLevelAlphabet.encode(fragment[word])) {
                output.append(token)
                continue
            }
            merger.reset()
            for i in word { merger.append(start: i, length: 1, token: byteSymbols[Int(fragment[i])]) }
            merger.merge(ranker)
            for symbol in merger.survivors {
                if symbol.token >= 0 && vocabulary.contains(symbol.token) {
                    output.append(symbol.token)
                    continue
                }
                // llama.cpp's fallback: each byte of the encoded text that is a token by itself.
                let bytes = fragment[Int(symbol.start)..<Int(symbol.start + symbol.length)]
                for byte in ByteLevelAlphabet.encode(bytes) {
                    if let token = vocabulary.token(for: [byte]) { output.append(token) }
                }
            }
        }
    }
}

/// BPE merges: a pair merges if it is in the merge list, the lower its rank the sooner.
private struct RankRanker: BigramRanker {
    let ranks: PairTable
    let mergeResults: [Int32]

    func bigram(_ left: Symbol, _ right: Symbol) -> (priority: Double, token: Int32)? {
        guard left.token >= 0, right.token >= 0, let rank = ranks.rank(left.token, right.token) else { return nil }
        return (-Double(rank), mergeResults[Int(rank)])
    }
}

/// GPT-2's byte-to-unicode alphabet: printable Latin-1 bytes stand for themselves, the others
/// (space, controls, ...) for U+0100 onwards in byte order (space → `Ġ`, LF → `Ċ`).
enum ByteLevelAlphabet {
    /// The scalar standing for each byte.
    static let scalars: [UInt32] = {
        var scalars = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte) {
                scalars[byte] = UInt32(byte)
            } else {
                scalars[byte] = next
                next += 1
            }
        }
        return scalars
    }()

    /// The byte each alphabet scalar stands for, by scalar (U+0000 ..< U+0144), or -1.
    static let bytes: [Int16] = {
        var bytes = [Int16](repeating: -1, count: 0x144)
        for (byte, scalar) in scalars.enumerated() { bytes[Int(scalar)] = Int16(byte) }
        return bytes
    }()

    /// The UTF-8 of the character standing for `byte`.
    static func character(of byte: UInt8) -> [UInt8] {
        Array(String(Character(Unicode.Scalar(scalars[Int(byte)])!)).utf8)
    }

    /// The UTF-8 of the characters standing for `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var encoded: [UInt8] = []
        for byte in bytes {
            let scalar = scalars[Int(byte)]
            if scalar < 0x80 {
                encoded.append(UInt8(scalar))
            } else {
                encoded.append(UInt8(0xC0 | scalar >> 6))
                encoded.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return encoded
    }

    /// The bytes a token text in this alphabet stands for; a character outside the alphabet
    /// stands for its own UTF-8.
    static func decode(_ text: ArraySlice<UInt8>, into output: inout [UInt8]) {
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            if Int(scalar.value) < bytes.count, bytes[Int(scalar.value)] >= 0 {
                output.append(UInt8(bytes[Int(scalar.value)]))
            } else {
                output.append(contentsOf: String(scalar).utf8)
            }
        }
    }
}

/// Open addressing from a pair of 32-bit ids to a merge rank.
struct PairTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private static let empty = UInt64.max

    init(minimumCapacity: Int) {
        var size = 16
        while size < 2 * minimumCapacity { size <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [Int32](repeating: 0, count: size)
    }

    func rank(_ left: Int32, _ right: Int32) -> Int32? {
        let key = Self.key(left, right)
        var slot = slot(of: key)
        while true {
            if keys[slot] == key { return values[slot] }
            if keys[slot] == Self.empty { return nil }
            slot = (slot + 1) & (keys.count - 1)
        }
    }

    mutating func insertIfAbsent(_ left: Int32, _ right: Int32, rank: Int32) {
        let key = Self.key(left, right)
        var slot = slot(of: key)
        while keys[slot] != Self.empty {
            if keys[slot] == key { return }
            slot = (slot + 1) & (keys.count - 1)
        }
        keys[slot] = key
        values[slot] = rank
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & (keys.count - 1)
    }
}
