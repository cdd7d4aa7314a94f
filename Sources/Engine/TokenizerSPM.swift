/// SentencePiece-style tokenization (`tokenizer.ggml.model = "llama"`: Gemma, Llama 2), as
/// llama.cpp's `llm_tokenizer_spm_session`: spaces become `▁`, UTF-8 characters merge pairwise by
/// the highest token score (leftmost on ties), and characters no token covers fall back to
/// `<0xXX>` byte tokens.
///
/// llama.cpp re-splits a final symbol that is not a token through `rev_merge`, but a merged symbol
/// is a token by construction, so only single characters can miss the vocabulary, and those go to
/// bytes either way.
struct SentencePieceEncoder: Sendable {
    let vocabulary: Vocabulary
    /// Whether a text fragment at the start or after a special token gets a leading space.
    let addsSpacePrefix: Bool
    /// The token of each byte: `<0xXX>`, else the byte itself as a text, else -1.
    private let byteTokens: [Int32]

    init(vocabulary: Vocabulary, addsSpacePrefix: Bool) {
        self.vocabulary = vocabulary
        self.addsSpacePrefix = addsSpacePrefix
        byteTokens = (0...255).map { (byte: Int) -> Int32 in
            let hex = String(byte, radix: 16, uppercase: true)
            return vocabulary.token(for: "<0x\(hex.count == 1 ? "0" + hex : hex)>") ?? vocabulary.token(for: [UInt8(byte)]) ?? -1
        }
    }

    /// Appends the tokens of one text fragment; `followsSpecial` is true at the start of the text
    /// and after a special token.
    func encode(_ fragment: UnsafeBufferPointer<UInt8>, followsSpecial: Bool, merger: inout SymbolMerger, into output: inout [Int32]) {
        let escaped = Self.escapingSpaces(fragment, prefix: addsSpacePrefix && followsSpecial)
        escaped.withUnsafeBufferPointer { text in
            merger.reset()
            var start = 0
            while start < text.count {
                let lead = text[start]
                let length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, text.count - start)
                merger.append(start: start, length: length, token: vocabulary.token(for: UnsafeBufferPointer(rebasing: text[start..<start + length])) ?? -1)
                start += length
            }
            merger.merge(ScoreRanker(vocabulary: vocabulary, text: text))
            for symbol in merger.survivors {
                if symbol.token >= 0 {
                    output.append(symbol.token)
                    continue
                }
                for i in Int(symbol.start)..<Int(symbol.start + symbol.length) where byteTokens[Int(text[i])] >= 0 {
                    output.append(byteTokens[Int(text[i])])
                }
            }
        }
    }

    /// The fragment with every space as `▁` (U+2581), optionally after a leading one.
    private static func escapingSpaces(_ fragment: UnsafeBufferPointer<UInt8>, prefix: Bool) -> [UInt8] {
        let escape: [UInt8] = [0xE2, 0x96, 0x81]
        var escaped: [UInt8] = prefix ? escape : []
        escaped.reserveCapacity(fragment.count + 16)
        for byte in fragment {
            if byte == 0x20 { escaped += escape } else { escaped.append(byte) }
        }
        return escaped
    }
}

/// SPM merges: a pair merges if its concatenation is a token, the higher its score the sooner.
private struct ScoreRanker: BigramRanker {
    let vocabulary: Vocabulary
    let text: UnsafeBufferPointer<UInt8>

    func bigram(_ left: Symbol, _ right: Symbol) -> (priority: Double, token: Int32)? {
        let merged = UnsafeBufferPointer(rebasing: text[Int(left.start)..<Int(left.start + left.length + right.length)])
        guard let token = vocabulary.token(for: merged) else { return nil }
        return (Double(vocabulary.scores[Int(token)]), token)
    }
}
