import ArgumentParser
import DualSets
import Records
import StageCLI

/// Turns BLEnD's release files (and the Dual-Eval paper's filled US set) into question records.
struct ImportBlend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-blend",
        abstract: "Build the dual question sets Q_{c,l} from BLEnD and the Dual-Eval release.",
        discussion: """
        Writes one set to standard output (--set), or every set to a directory (--out-dir), \
        each file written under a temporary name and renamed when complete.
        Sets: \(SetName.all.map(\.description).joined(separator: " ")).
        --limit and --sample choose the same templates in every set: the universe is BLEnD's \
        ids, restricted to the Dual-Eval filled set's when --dual-eval-dir is given.
        """)

    @Option(help: ArgumentHelp("BLEnD release directory (holding data/questions, data/annotations).", valueName: "dir"))
    var blendDir: String?

    @Option(help: ArgumentHelp("Dual-Eval release directory (holding US_questions.csv, annotations_multi/); needed for Q_US_l, l ≠ en.", valueName: "dir"))
    var dualEvalDir: String?

    @Option(help: ArgumentHelp("The set to write to standard output, e.g. Q_CN_zh.", valueName: "set"))
    var set: String?

    @Option(help: ArgumentHelp("Write every set to <dir>/<set>.jsonl.zst instead.", valueName: "dir"))
    var outDir: String?

    @Flag(help: "Print the names of all sets and exit.")
    var listSets = false

    @Option(help: ArgumentHelp("Keep the first n templates (BLEnD order).", valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Keep n templates drawn with --seed.", valueName: "n"))
    var sample: Int?

    @Option(help: ArgumentHelp("Seed for --sample.", valueName: "seed"))
    var seed: UInt64 = 0

    @OptionGroup var output: OutputStreamOptions

    func validate() throws {
        if listSets { return }
        guard blendDir != nil else { throw ValidationError("--blend-dir is required") }
        guard (set == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --set and --out-dir") }
        if let set, SetName(set) == nil { throw ValidationError("'\(set)' is not a set; sets are \(SetName.all.map(\.description).joined(separator: ", "))") }
        if limit != nil && sample != nil { throw ValidationError("--limit and --sample exclude each other") }
        if let count = limit ?? sample, count <= 0 { throw ValidationError("--limit and --sample take a positive count") }
    }

    var selection: TemplateSelection {
        if let limit { return .first(limit) }
        if let sample { return .sample(sample, seed: seed) }
        return .all
    }

    func run() throws {
        if listSets {
            for name in SetName.all { print(name) }
            return
        }
        let importer = DualSetImporter(blendDir: blendDir!, dualEvalDir: dualEvalDir)
        if let set, let name = SetName(set) {
            try runStage("import-blend", output: output) { writer in
                for question in try importer.questions(of: name, selection: selection) { try writer.write(question) }
            }
            return
        }
        try reportingFailures("import-blend") {
            for name in SetName.all where name.culture != .US || name.lang == .en || dualEvalDir != nil {
                let questions = try importer.questions(of: name, selection: selection)
                let extensionName = output.plain ? "jsonl" : "jsonl.zst"
                try writeAtomically(to: "\(outDir!)/\(name).\(extensionName)", format: output.format) { writer in
                    for question in questions { try writer.write(question) }
                }
            }
        }
    }
}

ImportBlend.main()
