import Testing
@testable import Records

@Suite struct JSONWriterTests {
    func encoded(_ build: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        build(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func escapesOnlyWhatJSONRequires() {
        let text = encoded { $0.string("a\"b\\c\nd\re\tf\u{1C}g\u{0}h\u{200C}é/") }
        #expect(text == #""a\"b\\c\nd\re\tf\u001cg\u0000h\#u{200C}é/""#)
    }

    @Test func writesShortestRoundTripNumbers() {
        #expect(encoded { $0.double(0.1) } == "0.1")
        #expect(encoded { $0.double(2.0 / 3.0) } == "0.6666666666666666")
        #expect(encoded { $0.double(3) } == "3")
        #expect(encoded { $0.double(-0.0) } == "-0")
        #expect(encoded { $0.double(1e-7) } == "1e-07")
        #expect(encoded { $0.double(.nan) } == "null")
        #expect(encoded { $0.double(.infinity) } == "null")
        #expect(encoded { $0.int(-42) } == "-42")
    }

    @Test func separatesFieldsAndElements() {
        let text = encoded {
            $0.beginObject()
            $0.field("a", [1, 2])
            $0.field("b", Optional<String>.none)
            $0.fieldIfPresent("c", Optional<Int>.none)
            $0.field("d", [[String]]([[], ["x"]]))
            $0.endObject()
        }
        #expect(text == #"{"a":[1,2],"b":null,"d":[[],["x"]]}"#)
    }

    @Test func parsedBackIsTheSameText() throws {
        let original = "line\u{1C}\u{200C} \"q\" \\ \u{7F} 🙂"
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("s", original)
        writer.field("x", 0.30000000000000004)
        writer.endObject()
        let object = try writer.bytes.withUnsafeBytes { try parseObject($0, at: RecordLocation(input: "t", line: 1)) }
        #expect(try object.string("s") == original)
        #expect(try object.double("x") == 0.30000000000000004)
    }
}

@Suite struct RecordRoundTripTests {
    func roundTrip<R: Record & Equatable>(_ record: R) throws -> R {
        var writer = JSONWriter()
        record.encode(to: &writer)
        return try writer.bytes.withUnsafeBytes { try R(record: try parseObject($0, at: RecordLocation(input: "t", line: 1))) }
    }

    @Test func question() throws {
        let question = sampleQuestion()
        #expect(question.id == "Q_IR_fa/Al-en-01")
        #expect(try roundTrip(question) == question)
        var unanswered = question
        unanswered.answers = nil
        unanswered.provenance.answers = nil
        #expect(try roundTrip(unanswered) == unanswered)
    }

    @Test func answer() throws {
        let answer = Answer(question: sampleQuestion(), model: "gemma3-270m", backend: "local", instruction: "inst-4",
                            prompt: "Read the following question…\n\nQuestion: q\nAnswer:", chatTemplate: "none",
                            settings: GenerationSettings(seed: 7), key: "abc", response: "Pizza.",
                            finishReason: "stop", usage: TokenUsage(inputTokens: 30, outputTokens: 3),
                            latencyMS: 12.5, attempts: 2)
        #expect(try roundTrip(answer) == answer)
        var failed = answer
        failed.response = nil
        failed.error = AnswerFailure(kind: "http", status: 401, message: "unauthorized")
        #expect(try roundTrip(failed) == failed)
    }

    @Test func score() throws {
        let score = Score(id: "Q_CN_zh/Al-en-01", templateID: "Al-en-01", culture: .CN, lang: .zh, model: "m",
                          instruction: "inst-4", key: "k", counted: true, excludedBecause: nil, match: true,
                          weight: 2.0 / 3.0, matchedGroup: 1, matchedText: "米饭", matchedLang: .zh,
                          matchedBy: "substring", cleanedResponse: "米饭", responseTokens: ["米饭"], answerTokens: ["米饭"])
        #expect(try roundTrip(score) == score)
        let summary = ScoreSummary(model: "m", instruction: "inst-4", culture: .CN, lang: .zh,
                                   counted: 474, matched: 237, weightedMatches: 150.5)
        #expect(summary.semB == 50)
        #expect(try roundTrip(summary) == summary)
    }

    @Test func neurons() throws {
        let neurons = Neurons(id: "Q_US_en/Al-en-01", templateID: "Al-en-01", culture: .US, lang: .en, model: "g",
                              modelSHA256: "00ff", instruction: "inst-8", key: "k", signal: .act, promptTokens: 31,
                              responseTokens: 4, ffnSize: 2048, threshold: NeuronThreshold(kind: .layerTopK, k: 5),
                              keyNeurons: [[3, 17, 2047], []],
                              top: [TopActivations(positions: [0, 3], neurons: [17, 3], values: [1.5, -0.25]),
                                    TopActivations(positions: [], neurons: [], values: [])])
        #expect(try roundTrip(neurons) == neurons)
    }

    @Test func anyRecordDispatchesOnKind() throws {
        var writer = JSONWriter()
        sampleQuestion().encode(to: &writer)
        let record = try writer.bytes.withUnsafeBytes { try AnyRecord(record: try parseObject($0, at: RecordLocation(input: "t", line: 1))) }
        #expect(record.id == "Q_IR_fa/Al-en-01")
    }
}
