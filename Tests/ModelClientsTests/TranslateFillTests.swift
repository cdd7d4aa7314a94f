import Foundation
import Testing
@testable import ModelClients
@testable import Records

@Suite(.serialized) struct TranslateFillTests {
    func question(_ template: String, _ culture: Culture, _ lang: Language, _ text: String, answers: [AnswerGroup]?,
                  source: QuestionSource = .blend) -> Question {
        Question(templateID: template, culture: culture, lang: lang, question: text, enQuestion: text, topic: "Food",
                 authoredIn: "English (US)", answers: answers, idk: IdkCounts(idk: 1, noAnswer: 0, notApplicable: 0),
                 source: source, provenance: Provenance(question: Origin(dataset: "test"), answers: nil))
    }

    @Test func fillsOnlyTheGapsAndKeepsReleasedData() async throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        let groups = [AnswerGroup(texts: ["pizza"], enTexts: ["pizza", "pizza pie"], votes: 3),
                      AnswerGroup(texts: ["burger"], enTexts: ["burger"], votes: 1)]
        let english = ["T-1", "T-2", "T-3"].map { question($0, .US, .en, "What do people eat in the US (\($0))?", answers: groups) }
        let released = question("T-1", .US, .fa, "غذای مردم آمریکا؟", answers: [AnswerGroup(texts: ["پیتزا"], enTexts: ["pizza"], votes: 3)], source: .dualEval)
        let unanswered = question("T-2", .US, .fa, "مردم آمریکا چه می‌خورند؟", answers: nil, source: .dualEval)
        let sources = FillSources(lang: .fa, usEnglish: english,
                                  examplesEnglish: ["T-3": question("T-3", .IR, .en, "What do people eat in Iran?", answers: [])],
                                  examplesLocal: ["T-3": question("T-3", .IR, .fa, "مردم ایران چه می‌خورند؟", answers: [])],
                                  existing: ["T-1": released, "T-2": unanswered])
        let path = NSTemporaryDirectory() + "fill-" + UUID().uuidString + ".jsonl"
        let writer = try RecordWriter(path: path, format: .plain)
        let backend = OpenAIBackend(baseURL: server.openAI, apiKey: nil, attemptTimeout: 5)
        let totals = try await runTranslateFill(sources, writer: writer, done: [], pool: EndpointPool([backend]),
                                                backendKind: "openai", model: "translator", settings: GenerationSettings(maxTokens: 64))
        try writer.finish()
        #expect(totals.copied == 1 && totals.filled == 2 && totals.failed == 0 && totals.flagged == 0)

        let reader = try RecordReader(paths: [path])
        var byTemplate: [String: Question] = [:]
        while let record = try reader.next(Question.self) { byTemplate[record.templateID] = record }
        // Released data is copied byte for byte.
        #expect(byTemplate["T-1"] == released)
        // A released question keeps its text and origin; only its answer key is translated.
        let filled = try #require(byTemplate["T-2"])
        #expect(filled.question == unanswered.question && filled.source == .dualEval)
        #expect(filled.provenance.question == unanswered.provenance.question)
        #expect(filled.answers == [AnswerGroup(texts: ["پاسخ 1", "پاسخ 2"], enTexts: ["pizza", "pizza pie"], votes: 3),
                                   AnswerGroup(texts: ["پاسخ 3"], enTexts: ["burger"], votes: 1)])
        #expect(filled.provenance.answers?.translator?.model == "translator")
        #expect(filled.provenance.answers?.translator?.promptSHA256 == TranslationPrompts.version(TranslationPrompts.answers))
        // A missing question is translated with the one-shot example of the same template.
        let created = try #require(byTemplate["T-3"])
        #expect(created.source == .translated && created.question == "پرسش دربارهٔ آمریکا")
        #expect(created.id == "Q_US_fa/T-3" && created.enQuestion == english[2].question && created.idk == english[2].idk)
        #expect(created.provenance.question.translator?.exampleID == "Q_IR_fa/T-3")

        // A rerun over the output does nothing new.
        let recovered = try recoverPartialOutput(at: path, keyField: "id", format: .plain)
        let again = try RecordWriter(path: path, format: .plain, append: true)
        let second = try await runTranslateFill(sources, writer: again, done: recovered.keys, pool: EndpointPool([backend]),
                                                backendKind: "openai", model: "translator", settings: GenerationSettings(maxTokens: 64))
        try again.finish()
        #expect(second.skipped == 3 && second.filled == 0 && second.copied == 0)
    }

    @Test func suspiciousTranslationsAreFlagged() {
        #expect(translationFlags("", source: "rice", lang: .zh, reply: "") == ["empty"])
        #expect(translationFlags("Rice", source: "rice", lang: .zh, reply: "Rice").contains("unchanged"))
        #expect(translationFlags("rice", source: "rice", lang: .fa, reply: "rice").contains("wrong_script"))
        #expect(translationFlags("米饭", source: "rice", lang: .zh, reply: "米饭") == [])
        #expect(translationFlags("밥", source: "rice", lang: .ko, reply: "밥\nThis means rice in Korean.").contains("explanation"))
        #expect(translationFlags("arroz", source: "rice", lang: .es, reply: "arroz") == [])
        #expect(cleanTranslation("\n \"在美国，人们吃什么？\"\nNote: …") == "在美国，人们吃什么？")
    }
}
