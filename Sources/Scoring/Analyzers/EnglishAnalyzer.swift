/// English tokens as BLEnD's scorer gets them from spaCy `en_core_web_sm` (spacy 3.7.4):
/// `[t.lemma_ for t in nlp(text)]`.
///
/// Tokenization is an exact port of spaCy's English tokenizer (`EnglishTokenizer`). Lemmas come
/// from `EnglishLemmatizer`, a POS-free approximation of the model's tagger-driven rule
/// lemmatizer, so a minority of inflected words (noun vs. verb `-ing`, adjective vs. verb `-ed`,
/// proper-noun plurals) get a different lemma than the model would give them.
public struct EnglishAnalyzer: TokenAnalyzer {
    private let tokenizer: EnglishTokenizer
    private let lemmatizer: EnglishLemmatizer

    /// Loads `tokenizer.json` and the `lemma_*.tsv` tables written by `scripts/analyzer-data/en.sh`.
    public init(dataDirectory: String) throws {
        tokenizer = try EnglishTokenizer(dataFile: dataDirectory + "/tokenizer.json")
        lemmatizer = try EnglishLemmatizer(dataDirectory: dataDirectory)
    }

    /// The spaCy token texts of `text`, without lemmatization.
    func tokenTexts(of text: String) -> [String] {
        tokenizer.tokenize(text).map { String(String.UnicodeScalarView($0)) }
    }

    public func tokens(of text: String) -> [String] {
        lemmatizer.lemmas(of: tokenTexts(of: text))
    }
}
