import Crypto
import Foundation
import Records

/// The one-shot dual translation that fills the US-culture sets Q_{US,l}.
///
/// The paper's translator prompt is not released; these prompts follow its method: the example
/// is the same template's pair (q_{c,en}, q_{c,c}) from the culture c whose language is l, so the
/// translation keeps the dual wording (在美国… mirroring 在中国…). Answer groups are translated
/// text by text; English texts and votes are kept.
public enum TranslationPrompts {
    public static let question = """
    Translate the English question into {language}. The example shows the same question about {country}, \
    already translated: follow its wording and change only the country to the United States. \
    Reply with the translation only.

    English: {example_en}
    {language}: {example_local}

    English: {question}
    {language}:
    """

    public static let answers = """
    Translate these short answers about the United States from English into {language}. \
    Reply with one line per answer, numbered as given, with the translation only.

    {numbered}
    """

    /// sha256 (hex) of a prompt template, recorded as the prompt version.
    public static func version(_ template: String) -> String {
        SHA256.hash(data: Array(template.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}

/// What a translate-fill run did.
public struct FillTotals: Sendable, Equatable {
    /// Records already complete (released questions and answer keys), copied unchanged.
    public var copied = 0
    /// Records whose question or answers were translated.
    public var filled = 0
    /// Records left for a rerun because a translation request failed.
    public var failed = 0
    /// Records already in the output (a resumed run).
    public var skipped = 0
    /// Filled records with at least one suspicious translation.
    public var flagged = 0

    public init() {}
}

/// The inputs of one language's fill: the US English set, the example pairs, the existing Q_{US,l}.
public struct FillSources: Sendable {
    public var lang: Language
    public var usEnglish: [Question]
    /// Q_{c,en} and Q_{c,c} for c = the home culture of `lang`, by template id.
    public var examplesEnglish: [String: Question]
    public var examplesLocal: [String: Question]
    /// Q_{US,l} as imported (released questions; answer keys where released), by template id.
    public var existing: [String: Question]

    public init(lang: Language, usEnglish: [Question], examplesEnglish: [String: Question],
                examplesLocal: [String: Question], existing: [String: Question]) {
        self.lang = lang
        self.usEnglish = usEnglish
        self.examplesEnglish = examplesEnglish
        self.examplesLocal = examplesLocal
        self.existing = existing
    }
}

/// Writes the complete Q_{US,l}: released records copied as they are, gaps (a missing question,
/// a missing answer key) filled by the translator. Never overwrites released text.
/// Records whose id is in `done` are skipped (resume); failed translations are not written, so a
/// rerun retries them.
public func runTranslateFill(_ sources: FillSources, writer: RecordWriter, done: Set<String>, pool: EndpointPool,
                             backendKind: String, model: String, settings: GenerationSettings,
                             retry: RetryPolicy = RetryPolicy(), concurrency: Int = 8) async throws -> FillTotals {
    let limiter = ConcurrencyLimiter(initial: concurrency, ceiling: max(concurrency, 1) * 4)
    var totals = FillTotals()
    var pending = sources.usEnglish[...]
    let set = SetName(culture: .US, lang: sources.lang)

    struct Job: Sendable {
        var english: Question
        var existing: Question?
        var exampleEnglish: Question?
        var exampleLocal: Question?
    }

    func nextJob() throws -> Job? {
        while let english = pending.popFirst() {
            let id = set.questionID(templateID: english.templateID)
            if done.contains(id) { totals.skipped += 1; continue }
            let existing = sources.existing[english.templateID]
            if let existing, existing.answers != nil {
                try writer.write(existing)
                totals.copied += 1
                continue
            }
            return Job(english: english, existing: existing, exampleEnglish: sources.examplesEnglish[english.templateID],
                       exampleLocal: sources.examplesLocal[english.templateID])
        }
        return nil
    }

    try await forEachConcurrently(next: nextJob, limiter: limiter, work: { job in
        await fill(job.english, existing: job.existing, exampleEnglish: job.exampleEnglish, exampleLocal: job.exampleLocal,
                   lang: sources.lang, pool: pool, limiter: limiter, backendKind: backendKind, model: model,
                   settings: settings, retry: retry)
    }, deliver: { (result: Question?) in
        guard let question = result else { totals.failed += 1; return }
        try writer.write(question)
        try writer.flush()
        totals.filled += 1
        let flags = (question.provenance.question.translator?.flags ?? []) + (question.provenance.answers?.translator?.flags ?? [])
        if !flags.isEmpty { totals.flagged += 1 }
    })
    return totals
}

/// Translates what `existing` lacks; nil when a request failed for good.
func fill(_ english: Question, existing: Question?, exampleEnglish: Question?, exampleLocal: Question?, lang: Language,
          pool: EndpointPool, limiter: ConcurrencyLimiter, backendKind: String, model: String,
          settings: GenerationSettings, retry: RetryPolicy) async -> Question? {
    let language = lang.englishName
    func ask(_ text: String) async -> (reply: String, key: String)? {
        let request = ChatRequest(model: model, messages: [.user(text)], settings: settings)
        guard case .answered(let reply, _, _) = await performRequest(request, pool: pool, limiter: limiter, retry: retry) else { return nil }
        return (reply.text, requestKey(backend: backendKind, request: request))
    }

    var questionText = existing?.question
    var questionOrigin = existing?.provenance.question
    if questionText == nil {
        let example = (exampleEnglish?.question, exampleLocal?.question)
        let prompt = TranslationPrompts.fill(TranslationPrompts.question, [
            "language": language, "country": lang.homeCulture.englishName,
            "example_en": example.0 ?? "", "example_local": example.1 ?? "", "question": english.question,
        ])
        guard let (reply, key) = await ask(prompt) else { return nil }
        let text = cleanTranslation(reply)
        questionText = text
        questionOrigin = Origin(dataset: "translate-fill", translator: Translator(
            backend: backendKind, model: model, promptSHA256: TranslationPrompts.version(TranslationPrompts.question),
            exampleID: exampleLocal?.id, key: key, flags: translationFlags(text, source: english.question, lang: lang, reply: reply)))
    }

    let englishGroups = english.answers ?? []
    var distinct: [String] = []
    for group in englishGroups { for text in group.enTexts where !distinct.contains(text) { distinct.append(text) } }
    var translated: [String: String] = [:]
    var answerFlags: [String] = []
    var answersKey = ""
    if !distinct.isEmpty {
        let numbered = distinct.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        let prompt = TranslationPrompts.fill(TranslationPrompts.answers, ["language": language, "numbered": numbered])
        guard let (reply, key) = await ask(prompt) else { return nil }
        answersKey = key
        for line in reply.split(separator: "\n") {
            let parts = line.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let number = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                  (1...distinct.count).contains(number) else { continue }
            translated[distinct[number - 1]] = cleanTranslation(String(parts[1]))
        }
        if translated.count != distinct.count { answerFlags.append("count_mismatch") }
        for (source, text) in translated {
            for flag in translationFlags(text, source: source, lang: lang, reply: text) where !answerFlags.contains(flag) {
                answerFlags.append(flag)
            }
        }
    }
    let groups = englishGroups.map { group in
        AnswerGroup(texts: group.enTexts.compactMap { translated[$0] }.filter { !$0.isEmpty }, enTexts: group.enTexts, votes: group.votes)
    }
    return Question(
        templateID: english.templateID, culture: .US, lang: lang, question: questionText!, enQuestion: english.question,
        topic: english.topic, authoredIn: english.authoredIn, answers: groups, idk: existing?.idk ?? english.idk,
        source: existing?.source ?? .translated,
        provenance: Provenance(question: questionOrigin!, answers: Origin(dataset: "translate-fill", translator: Translator(
            backend: backendKind, model: model, promptSHA256: TranslationPrompts.version(TranslationPrompts.answers),
            exampleID: nil, key: answersKey, flags: answerFlags))))
}

/// The translation in a reply: first non-empty line, without surrounding quotes or a label.
func cleanTranslation(_ reply: String) -> String {
    var line = reply.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
    for quote in ["\"", "'", "“", "”", "「", "」"] where line.hasPrefix(quote) || line.hasSuffix(quote) {
        line = line.trimmingCharacters(in: CharacterSet(charactersIn: quote))
    }
    return line
}

/// Why a translation looks suspicious (see `Translator.flags`).
func translationFlags(_ text: String, source: String, lang: Language, reply: String) -> [String] {
    var flags: [String] = []
    if text.isEmpty { return ["empty"] }
    if text.lowercased() == source.lowercased() && lang != .en { flags.append("unchanged") }
    let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
    let expected = letters.filter { isExpectedScript($0, for: lang) }.count
    if !letters.isEmpty && Double(expected) < 0.5 * Double(letters.count) { flags.append("wrong_script") }
    let lines = reply.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    if lines.count > 1 || text.count > 3 * max(source.count, 8) { flags.append("explanation") }
    return flags
}

/// Whether a letter is in the script `lang` is written in.
func isExpectedScript(_ scalar: Unicode.Scalar, for lang: Language) -> Bool {
    let v = scalar.value
    switch lang {
    case .zh: return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
    case .ko: return (0xAC00...0xD7A3).contains(v) || (0x1100...0x11FF).contains(v) || (0x3130...0x318F).contains(v)
    case .fa: return (0x0600...0x06FF).contains(v) || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
    case .en, .es, .id, .su: return v < 0x0250 || (0x1E00...0x1EFF).contains(v)
    }
}
