import Records

/// A prompt template id: inst-4 (the paper's instruction 1), inst-8 (instruction 2), inst-7
/// (instruction 3), pers-3 (BLEnD's persona prompt). The raw value is what answer records store.
public enum InstructionID: String, CaseIterable, Sendable, CustomStringConvertible {
    case inst4 = "inst-4", inst7 = "inst-7", inst8 = "inst-8", pers3 = "pers-3"

    /// The number of the paper's instruction (Appendix B) this template carries; nil for pers-3.
    public var paperNumber: Int? {
        switch self {
        case .inst4: 1
        case .inst8: 2
        case .inst7: 3
        case .pers3: nil
        }
    }

    public var description: String { rawValue }
}

/// The prompt templates of the dual sets, read at run time from BLEnD's prompt tables and the
/// Dual-Eval release and kept byte for byte (see docs/prompts.md for which template a set uses).
///
/// - inst-4 and pers-3: BLEnD `data/prompts/{Country}_prompts.csv`.
/// - inst-8: the Dual-Eval release's `inst8_prompts.csv`.
/// - inst-7: the inst-7 instruction line (`PaperInstructions.inst7Line`) followed by the part
///   of the same set's inst-4 template after its instruction line (`\n\n` and the localized
///   `Question: {q}\nAnswer:` labels).
///
/// A template's identity is its text: equal strings are the same template.
public struct PromptTemplates: Sendable {
    /// The placeholder every template holds and `fill` replaces.
    public static let placeholder = "{q}"
    static let blendHeader = ["id", "English", "Translation"]
    static let inst8File = "inst8_prompts.csv"
    static let inst8Header = ["source_file", "id", "English", "Translation"]
    /// The tables `inst8_prompts.csv` must have a row from: the English ones and one per culture.
    static let inst8Tables = ["US", "UK"] + Culture.allCases.filter { $0 != .US }.map(\.blendKey)

    static func blendFile(_ culture: Culture) -> String { "data/prompts/\(culture.blendKey)_prompts.csv" }

    /// One template row of a prompt table and where it is.
    struct Row: Sendable {
        var english: String
        var translation: String
        var path: String
        var line: Int

        func cell(english useEnglish: Bool) -> String { useEnglish ? english : translation }
        static func columnName(english: Bool) -> String { english ? "English" : "Translation" }
    }

    public let blendDir: String
    public let dualEvalDir: String?
    /// Per culture, BLEnD's prompt rows by id.
    let blend: [Culture: [String: Row]]
    /// `inst8_prompts.csv` rows by upstream table (`US`, `UK`, `China`, ...); nil without Dual-Eval.
    let inst8: [String: Row]?

    /// Loads BLEnD's prompt CSVs from blendDir (data/prompts/{Country}_prompts.csv) and the
    /// released inst-8 table from dualEvalDir (inst8_prompts.csv), checking them; errors are
    /// Records.RecordError naming file/line/field (exit 65 data, 66 missing file).
    public init(blendDir: String, dualEvalDir: String?) throws {
        self.blendDir = blendDir
        self.dualEvalDir = dualEvalDir
        var blend: [Culture: [String: Row]] = [:]
        for culture in Culture.allCases {
            blend[culture] = try Self.readBlendTable(join(blendDir, Self.blendFile(culture)))
        }
        self.blend = blend
        inst8 = try dualEvalDir.map { try Self.readInst8Table(join($0, Self.inst8File)) }
    }

    /// The template text with {q} for a question of culture `culture` asked in language `lang`,
    /// and instruction id. Throws a usage error (exit 64) for a pair that is not a dual set, for
    /// inst-8 without the Dual-Eval release, and for pers-3 on Q_{US,l} with l ≠ en (BLEnD's only
    /// persona prompt in l names l's own country, not the US).
    public func template(_ instruction: InstructionID, culture: Culture, lang: Language) throws -> String {
        let set = SetName(culture: culture, lang: lang)
        guard lang == .en || lang == culture.language || culture == .US else {
            throw RecordError(.usage, problem: "\(set) is not a dual set: culture \(culture.rawValue) is asked in \(culture.language.rawValue) or en")
        }
        switch instruction {
        case .inst4:
            return try blendRow("inst-4", culture: culture, lang: lang).cell(english: lang == .en)
        case .pers3:
            if culture == .US && lang != .en {
                let row = try blendRow("pers-3", culture: culture, lang: lang)
                throw RecordError(.usage, problem: "pers-3 has no template for \(set): the only \(lang.englishName) pers-3 (\(row.path):\(row.line), Translation) casts the model as a person from \(lang.homeCulture.englishName), not the US")
            }
            return try blendRow("pers-3", culture: culture, lang: lang).cell(english: lang == .en)
        case .inst8:
            guard let inst8 else {
                throw RecordError(.usage, problem: "inst-8 needs the Dual-Eval release's \(Self.inst8File) (--dual-eval-dir)")
            }
            // English runs: the US table for US questions, the UK table for other cultures (as
            // the released code does); the four English cells are identical in the release.
            let table = lang == .en ? (culture == .US ? "US" : "UK") : lang.homeCulture.blendKey
            return inst8[table]!.cell(english: lang == .en)
        case .inst7:
            let inst4 = try template(.inst4, culture: culture, lang: lang)
            let wrapper = Self.splitInstruction(inst4)!.wrapper
            return PaperInstructions.inst7Line(lang) + wrapper
        }
    }

    /// The exact user message for a question record (every {q} replaced by question.question).
    public func prompt(for question: Question, instruction: InstructionID) throws -> String {
        Self.fill(try template(instruction, culture: question.culture, lang: question.lang), with: question.question)
    }

