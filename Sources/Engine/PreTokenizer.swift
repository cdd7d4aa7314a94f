/// The Unicode classes the pre-tokenizer regexes test (`\p{L}`, `\p{N}`, `\s`), as llama.cpp's
/// `unicode_cpt_flags`: letters are L*, numbers N*, whitespace the White_Space property.
struct CharacterClass: OptionSet {
    let rawValue: UInt8

    static let letter = CharacterClass(rawValue: 1)
    static let number = CharacterClass(rawValue: 2)
    static let whitespace = CharacterClass(rawValue: 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ scalar: UInt32) {
        switch scalar {
        case 0x41...0x5A, 0x61...0x7A: self = .letter
        case 0x30...0x39: self = .number
        case 0x09...0x0D, 0x20: self = .whitespace
        case 0..<0x80: self = []
        default:
            let properties = Unicode.Scalar(scalar)!.properties
            if properties.isWhitespace { self = .whitespace; return }
            switch properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: self = .letter
            case .decimalNumber, .letterNumber, .otherNumber: self = .number
            default: self = []
            }
        }
    }
}

/// How a byte-level BPE model splits text into words before merging: the regexes llama.cpp
/// picks by `tokenizer.ggml.pre` (`llm_tokenizer_bpe`), run by hand-written matchers that follow
/// `unicode_regex_split` (its custom GPT-2, Llama 3 and Qwen2 splitters, and std::regex for `\p{N}`).
enum PreTokenizer: Sendable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// SmolLM / StarCoder: `\p{N}` (every number alone), then the GPT-2 regex on the rest.
    case digitsThenGPT2
    /// Llama 3: `(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    case llama3
    /// Qwen2: the Llama 3 regex with `\p{N}` for `\p{N}{1,3}`.
    case qwen2

    /// What llama.cpp sets for a `tokenizer.ggml.pre` name.
    struct Configuration: Sendable {
        var preTokenizer: PreTokenizer
        /// Whether a word that is a token as a whole skips merging (`ignore_merges`).
        var ignoresMerges = false
        /// Whether BOS is added unless `tokenizer.ggml.add_bos_token` says otherwise.
        var addsBOS = false
    }

    /// The configuration of a `tokenizer.ggml.pre` name, or nil if not supported.
    static func configuration(named name: String) -> Configuration? {
        switch name {
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano":
            Configuration(preTokenizer: .llama3, ignoresMerges: true, addsBOS: true)
        case "dbrx", "smaug-bpe": Configuration(preTokenizer: .llama3)
        case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2": Configuration(preTokenizer: .qwen2)
        case "smollm", "starcoder", "refact", "codeshell", "exaone", "minerva-7b", "command-r": Configuration(preTokenizer: .digitsThenGPT2)
        case "gpt-2", "phi-2", "mpt", "olmo": Configuration(preTokenizer: .gpt2)
        default: nil
        }
    }

    /// The main names `configuration(named:)` accepts, for error messages.
    static let supportedNames = "llama-bpe (llama3), qwen2, smollm (starcoder), gpt-2"

    /// The words of `text` (valid UTF-8) as byte ranges, in order, covering all of it.
    func words(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let input = ScalarText(text)
        var pieces = [0..<input.count]
        switch self {
        case .gpt2: pieces = input.split(pieces, by: ScalarText.gpt2Words)
        case .digitsThenGPT2: pieces = input.split(input.split(pieces, by: ScalarText.isolateNumbers), by: ScalarText.gpt2Words)
        case .llama3: pieces = input.split(pieces) { $0.llama3Words($1, maxDigits: 3, into: &$2) }
        case .qwen2: pieces = input.split(pieces) { $0.llama3Words($1, maxDigits: 1, into: &$2) }
        }
        return pieces.map { Int(input.byteOffsets[$0.lowerBound])..<Int(input.byteOffsets[$0.upperBound]) }
    }
}

/// A text as Unicode scalars with their classes; the matchers work on scalar indices.
struct ScalarText {
    var scalars: [UInt32] = []
    var classes: [CharacterClass] = []
    /// The byte offset of each scalar, and the text's length at the end.
    var byteOffsets: [Int32] = []

    var count: Int { scalars.count }

    init(_ text: UnsafeBufferPointer<UInt8>) {
        scalars.reserveCapacity(text.count)
        classes.reserveCapacity(text.count)
        byteOffsets.reserveCapacity(text.count + 1)
        var i = 0
        while i < text.count {
            let lead = UInt32(text[i])
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            var scalar = length == 1 ? lead : lead & (0x7F >> length)
            for k in 1..<length { scalar = scalar << 6 | UInt32(text[i + k] & 0x3F) }
            scalars.append(scalar)
            classes.append(CharacterClass(scalar))
            byteOffsets.append(Int32(i))
            i += length
        }
        byteOffsets.append(Int32(text.count))
    }

