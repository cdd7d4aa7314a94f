import Testing
@testable import Scoring

/// Loaded once for all tests (Swift Testing makes a suite instance per test case).
private let sharedIndonesianAnalyzer = Result { try IndonesianAnalyzer(dataDirectory: analyzerDataDirectory("id")) }

/// Expected token lists come from nlp_id 0.1.15.0: `Lemmatizer().lemmatize(text).split()`.
@Suite struct IndonesianAnalyzerTests {
    let analyzer: IndonesianAnalyzer

    init() throws {
        analyzer = try sharedIndonesianAnalyzer.get()
    }

    @Test(arguments: [
        ("Saya sedang membaca buku-buku di perpustakaan", ["saya", "sedang", "baca", "buku", "di", "pustaka"]),
        ("Nasi Goreng", ["nasi", "goreng"]),
        ("Answer: Rendang", ["answer", "rendang"]),
        ("ketupat, opor ayam & rendang!", ["ketupat", "opor", "ayam", "rendang"]),
        ("makanan", ["makan"]),
        ("pemerintahannya", ["perintah"]),
        ("diberikan", ["beri"]),
        ("memperingati", ["ingat"]),
        ("jawabannya adalah bakso", ["jawab", "adalah", "bakso"]),
        ("kepada-Nya", ["kepada"]),
        ("anggota-anggota", ["anggota"]),
        ("bermain-main", ["main"]),
        ("rumah-rumahan", ["rumah"]),
        ("ke-2", ["ke-2"]),
        ("17 Agustus", ["17", "agustus"]),
        ("Tahun Baru Imlek (Imlek)", ["tahun", "baru", "imlek", "imlek"]),
        // Non-ASCII letters vanish; Python lowercases "İ" to "i" + U+0307 and the Kelvin sign to "k".
        ("Café İstanbul", ["caf", "i", "stanbul"]),
        ("KELVIN \u{212A}", ["kelvin", "k"]),
    ])
    func lemmatizesLikeNlpId(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
    }

    @Test func emptyAndPunctuationOnlyTextsHaveNoTokens() {
        #expect(analyzer.tokens(of: "").isEmpty)
        #expect(analyzer.tokens(of: " ... !? ").isEmpty)
    }

    @Test func missingDataDirectoryThrows() {
        #expect(throws: AnalyzerDataError.self) {
            try IndonesianAnalyzer(dataDirectory: "/nonexistent/analyzers/id")
        }
    }
}
