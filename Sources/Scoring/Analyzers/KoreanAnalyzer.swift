/// BLEnD's Korean tokenization: konlpy 0.6.0 `Okt` (open-korean-text 2.1.0), re-implemented.
///
/// BLEnD drops the words Okt tags `Josa` from `okt.pos(text)`, joins the rest with spaces and
/// returns `okt.morphs(joined, stem=True)`: verbs and adjectives become their dictionary form
/// (먹어요 → 먹다), other tokens stay as written. Neither call normalizes the text.
public struct KoreanAnalyzer: TokenAnalyzer {
    private let tokenizer: KoreanTokenizer

    /// Loads the dictionaries `scripts/analyzer-data/ko.sh` installs into `dataDirectory`.
    public init(dataDirectory: String) throws {
        tokenizer = KoreanTokenizer(dictionary: try KoreanDictionary(directory: dataDirectory))
    }

    public func tokens(of text: String) -> [String] {
        let words = okt(text).filter { $0.pos != .josa }.map(\.text)
        return okt(words.joined(separator: " ")).map { $0.stem ?? $0.text }
    }

    /// `Okt.pos(text)`: the tagged tokens, spaces left out.
    func okt(_ text: String) -> [KoreanToken] {
        tokenizer.tokenize(text).filter { $0.pos != .space }
    }
}
