import Foundation
import Testing
@testable import DualSets
@testable import Records

/// A text's UTF-8 bytes, printed as the escaped text. Swift's `==` on strings is canonical
/// equivalence, so byte-exact tests compare these.
private struct Bytes: Equatable, CustomStringConvertible {
    let bytes: [UInt8]
    var description: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

private func utf8(_ text: String) -> Bytes { Bytes(bytes: Array(text.utf8)) }

/// The repository root (for `data/`).
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A question record of `set` with `text` as the question, for filling templates.
private func question(_ set: SetName, _ text: String) -> Question {
    Question(templateID: "T-01", culture: set.culture, lang: set.lang, question: text, enQuestion: text,
             topic: "Food", authoredIn: "English (US)", answers: nil,
             idk: IdkCounts(idk: 0, noAnswer: 0, notApplicable: 0), source: .blend,
             provenance: Provenance(question: Origin(dataset: "test"), answers: nil))
}

/// The pairs (set, instruction) without a template: pers-3 for Q_{US,l}, l ≠ en.
private func hasNoTemplate(_ set: SetName, _ instruction: InstructionID) -> Bool {
    instruction == .pers3 && set.culture == .US && set.lang != .en
}

@Suite struct PromptTemplateTests {
    let templates: PromptTemplates

    init() throws {
        templates = try PromptTemplates(blendDir: SharedData.blend, dualEvalDir: SharedData.dualEval)
    }

    func template(_ instruction: InstructionID, _ set: String) throws -> String {
        let set = SetName(set)!
        return try templates.template(instruction, culture: set.culture, lang: set.lang)
    }

    // MARK: every set × instruction

    @Test func everySetHasATemplateForEveryInstructionButPersonaOnTranslatedUSSets() throws {
        var missing: [String] = []
        for set in SetName.all {
            for instruction in InstructionID.allCases {
                if hasNoTemplate(set, instruction) {
                    let error = recordError { _ = try templates.template(instruction, culture: set.culture, lang: set.lang) }
                    #expect(error?.kind == .usage, "\(set) \(instruction)")
                    #expect(error?.problem.contains("person from \(set.lang.homeCulture.englishName), not the US") == true, "\(error?.problem ?? "")")
                    missing.append("\(set) \(instruction)")
                    continue
                }
                let text = try templates.template(instruction, culture: set.culture, lang: set.lang)
                #expect(PromptTemplates.placeholderCount(text) == 1, "\(set) \(instruction)")
                // A question with a ZWNJ, a combining accent and a literal {q}: copied as is, not refilled.
                let asked = "Qu\u{0065}\u{0301} \u{200C}{q} \(set)?"
                let prompt = try templates.prompt(for: question(set, asked), instruction: instruction)
                let parts = text.components(separatedBy: "{q}")
                #expect(utf8(prompt) == utf8(parts[0] + asked + parts[1]), "\(set) \(instruction)")
            }
        }
        #expect(missing == ["Q_US_zh pers-3", "Q_US_es pers-3", "Q_US_id pers-3", "Q_US_ko pers-3", "Q_US_fa pers-3", "Q_US_su pers-3"])
    }