    /// `template` with every `{q}` replaced by `question`, byte for byte (one pass: a `{q}`
    /// inside the question stays as it is).
    public static func fill(_ template: String, with question: String) -> String {
        let bytes = Array(template.utf8)
        let insert = Array(question.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + insert.count)
        var index = 0
        while index < bytes.count {
            if isPlaceholder(bytes, at: index) {
                out.append(contentsOf: insert)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many `{q}` a template holds.
    static func placeholderCount(_ template: String) -> Int {
        let bytes = Array(template.utf8)
        var count = 0
        var index = 0
        while index < bytes.count {
            if isPlaceholder(bytes, at: index) {
                count += 1
                index += 3
            } else {
                index += 1
            }
        }
        return count
    }

    private static func isPlaceholder(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0x7B && bytes[index + 1] == 0x71 && bytes[index + 2] == 0x7D
    }

    /// Splits an instruction template at its first blank line: the instruction line (which keeps
    /// any trailing space, e.g. Korean inst-4's) and the wrapper (`\n\n` and the question labels).
    /// Nil unless the blank line exists, the line has no `{q}` and the wrapper has exactly one.
    static func splitInstruction(_ template: String) -> (line: String, wrapper: String)? {
        let bytes = Array(template.utf8)
        guard let cut = bytes.indices.dropLast().first(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else { return nil }
        let line = String(decoding: bytes[..<cut], as: UTF8.self)
        let wrapper = String(decoding: bytes[cut...], as: UTF8.self)
        guard placeholderCount(line) == 0, placeholderCount(wrapper) == 1 else { return nil }
        return (line, wrapper)
    }

    /// The row `id` of the BLEnD table a set uses: the culture's own table for English runs
    /// (English column), the table of the language's home culture otherwise (Translation column).
    func blendRow(_ id: String, culture: Culture, lang: Language) throws -> Row {
        let table = lang == .en ? culture : lang.homeCulture
        return blend[table]![id]!
    }

    /// Reads one BLEnD prompt table, checking its header, unique ids, and the rows used here:
    /// inst-4 and pers-3 must exist with `{q}` in both columns, and inst-4 must split into an
    /// instruction line and a wrapper (inst-7 is built from it).
    static func readBlendTable(_ path: String) throws -> [String: Row] {
        let rows = try readTable(path, header: blendHeader) { row in (row[0], Row(english: row[1], translation: row[2], path: path, line: 0)) }
        for id in ["inst-4", "pers-3"] {
            guard let row = rows[id] else {
                throw RecordError(.data, input: path, field: "id", problem: "no '\(id)' row; every BLEnD prompt table has inst-4 and pers-3")
            }
            for english in [true, false] {
                let cell = row.cell(english: english)
                let field = "\(id).\(Row.columnName(english: english))"
                guard placeholderCount(cell) >= 1 else {
                    throw RecordError(.data, input: path, line: row.line, field: field, problem: "template has no {q}")
                }
                if id == "inst-4" && splitInstruction(cell) == nil {
                    throw RecordError(.data, input: path, line: row.line, field: field,
                                      problem: "expected an instruction line, a blank line, then the question labels with one {q} (inst-7 is built from this)")
                }
            }
        }
        return rows
    }

    /// Reads `inst8_prompts.csv`: one inst-8 row per upstream table, `{Key}_prompts.csv`, for
    /// US, UK and the six cultures; the cells used (English for US and UK, Translation for the
    /// others) must hold a `{q}`.
    static func readInst8Table(_ path: String) throws -> [String: Row] {
        let rows = try readTable(path, header: inst8Header, key: "source_file") { row in
            guard row[1] == "inst-8" else {
                throw RecordError(.data, input: path, field: "id", problem: "expected 'inst-8', found '\(row[1])'")
            }
            let suffix = "_prompts.csv"
            let table = row[0].hasSuffix(suffix) ? String(row[0].dropLast(suffix.count)) : ""
            guard inst8Tables.contains(table) else {
                throw RecordError(.data, input: path, field: "source_file",
                                  problem: "'\(row[0])' is not one of \(inst8Tables.map { $0 + suffix })")
            }
            return (table, Row(english: row[2], translation: row[3], path: path, line: 0))
        }
        for table in inst8Tables {
            guard let row = rows[table] else {
                throw RecordError(.data, input: path, field: "source_file", problem: "no row from \(table)_prompts.csv")
            }
            let english = table == "US" || table == "UK"
            guard placeholderCount(row.cell(english: english)) >= 1 else {
                throw RecordError(.data, input: path, line: row.line, field: "inst-8.\(Row.columnName(english: english))", problem: "template has no {q}")
            }
        }
        return rows
    }

    /// Reads a CSV table with header `header` into rows keyed by `makeRow`'s key, rejecting a
    /// duplicate key; `makeRow`'s errors and the rows get the row's line.
    private static func readTable(_ path: String, header: [String], key keyColumn: String = "id",
                                  _ makeRow: ([String]) throws -> (String, Row)) throws -> [String: Row] {
        let table = try CSVTable(path: path)
        try table.requireHeader(header)
        var rows: [String: Row] = [:]
        for (fields, line) in zip(table.rows, table.rowLines) {
            var (key, row): (String, Row)
            do {
                (key, row) = try makeRow(fields)
            } catch var error as RecordError {
                error.line = line
                throw error
            }
            row.line = line
            guard rows[key] == nil else {
                throw RecordError(.data, input: path, line: line, field: keyColumn, problem: "duplicate '\(fields[header.firstIndex(of: keyColumn)!])' (first at line \(rows[key]!.line))")
            }
            rows[key] = row
        }
        return rows
    }
}
