import Records

/// Builds the question records of the dual sets Q_{c,l} from BLEnD's release and, for
/// Q_{US,l} with l ≠ en, the Dual-Eval paper's released filled set.
///
/// Q_{c,c} asks BLEnD's local question with the local and English answer groups; Q_{c,en}
/// asks BLEnD's English question with the English groups; Q_{US,l} asks the released
/// translation with the released translated answer key, or with no answer groups yet when
/// the release has none for l (translate-fill completes those).
public struct DualSetImporter {
    public let blendDir: String
    public let dualEvalDir: String?

    /// BLEnD's dataset name, as written in provenance.
    public static let blendDataset = "BLEnD"
    public static let dualEvalDataset = "Dual-Eval"

    public init(blendDir: String, dualEvalDir: String?) {
        self.blendDir = blendDir
        self.dualEvalDir = dualEvalDir
    }

    /// The template ids every set can have, in BLEnD order: BLEnD's ids, restricted to those
    /// of the Dual-Eval filled set when that release is given, so duals stay aligned.
    public func templateUniverse() throws -> [String] {
        let ids = try BlendCountry(culture: .US, blendDir: blendDir).questions.map(\.templateID)
        guard let dualEvalDir else { return ids }
        let filled = Set(try DualEvalRelease(directory: dualEvalDir).questions.map(\.templateID))
        return ids.filter(filled.contains)
    }

    /// The questions of `set` for the templates that `selection` picks, in BLEnD order.
    /// `.all` keeps every question of the set (500 for BLEnD's sets, 483 for the filled ones);
    /// a sample draws from `templateUniverse()`, so it is the same in every set.
    public func questions(of set: SetName, selection: TemplateSelection = .all) throws -> [Question] {
        let all: [Question]
        if set.culture == .US && set.lang != .en {
            all = try filledUSQuestions(in: set.lang)
        } else {
            all = try blendQuestions(of: set)
        }
        if selection == .all { return all }
        let chosen = Set(selection.apply(to: try templateUniverse()))
        return all.filter { chosen.contains($0.templateID) }
    }

    /// Q_{c,c}, Q_{c,en} and Q_{US,en} from BLEnD.
    func blendQuestions(of set: SetName) throws -> [Question] {
        guard set.lang == .en || set.lang == set.culture.language else {
            throw RecordError(.usage, problem: "\(set) is not a dual set: culture \(set.culture.rawValue) is asked in \(set.culture.language.rawValue) or en")
        }
        let country = try BlendCountry(culture: set.culture, blendDir: blendDir)
        let local = set.lang == set.culture.language
        return country.questions.map { entry in
            let groups = entry.annotation.groups.map {
                AnswerGroup(texts: local ? $0.answers : $0.enAnswers, enTexts: $0.enAnswers, votes: $0.count)
            }
            let column = local ? "Question" : "Translation"
            return Question(
                templateID: entry.templateID, culture: set.culture, lang: set.lang,
                question: local ? entry.localQuestion : entry.englishQuestion,
                enQuestion: entry.englishQuestion, topic: entry.topic, authoredIn: entry.authoredIn,
                answers: groups, idk: entry.annotation.idk, source: .blend,
                provenance: Provenance(
                    question: Origin(dataset: Self.blendDataset, file: country.questionsFile, row: entry.line, column: column),
                    answers: Origin(dataset: Self.blendDataset, file: country.annotationsFile, column: entry.templateID)))
        }
    }

    /// Q_{US,l} from the Dual-Eval release, with its translated answer key where it ships one.
    func filledUSQuestions(in lang: Language) throws -> [Question] {
        guard let dualEvalDir else {
            throw RecordError(.usage, problem: "Q_US_\(lang.rawValue) needs the Dual-Eval release (--dual-eval-dir)")
        }
        let release = try DualEvalRelease(directory: dualEvalDir)
        let us = try BlendCountry(culture: .US, blendDir: blendDir)
        let blendByID = Dictionary(uniqueKeysWithValues: us.questions.map { ($0.templateID, $0) })
        let answerKey = try release.answerKey(for: lang)
        let questionsPath = join(dualEvalDir, DualEvalRelease.questionsFile)
        let keyFile = DualEvalRelease.answerKeyFile(lang)

        return try release.questions.map { row in
            guard let blend = blendByID[row.templateID] else {
                throw RecordError(.data, input: questionsPath, line: row.line, field: "ID",
                                  problem: "'\(row.templateID)' is not a BLEnD question id")
            }
            var groups: [AnswerGroup]?
            var idk = blend.annotation.idk
            var answersOrigin: Origin?
            if let answerKey {
                guard let entry = answerKey[row.templateID] else {
                    throw RecordError(.data, input: join(dualEvalDir, keyFile), field: row.templateID,
                                      problem: "missing: \(DualEvalRelease.questionsFile) has this id at line \(row.line)")
                }
                groups = entry.groups.map { AnswerGroup(texts: $0.answers, enTexts: $0.enAnswers, votes: $0.count) }
                idk = entry.idk
                answersOrigin = Origin(dataset: Self.dualEvalDataset, file: keyFile, column: row.templateID)
            }
            return Question(
                templateID: row.templateID, culture: .US, lang: lang,
                question: row.localQuestions[lang]!, enQuestion: row.englishQuestion,
                topic: blend.topic, authoredIn: blend.authoredIn,
                answers: groups, idk: idk, source: .dualEval,
                provenance: Provenance(
                    question: Origin(dataset: Self.dualEvalDataset, file: DualEvalRelease.questionsFile,
                                     row: row.line, column: lang.homeCulture.blendKey),
                    answers: answersOrigin))
        }
    }
}
