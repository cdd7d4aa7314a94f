import Analysis
import ArgumentParser
import Foundation
import Records
import StageCLI

/// Joins scores and key neurons and writes the dual-evaluation tables and reports.
@main
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Dual tables, synergy gaps, specialized-neuron shares and correlations, with reports.",
        discussion: """
        Reads score records (from score) and neurons records (from probe), in any order and from \
        any number of files, joins them by model, instruction, set and template id, and writes \
        <out-dir>/results.json, report.md and report.html (self-contained: inline SVG, no network). \
        Intervals are 95% percentile bootstrap intervals, reproducible for a --seed.
        """)

    @OptionGroup var input: InputStreamOptions

    @Option(help: ArgumentHelp("Directory for results.json, report.md and report.html.", valueName: "dir"))
    var outDir: String

    @Option(help: "Bootstrap resamples per interval.")
    var resamples: Int = 2000

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Re-threshold key neurons as layer top-k with this k, from the stored top entries (default: as probe stored them).", valueName: "k"))
    var k: Int?

    @Flag(help: "Compute the specialized-neuron shares over questions answered correctly in both sets only (the paper uses all).")
    var correctOnly = false

    @Option(help: ArgumentHelp("A note printed in the report's settings (repeatable), e.g. where the data came from.", valueName: "text"))
    var note: [String] = []

    func validate() throws {
        guard resamples >= 1 else { throw ValidationError("--resamples must be positive") }
        if let k, k < 1 { throw ValidationError("--k must be positive") }
    }

    func run() throws {
        try reportingFailures("aggregate") {
            let reader = try input.makeReader()
            var store = ResultStore(k: k)
            while let object = try reader.nextObject() { try store.add(object) }
            var results = try aggregate(store, resamples: resamples, seed: seed, correctOnly: correctOnly)
            results.settings.notes = note
            try writeReports(results, to: outDir)
            for line in summaryLines(results) { printError("aggregate: " + line) }
            printError("aggregate: \(results.accuracy.count) set scores, \(results.gaps.count) gaps, \(results.specialized.count) neuron shares -> \(outDir)/report.html")
        }
    }
}
