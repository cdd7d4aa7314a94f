/// Splits text into the tokens BLEnD's scorer compares, the way one language's official tool
/// (spaCy, jieba, Spark NLP, nlp_id, Okt, hazm, SUSTEM) does it.
///
/// An analyzer returns the tool's raw output: lemmas, stems or segments in text order, before
/// BLEnD's token cleaning (dropping punctuation tokens, NFD, removing U+0301, lowercasing), which
/// the matcher applies to every language alike.
public protocol TokenAnalyzer: Sendable {
    /// The tokens the official tool yields for `text`.
    func tokens(of text: String) -> [String]
}

/// A data file an analyzer needs is missing or malformed (exit status 66 or 65 upstream).
public struct AnalyzerDataError: Error, CustomStringConvertible, Sendable {
    /// The file that is missing or malformed.
    public var path: String
    /// What is wrong with it.
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        "\(path): \(problem) (run `make analyzers` to install the analyzer data)"
    }
}
