import Foundation
import Testing
@testable import DualSets
@testable import Records

/// BLEnD's question filter (blend-scoring.md §5 B), used here to check the imported idk counts
/// and answer groups against the published numbers of valid questions.
func passesFilter(_ question: Question) -> Bool {
    question.idk.noAnswer + question.idk.notApplicable < 3 && question.idk.idk < 5 && !(question.answers ?? []).isEmpty
}

@Suite struct ImportTests {
    let importer = DualSetImporter(blendDir: SharedData.blend, dualEvalDir: SharedData.dualEval)

    @Test func everySetHasTheReleasedCounts() throws {
        for set in SetName.all {
            let questions = try importer.questions(of: set)
            let filled = set.culture == .US && set.lang != .en
            #expect(questions.count == (filled ? 483 : 500), "\(set)")
            #expect(Set(questions.map(\.id)).count == questions.count)
            #expect(questions.allSatisfy { $0.set == set && $0.id == "\(set)/\($0.templateID)" })
        }
    }

    @Test(arguments: [(Culture.US, 461), (.CN, 474), (.ES, 469), (.ID, 480), (.KR, 475), (.IR, 456), (.JB, 458)])
    func validQuestionsMatchTheScoringNotes(culture: Culture, valid: Int) throws {
        for lang in Set([culture.language, .en]) {
            let questions = try importer.questions(of: SetName(culture: culture, lang: lang))
            #expect(questions.filter(passesFilter).count == valid, "\(culture) \(lang)")
        }
    }

    @Test func filledUSSetsCarryTheReleasedAnswerKeysWhereTheyExist() throws {
        for lang in Language.allCases where lang != .en {
            let questions = try importer.questions(of: SetName(culture: .US, lang: lang))
            #expect(questions.allSatisfy { $0.source == .dualEval })
            if [.fa, .su].contains(lang) {
                #expect(questions.allSatisfy { $0.answers == nil && $0.provenance.answers == nil }, "\(lang)")
            } else {
                #expect(questions.filter { !($0.answers ?? []).isEmpty }.count == 478, "\(lang)")
                #expect(questions.first?.provenance.answers?.file == "annotations_multi/US_\(lang.homeCulture.blendKey)_data.json")
            }
            // idk counts come from the US annotations: 447 of the 483 pass the filter.
            let valid = questions.filter { $0.idk.noAnswer + $0.idk.notApplicable < 3 && $0.idk.idk < 5 }
            let english = try importer.questions(of: SetName(culture: .US, lang: .en))
            let byID = Dictionary(uniqueKeysWithValues: english.map { ($0.templateID, $0) })
            #expect(valid.filter { !(byID[$0.templateID]!.answers!.isEmpty) }.count == 447)
            #expect(questions.allSatisfy { $0.enQuestion == byID[$0.templateID]!.question })
        }
    }

    @Test func chineseFilledQuestionsFollowTheChineseTemplates() throws {
        let us = try importer.questions(of: SetName(culture: .US, lang: .zh))
        let china = Dictionary(uniqueKeysWithValues: try importer.questions(of: SetName(culture: .CN, lang: .zh)).map { ($0.templateID, $0.question) })
        let swapped = us.filter { china[$0.templateID]!.replacingOccurrences(of: "中国", with: "美国") == $0.question }
        #expect(swapped.count == 446)
    }

    @Test func localAndEnglishSetsTakeTheRightColumns() throws {
        let local = try importer.questions(of: SetName(culture: .CN, lang: .zh))[0]
        let english = try importer.questions(of: SetName(culture: .CN, lang: .en))[0]
        #expect(local.question == "在中国，学龄前儿童常见的零食是什么？")
        #expect(local.enQuestion == "What is a common snack for preschool kids in China?")
        #expect(english.question == local.enQuestion)
        #expect(local.answers?[0] == AnswerGroup(texts: ["奶酪棒", "芝士棒"], enTexts: ["cheese stick"], votes: 1))
        #expect(english.answers?[0] == AnswerGroup(texts: ["cheese stick"], enTexts: ["cheese stick"], votes: 1))
        #expect(local.provenance.question == Origin(dataset: "BLEnD", file: "data/questions/China_questions.csv", row: 2, column: "Question"))
        #expect(english.provenance.question.column == "Translation")
        let us = try importer.questions(of: SetName(culture: .US, lang: .en))
        #expect(us.allSatisfy { $0.question.contains("US") })
    }

