import Records

/// One row of the Dual-Eval paper's filled US-culture set (`US_questions.csv`).
struct DualEvalQuestion {
    var templateID: String
    var topic: String
    /// `Translation` column: the English US question.
    var englishQuestion: String
    /// The US question written in each non-English language.
    var localQuestions: [Language: String]
    var line: Int
}

/// The Dual-Eval release: Q_{US,l} questions in six languages and, where shipped,
/// their translated answer keys (`annotations_multi/US_{key}_data.json`).
struct DualEvalRelease {
    static let questionsFile = "US_questions.csv"
    static let header = ["ID", "Topic", "Source", "Question", "Translation",
                         "South_Korea", "China", "Spain", "Indonesia", "Iran", "West_Java"]

    let directory: String
    let questions: [DualEvalQuestion]

    static func answerKeyFile(_ lang: Language) -> String { "annotations_multi/US_\(lang.homeCulture.blendKey)_data.json" }

    init(directory: String) throws {
        self.directory = directory
        let path = join(directory, Self.questionsFile)
        let table = try CSVTable(path: path)
        try table.requireHeader(Self.header)
        var questions: [DualEvalQuestion] = []
        for (row, line) in zip(table.rows, table.rowLines) {
            var local: [Language: String] = [:]
            for lang in Language.allCases where lang != .en {
                local[lang] = row[try table.column(lang.homeCulture.blendKey)]
            }
            questions.append(DualEvalQuestion(templateID: row[0], topic: row[1], englishQuestion: row[4],
                                              localQuestions: local, line: line))
        }
        self.questions = questions
    }

    /// The translated answer key for `lang`, or nil when the release has no file for it.
    func answerKey(for lang: Language) throws -> [String: Annotation]? {
        let path = join(directory, Self.answerKeyFile(lang))
        guard fileExists(path) else { return nil }
        return try readAnnotations(atPath: path)
    }
}