    @Test func realQuestionsBecomeTheExactMessages() throws {
        let importer = DualSetImporter(blendDir: SharedData.blend, dualEvalDir: SharedData.dualEval)
        let china = try importer.questions(of: SetName(culture: .CN, lang: .zh), selection: .first(1))[0]
        #expect(utf8(try templates.prompt(for: china, instruction: .inst4))
                == utf8("阅读以下问题并仅提供一个答案，无需任何解释。\n\n问题：在中国，学龄前儿童常见的零食是什么？\n答案："))
        let us = try importer.questions(of: SetName(culture: .US, lang: .en), selection: .first(1))[0]
        #expect(utf8(try templates.prompt(for: us, instruction: .inst4))
                == utf8("Read the following question and provide a single answer without any explanations.\n\nQuestion: \(us.question)\nAnswer:"))
        let usKorean = try importer.questions(of: SetName(culture: .US, lang: .ko), selection: .first(1))[0]
        #expect(utf8(try templates.prompt(for: usKorean, instruction: .inst8))
                == utf8("다음 질문을 읽고 고유 명사나 명명된 개체를 나누지 않고 한 단어 또는 끊기지 않은 구로 단 하나의 답변만을 제공하시오.\n\n질문: \(usKorean.question)\n답변:"))
    }

    @Test func fillReplacesEveryPlaceholderAndInstOneHasTwo() throws {
        for culture in Culture.allCases where culture != .JB {  // West_Java has no inst-1
            let table = try CSVTable(path: SharedData.blend + "/" + PromptTemplates.blendFile(culture))
            let inst1 = table.rows.first { $0[0] == "inst-1" }!
            for cell in inst1[1...2] {
                #expect(PromptTemplates.placeholderCount(cell) == 2, "\(culture)")
                let filled = PromptTemplates.fill(cell, with: "¿X?")
                #expect(PromptTemplates.placeholderCount(filled) == 0)
                #expect(filled.components(separatedBy: "¿X?").count == 3)
            }
        }
        #expect(utf8(PromptTemplates.fill("{q}{q}{{q}}{q", with: "ab")) == utf8("abab{ab}{q"))
        #expect(utf8(PromptTemplates.fill("x", with: "ab")) == utf8("x"))
    }

    // MARK: byte-exact traps (blend-scoring.md §4)

    @Test func englishTemplatesAreTheNotesTexts() throws {
        let inst4 = "Read the following question and provide a single answer without any explanations.\n\nQuestion: {q}\nAnswer:"
        let inst8 = "Read the following question and return only ONE answer in a single word or an unbroken phrase, avoiding splitting any proper nouns or named entities. \n\nQuestion: {q}\nAnswer:"
        let inst7 = "Read the following question and provide the single answer you think is most appropriate without any explanations.\n\nQuestion: {q}\nAnswer:"
        for set in ["Q_US_en", "Q_CN_en", "Q_ES_en", "Q_ID_en", "Q_KR_en", "Q_IR_en", "Q_JB_en"] {
            #expect(utf8(try template(.inst4, set)) == utf8(inst4), "\(set)")
            #expect(utf8(try template(.inst8, set)) == utf8(inst8), "\(set)")
            #expect(utf8(try template(.inst7, set)) == utf8(inst7), "\(set)")
        }
        // pers-3 in English names the culture: it is written into each table's English column.
        for culture in Culture.allCases {
            let expected = "You are a person from \(culture.englishName) who is trying to explain your country's culture to a foreigner. Answer the following question, providing a single answer without any explanations.\n\n{q}"
            #expect(utf8(try templates.template(.pers3, culture: culture, lang: .en)) == utf8(expected), "\(culture)")
        }
    }

    @Test func koreanInst4HasASpaceBeforeTheBlankLineAndInst7None() throws {
        for set in ["Q_KR_ko", "Q_US_ko"] {
            #expect(utf8(try template(.inst4, set)) == utf8("다음 질문을 읽고 설명 없이 단 하나의 답변만을 제공하시오. \n\n질문: {q}\n답변:"))
            #expect(utf8(try template(.inst7, set)) == utf8("다음 질문을 읽고 설명 없이 가장 적절하다고 생각되는 단 하나의 답변을 제공하시오.\n\n질문: {q}\n답변:"))
        }
    }

    @Test func chineseTemplatesUseFullWidthColonsAndPersonaKeepsItsSpace() throws {
        for set in ["Q_CN_zh", "Q_US_zh"] {
            let inst4 = try template(.inst4, set), inst8 = try template(.inst8, set), inst7 = try template(.inst7, set)
            #expect(utf8(inst4) == utf8("阅读以下问题并仅提供一个答案，无需任何解释。\n\n问题：{q}\n答案："))
            #expect(utf8(inst8) == utf8("阅读以下问题，并仅用一个单词或一个不间断的短语返回一个答案，避免拆分任何专有名词或命名实体。\n\n问题：{q}\n答案："))
            #expect(utf8(inst7) == utf8("阅读以下问题并仅提供一个你觉得最合适的答案，无需任何解释。\n\n问题：{q}\n答案："))
            for text in [inst4, inst8, inst7] {
                #expect(utf8(text).bytes.suffix(3) == [0xEF, 0xBC, 0x9A])  // U+FF1A FULLWIDTH COLON
                #expect(!text.contains(":"))
            }
        }
        let persona = try template(.pers3, "Q_CN_zh")
        #expect(utf8(persona) == utf8("你来自中国，正在试图向外国人解释你国家的文化。 回答以下问题，仅提供单一答案，不带任何解释。\n\n{q}"))
        #expect(utf8(persona).bytes.contains([0xE3, 0x80, 0x82, 0x20]))  // "。 "
    }

    @Test func localInst8RowsHaveNoSpaceBeforeTheBlankLine() throws {
        for lang in Language.allCases {
            for set in Set([SetName(culture: lang.homeCulture, lang: lang), SetName(culture: .US, lang: lang)]) {
                let text = try templates.template(.inst8, culture: set.culture, lang: set.lang)
                let line = PromptTemplates.splitInstruction(text)!.line
                #expect(line.hasSuffix(" ") == (lang == .en), "\(set)")
            }
        }
    }

    @Test func persianInst8IsTheSharedCellUnfixed() throws {
        let table = try CSVTable(path: SharedData.dualEval + "/inst8_prompts.csv")
        let cell = table.rows.first { $0[0] == "Iran_prompts.csv" }![3]
        for set in ["Q_IR_fa", "Q_US_fa"] {
            let text = try template(.inst8, set)
            #expect(utf8(text) == utf8(cell))
            // The shared copy lacks the ZWNJs upstream very likely has (موجودیت‌های): kept as is.
            #expect(!text.unicodeScalars.contains("\u{200C}"))
            #expect(text.contains("موجودیتهای"))
        }
    }

    // MARK: how the templates relate to the paper's instructions

    @Test func inst7IsItsLineWithTheInst4WrapperWhichInst8Shares() throws {
        for set in SetName.all {
            let inst4 = try templates.template(.inst4, culture: set.culture, lang: set.lang)
            let inst8 = try templates.template(.inst8, culture: set.culture, lang: set.lang)
            let inst7 = try templates.template(.inst7, culture: set.culture, lang: set.lang)
            let wrapper = PromptTemplates.splitInstruction(inst4)!.wrapper
            #expect(utf8(PromptTemplates.splitInstruction(inst8)!.wrapper) == utf8(wrapper), "\(set)")
            #expect(utf8(inst7) == utf8(PaperInstructions.inst7Line(set.lang) + wrapper), "\(set)")
        }
    }

    /// Where the released instruction lines differ from the printed ones: exactly these.
    @Test func releasedLinesDifferFromThePrintOnlyWhereDocumented() throws {
        var differences: [String] = []
        for lang in Language.allCases {
            let set = SetName(culture: lang.homeCulture, lang: lang)
            for (instruction, number) in [(InstructionID.inst4, 1), (.inst8, 2)] {
                let line = PromptTemplates.splitInstruction(try templates.template(instruction, culture: set.culture, lang: lang))!.line
                let printed = PaperInstructions.printed(lang, number)
                guard utf8(line) != utf8(printed) else { continue }
                differences.append("\(lang) \(number)")
                switch (lang, number) {
                case (.en, 2), (.ko, 1):  // a trailing space in the template
                    #expect(utf8(line) == utf8(printed + " "))
                case (.su, 1):  // printed as the Indonesian line; BLEnD's is Sundanese
                    #expect(utf8(printed) == utf8(PaperInstructions.printed(.id, 1)))
                    #expect(line.hasPrefix("Bacakeun pananya"))
                case (.id, 2):  // a typo in the print
                    #expect(utf8(printed.replacingOccurrences(of: "bernaama", with: "bernama")) == utf8(line))
                case (.fa, 2):  // the print has اسمی, the template اسامی
                    #expect(utf8(printed.replacingOccurrences(of: "اسمی خاص", with: "اسامی خاص")) == utf8(line))
                case (.ko, 2):  // the print is a persona sentence followed by instruction 3
                    #expect(utf8(printed) == utf8("당신은 외국인에게 당신의 나라의 문화를 설명하려는 대한민국 사람입니다.\n" + PaperInstructions.printed(.ko, 3)))
                default:
                    Issue.record("undocumented difference: \(lang) instruction \(number)")
                }
            }
        }
        #expect(differences == ["en 2", "id 2", "ko 1", "ko 2", "fa 2", "su 1"])
        // inst-7 uses printed instruction 3 everywhere but Indonesian, printed in English.
        for lang in Language.allCases {
            let same = utf8(PaperInstructions.inst7Line(lang)) == utf8(PaperInstructions.printed(lang, 3))
            #expect(same == (lang != .id), "\(lang)")
            #expect((PaperInstructions.inst7Source(lang) == "paper") == (lang != .id))
        }
        #expect(PaperInstructions.printed(.id, 3) == "Read the following question and provide the single answer you think is most appropriate (one word) without any explanations.")
    }

    // MARK: data files

    /// The TSV the Swift literals serialize to: a header, then one row per text with `\\`,
    /// `\t` and `\n` escaped, LF line ends.
    fileprivate static func tsv(header: [String], rows: [[String]]) -> Bytes {
        func escape(_ field: String) -> String {
            field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
        }
        return utf8(([header] + rows).map { $0.map(escape).joined(separator: "\t") + "\n" }.joined())
    }

    @Test func dataFilesEqualTheSwiftLiterals() throws {
        let printed = Bytes(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/data/instructions.tsv"))))
        let printedRows = PaperInstructions.printedTable.flatMap { entry in
            entry.texts.enumerated().map { [entry.lang.rawValue, String($0.offset + 1), $0.element] }
        }
        #expect(printed == Self.tsv(header: ["lang", "instruction", "text"], rows: printedRows))
        #expect(printedRows.count == 21)
        #expect(PaperInstructions.printedTable.map(\.lang) == Language.allCases)

        let inst7 = Bytes(bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/data/inst7-instructions.tsv"))))
        #expect(inst7 == Self.tsv(header: ["lang", "source", "text"],
                                   rows: PaperInstructions.inst7Table.map { [$0.lang.rawValue, $0.source, $0.text] }))
        #expect(PaperInstructions.inst7Table.map(\.lang) == Language.allCases)

        // No text starts or ends with whitespace, and none holds an invisible character.
        for text in PaperInstructions.printedTable.flatMap(\.texts) + PaperInstructions.inst7Table.map(\.text) {
            #expect(text.first?.isWhitespace == false && text.last?.isWhitespace == false, "\(text)")
            #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .format }, "\(text)")
        }
    }

    @Test func instructionIDsAndPaperNumbers() {
        #expect(InstructionID.allCases.map(\.rawValue) == ["inst-4", "inst-7", "inst-8", "pers-3"])
        #expect(InstructionID.allCases.map(\.paperNumber) == [1, 3, 2, nil])
    }
}

