import Records

/// The activations of one layer at the response tokens: `rows` positions × `width` neurons,
/// row-major (`values[row * width + neuron]`).
public struct LayerActivations {
    public let values: ArraySlice<Float>
    public let rows: Int
    public let width: Int

    public init(values: ArraySlice<Float>, rows: Int, width: Int) {
        precondition(values.count == rows * width, "activations do not fill rows × width")
        self.values = values
        self.rows = rows
        self.width = width
    }

    @inline(__always) func value(_ row: Int, _ neuron: Int) -> Float { values[values.startIndex + row * width + neuron] }

    /// Each neuron's largest value over the rows.
    public func rowMaxima() -> [Float] {
        var maxima = [Float](repeating: -.infinity, count: width)
        for row in 0..<rows { for neuron in 0..<width { maxima[neuron] = max(maxima[neuron], value(row, neuron)) } }
        return maxima
    }
}

/// One (position, neuron, value) entry of a layer's activations.
public struct ActivationEntry: Equatable, Sendable {
    /// Offset into the response (0 = first response token).
    public var position: Int
    public var neuron: Int
    public var value: Float
}

/// The paper's threshold functions over key neurons (`utils_neuron.py`, dual-eval.md §3–4).
public enum KeyNeurons {
    /// Layer top-k: t = the k-th largest of all rows × width values, duplicates counted (the k-th
    /// element of a descending sort); the key neurons are those whose maximum over the rows
    /// is ≥ t, sorted. With no rows, none.
    public static func layerTopK(_ layer: LayerActivations, k: Int) -> [Int] {
        guard layer.rows > 0, k > 0 else { return [] }
        let threshold = kthLargest(layer.values, k)
        let maxima = layer.rowMaxima()
        return maxima.indices.filter { maxima[$0] >= threshold }
    }

    /// Layer top-score ratio: neurons whose maximum over the rows is ≥ r · (the layer's maximum).
    public static func layerRatio(_ layer: LayerActivations, ratio: Double) -> [Int] {
        guard layer.rows > 0 else { return [] }
        let maxima = layer.rowMaxima()
        let threshold = Float(ratio) * (maxima.max() ?? 0)
        return maxima.indices.filter { maxima[$0] >= threshold }
    }

    /// The `count` largest entries in descending order of value (ties: the smaller flattened
    /// index, position-major, first) — what probe stores so thresholds can be re-applied later.
    public static func topEntries(_ layer: LayerActivations, count: Int) -> [ActivationEntry] {
        let n = min(count, layer.values.count)
        guard n > 0 else { return [] }
        // A bounded min-heap of (value, -index) keeps the n best in O(N log n).
        var heap = BoundedHeap(capacity: n)
        for (offset, value) in layer.values.enumerated() { heap.offer(value, offset) }
        return heap.sortedDescending().map { ActivationEntry(position: $0.index / layer.width, neuron: $0.index % layer.width, value: $0.value) }
    }

    /// Global top-k over stored entries: the k largest (layer, position, neuron) records pooled
    /// across layers, collapsed to distinct (layer, neuron) pairs, sorted.
    public static func globalTopK(_ perLayer: [[ActivationEntry]], k: Int) -> [LayerNeuron] {
        var pooled: [(value: Float, layer: Int, rank: Int, neuron: Int)] = []
        for (layer, entries) in perLayer.enumerated() {
            for (rank, entry) in entries.enumerated() { pooled.append((entry.value, layer, rank, entry.neuron)) }
        }
        pooled.sort { ($0.value, -$0.layer, -$0.rank) > ($1.value, -$1.layer, -$1.rank) }
        return Set(pooled.prefix(k).map { LayerNeuron(layer: $0.layer, neuron: $0.neuron) }).sorted()
    }

    /// The k-th largest value, duplicates counted.
    static func kthLargest(_ values: ArraySlice<Float>, _ k: Int) -> Float {
        var heap = BoundedHeap(capacity: min(k, values.count))
        for (offset, value) in values.enumerated() { heap.offer(value, offset) }
        return heap.minimum
    }
}

/// A min-heap holding the `capacity` best (value, index) pairs seen: larger value is better,
/// and among equal values the smaller index.
struct BoundedHeap {
    private(set) var items: [(value: Float, index: Int)] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    /// Whether a is worse than b (belongs nearer the root).
    @inline(__always) private func worse(_ a: (value: Float, index: Int), _ b: (value: Float, index: Int)) -> Bool {
        a.value < b.value || (a.value == b.value && a.index > b.index)
    }

    var minimum: Float { items.first?.value ?? -.infinity }

    mutating func offer(_ value: Float, _ index: Int) {
        guard capacity > 0 else { return }
        if items.count < capacity {
            items.append((value, index))
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard worse(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        } else if worse(items[0], (value, index)) {
            items[0] = (value, index)
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count && worse(items[left], items[smallest]) { smallest = left }
                if right < items.count && worse(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }

    func sortedDescending() -> [(value: Float, index: Int)] {
        items.sorted { worse($1, $0) }
    }
}
