import ArgumentParser
import ClientCLI
import DualSets
import Foundation
import ModelClients
import Records
import StageCLI

/// Completes Q_{US,l}: copies the released questions and answer keys, and has a translator model
/// fill what is missing with the paper's one-shot dual translation.
@main
struct TranslateFill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate-fill",
        abstract: "Fill the gaps of the US-culture set in one language with a translator model.",
        discussion: """
        Reads <dir>/Q_US_en, <dir>/Q_<c>_en, <dir>/Q_<c>_<l> (c: the culture whose language is l; \
        the one-shot examples) and <dir>/Q_US_<l> (as imported), and writes the complete Q_US_<l>: \
        released records unchanged, missing questions and answer keys translated, with the translator, \
        the prompt version and suspicious-output flags in each record's provenance. Resumable with \
        --output; failed translations are left for a rerun (exit 75).
        """)

    @Option(help: "The target language: zh, es, id, ko, fa or su.")
    var lang: String

    @Option(help: ArgumentHelp("Directory of the imported question sets (<set>.jsonl.zst).", valueName: "dir"))
    var questionsDir: String

    @OptionGroup var backend: BackendOptions

    @Option(help: ArgumentHelp("Write to this file and resume from it if it exists (instead of standard output).", valueName: "file"))
    var output: String?

    @OptionGroup var outputOptions: OutputStreamOptions

    func validate() throws {
        guard let language = Language(rawValue: lang), language != .en else {
            throw ValidationError("--lang is one of zh, es, id, ko, fa, su")
        }
    }

    func run() async throws {
        try await runModelStage("translate-fill") { try await fill() }
    }

    func load(_ set: SetName) throws -> [Question] {
        let path = "\(questionsDir)/\(set).jsonl.zst"
        let reader = try RecordReader(paths: [path], options: InputOptions(allowEmpty: true))
        var questions: [Question] = []
        while let question = try reader.next(Question.self) { questions.append(question) }
        return questions
    }

    func fill() async throws {
        let language = Language(rawValue: lang)!
        let culture = language.homeCulture
        func byTemplate(_ questions: [Question]) -> [String: Question] {
            Dictionary(questions.map { ($0.templateID, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let sources = FillSources(
            lang: language, usEnglish: try load(SetName(culture: .US, lang: .en)),
            examplesEnglish: byTemplate(try load(SetName(culture: culture, lang: .en))),
            examplesLocal: byTemplate(try load(SetName(culture: culture, lang: language))),
            existing: byTemplate(try load(SetName(culture: .US, lang: language))))
        let backends = try backend.makeBackends()
        var done = Set<String>()
        let writer: RecordWriter
        if let output {
            let recovered = try recoverPartialOutput(at: output, keyField: "id", format: outputOptions.format)
            done = recovered.keys
            writer = try RecordWriter(path: output, format: outputOptions.format, append: true)
        } else {
            writer = try RecordWriter(standardOutput: outputOptions.format)
        }
        let totals: FillTotals
        do {
            totals = try await runTranslateFill(sources, writer: writer, done: done, pool: EndpointPool(backends),
                                                backendKind: backends[0].kind, model: backend.model, settings: backend.settings,
                                                retry: backend.retry, concurrency: backend.isLocal ? 1 : backend.concurrency)
            try writer.finish()
        } catch {
            try? writer.finish()
            throw error
        }
        printError("translate-fill Q_US_\(lang): \(totals.copied) released records copied, \(totals.filled) filled by \(backend.model) (\(totals.flagged) flagged as suspicious), \(totals.skipped) already done, \(totals.failed) failed")
        if totals.failed > 0 {
            printError("translate-fill: \(totals.failed) translations failed; run again to retry them")
            throw ExitCode(ExitStatus.tempFail.rawValue)
        }
    }
}
