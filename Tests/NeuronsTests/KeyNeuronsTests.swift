import Records
import Testing
@testable import Neurons

@Suite struct KeyNeuronsTests {
    // Two response positions × four neurons:
    //   position 0: 1 5 3 5
    //   position 1: 2 4 6 0
    // sorted values: 6 5 5 4 3 2 1 0; neuron maxima: 2 5 6 5.
    let layer = LayerActivations(values: [1, 5, 3, 5, 2, 4, 6, 0][...], rows: 2, width: 4)

    @Test func layerTopKCountsDuplicatesAndKeepsTies() {
        #expect(KeyNeurons.layerTopK(layer, k: 1) == [2])           // t = 6
        #expect(KeyNeurons.layerTopK(layer, k: 2) == [1, 2, 3])     // t = 5: both 5s pass
        #expect(KeyNeurons.layerTopK(layer, k: 3) == [1, 2, 3])     // t = 5 (the second 5)
        #expect(KeyNeurons.layerTopK(layer, k: 4) == [1, 2, 3])     // t = 4: neuron 1's max is 5
        #expect(KeyNeurons.layerTopK(layer, k: 6) == [0, 1, 2, 3])  // t = 2
        #expect(KeyNeurons.layerTopK(layer, k: 100) == [0, 1, 2, 3])
        #expect(KeyNeurons.layerTopK(LayerActivations(values: [5, 5, 1][...], rows: 1, width: 3), k: 2) == [0, 1])
        #expect(KeyNeurons.layerTopK(LayerActivations(values: [][...], rows: 0, width: 4), k: 5) == [])
    }

    @Test func singleResponseTokenGivesExactlyK() {
        let values: [Float] = (0..<64).map { Float(($0 * 37) % 64) }
        for k in [1, 5, 10] { #expect(KeyNeurons.layerTopK(LayerActivations(values: values[...], rows: 1, width: 64), k: k).count == k) }
    }

    @Test func layerRatioComparesWithTheLayerMaximum() {
        #expect(KeyNeurons.layerRatio(layer, ratio: 0.8) == [1, 2, 3])  // ≥ 4.8
        #expect(KeyNeurons.layerRatio(layer, ratio: 0.9) == [2])        // ≥ 5.4
    }

    @Test func topEntriesAreDescendingWithIndexTieBreak() {
        #expect(KeyNeurons.topEntries(layer, count: 3) == [
            ActivationEntry(position: 1, neuron: 2, value: 6),
            ActivationEntry(position: 0, neuron: 1, value: 5),
            ActivationEntry(position: 0, neuron: 3, value: 5),
        ])
        #expect(KeyNeurons.topEntries(layer, count: 100).count == 8)
        #expect(KeyNeurons.topEntries(layer, count: 100).map(\.value) == [6, 5, 5, 4, 3, 2, 1, 0])
    }

    @Test func globalTopKPoolsLayersThenCollapses() {
        let perLayer: [[ActivationEntry]] = [
            [ActivationEntry(position: 0, neuron: 1, value: 5), ActivationEntry(position: 0, neuron: 2, value: 4)],
            [ActivationEntry(position: 0, neuron: 7, value: 5), ActivationEntry(position: 1, neuron: 7, value: 4.5)],
        ]
        #expect(KeyNeurons.globalTopK(perLayer, k: 3) == [LayerNeuron(layer: 0, neuron: 1), LayerNeuron(layer: 1, neuron: 7)])
        #expect(KeyNeurons.globalTopK(perLayer, k: 4).count == 3)
        #expect(KeyNeurons.globalTopK(perLayer, k: 1) == [LayerNeuron(layer: 0, neuron: 1)])
    }

    @Test func topKAgreesWithAFullSortOnRandomData() {
        var state: UInt64 = 7
        func random() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 1000) / 10  // many exact ties
        }
        for _ in 0..<50 {
            let rows = 1 + Int(state % 5), width = 50
            let values = (0..<rows * width).map { _ in random() }
            let layer = LayerActivations(values: values[...], rows: rows, width: width)
            for k in [1, 5, 10, 25] {
                let t = values.sorted(by: >)[k - 1]
                let expected = (0..<width).filter { j in (0..<rows).map { values[$0 * width + j] }.max()! >= t }
                #expect(KeyNeurons.layerTopK(layer, k: k) == expected)
            }
        }
    }
}