@Suite struct PromptTemplateErrorTests {
    /// A scratch copy of BLEnD's prompt tables and inst8_prompts.csv, `edit` applied to `file`
    /// (a path under the copy; the edit returns nil to leave the file out).
    func scratchCopy(editing file: String, _ edit: (String) -> String?) throws -> String {
        let root = NSTemporaryDirectory() + "dualeval-prompts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/blend/data/prompts", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/dual-eval", withIntermediateDirectories: true)
        var names = Culture.allCases.map { "blend/" + PromptTemplates.blendFile($0) }
        names.append("dual-eval/inst8_prompts.csv")
        for name in names {
            let source = SharedData.root + "/" + name
            var text: String? = try String(contentsOfFile: source, encoding: .utf8)
            if name == file { text = edit(text!) }
            try text?.write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
        }
        return root
    }

    func loadError(editing file: String, _ edit: (String) -> String?) throws -> RecordError? {
        let root = try scratchCopy(editing: file, edit)
        defer { try? FileManager.default.removeItem(atPath: root) }
        return recordError { _ = try PromptTemplates(blendDir: root + "/blend", dualEvalDir: root + "/dual-eval") }
    }

    @Test func theScratchCopyLoads() throws {
        #expect(try loadError(editing: "") { $0 } == nil)
    }

