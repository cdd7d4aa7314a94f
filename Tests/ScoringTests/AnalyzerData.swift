import Foundation
import Scoring

/// The analyzer data directory of one language, as `score` finds it (`make analyzers` installs it).
func analyzerDataDirectory(_ code: String) -> String {
    AnalyzerSet.defaultDirectory + "/" + code
}
