import ArgumentParser
import Records
import Scoring
import StageCLI

/// Scores answers with BLEnD's soft exact match and summarizes SEM-B / SEM-W per run.
@main
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score answers with BLEnD's soft exact match (SEM-B, SEM-W).",
        discussion: """
        Reads answer records (from ask) and writes one score record per answer — counted or not \
        and why, the match, its weight, the answer that matched and the normalized forms that \
        decided it — then one score_summary record per (model, instruction, set), which are also \
        printed on standard error. Never calls a model; re-scoring stored answers is cheap. \
        The per-language analyzers read their data from --analyzers (installed by `make analyzers`).
        """)

    @OptionGroup var input: InputStreamOptions
    @OptionGroup var output: OutputStreamOptions

    @Option(help: ArgumentHelp("Analyzer data directory (default: $DUALEVAL_ANALYZERS, else ~/.cache/dualeval/analyzers).", valueName: "dir"))
    var analyzers: String?

    @Flag(help: "Do not print the summaries on standard error.")
    var quiet = false

    @Option(help: "Worker threads.")
    var threads: Int = 2

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }

    func run() throws {
        try runStage("score", output: output) { writer in
            let reader = try input.makeReader()
            let run = ScoreRun(analyzers: AnalyzerSet(directory: analyzers), threads: threads)
            do {
                var batch: [ScoreRun.Line] = []
                func flush() throws {
                    try run.score(batch: batch) { try writer.write($0) }
                    batch.removeAll(keepingCapacity: true)
                }
                while let (bytes, location) = try reader.nextLine() {
                    batch.append(ScoreRun.Line(bytes: Array(bytes), location: location))
                    if batch.count == 256 { try flush() }
                }
                try flush()
            } catch let error as AnalyzerDataError {
                throw RecordError(.missingInput, input: error.path, problem: error.problem + " (run `make analyzers` to install the analyzer data)")
            }
            for summary in run.summaries { try writer.write(summary) }
            if !quiet { printError(summaryTable(run.summaries)) }
        }
    }
}
