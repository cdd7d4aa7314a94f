import Foundation

/// The lexical attributes en_core_web_sm's tok2vec reads for each token, as spaCy computes them:
/// NORM, PREFIX, SUFFIX and SHAPE as string ids, plus the SPACY and IS_SPACE flags.
struct EnglishLexemeAttributes: Sendable {
    /// `StringStore` returns these ids for reserved names ("X", "number", ...) instead of a hash.
    private let symbols: [String: UInt64]
    /// The vocabulary's NORM exceptions (spacy-lookups-data's lexeme_norm, then BASE_NORMS).
    private let norms: [String: String]

    /// Loads `symbols.tsv` and `lexeme_norm.tsv` from `dataDirectory`.
    init(dataDirectory: String) throws {
        var symbols: [String: UInt64] = [:]
        try englishReadTSV(dataDirectory + "/symbols.tsv", fields: 2) { fields, path in
            guard let id = UInt64(fields[1]) else { throw AnalyzerDataError(path: path, problem: "bad symbol id \(fields[1])") }
            symbols[fields[0]] = id
        }
        var norms: [String: String] = [:]
        try englishReadTSV(dataDirectory + "/lexeme_norm.tsv", fields: 2) { fields, _ in norms[fields[0]] = fields[1] }
        self.symbols = symbols
        self.norms = norms
    }

    /// The six feature ids of the model's `FeatureExtractor` for one token.
    /// `normOverride` is the NORM a tokenizer exception gives the token (e.g. "not" for "n't").
    func features(text: String, normOverride: String?, spaceAfter: Bool) -> [UInt64] {
        let scalars = Array(text.unicodeScalars)
        let prefix = scalars.first.map { String($0) } ?? ""
        let suffix = String(String.UnicodeScalarView(scalars.suffix(3)))
        let isSpace = !scalars.isEmpty && scalars.allSatisfy(englishIsPythonSpace)
        return [
            stringID(normOverride ?? norm(of: text)), stringID(prefix), stringID(suffix),
            stringID(Self.shape(of: scalars)), spaceAfter ? 1 : 0, isSpace ? 1 : 0,
        ]
    }

    /// The lexeme's NORM: the table entry, else the lowercase form.
    func norm(of text: String) -> String {
        norms[text] ?? text.lowercased()
    }

    /// spaCy's string id: 0 for "", the symbol id for reserved names, else the string hash.
    func stringID(_ text: String) -> UInt64 {
        if text.isEmpty { return 0 }
        if let symbol = symbols[text] { return symbol }
        return EnglishHashing.stringHash(text.utf8)
    }

    /// `spacy.lang.lex_attrs.word_shape`: letters as X/x, digits as d, other characters kept,
    /// runs cut after four; "LONG" from 100 characters on.
    static func shape(of scalars: [Unicode.Scalar]) -> String {
        if scalars.count >= 100 { return "LONG" }
        var shape = String.UnicodeScalarView()
        var last: Unicode.Scalar?
        var run = 0
        for scalar in scalars {
            let shapeScalar: Unicode.Scalar
            if englishIsPythonAlpha(scalar) {
                shapeScalar = scalar.properties.isUppercase ? "X" : "x"
            } else if englishIsPythonDigit(scalar) {
                shapeScalar = "d"
            } else {
                shapeScalar = scalar
            }
            if shapeScalar == last {
                run += 1
            } else {
                run = 0
                last = shapeScalar
            }
            if run < 4 { shape.append(shapeScalar) }
        }
        return String(shape)
    }
}
