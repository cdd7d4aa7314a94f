import Testing
@testable import Scoring

/// Loaded once for all tests (Swift Testing makes a suite instance per test case).
private let sharedSundaneseAnalyzer = Result { try SundaneseAnalyzer(dataDirectory: analyzerDataDirectory("su")) }

/// Expected token lists come from SUSTEM (setiawanirwan/SUSTEM a1c44613, SUSTEM_S.py and
/// SundaRootWordVer20220216.txt) run the way BLEnD's scorer runs it, under Python 3.11:
/// `[EcsStemmer().stemmingProcess(w.replace('(', '').replace(')', '')) for w in text.split()]`.
@Suite struct SundaneseAnalyzerTests {
    let analyzer: SundaneseAnalyzer

    init() throws {
        analyzer = try sharedSundaneseAnalyzer.get()
    }

    @Test(arguments: [
        ("Sangu liwet", ["Sangu", "liwet"]),  // the root lookup is case-sensitive
        ("urang sunda", ["urang", "sunda"]),
        ("dibaca", ["baca"]),
        ("ngadahar", ["dahar"]),
        ("ngaliwet", ["liwet"]),
        ("kasenian", ["seni"]),
        ("dipikaresep", ["resep"]),
        ("pangbagéa", ["bagéa"]),
        ("barudak", ["budak"]),
        ("beubeureum", ["beureum"]),
        ("jalan-jalan", ["jalan"]),
        ("asal-muasal", ["asal"]),
        ("Nasi Tutug Oncom (NTO)", ["Nasi", "Tutug", "Oncom", "NTO"]),
        ("()", [""]),
    ])
    func stemsLikeSustem(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
    }

    /// The root lookup is the unescaped regex `" " + w + " "`: "naon?" matches " naon ",
    /// "bata." matches " batan ", and the candidate "?" of "mi?" matches "  " or " ".
    @Test(arguments: [
        ("naon?", ["naon?"]),
        ("bata.", ["bata."]),
        ("mi?", ["?"]),
        ("c++", ["c++"]),
    ])
    func rootLookupIsARegex(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
    }

    /// Python raises "multiple repeat" here (aborting the official run); the word stays as it is.
    @Test func invalidRegexLeavesTheWordUnchanged() {
        #expect(analyzer.tokens(of: "**sangu** [x") == ["**sangu**", "[x"])
    }

    @Test func missingDataDirectoryThrows() {
        #expect(throws: AnalyzerDataError.self) {
            try SundaneseAnalyzer(dataDirectory: "/nonexistent/analyzers/su")
        }
    }
}
