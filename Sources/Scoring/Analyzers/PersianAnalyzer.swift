import Foundation

/// BLEnD's Persian tokenization: split the text on whitespace as Python's `str.split()` does, then
/// replace each word by hazm 0.10.0's `Lemmatizer().lemmatize(word)`.
///
/// No hazm `Normalizer` runs first, so Arabic and Persian letter variants (ي/ی, ك/ک) and words
/// with or without ZWNJ (U+200C) stay distinct. Words are compared code point by code point, as
/// Python compares them, never by Swift's canonical equivalence.
public struct PersianAnalyzer: TokenAnalyzer {
    private let lemmatizer: PersianLemmatizer

    /// Loads `words.txt` and `verbs.txt` (written by `scripts/analyzer-data/fa.sh`) from
    /// `dataDirectory`; throws `AnalyzerDataError` naming a missing or malformed file.
    public init(dataDirectory: String) throws {
        let wordsPath = dataDirectory + "/words.txt"
        let verbsPath = dataDirectory + "/verbs.txt"
        let words = try Self.lines(ofFile: wordsPath)
        guard !words.isEmpty else {
            throw AnalyzerDataError(path: wordsPath, problem: "holds no words")
        }
        var verbs: [PersianVerb] = []
        for line in try Self.lines(ofFile: verbsPath) {
            guard let verb = PersianVerb(line: line) else {
                throw AnalyzerDataError(
                    path: verbsPath,
                    problem: "line \"\(String(decoding: line, as: UTF8.self))\" is not PAST#PRESENT")
            }
            verbs.append(verb)
        }
        guard !verbs.isEmpty else {
            throw AnalyzerDataError(path: verbsPath, problem: "holds no verbs")
        }
        lemmatizer = PersianLemmatizer(words: words, verbs: verbs)
    }

    /// hazm's lemma of every whitespace-separated word of `text`, in order.
    public func tokens(of text: String) -> [String] {
        PersianWhitespace.split(Array(text.utf8)).map(lemmatizer.lemmatize)
    }

    /// The non-empty lines of a UTF-8 text file, as bytes.
    private static func lines(ofFile path: String) throws -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing or unreadable")
        }
        let bytes = [UInt8](data)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw AnalyzerDataError(path: path, problem: "not valid UTF-8")
        }
        return bytes.split(separator: UInt8(ascii: "\n")).map(Array.init)
    }
}
