import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A progress line on standard error: done/total, rate, ETA, retries, errors, concurrency.
/// Redrawn in place on a terminal; a plain line every `interval` seconds otherwise.
public final class Progress: @unchecked Sendable {
    private let total: Int?
    private let started = Date()
    private var lastDrawn = Date.distantPast
    private let interval: Double
    private let terminal: Bool
    private let lock = NSLock()

    public init(total: Int?, interval: Double = 10) {
        self.total = total
        terminal = isatty(STDERR_FILENO) != 0
        self.interval = terminal ? 0.2 : interval
    }

    func update(_ totals: AskTotals, concurrency: Int, force: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) >= interval else { return }
        lastDrawn = now
        let done = totals.answered + totals.failed + totals.skipped
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(totals.answered + totals.failed) / elapsed
        var line = "ask: \(done)"
        if let total { line += "/\(total)" }
        line += String(format: " done, %.1f/s", rate)
        if let total, rate > 0 {
            let remaining = Double(total - done) / rate
            line += String(format: ", ETA %dm%02ds", Int(remaining) / 60, Int(remaining) % 60)
        }
        line += ", \(totals.retries) retries, \(totals.failed) errors, \(concurrency) in flight"
        let text = terminal ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Ends the progress display (a newline after an in-place line).
    public func finish(_ totals: AskTotals) {
        update(totals, concurrency: 0, force: true)
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
