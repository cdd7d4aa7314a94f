/// A question of a dual set Q_{c,l}: one BLEnD template about culture `culture`, asked in `lang`.
public struct Question: Record, Equatable, Sendable {
    public static let kind = "question"

    /// `Q_{culture}_{lang}/{template_id}`, e.g. `Q_CN_zh/Al-en-01`.
    public var id: String
    /// BLEnD's question id, the link between the dual sets, e.g. `Al-en-01`.
    public var templateID: String
    public var culture: Culture
    public var lang: Language
    /// The question as asked, in `lang`.
    public var question: String
    /// The English question about the same culture (equal to `question` when `lang` is en).
    public var enQuestion: String
    /// BLEnD's topic, e.g. `Food`.
    public var topic: String
    /// BLEnD's `Source` column: where the template was written, e.g. `English (US)`.
    public var authoredIn: String
    /// Answer groups in annotation order (most votes first); nil while a set has no answer key yet.
    public var answers: [AnswerGroup]?
    /// Annotators who could not answer, for the question filter.
    public var idk: IdkCounts
    /// Where the question text came from.
    public var source: QuestionSource
    public var provenance: Provenance

    public init(templateID: String, culture: Culture, lang: Language, question: String, enQuestion: String,
                topic: String, authoredIn: String, answers: [AnswerGroup]?, idk: IdkCounts,
                source: QuestionSource, provenance: Provenance) {
        self.id = SetName(culture: culture, lang: lang).questionID(templateID: templateID)
        self.templateID = templateID
        self.culture = culture
        self.lang = lang
        self.question = question
        self.enQuestion = enQuestion
        self.topic = topic
        self.authoredIn = authoredIn
        self.answers = answers
        self.idk = idk
        self.source = source
        self.provenance = provenance
    }

    /// The dual set this question belongs to.
    public var set: SetName { SetName(culture: culture, lang: lang) }

    public init(fields json: JSONObject) throws {
        id = try json.string("id")
        templateID = try json.string("template_id")
        culture = try json.culture()
        lang = try json.language()
        question = try json.string("question")
        enQuestion = try json.string("en_question")
        topic = try json.string("topic")
        authoredIn = try json.string("authored_in")
        answers = try json.optionalArray("answers").map { try $0.map { try AnswerGroup(json: try $0.asObject()) } }
        idk = try json.decode("idk", IdkCounts.init(json:))
        source = try json.enumeration("source")
        provenance = try json.decode("provenance", Provenance.init(json:))
        let expected = set.questionID(templateID: templateID)
        guard id == expected else {
            throw RecordError.data(json.location, field: json.fieldPath("id"),
                                   "'\(id)' does not match template_id, culture and lang (expected '\(expected)')")
        }
    }

    public func encodeFields(to writer: inout JSONWriter) {
        writer.field("id", id)
        writer.field("template_id", templateID)
        writer.field("culture", culture)
        writer.field("lang", lang)
        writer.field("question", question)
        writer.field("en_question", enQuestion)
        writer.field("topic", topic)
        writer.field("authored_in", authoredIn)
        writer.field("answers", answers)
        writer.field("idk", idk)
        writer.field("source", source.rawValue)
        writer.field("provenance", provenance)
    }
}

/// One group of equivalent answers and the number of annotators who gave it.
public struct AnswerGroup: Equatable, Sendable, JSONEncodable {
    /// The answers in the question's language (for an English set, the English answers).
    public var texts: [String]
    /// The same answers in English.
    public var enTexts: [String]
    /// How many annotators gave this answer.
    public var votes: Int

    public init(texts: [String], enTexts: [String], votes: Int) {
        self.texts = texts
        self.enTexts = enTexts
        self.votes = votes
    }

    /// Decodes a group from its JSON object.
    public init(json: JSONObject) throws {
        texts = try json.stringArray("texts")
        enTexts = try json.stringArray("en_texts")
        votes = try json.int("votes")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("texts", texts)
        writer.field("en_texts", enTexts)
        writer.field("votes", votes)
        writer.endObject()
    }
}

/// BLEnD's three standard "could not answer" counts (other free-text keys are not kept).
public struct IdkCounts: Equatable, Sendable, JSONEncodable {
    public var idk: Int
    public var noAnswer: Int
    public var notApplicable: Int

