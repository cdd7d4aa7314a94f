import Records

/// One group of answers as an annotation file stores it.
struct AnnotatedGroup {
    var answers: [String]
    var enAnswers: [String]
    var count: Int
}

/// One question's annotations: the answer groups in file order (most votes first) and the idk counts.
struct Annotation {
    var groups: [AnnotatedGroup]
    var idk: IdkCounts
}

/// Reads a BLEnD-format annotation file (`{ID: {annotations: [...], idks: {...}}}`), checking
/// every field it uses and that groups are sorted by votes, as the scorer relies on.
func readAnnotations(atPath path: String) throws -> [String: Annotation] {
    let root = try parseObjectFile(atPath: path)
    var result: [String: Annotation] = [:]
    for templateID in root.keys {
        let entry = try root.object(templateID)
        let groups = try entry.array("annotations").map { element in
            let group = try element.asObject()
            return AnnotatedGroup(answers: try group.stringArray("answers"),
                                  enAnswers: try group.stringArray("en_answers"),
                                  count: try group.int("count"))
        }
        for index in groups.indices.dropFirst() where groups[index].count > groups[index - 1].count {
            throw RecordError(.data, input: path, field: "\(templateID).annotations[\(index)].count",
                              problem: "answer groups are not sorted by count (descending), which the scorer relies on")
        }
        let idks = try entry.object("idks")
        let idk = IdkCounts(idk: try idks.int("idk"), noAnswer: try idks.int("no-answer"),
                            notApplicable: try idks.int("not-applicable"))
        result[templateID] = Annotation(groups: groups, idk: idk)
    }
    return result
}

/// One BLEnD question template as adapted to one country: a row of its questions CSV
/// joined with its entry in the annotation file.
struct BlendQuestion {
    var templateID: String
    var topic: String
    var authoredIn: String
    /// `Question` column: the question in the country's language.
    var localQuestion: String
    /// `Translation` column: the English question naming the country.
    var englishQuestion: String
    var annotation: Annotation
    /// The file line of the CSV row.
    var line: Int
}

/// One country's files of the BLEnD release (Dec 2024 layout, see docs/sets.md).
struct BlendCountry {
    static let questionsHeader = ["", "ID", "Topic", "Source", "Question", "Translation"]

    let culture: Culture
    let questions: [BlendQuestion]
    let questionsFile: String
    let annotationsFile: String

    static func questionsFile(_ culture: Culture) -> String { "data/questions/\(culture.blendKey)_questions.csv" }
    static func annotationsFile(_ culture: Culture) -> String { "data/annotations/\(culture.blendKey)_data.json" }

    /// Loads and cross-checks `culture`'s questions and annotations under `blendDir`.
    init(culture: Culture, blendDir: String) throws {
        self.culture = culture
        questionsFile = Self.questionsFile(culture)
        annotationsFile = Self.annotationsFile(culture)
        let csvPath = join(blendDir, questionsFile)
        let jsonPath = join(blendDir, annotationsFile)
        let table = try CSVTable(path: csvPath)
        try table.requireHeader(Self.questionsHeader)
        let annotations = try readAnnotations(atPath: jsonPath)

        var questions: [BlendQuestion] = []
        var seen = Set<String>()
        for (row, line) in zip(table.rows, table.rowLines) {
            let templateID = row[1], englishQuestion = row[5]
            guard seen.insert(templateID).inserted else {
                throw RecordError(.data, input: csvPath, line: line, field: "ID", problem: "duplicate id '\(templateID)'")
            }
            // The Dec 2024 layout: Translation is the English question naming the country.
            // The June 2024 layout (Question in English with "your country") fails here.
            guard englishQuestion.contains(culture.englishName) else {
                throw RecordError(.data, input: csvPath, line: line, field: "Translation",
                                  problem: "does not name \(culture.englishName); expected BLEnD's Dec 2024 layout (Question = local language, Translation = English)")
            }
            guard let annotation = annotations[templateID] else {
                throw RecordError(.data, input: jsonPath, field: templateID, problem: "missing: the questions file has this id at line \(line)")
            }
            questions.append(BlendQuestion(templateID: templateID, topic: row[2], authoredIn: row[3],
                                           localQuestion: row[4], englishQuestion: englishQuestion,
                                           annotation: annotation, line: line))
        }
        if annotations.count != questions.count {
            let extra = Set(annotations.keys).subtracting(seen).sorted().prefix(3)
            throw RecordError(.data, input: jsonPath, problem: "has ids the questions file lacks: \(extra.joined(separator: ", "))")
        }
        self.questions = questions
    }
}