    @Test func groupsKeepFileOrderAndVotes() throws {
        for culture in Culture.allCases {
            let questions = try importer.questions(of: SetName(culture: culture, lang: culture.language))
            for question in questions {
                let votes = question.answers!.map(\.votes)
                #expect(votes == votes.sorted(by: >), "\(question.id)")
            }
        }
        let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SharedData.blend + "/data/annotations/Spain_data.json"))) as! [String: Any]
        let spain = try importer.questions(of: SetName(culture: .ES, lang: .es))
        for question in spain {
            let groups = (raw[question.templateID] as! [String: Any])["annotations"] as! [[String: Any]]
            #expect(groups.map { $0["answers"] as! [String] } == question.answers!.map(\.texts))
            #expect(groups.map { $0["count"] as! Int } == question.answers!.map(\.votes))
        }
    }

    @Test func quirksOfTheDataAreKeptByteForByte() throws {
        let iranEnglish = try importer.questions(of: SetName(culture: .IR, lang: .en))
        let aragh = iranEnglish.first { $0.templateID == "New-gr-08" }!
        #expect(aragh.answers!.contains { $0.texts == ["", "aragh sagi"] })
        #expect(iranEnglish.contains { $0.answers!.contains { $0.texts.isEmpty } })

        let iran = try importer.questions(of: SetName(culture: .IR, lang: .fa))
        #expect(iran.contains { $0.question.unicodeScalars.contains("\u{200C}") })
        #expect(iran.contains { $0.answers!.contains { $0.texts.contains { $0.hasSuffix(" ") || $0.hasPrefix(" ") } } })

        let korea = try importer.questions(of: SetName(culture: .KR, lang: .ko))
        let control = korea.first { $0.templateID == "Na-ko-40" }!
        var writer = JSONWriter()
        control.encode(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains("\\u001c"))
        #expect(try writer.bytes.withUnsafeBytes { try Question(record: try parseObject($0, at: RecordLocation(input: "t", line: 1))) } == control)
    }

    @Test func samplesChooseTheSameTemplatesInEverySet() throws {
        let universe = try importer.templateUniverse()
        #expect(universe.count == 483)
        for selection in [TemplateSelection.first(25), .sample(25, seed: 7)] {
            let chosen = try SetName.all.map { Set(try importer.questions(of: $0, selection: selection).map(\.templateID)) }
            #expect(chosen.allSatisfy { $0 == chosen[0] && $0.count == 25 })
        }
        #expect(try importer.questions(of: SetName(culture: .JB, lang: .su), selection: .first(3)).map(\.templateID) == Array(universe.prefix(3)))
    }

    @Test func samplingIsStableNestedAndSeeded() {
        let universe = (0..<500).map { "T-\($0)" }
        let small = TemplateSelection.sample(20, seed: 1).apply(to: universe)
        let large = TemplateSelection.sample(60, seed: 1).apply(to: universe)
        #expect(small.count == 20 && large.count == 60)
        #expect(Set(small).isSubset(of: Set(large)))
        #expect(small == small.sorted { universe.firstIndex(of: $0)! < universe.firstIndex(of: $1)! })
        #expect(TemplateSelection.sample(20, seed: 2).apply(to: universe) != small)
        #expect(TemplateSelection.sample(20, seed: 1).apply(to: universe.reversed()).sorted() == small.sorted())
        // Pinned: the rank is part of the data contract (same sample on every platform and version).
        #expect(TemplateSelection.rank("Al-en-01", 0) == 0x29E3_D6FA_0E79_F223)  // splitmix64(fnv1a64(id) ^ splitmix64(0)), computed independently
        #expect(TemplateSelection.splitmix64(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test func withoutDualEvalTheUniverseIsBLEnD() throws {
        let blendOnly = DualSetImporter(blendDir: SharedData.blend, dualEvalDir: nil)
        #expect(try blendOnly.templateUniverse().count == 500)
        let error = recordError { _ = try blendOnly.questions(of: SetName(culture: .US, lang: .zh)) }
        #expect(error?.kind == .usage)
    }
}

