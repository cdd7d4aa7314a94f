import Testing
@testable import Analysis

/// The statistics behind the report, against values computed by hand.
struct StatisticsTests {
    @Test func mcnemarIsTheExactBinomialTest() {
        // n = 5 discordant pairs all one way: 2 · (1/2)^5.
        #expect(mcnemarExactP(onlyA: 0, onlyB: 5) == 0.0625)
        // n = 10, split 1/9: 2 · (1 + 10) / 1024.
        #expect(abs(mcnemarExactP(onlyA: 1, onlyB: 9) - 22.0 / 1024) < 1e-12)
        // A balanced split is capped at 1; no discordant pairs gives 1.
        #expect(mcnemarExactP(onlyA: 3, onlyB: 3) == 1)
        #expect(mcnemarExactP(onlyA: 0, onlyB: 0) == 1)
    }

    @Test func pearsonWithItsTestAndInterval() throws {
        // x̄ = ȳ = 3; Σdxdy = 8, Σdx² = Σdy² = 10, so r = 0.8; t = 2.3094 with 3 df.
        let c = try #require(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]))
        #expect(abs(c.r - 0.8) < 1e-12)
        #expect(c.n == 5)
        // Two-sided p from the closed-form t CDF with 3 df, F(t) = ½ + (u/(1+u²) + atan u)/π, u = t/√3.
        #expect(abs(c.pValue - 0.10408803866182792) < 1e-12)
        // tanh(atanh(0.8) ± 1.96/√2).
        #expect(abs(c.interval!.lower - -0.27964004197) < 1e-9)
        #expect(abs(c.interval!.upper - 0.98619619330) < 1e-9)
    }

    @Test func pearsonEdgeCases() {
        #expect(pearson([1, 2], [3, 4]) == nil)
        #expect(pearson([1, 1, 1], [1, 2, 3]) == nil)
        let perfect = pearson([1, 2, 3, 4], [2, 4, 6, 8])
        #expect(perfect?.r == 1)
        #expect(perfect?.pValue == 0)
        #expect(perfect?.interval == nil)
        #expect(pearson([1, 2, 3], [3, 2, 1])?.r == -1)
    }

    @Test func incompleteBeta() {
        #expect(abs(regularizedIncompleteBeta(0.5, a: 1, b: 1) - 0.5) < 1e-12)
        // I_0.4(2, 3) = Σ_{j=2..4} C(4,j) 0.4^j 0.6^(4−j) = 0.5248.
        #expect(abs(regularizedIncompleteBeta(0.4, a: 2, b: 3) - 0.5248) < 1e-12)
        #expect(abs(regularizedIncompleteBeta(0.9, a: 2, b: 3) - (1 - regularizedIncompleteBeta(0.1, a: 3, b: 2))) < 1e-12)
    }

    @Test func quantileInterpolatesLinearly() {
        #expect(quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(quantile(sorted: [1, 2, 3, 4], 0) == 1)
        #expect(quantile(sorted: [1, 2, 3, 4], 1) == 4)
        #expect(quantile(sorted: [10, 20], 0.25) == 12.5)
    }

    @Test func bootstrapIsReproducibleAndSane() {
        let values = (0..<200).map { Double($0 % 2) * 100 }
        let a = bootstrapInterval(ofMean: values, resamples: 2000, seed: 7)
        #expect(a == bootstrapInterval(ofMean: values, resamples: 2000, seed: 7))
        #expect(a != bootstrapInterval(ofMean: values, resamples: 2000, seed: 8))
        // Mean 50, standard error 50/√200 ≈ 3.54: the interval is about 50 ± 6.9.
        #expect(a.lower < 50 && a.upper > 50)
        #expect(a.lower > 42 && a.upper < 58)
        #expect(bootstrapInterval(ofMean: [5, 5, 5], resamples: 100, seed: 1) == Interval(lower: 5, upper: 5))
        #expect(bootstrapInterval(ofMean: [3], resamples: 100, seed: 1) == Interval(lower: 3, upper: 3))
    }
}
