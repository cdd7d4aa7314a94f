import Foundation

/// Runs the package's built executables in real processes and pipes.
enum Executables {
    /// The directory holding the built products: the test runner's own directory.
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["DUALEVAL_BIN"] { return path }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: runner).deletingLastPathComponent().path
    }()

    static let sharedData: String = {
        if let path = ProcessInfo.processInfo.environment["DUALEVAL_SHARED"] { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared").path
    }()

    static var blendDir: String { sharedData + "/blend" }
    static var dualEvalDir: String { sharedData + "/dual-eval" }

    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs a shell pipeline with the executables' directory first on PATH.
    @discardableResult
    static func shell(_ command: String, stdin: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-o", "pipefail", "-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        // stderr goes to a file, so that only one pipe needs draining while the child runs.
        let errPath = NSTemporaryDirectory() + "dualeval-stderr-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = input
        try process.run()
        if let stdin {
            let writer = input.fileHandleForWriting
            // A child that stops reading early (a data error) must not kill the test runner.
            signal(SIGPIPE, SIG_IGN)
            DispatchQueue.global().async {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        } else {
            try input.fileHandleForWriting.close()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(status: process.terminationStatus, stdout: stdoutData, stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Decompresses zstd output (or passes plain) into lines.
    static func lines(_ data: Data) throws -> [String] {
        let result = try shell("zstd -dcq -f", stdin: data)
        precondition(result.status == 0, result.stderr)
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
