import Foundation
@testable import Engine

/// The embedded models, installed by `scripts/install-models.sh` into `$DUALEVAL_MODELS`
/// (default `~/.cache/dualeval/models`).
enum ModelFiles {
    static let directory: String = ProcessInfo.processInfo.environment["DUALEVAL_MODELS"]
        ?? (NSHomeDirectory() + "/.cache/dualeval/models")
    static let gemma = directory + "/gemma-3-270m-q4_k_m.gguf"
    static let smollm2 = directory + "/SmolLM2-135M-Instruct.Q4_1.gguf"

    static func available(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The golden fixtures made by scripts/engine-fixtures.py.
    static let fixturesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// The directory of golden fixtures for `model` (`gemma` or `smollm2`).
    static func fixtures(_ model: String) -> String { fixturesRoot + "/" + model }
}
