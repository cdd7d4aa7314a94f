import ArgumentParser
import Records
import Scoring
import StageCLI

/// Small tools over record streams: inspect, validate, convert.
struct DualEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dualeval",
        abstract: "Inspect and convert dualeval record streams.",
        subcommands: [Cat.self, Count.self, Summaries.self, Mask.self])
}

struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate records against their kind's schema and write them out (zstd by default).",
        discussion: "Every record is decoded by its `kind` and written again, so a stream that passes is one every stage accepts. Use --plain to decompress for reading.")

    @OptionGroup var input: InputStreamOptions
    @OptionGroup var output: OutputStreamOptions

    @Flag(help: "Only check that each line is a JSON object, and copy the line unchanged.")
    var raw = false

    func run() throws {
        try runStage("dualeval cat", output: output) { writer in
            let reader = try input.makeReader()
            if raw {
                var parser = JSONLineParser()
                while let (bytes, location) = try reader.nextLine() {
                    _ = try parser.parseObject(bytes, at: location)
                    try writer.writeLine(bytes)
                }
            } else {
                while let object = try reader.nextObject() {
                    try writer.write(try AnyRecord(record: object))
                }
            }
        }
    }
}

struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Count the records of each kind.")

    @OptionGroup var input: InputStreamOptions

    func run() throws {
        try reportingFailures("dualeval count") {
            let reader = try input.makeReader()
            var counts: [String: Int] = [:]
            while let object = try reader.nextObject() {
                counts[try object.string("kind"), default: 0] += 1
            }
            for (kind, count) in counts.sorted(by: { $0.key < $1.key }) { print("\(kind)\t\(count)") }
        }
    }
}

struct Summaries: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the SEM-B / SEM-W summaries in score output as a table.",
        discussion: "Reads score streams (other records are skipped) and prints one row per score_summary record.")

    @OptionGroup var input: InputStreamOptions

    func run() throws {
        try reportingFailures("dualeval summaries") {
            let reader = try input.makeReader()
            var summaries: [ScoreSummary] = []
            while let object = try reader.nextObject() {
                if try object.string("kind") == ScoreSummary.kind { summaries.append(try ScoreSummary(fields: object)) }
            }
            print(summaryTable(summaries))
        }
    }
}

struct Mask: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the key neurons of neurons records as a mask file for ask --mask.",
        discussion: "Unites the key neurons of every record (as stored, or re-thresholded as layer top-k with --k from the stored top entries) and prints one 'layer neuron' line per pair, sorted.")

    @OptionGroup var input: InputStreamOptions

    @Option(help: "Re-threshold as layer top-k with this k (default: the key neurons as stored).")
    var k: Int?

    func run() throws {
        try reportingFailures("dualeval mask") {
            let reader = try input.makeReader()
            var pairs: Set<LayerNeuron> = []
            while let object = try reader.nextObject() {
                pairs.formUnion(Neurons.pairs(try Neurons(record: object).keyNeurons(rethresholdedTo: k, at: object.location)))
            }
            var text = ""
            for pair in pairs.sorted() { text += "\(pair.layer) \(pair.neuron)\n" }
            print(text, terminator: "")
        }
    }
}

DualEval.main()
