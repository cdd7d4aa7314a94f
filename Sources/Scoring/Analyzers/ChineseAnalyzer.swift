import Foundation

/// Chinese word segmentation as jieba 0.42.1 `jieba.cut(text)` does it by default (accurate mode,
/// HMM on): segments only, no lemmas, whitespace tokens kept ("A B" → ["A", " ", "B"]).
///
/// Text is cut into blocks of `[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]` characters and single other
/// characters (`\r\n` stays whole). A block is segmented along the most probable route through
/// the prefix dictionary's word graph; runs of single characters that do not form a dictionary
/// word go to the HMM (`ChineseHMM`).
public struct ChineseAnalyzer: TokenAnalyzer {
    private let dictionary: ChinesePrefixDictionary
    private let hmm: ChineseHMM

    /// Loads `dict.tsv` and `hmm.tsv` from `dataDirectory` (installed by scripts/analyzer-data/zh.sh).
    public init(dataDirectory: String) throws {
        let directory = URL(fileURLWithPath: dataDirectory)
        dictionary = try ChinesePrefixDictionary(path: directory.appendingPathComponent("dict.tsv").path)
        hmm = try ChineseHMM(path: directory.appendingPathComponent("hmm.tsv").path)
    }

    public func tokens(of text: String) -> [String] {
        let scalars = text.unicodeScalars.map(\.value)
        var tokens: [String] = []
        var index = 0
        while index < scalars.count {
            if Self.isBlockCharacter(scalars[index]) {
                var end = index + 1
                while end < scalars.count && Self.isBlockCharacter(scalars[end]) { end += 1 }
                cutBlock(scalars[index..<end], into: &tokens)
                index = end
            } else {
                let isCRLF = scalars[index] == 0x0D && index + 1 < scalars.count && scalars[index + 1] == 0x0A
                let end = index + (isCRLF ? 2 : 1)
                tokens.append(Self.string(scalars[index..<end]))
                index = end
            }
        }
        return tokens
    }

    /// `__cut_DAG`: the maximum-probability route; multi-character words are kept, and each run of
    /// single characters is kept as characters when it is itself a dictionary word, else cut by the HMM.
    private func cutBlock(_ block: ArraySlice<UInt32>, into tokens: inout [String]) {
        let routeEnds = maximumProbabilityRoute(block)
        var singlesStart = block.startIndex
        var position = block.startIndex
        while position < block.endIndex {
            let end = routeEnds[position - block.startIndex]
            if end - position > 1 {
                flushSingles(block[singlesStart..<position], into: &tokens)
                tokens.append(Self.string(block[position..<end]))
                singlesStart = end
            }
            position = end
        }
        flushSingles(block[singlesStart..<block.endIndex], into: &tokens)
    }

    private func flushSingles(_ singles: ArraySlice<UInt32>, into tokens: inout [String]) {
        if singles.count == 1 {
            tokens.append(Self.string(singles))
        } else if singles.count > 1 {
            if dictionary.frequency(ofWord: singles) == 0 {
                hmm.cut(singles, into: &tokens)
            } else {
                for scalar in singles { tokens.append(Self.string([scalar][...])) }
            }
        }
    }

    /// `get_DAG` + `calc`: for each offset, the end (exclusive) of the word that starts the most
    /// probable segmentation of the rest; ties go to the longer word, as jieba's tuple `max` does.
    private func maximumProbabilityRoute(_ block: ArraySlice<UInt32>) -> [Int] {
        let count = block.count
        var routeEnds = [Int](repeating: 0, count: count)
        var routeLogProbabilities = [Double](repeating: 0, count: count + 1)
        for start in stride(from: count - 1, through: 0, by: -1) {
            var bestEnd = -1
            var best = -Double.infinity
            var node = ChinesePrefixDictionary.root
            var offset = start
            while offset < count, let next = dictionary.child(of: node, block[block.startIndex + offset]) {
                node = next
                offset += 1
                if dictionary.frequency(of: node) > 0 {
                    let candidate = dictionary.logProbabilities[Int(node)] + routeLogProbabilities[offset]
                    if bestEnd < 0 || candidate >= best { best = candidate; bestEnd = offset }
                }
            }
            if bestEnd < 0 {  // no word starts here: the character alone, with frequency 1
                best = dictionary.unknownLogProbability + routeLogProbabilities[start + 1]
                bestEnd = start + 1
            }
            routeEnds[start] = block.startIndex + bestEnd
            routeLogProbabilities[start] = best
        }
        return routeEnds
    }

    /// `re_han_default`: `[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]`.
    @inline(__always)
    private static func isBlockCharacter(_ scalar: UInt32) -> Bool {
        if ChineseHMM.isASCIIAlphanumeric(scalar) || ChineseHMM.hanRange.contains(scalar) { return true }
        switch scalar {
        case 0x2B, 0x23, 0x26, 0x2E, 0x5F, 0x25, 0x2D: return true  // + # & . _ % -
        default: return false
        }
    }

    /// The string of a run of Unicode scalar values (all valid: they come from a String or UTF-8).
    static func string(_ scalars: ArraySlice<UInt32>) -> String {
        var result = String.UnicodeScalarView()
        for value in scalars { result.append(Unicode.Scalar(value)!) }
        return String(result)
    }
}