    @Test func missingPromptFileIsNoInputNamingIt() throws {
        let root = try scratchCopy(editing: "blend/data/prompts/West_Java_prompts.csv") { _ in nil }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = recordError { _ = try PromptTemplates(blendDir: root + "/blend", dualEvalDir: nil) }
        #expect(error?.exitStatus == .noInput)
        #expect(error?.input == root + "/blend/data/prompts/West_Java_prompts.csv")
        let noBlend = recordError { _ = try PromptTemplates(blendDir: "/nonexistent", dualEvalDir: nil) }
        #expect(noBlend?.input == "/nonexistent/data/prompts/US_prompts.csv")
    }

    @Test func missingInst8TableIsNoInputNamingIt() throws {
        let root = try scratchCopy(editing: "dual-eval/inst8_prompts.csv") { _ in nil }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = recordError { _ = try PromptTemplates(blendDir: root + "/blend", dualEvalDir: root + "/dual-eval") }
        #expect(error?.exitStatus == .noInput)
        #expect(error?.input == root + "/dual-eval/inst8_prompts.csv")
    }

    @Test func unexpectedHeaderIsADataErrorNamingFileAndLine() throws {
        let error = try loadError(editing: "blend/data/prompts/China_prompts.csv") {
            $0.replacingOccurrences(of: "id,English,Translation\r\n", with: "id,English,Local\r\n")
        }
        #expect(error?.exitStatus == .dataError)
        #expect(error?.input?.hasSuffix("/blend/data/prompts/China_prompts.csv") == true)
        #expect(error?.line == 1)
        let inst8 = try loadError(editing: "dual-eval/inst8_prompts.csv") {
            $0.replacingOccurrences(of: "source_file,id,", with: "file,id,")
        }
        #expect(inst8?.exitStatus == .dataError)
        #expect(inst8?.input?.hasSuffix("/dual-eval/inst8_prompts.csv") == true)
        #expect(inst8?.line == 1)
    }

