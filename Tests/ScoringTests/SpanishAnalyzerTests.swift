import Testing
@testable import Scoring

/// Spark NLP (the official tool) cannot run offline, so these expectations come from a Python model
/// of the documented stand-in: Spark NLP 5.3.3's default Tokenizer rule re-implemented with Python
/// `re`, plus a case-sensitive lookup in spacy-lookups-data 1.0.5's es_lemma_lookup.
@Suite struct SpanishAnalyzerTests {
    let analyzer: SpanishAnalyzer

    init() throws {
        analyzer = try SpanishAnalyzer(dataDirectory: analyzerDataDirectory("es"))
    }

    @Test(arguments: [
        ("¿Qué comen los españoles en Navidad?", ["¿Qué", "comer", "lo", "españolar", "en", "Navidad", "?"]),
        ("Respuesta: turrones.", ["Respuesta", ":", "turrón", "."]),
        ("paellas", ["paella"]),
        ("Paella valenciana", ["Paella", "valenciano"]),
        ("(tortilla de patatas), \"jamón\"...", ["(", "tortilla", "de", "patata", "),", "\"", "jamón", "\"..."]),
        ("¡sí!", ["¡sí", "!"]),
        ("jamón-ibérico", ["jamón-ibérico"]),
        ("los niños comen churros con chocolate", ["lo", "niño", "comer", "churro", "con", "chocolate"]),
        ("...", ["..."]),
        ("fútbol", ["fútbol"]),
        ("el día de Reyes", ["el", "día", "de", "Reyes"]),
        ("pingüinos y ñoquis", ["pingüino", "y", "ñoquis"]),
        ("fue en 1992.", ["ser", "en", "1992", "."]),
        ("12:30", ["12:30"]),
        ("a\u{00A0}b", ["a\u{00A0}b"]),  // Java's \s does not include U+00A0
    ])
    func lemmasMatchSparkStandIn(text: String, expected: [String]) {
        #expect(analyzer.tokens(of: text) == expected)
    }

    @Test func emptyTextHasNoTokens() {
        #expect(analyzer.tokens(of: "  ").isEmpty)
    }

    @Test func missingDataThrows() {
        #expect(throws: AnalyzerDataError.self) {
            _ = try SpanishAnalyzer(dataDirectory: "/nonexistent/analyzers/es")
        }
    }
}