    public init(idk: Int, noAnswer: Int, notApplicable: Int) {
        self.idk = idk
        self.noAnswer = noAnswer
        self.notApplicable = notApplicable
    }

    /// Decodes the counts from their JSON object.
    public init(json: JSONObject) throws {
        idk = try json.int("idk")
        noAnswer = try json.int("no_answer")
        notApplicable = try json.int("not_applicable")
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("idk", idk)
        writer.field("no_answer", noAnswer)
        writer.field("not_applicable", notApplicable)
        writer.endObject()
    }
}

/// Where a question's text came from.
public enum QuestionSource: String, CaseIterable, Sendable {
    /// BLEnD's release (Q_{c,c}, Q_{c,en}, Q_{US,en}).
    case blend
    /// The Dual-Eval paper's released filled set (Q_{US,l}).
    case dualEval = "dual-eval"
    /// Made by translate-fill with a translator model.
    case translated
}

/// Where the question text and the answer key came from, down to the file and row.
public struct Provenance: Equatable, Sendable, JSONEncodable {
    public var question: Origin
    /// nil while the question has no answer key yet.
    public var answers: Origin?

    public init(question: Origin, answers: Origin?) {
        self.question = question
        self.answers = answers
    }

    init(json: JSONObject) throws {
        question = try json.decode("question", Origin.init(json:))
        answers = try json.decodeIfPresent("answers", Origin.init(json:))
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("question", question)
        writer.field("answers", answers)
        writer.endObject()
    }
}

/// One origin: a dataset file (and row, column), or a translator run.
public struct Origin: Equatable, Sendable, JSONEncodable {
    /// `BLEnD`, `Dual-Eval` or `translate-fill`.
    public var dataset: String
    /// The file, relative to the dataset's root, e.g. `data/questions/China_questions.csv`.
    public var file: String?
    /// The 1-based data row of a CSV file.
    public var row: Int?
    /// The CSV column or JSON key the text was taken from.
    public var column: String?
    /// Set when the text was machine-translated.
    public var translator: Translator?

    public init(dataset: String, file: String? = nil, row: Int? = nil, column: String? = nil, translator: Translator? = nil) {
        self.dataset = dataset
        self.file = file
        self.row = row
        self.column = column
        self.translator = translator
    }

    init(json: JSONObject) throws {
        dataset = try json.string("dataset")
        file = try json.optionalString("file")
        row = try json.optionalInt("row")
        column = try json.optionalString("column")
        translator = try json.decodeIfPresent("translator", Translator.init(json:))
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("dataset", dataset)
        writer.fieldIfPresent("file", file)
        writer.fieldIfPresent("row", row)
        writer.fieldIfPresent("column", column)
        writer.fieldIfPresent("translator", translator)
        writer.endObject()
    }
}

/// The translator behind a machine-translated text (filled in by translate-fill).
public struct Translator: Equatable, Sendable, JSONEncodable {
    public var backend: String
    public var model: String
    /// sha256 of the translation prompt template.
    public var promptSHA256: String
    /// The id of the question pair used as the one-shot example, e.g. `Q_CN_zh/Al-en-01`.
    public var exampleID: String?
    /// The request key of the translation call.
    public var key: String
    /// Why the output looks suspicious: `empty`, `unchanged` (still the English text),
    /// `wrong_script`, `explanation` (extra text around the translation), `count_mismatch`
    /// (not one translation per answer); empty when it looks fine.
    public var flags: [String]

    public init(backend: String, model: String, promptSHA256: String, exampleID: String?, key: String, flags: [String] = []) {
        self.backend = backend
        self.model = model
        self.promptSHA256 = promptSHA256
        self.exampleID = exampleID
        self.key = key
        self.flags = flags
    }

    init(json: JSONObject) throws {
        backend = try json.string("backend")
        model = try json.string("model")
        promptSHA256 = try json.string("prompt_sha256")
        exampleID = try json.optionalString("example_id")
        key = try json.string("key")
        flags = try json.optionalArray("flags").map { try $0.map { try $0.asString() } } ?? []
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("backend", backend)
        writer.field("model", model)
        writer.field("prompt_sha256", promptSHA256)
        writer.field("example_id", exampleID)
        writer.field("key", key)
        if !flags.isEmpty { writer.field("flags", flags) }
        writer.endObject()
    }
}