    @Test func rowProblemsNameTheLineAndField() throws {
        // inst-4 starts at line 13 of China_prompts.csv (earlier fields hold line breaks).
        let noPlaceholder = try loadError(editing: "blend/data/prompts/China_prompts.csv") {
            $0.replacingOccurrences(of: "问题：{q}\n答案：\"\r\ninst-5", with: "问题：\n答案：\"\r\ninst-5")
        }
        #expect(noPlaceholder?.kind == .data)
        #expect(noPlaceholder?.line == 13)
        #expect(noPlaceholder?.field == "inst-4.Translation")

        let duplicate = try loadError(editing: "blend/data/prompts/West_Java_prompts.csv") {
            $0.replacingOccurrences(of: "\r\npers-6,", with: "\r\ninst-6,")
        }
        #expect(duplicate?.field == "id")
        #expect(duplicate?.problem.contains("duplicate 'inst-6'") == true)

        let noPersona = try loadError(editing: "blend/data/prompts/West_Java_prompts.csv") {
            $0.replacingOccurrences(of: "\r\npers-3,", with: "\r\npers-9,")
        }
        #expect(noPersona?.problem.contains("no 'pers-3' row") == true)

        let wrongID = try loadError(editing: "dual-eval/inst8_prompts.csv") {
            $0.replacingOccurrences(of: "Spain_prompts.csv,inst-8", with: "Spain_prompts.csv,inst-7")
        }
        #expect(wrongID?.field == "id")
        #expect(wrongID?.line != nil)

        let missingTable = try loadError(editing: "dual-eval/inst8_prompts.csv") {
            $0.replacingOccurrences(of: "UK_prompts.csv,", with: "Wales_prompts.csv,")
        }
        #expect(missingTable?.field == "source_file")
        #expect(missingTable?.problem.contains("Wales_prompts.csv") == true)
    }

    @Test func requestsWithoutATemplateAreUsageErrors() throws {
        let blendOnly = try PromptTemplates(blendDir: SharedData.blend, dualEvalDir: nil)
        #expect(recordError { _ = try blendOnly.template(.inst8, culture: .CN, lang: .zh) }?.kind == .usage)
        #expect(try blendOnly.template(.inst7, culture: .CN, lang: .zh).hasSuffix("答案："))
        let notADualSet = recordError { _ = try blendOnly.template(.inst4, culture: .CN, lang: .ko) }
        #expect(notADualSet?.kind == .usage)
        #expect(notADualSet?.problem.contains("Q_CN_ko is not a dual set") == true)
    }
}
