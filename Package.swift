// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dualeval",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "import-blend", targets: ["import-blend"]),
        .executable(name: "dualeval", targets: ["dualeval"]),
        .executable(name: "ask", targets: ["ask"]),
        .executable(name: "translate-fill", targets: ["translate-fill"]),
        .executable(name: "probe", targets: ["probe"]),
        .executable(name: "score", targets: ["score"]),
        .executable(name: "aggregate", targets: ["aggregate"]),
        .library(name: "Records", targets: ["Records"]),
        .library(name: "DualSets", targets: ["DualSets"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries (Debian: libzstd-dev, libjansson-dev).
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CJansson", pkgConfig: "jansson", providers: [.apt(["libjansson-dev"])]),

        // Streams of JSON Lines records (zstd or plain), JSON values, record types, data errors, resume.
        .target(name: "Records", dependencies: ["CZstd"]),
        // Cultures, languages, dual sets Q_{c,l}, and the BLEnD / Dual-Eval importers.
        .target(name: "DualSets", dependencies: ["Records"]),
        // What every stage executable shares: stream options and exit statuses.
        .target(name: "StageCLI", dependencies: [
            "Records",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The CPU inference engine: GGUF, quantized weights, tokenizers, forward passes with
        // activation capture and neuron masks. Always optimized: its tests run real models.
        .target(name: "Engine", swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]),

        // Calling models: OpenAI-compatible servers, Anthropic, the local engine; request keys,
        // retries, adaptive concurrency, resumable runs.
        .target(name: "ModelClients", dependencies: [
            "Records", "Engine", .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // Key neurons: the paper's threshold functions over captured activations.
        .target(name: "Neurons", dependencies: ["Records", "Engine", .product(name: "Crypto", package: "swift-crypto")]),

        // BLEnD's soft exact match: response cleaning, the question filter, per-language token
        // analyzers (ports of spaCy, jieba, Spark NLP, nlp_id, Okt, hazm, SUSTEM), SEM-B / SEM-W.
        .target(name: "Scoring", dependencies: ["Records"], swiftSettings: [.unsafeFlags(["-O"])]),

        // aggregate: joins scores and neurons by template id; SEM tables with bootstrap intervals,
        // synergy gaps (paired bootstrap, McNemar), specialized-neuron shares, Pearson r, reports.
        .target(name: "Analysis", dependencies: ["Records"]),

        .executableTarget(name: "import-blend", dependencies: ["DualSets", "StageCLI"]),
        .executableTarget(name: "dualeval", dependencies: ["Records", "Scoring", "StageCLI"]),
        // What the stages that call models share: endpoint and retry options, exit statuses.
        .target(name: "ClientCLI", dependencies: [
            "ModelClients", "StageCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ask", dependencies: ["ClientCLI", "DualSets"]),
        .executableTarget(name: "translate-fill", dependencies: ["ClientCLI", "DualSets"]),
        .executableTarget(name: "probe", dependencies: ["Neurons", "StageCLI"]),
        .executableTarget(name: "score", dependencies: ["Scoring", "StageCLI"]),
        .executableTarget(name: "aggregate", dependencies: ["Analysis", "StageCLI"]),
        .executableTarget(name: "engine-bench", dependencies: [
            "Engine", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // jansson is the conformance oracle for the record-line JSON parser.
        .testTarget(name: "RecordsTests", dependencies: ["Records", "CJansson"]),
        .testTarget(name: "DualSetsTests", dependencies: ["DualSets"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Records"]),
        .testTarget(name: "NeuronsTests", dependencies: ["Neurons", "Engine", "Records"]),
        .testTarget(name: "ModelClientsTests", dependencies: ["ModelClients"], exclude: ["scripted_server.py"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], exclude: ["Fixtures"]),
    ]
)
