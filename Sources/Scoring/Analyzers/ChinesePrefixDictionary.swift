import Foundation

/// jieba's prefix dictionary (`FREQ`): every word of dict.txt with its frequency, and every prefix
/// of a word with frequency 0, stored as a trie over Unicode scalars.
///
/// A trie node stands for one word or prefix; its children live in an open-addressing hash table
/// keyed by (parent node, next scalar), which keeps loading and lookups fast.
struct ChinesePrefixDictionary: Sendable {
    /// A node of the trie; `root` is the empty string.
    typealias Node = Int32
    static let root: Node = 0

    /// The frequency of each node's word, 0 for a mere prefix.
    private var frequencies: [Int32] = [0]
    /// `log(frequency or 1) - log(total)` of each node: the log probability jieba's route uses.
    private(set) var logProbabilities: [Double] = []
    /// The log probability of a character that is neither a word nor has a frequency:
    /// `log(1) - log(total)`.
    private(set) var unknownLogProbability: Double = 0

    /// Open-addressing hash table of the trie's edges, each slot packing
    /// `(parent + 1) << 43 | scalar << 22 | child` (0: empty).
    private var slots: [UInt64]
    private var slotMask: Int
    /// Node ids must fit the packed slots (and the parent field).
    private static let nodeLimit = 1 << 21

    /// Loads `dict.tsv` (`word<TAB>frequency` lines). Like jieba, a repeated word keeps its last
    /// frequency while the total counts every line.
    init(path: String) throws {
        let file = try ChineseDataFile(path: path)
        slotMask = (1 << 21) - 1
        slots = [UInt64](repeating: 0, count: slotMask + 1)
        var total = 0
        var word: [UInt32] = []
        try file.forEachLine { line, lineNumber in
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
                  ChineseDataFile.decode(line[..<tab], into: &word), !word.isEmpty,
                  let frequency = ChineseDataFile.unsignedInteger(line[(tab + 1)...]),
                  frequency <= Int(Int32.max)
            else { throw file.malformed(lineNumber, "expected word<TAB>frequency") }
            guard self.frequencies.count + word.count < Self.nodeLimit
            else { throw file.malformed(lineNumber, "too many words") }
            var node = Self.root
            for scalar in word { node = self.childInserting(of: node, scalar) }
            self.frequencies[Int(node)] = Int32(frequency)
            total += frequency
        }
        guard total > 0 else { throw AnalyzerDataError(path: path, problem: "no word has a frequency") }
        let logTotal = log(Double(total))
        logProbabilities = frequencies.map { log(Double($0 == 0 ? 1 : $0)) - logTotal }
        unknownLogProbability = log(1.0) - logTotal
    }

    /// The child of `node` along `scalar`, or nil when no word continues that way.
    @inline(__always)
    func child(of node: Node, _ scalar: UInt32) -> Node? {
        let key = Self.key(node, scalar)
        var slot = Self.hash(key) & slotMask
        while true {
            let stored = slots[slot]
            if stored >> 22 == key { return Node(truncatingIfNeeded: stored & 0x3F_FFFF) }
            if stored == 0 { return nil }
            slot = (slot + 1) & slotMask
        }
    }

    /// The frequency of the node's word (0 for a prefix that is no word).
    @inline(__always)
    func frequency(of node: Node) -> Int32 { frequencies[Int(node)] }

    /// The frequency of `word` (`FREQ.get(word)`, 0 when absent).
    func frequency<C: Collection>(ofWord word: C) -> Int32 where C.Element == UInt32 {
        var node = Self.root
        for scalar in word {
            guard let next = child(of: node, scalar) else { return 0 }
            node = next
        }
        return frequency(of: node)
    }

    private mutating func childInserting(of node: Node, _ scalar: UInt32) -> Node {
        if let existing = child(of: node, scalar) { return existing }
        if frequencies.count * 2 > slotMask { grow() }
        let created = Node(frequencies.count)
        frequencies.append(0)
        place(Self.key(node, scalar) << 22 | UInt64(created))
        return created
    }

    private mutating func place(_ entry: UInt64) {
        var slot = Self.hash(entry >> 22) & slotMask
        while slots[slot] != 0 { slot = (slot + 1) & slotMask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slotMask = slotMask * 2 + 1
        slots = [UInt64](repeating: 0, count: slotMask + 1)
        for entry in old where entry != 0 { place(entry) }
    }

    /// `(node + 1) << 21 | scalar`: never 0, and 42 bits while node ids stay below `nodeLimit`.
    @inline(__always)
    private static func key(_ node: Node, _ scalar: UInt32) -> UInt64 {
        (UInt64(node) + 1) << 21 | UInt64(scalar & 0x1F_FFFF)
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}
