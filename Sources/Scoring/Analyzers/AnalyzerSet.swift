import Foundation
import Records

/// The per-language analyzers of one scoring run, loaded on first use from the analyzer data
/// directory (`make analyzers` installs it).
public final class AnalyzerSet {
    /// Where the data lives: one subdirectory per language code (`en`, `zh`, ...).
    public let directory: String
    private var loaded: [Language: any TokenAnalyzer] = [:]
    /// Workers of one run share the analyzers; loading is serialized.
    private let lock = NSLock()

    /// Uses `directory`, or else `$DUALEVAL_ANALYZERS`, or else `~/.cache/dualeval/analyzers`
    /// (`$XDG_CACHE_HOME/dualeval/analyzers` when that is set).
    public init(directory: String? = nil) {
        self.directory = directory ?? AnalyzerSet.defaultDirectory
    }

    /// The directory used when none is given.
    public static var defaultDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["DUALEVAL_ANALYZERS"], !path.isEmpty { return path }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? ".") + "/.cache"
        return cache + "/dualeval/analyzers"
    }

    /// The analyzer for `language`, loading its data the first time.
    public func analyzer(for language: Language) throws -> any TokenAnalyzer {
        lock.lock()
        defer { lock.unlock() }
        if let analyzer = loaded[language] { return analyzer }
        let data = join(directory, language.rawValue)
        let analyzer: any TokenAnalyzer = switch language {
        case .en: try EnglishAnalyzer(dataDirectory: data)
        case .zh: try ChineseAnalyzer(dataDirectory: data)
        case .es: try SpanishAnalyzer(dataDirectory: data)
        case .id: try IndonesianAnalyzer(dataDirectory: data)
        case .ko: try KoreanAnalyzer(dataDirectory: data)
        case .fa: try PersianAnalyzer(dataDirectory: data)
        case .su: try SundaneseAnalyzer(dataDirectory: data)
        }
        loaded[language] = analyzer
        return analyzer
    }
}