    /// Refines each piece with `matcher`, which appends the end of each word it finds.
    func split(_ pieces: [Range<Int>], by matcher: (ScalarText, Range<Int>, inout [Int]) -> Void) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(pieces.count)
        var ends: [Int] = []
        for piece in pieces {
            ends.removeAll(keepingCapacity: true)
            matcher(self, piece, &ends)
            var start = piece.lowerBound
            for end in ends where end > start {
                result.append(start..<end)
                start = end
            }
        }
        return result
    }

    /// `\p{N}` by std::regex: each number alone, the text between numbers as one piece.
    static func isolateNumbers(_ text: ScalarText, _ piece: Range<Int>, into ends: inout [Int]) {
        for i in piece where text.classes[i].contains(.number) {
            ends.append(i)
            ends.append(i + 1)
        }
        ends.append(piece.upperBound)
    }

    /// The GPT-2 regex, as llama.cpp's `unicode_regex_split_custom_gpt2`.
    static func gpt2Words(_ text: ScalarText, _ piece: Range<Int>, into ends: inout [Int]) {
        let end = piece.upperBound
        var position = piece.lowerBound
        while position < end {
            let scalar = text.scalars[position]
            if scalar == 0x27, let contraction = text.contraction(at: position, end: end, caseInsensitive: false) {
                position += contraction
                ends.append(position)
                continue
            }
            let next = scalar == 0x20 ? text.characterClass(position + 1, end) : text.classes[position]
            if next.contains(.letter) || next.contains(.number) {
                let kind: CharacterClass = next.contains(.letter) ? .letter : .number
                if scalar == 0x20 { position += 1 }
                while text.characterClass(position, end).contains(kind) { position += 1 }
            } else if text.isOther(scalar == 0x20 ? position + 1 : position, end) {
                if scalar == 0x20 { position += 1 }
                while text.isOther(position, end) { position += 1 }
            } else {
                position = text.endOfWhitespace(at: position, end: end, stopAfterNewline: false)
            }
            ends.append(position)
        }
    }

    /// The Llama 3 regex with numbers in groups of up to `maxDigits`, as llama.cpp's
    /// `unicode_regex_split_custom_llama3` (3) and `unicode_regex_split_custom_qwen2` (1).
    func llama3Words(_ piece: Range<Int>, maxDigits: Int, into ends: inout [Int]) {
        let end = piece.upperBound
        var position = piece.lowerBound
        while position < end {
            let scalar = scalars[position], kind = classes[position]
            if scalar == 0x27, let contraction = contraction(at: position, end: end, caseInsensitive: true) {
                position += contraction
            } else if scalar != 0x0D && scalar != 0x0A && !kind.contains(.number)
                        && (kind.contains(.letter) || characterClass(position + 1, end).contains(.letter)) {
                // [^\r\n\p{L}\p{N}]?\p{L}+
                position += 1
                while characterClass(position, end).contains(.letter) { position += 1 }
            } else if kind.contains(.number) {
                // \p{N}{1,maxDigits}
                var group = 0
                while group < maxDigits && characterClass(position, end).contains(.number) {
                    position += 1
                    group += 1
                }
            } else if isOther(scalar == 0x20 ? position + 1 : position, end) || (scalar == 0x20 && position + 1 == end) {
                //  ?[^\s\p{L}\p{N}]+[\r\n]*  (llama.cpp also takes a lone trailing space here; the
                // whitespace rules would give the same one-space word)
                if scalar == 0x20 { position += 1 }
                while isOther(position, end) { position += 1 }
                while position < end && (scalars[position] == 0x0D || scalars[position] == 0x0A) { position += 1 }
            } else {
                position = endOfWhitespace(at: position, end: end, stopAfterNewline: true)
            }
            ends.append(position)
        }
    }

    /// The class of scalar `index`, empty past `end`.
    private func characterClass(_ index: Int, _ end: Int) -> CharacterClass {
        index < end ? classes[index] : []
    }

    /// Whether scalar `index` is before `end` and matches `[^\s\p{L}\p{N}]`.
    private func isOther(_ index: Int, _ end: Int) -> Bool {
        index < end && classes[index].isEmpty
    }

    /// The length of `'s|'t|'re|'ve|'m|'ll|'d` at `position` (an apostrophe), or nil.
    private func contraction(at position: Int, end: Int, caseInsensitive: Bool) -> Int? {
        func letter(_ index: Int) -> UInt32? {
            guard index < end else { return nil }
            let scalar = scalars[index]
            return caseInsensitive && (0x41...0x5A).contains(scalar) ? scalar + 0x20 : scalar
        }
        switch letter(position + 1) {
        case 0x73, 0x74, 0x6D, 0x64: return 2  // s t m d
        case 0x72, 0x76: return letter(position + 2) == 0x65 ? 3 : nil  // re ve
        case 0x6C: return letter(position + 2) == 0x6C ? 3 : nil  // ll
        default: return nil
        }
    }

    /// Where a word starting with whitespace at `position` ends: `\s*[\r\n]+` when
    /// `stopAfterNewline` (up to the run's last CR or LF), else `\s+(?!\S)` (all of the run but its
    /// last scalar when a non-space follows), else `\s+`; one scalar if nothing matches.
    private func endOfWhitespace(at position: Int, end: Int, stopAfterNewline: Bool) -> Int {
        var runEnd = position, afterNewline = -1
        while characterClass(runEnd, end).contains(.whitespace) {
            if stopAfterNewline && (scalars[runEnd] == 0x0D || scalars[runEnd] == 0x0A) { afterNewline = runEnd + 1 }
            runEnd += 1
        }
        if afterNewline >= 0 { return afterNewline }
        if runEnd - position > 1 && runEnd < end { return runEnd - 1 }
        if runEnd > position { return runEnd }
        return position + 1
    }
}
