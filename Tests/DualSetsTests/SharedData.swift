import Foundation

/// The reference data beside the repository (`../shared`, as CI lays it out), or the
/// directory named by `DUALEVAL_SHARED`.
enum SharedData {
    static let root: String = {
        if let path = ProcessInfo.processInfo.environment["DUALEVAL_SHARED"] { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared").path
    }()
    static let blend = root + "/blend"
    static let dualEval = root + "/dual-eval"
}

@testable import Records

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
