import Testing
@testable import Scoring

/// Expected tokens come from hazm 0.10.0: `[Lemmatizer().lemmatize(w) for w in text.split()]`.
/// Tokens are compared scalar by scalar, as Python compares them (Swift's `==` would let
/// canonically equivalent spellings such as "آب" and "ا\u{653}ب" pass for each other).
struct PersianAnalyzerTests {
    static let cases: [(text: String, tokens: [String])] = [
        ("کتاب\u{200C}ها", ["کتاب"]),
        ("کتابهایشان", ["کتاب"]),
        ("بستنی\u{200C}ها", ["بستنی"]),
        ("اندیشه\u{200C}اش", ["اندیشه"]),
        ("خانۀ", ["خانه"]),
        ("غذاهای ایرانی", ["غذا", "ایرانی"]),
        ("می\u{200C}روم", ["رفت#رو"]),
        ("میروم", ["میروم"]),
        ("می\u{200C}خورند", ["خورد#خور"]),
        ("مي\u{200C}خورند", ["مي\u{200C}خورند"]),
        ("نوشیده\u{200C}اند", ["نوشید#نوش"]),
        ("ببین", ["دید#بین"]),
        ("بروید", ["رست#روی"]),
        ("است", ["است"]),
        ("گفته_شده_است", ["گفت#گو"]),
        ("نچشیده_است", ["چشید#چش"]),
        ("خواهم_رفت", ["رفت#رو"]),
        ("نه_است", ["#هست"]),
        ("پاسخ: نون و پنير", ["پاسخ:", "نون", "و", "پنير"]),
        ("پاسخ: نون و پنیر", ["پاسخ:", "نون", "و", "پنیر"]),
        ("ميوه", ["ميوه"]),
        ("تخم\u{200C}مرغ", ["تخم\u{200C}مرغ"]),
        ("تخممرغ", ["تخممرغ"]),
        ("تخم مرغ", ["تخم", "مرغ"]),
        ("کباب\u{200C}ها.", ["کباب\u{200C}ها."]),
        ("۱۲ سال", ["۱۲", "سال"]),
        ("12 سالگی", ["12", "سالگی"]),
        ("قورمه\u{A0}سبزی", ["قورمه", "سبزی"]),
        ("ا\u{653}ب", ["ا\u{653}ب"]),
        ("آب", ["آب"]),
        ("the answer is kebab.", ["the", "answer", "is", "kebab."]),
        ("Kebab", ["Kebab"]),
        ("", []),
    ]

    @Test func matchesHazm() throws {
        let analyzer = try PersianAnalyzer(dataDirectory: analyzerDataDirectory("fa"))
        for (text, expected) in Self.cases {
            let tokens = analyzer.tokens(of: text)
            #expect(
                tokens.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) },
                "\(text): \(tokens) != \(expected)")
        }
    }

    @Test func missingDataThrows() {
        #expect(throws: AnalyzerDataError.self) {
            try PersianAnalyzer(dataDirectory: "/nonexistent/dualeval/fa")
        }
    }
}