@Suite struct ImportErrorTests {
    /// A copy of the US files in a scratch BLEnD directory, edited by `edit`.
    func blendCopy(editing file: String, _ edit: (String) -> String) throws -> String {
        let root = NSTemporaryDirectory() + "dualeval-blend-" + UUID().uuidString
        for sub in ["data/questions", "data/annotations"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        for name in ["data/questions/US_questions.csv", "data/annotations/US_data.json"] {
            var text = try String(contentsOfFile: SharedData.blend + "/" + name, encoding: .utf8)
            if name == file { text = edit(text) }
            try text.write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
        }
        return root
    }

    func importError(editing file: String, _ edit: (String) -> String) throws -> RecordError? {
        let root = try blendCopy(editing: file, edit)
        defer { try? FileManager.default.removeItem(atPath: root) }
        return recordError { _ = try DualSetImporter(blendDir: root, dualEvalDir: nil).questions(of: SetName(culture: .US, lang: .en)) }
    }

    @Test func oldColumnLayoutIsRejected() throws {
        let error = try importError(editing: "data/questions/US_questions.csv") {
            $0.replacingOccurrences(of: "in US?", with: "in your country?")
        }
        #expect(error?.kind == .data)
        #expect(error?.field == "Translation")
        #expect(error?.line == 2)
        #expect(error?.problem.contains("Dec 2024 layout") == true)
    }

    @Test func missingAnnotationIsNamed() throws {
        let error = try importError(editing: "data/annotations/US_data.json") {
            $0.replacingOccurrences(of: "\"Al-en-01\"", with: "\"Al-en-01x\"")
        }
        #expect(error?.field == "Al-en-01")
        #expect(error?.input?.hasSuffix("US_data.json") == true)
    }

    @Test func mistypedCountIsNamed() throws {
        let error = try importError(editing: "data/annotations/US_data.json") {
            $0.replacingOccurrences(of: "\"count\": 5", with: "\"count\": \"5\"")
        }
        #expect(error?.field?.hasSuffix(".count") == true)
        #expect(error?.problem == "expected an integer, found a string")
    }

    @Test func brokenCSVQuoteNamesTheLine() throws {
        let error = try importError(editing: "data/questions/US_questions.csv") { text in
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[4] += ",\"unclosed"
            return lines.joined(separator: "\n")
        }
        #expect(error?.kind == .data)
        #expect(error?.line == 5)
    }

    @Test func missingDirectoryIsNoInput() {
        let error = recordError { _ = try DualSetImporter(blendDir: "/nonexistent", dualEvalDir: nil).questions(of: SetName(culture: .CN, lang: .zh)) }
        #expect(error?.exitStatus == .noInput)
        #expect(error?.input == "/nonexistent/data/questions/China_questions.csv")
    }
}

@Suite struct CSVTests {
    @Test func promptTablesWithCRLFAndQuotedLineBreaks() throws {
        let table = try CSVTable(path: SharedData.blend + "/data/prompts/China_prompts.csv")
        #expect(table.header == ["id", "English", "Translation"])
        let inst4 = table.rows.first { $0[0] == "inst-4" }!
        #expect(inst4[1] == "Read the following question and provide a single answer without any explanations.\n\nQuestion: {q}\nAnswer:")
        #expect(inst4[2].hasSuffix("问题：{q}\n答案："))
        let westJava = try CSVTable(path: SharedData.blend + "/data/prompts/West_Java_prompts.csv")
        #expect(westJava.rows.map { $0[0] } == ["inst-6", "pers-6", "inst-4", "pers-3"])
    }
}
