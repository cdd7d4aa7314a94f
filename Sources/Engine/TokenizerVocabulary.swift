/// What llama.cpp knows about a token (`llama_token_attr`), from `tokenizer.ggml.token_type`
/// and its fix-ups by token text. A set, because llama.cpp adds `control` to tokens it
/// recognises by name (an end-of-turn token typed as normal, say) without clearing the rest.
struct TokenAttributes: OptionSet, Sendable {
    let rawValue: UInt8

    static let normal = TokenAttributes(rawValue: 1 << 0)
    static let unknown = TokenAttributes(rawValue: 1 << 1)
    static let control = TokenAttributes(rawValue: 1 << 2)
    static let userDefined = TokenAttributes(rawValue: 1 << 3)
    static let unused = TokenAttributes(rawValue: 1 << 4)
    static let byte = TokenAttributes(rawValue: 1 << 5)
    /// Split out of the text before tokenization (llama.cpp's special tokens cache).
    static let special = TokenAttributes(rawValue: control.rawValue | userDefined.rawValue | unknown.rawValue)
    /// Split out only when parsing special tokens, and hidden when decoding.
    static let hidden = TokenAttributes(rawValue: control.rawValue | unknown.rawValue)

    /// Whether any attribute of `other` is set.
    func intersects(_ other: TokenAttributes) -> Bool { rawValue & other.rawValue != 0 }

    /// The attributes of a GGUF token type: 1 normal, 2 unknown, 3 control, 4 user-defined,
    /// 5 unused, 6 byte; anything else is undefined (no attribute).
    init(tokenType: Int) {
        switch tokenType {
        case 1: self = .normal
        case 2: self = .unknown
        case 3: self = .control
        case 4: self = .userDefined
        case 5: self = .unused
        case 6: self = .byte
        default: self = []
        }
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }
}

/// Byte strings numbered in insertion order, with byte-exact lookup.
///
/// Token texts must not be compared as Swift `String`s: `String` equality and hashing use
/// canonical equivalence, so a precomposed "é" would find the token of "e" + U+0301.
struct ByteStringTable: Sendable {
    /// All strings, back to back.
    private var storage: [UInt8] = []
    /// String `i` is `storage[starts[i] ..< starts[i + 1]]`.
    private var starts: [Int32] = [0]
    /// Open addressing, linear probing: a string index, or -1 for an empty slot.
    private var slots: [Int32]

    init(minimumCapacity: Int = 16) {
        var size = 16
        while size < 2 * minimumCapacity { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    var count: Int { starts.count - 1 }

    /// The bytes of string `index`.
    func bytes(at index: Int) -> ArraySlice<UInt8> {
        storage[Int(starts[index])..<Int(starts[index + 1])]
    }

    /// The index of `key`: the last one appended among equal strings.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let index = slots[slot(for: key)]
        return index < 0 ? nil : index
    }

    func index(of key: [UInt8]) -> Int32? {
        key.withUnsafeBufferPointer { index(of: $0) }
    }

    /// Appends `key` as string `count`; an equal string appended before is shadowed, as in
    /// llama.cpp's `token_to_id` where a later duplicate wins.
    @discardableResult
    mutating func append(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if 2 * (count + 1) > slots.count { grow() }
        let index = Int32(count)
        slots[slot(for: key)] = index
        storage.append(contentsOf: key)
        starts.append(Int32(storage.count))
        return index
    }

    @discardableResult
    mutating func append(_ key: [UInt8]) -> Int32 {
        key.withUnsafeBufferPointer { append($0) }
    }

    /// The slot holding a string equal to `key`, or the empty slot where it would go.
    private func slot(for key: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        return storage.withUnsafeBufferPointer { stored in
            while true {
                let index = Int(slots[slot])
                if index < 0 || Self.equal(key, stored, Int(starts[index]), Int(starts[index + 1])) { return slot }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for index in 0..<count {
            let start = Int(starts[index]), end = Int(starts[index + 1])
            let free = storage.withUnsafeBufferPointer { slot(for: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            slots[free] = Int32(index)
        }
    }

    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ stored: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == key.count else { return false }
        for i in 0..<key.count where key[i] != stored[start + i] { return false }
        return true
    }

    /// FNV-1a with a final mix, so the low bits used for the slot depend on every byte.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}

/// A model's tokens: text, attributes and score by id.
struct Vocabulary: Sendable {
    /// Token texts; a token's index is its id.
    private(set) var texts: ByteStringTable
    var attributes: [TokenAttributes]
    let scores: [Float]

    /// From parallel arrays (`scores` may be empty: all zero).
    init(texts: [[UInt8]], attributes: [TokenAttributes], scores: [Float] = []) {
        var table = ByteStringTable(minimumCapacity: texts.count)
        for text in texts { table.append(text) }
        self.texts = table
        self.attributes = attributes
        self.scores = scores.isEmpty ? [Float](repeating: 0, count: texts.count) : scores
    }

    /// From `tokenizer.ggml.tokens`, `.scores` and `.token_type` (llama.cpp's defaults: score 0,
    /// type normal; an empty text becomes `[EMPTY_<id>]`).
    init(metadata: [String: GGUFValue], path: String) throws {
        func fail(_ problem: String) -> GGUFError { GGUFError(path: path, problem: problem) }
        guard let tokens = metadata["tokenizer.ggml.tokens"]?.arrayValue, !tokens.isEmpty else {
            throw fail("tokenizer.ggml.tokens is missing or empty")
        }
        let scoreValues = metadata["tokenizer.ggml.scores"]?.arrayValue
        let typeValues = metadata["tokenizer.ggml.token_type"]?.arrayValue
        if let scoreValues, scoreValues.count < tokens.count {
            throw fail("tokenizer.ggml.scores has \(scoreValues.count) entries for \(tokens.count) tokens")
        }
        if let typeValues, typeValues.count < tokens.count {
            throw fail("tokenizer.ggml.token_type has \(typeValues.count) entries for \(tokens.count) tokens")
        }
        var table = ByteStringTable(minimumCapacity: tokens.count)
        var attributes: [TokenAttributes] = []
        var scores: [Float] = []
        attributes.reserveCapacity(tokens.count)
        scores.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() {
            guard var text = token.stringValue else { throw fail("tokenizer.ggml.tokens[\(id)] is not a string") }
            if text.isEmpty { text = "[EMPTY_\(id)]" }
            text.withUTF8 { _ = table.append($0) }
            scores.append(Float(scoreValues?[id].doubleValue ?? 0))
            attributes.append(typeValues.map { TokenAttributes(tokenType: $0[id].intValue ?? 0) } ?? .normal)
        }
        self.texts = table
        self.attributes = attributes
        self.scores = scores
    }

    var count: Int { attributes.count }

    func contains(_ token: Int32) -> Bool { token >= 0 && Int(token) < count }

    func text(of token: Int32) -> ArraySlice<UInt8> { texts.bytes(at: Int(token)) }

    /// The id of the token whose text is exactly `bytes`.
    func token(for bytes: UnsafeBufferPointer<UInt8>) -> Int32? { texts.index(of: bytes) }

    func token(for bytes: [UInt8]) -> Int32? { texts.index(of: bytes) }

    func token(for text: String) -> Int32? { token(for: Array(text.utf8)) }
}
