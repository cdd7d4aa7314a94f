import Foundation
@testable import Records

/// A fresh temporary directory for one test, removed by the caller with `remove()`.
struct ScratchDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "dualeval-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let target = file(name)
        _ = FileManager.default.createFile(atPath: target, contents: Data(bytes))
        return target
    }

    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func read(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: file(name)) ?? Data()) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Writes `lines` (each without its LF) through a RecordWriter to `path`.
func writeLines(_ lines: [String], to path: String, format: OutputFormat) throws {
    let writer = try RecordWriter(path: path, format: format)
    for line in lines { try writer.writeLine(Array(line.utf8)) }
    try writer.finish()
}

/// Reads every line of the inputs back through a RecordReader.
func readLines(_ paths: [String], options: InputOptions = InputOptions()) throws -> [String] {
    let reader = try RecordReader(paths: paths, options: options)
    var lines: [String] = []
    while let (bytes, _) = try reader.nextLine() { lines.append(String(decoding: bytes, as: UTF8.self)) }
    return lines
}

/// The error thrown by `body`, which must be a RecordError.
func recordError(_ body: () throws -> Void) -> RecordError? {
    do {
        try body()
        return nil
    } catch let error as RecordError {
        return error
    } catch {
        return nil
    }
}

/// A question record with every optional part filled.
func sampleQuestion(template: String = "Al-en-01", culture: Culture = .IR, lang: Language = .fa) -> Question {
    Question(
        templateID: template, culture: culture, lang: lang,
        question: "غذای\u{200C}محبوب در ایران چیست؟ \u{1C}",
        enQuestion: "What is a \"popular\" food in Iran?\n\\ ", topic: "Food", authoredIn: "English (US)",
        answers: [AnswerGroup(texts: ["", "آش "], enTexts: ["", "aragh sagi"], votes: 3),
                  AnswerGroup(texts: [], enTexts: [], votes: 1)],
        idk: IdkCounts(idk: 1, noAnswer: 0, notApplicable: 2), source: .translated,
        provenance: Provenance(
            question: Origin(dataset: "BLEnD", file: "data/questions/Iran_questions.csv", row: 2, column: "Question"),
            answers: Origin(dataset: "translate-fill",
                            translator: Translator(backend: "openai", model: "gpt-4o", promptSHA256: "ab12",
                                                   exampleID: "Q_IR_fa/Al-en-01", key: "k1"))))
}
