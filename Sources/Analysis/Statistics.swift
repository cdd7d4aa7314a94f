#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Records

/// The arithmetic mean (0 for no values).
public func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}

/// The percentile bootstrap interval of the mean of `values`: `resamples` resamples with
/// replacement, and the (1 − confidence)/2 and (1 + confidence)/2 quantiles of their means
/// (linear interpolation between order statistics, as numpy's default).
///
/// For a paired comparison pass the per-item differences: resampling items keeps the pairs.
public func bootstrapInterval(ofMean values: [Double], resamples: Int, confidence: Double = 0.95,
                              seed: UInt64) -> Interval {
    guard values.count > 1, resamples > 1 else {
        let m = mean(values)
        return Interval(lower: m, upper: m)
    }
    var generator = SplitMix64(seed: seed)
    let n = values.count
    var means = [Double](repeating: 0, count: resamples)
    for r in 0..<resamples {
        var sum = 0.0
        for _ in 0..<n { sum += values[Int(generator.next() % UInt64(n))] }
        means[r] = sum / Double(n)
    }
    means.sort()
    let tail = (1 - confidence) / 2
    return Interval(lower: quantile(sorted: means, tail), upper: quantile(sorted: means, 1 - tail))
}

/// The q-quantile of sorted values, interpolating linearly between order statistics.
func quantile(sorted values: [Double], _ q: Double) -> Double {
    let position = q * Double(values.count - 1)
    let below = Int(position.rounded(.down))
    let above = min(below + 1, values.count - 1)
    let fraction = position - Double(below)
    return values[below] + (values[above] - values[below]) * fraction
}

/// The exact two-sided McNemar test: under H0 the discordant pairs split Binomial(b + c, ½);
/// p = min(1, 2 · P(X ≤ min(b, c))).
public func mcnemarExactP(onlyA b: Int, onlyB c: Int) -> Double {
    let n = b + c
    guard n > 0 else { return 1 }
    var tail = 0.0
    for i in 0...min(b, c) { tail += exp(logBinomial(n, i) - Double(n) * log(2.0)) }
    return min(1, 2 * tail)
}

/// log C(n, k).
func logBinomial(_ n: Int, _ k: Int) -> Double {
    lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
}

/// Pearson's correlation with its two-sided t-test p-value and Fisher-z interval.
public struct Correlation: Equatable, Sendable {
    public var r: Double
    public var n: Int
    /// Two-sided p-value of H0: ρ = 0 (t = r·√((n−2)/(1−r²)), n − 2 degrees of freedom).
    public var pValue: Double
    /// 95% Fisher-z interval (nil for n < 4).
    public var interval: Interval?
}

/// r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²) over paired points; nil for fewer than 3 points or
/// when either variable is constant.
public func pearson(_ x: [Double], _ y: [Double]) -> Correlation? {
    precondition(x.count == y.count)
    let n = x.count
    guard n >= 3 else { return nil }
    let mx = mean(x), my = mean(y)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in 0..<n {
        let dx = x[i] - mx, dy = y[i] - my
        sxy += dx * dy
        sxx += dx * dx
        syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    let r = max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    let df = Double(n - 2)
    let pValue: Double
    if abs(r) == 1 {
        pValue = 0
    } else {
        let t2 = r * r * df / (1 - r * r)
        pValue = regularizedIncompleteBeta(df / (df + t2), a: df / 2, b: 0.5)
    }
    var interval: Interval?
    if n >= 4, abs(r) < 1 {
        let z = atanh(r), se = 1 / Double(n - 3).squareRoot()
        interval = Interval(lower: tanh(z - 1.959963984540054 * se), upper: tanh(z + 1.959963984540054 * se))
    }
    return Correlation(r: r, n: n, pValue: pValue, interval: interval)
}

/// I_x(a, b), the regularized incomplete beta function, by its continued fraction (modified
/// Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x)
    if x > (a + 1) / (a + b + 2) {
        return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a)
    }
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var fraction = d
    for m in 1...300 {
        let m = Double(m)
        // Even step.
        var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 + numerator * d
        if abs(d) < tiny { d = tiny }
        c = 1 + numerator / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        fraction *= d * c
        // Odd step.
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + numerator * d
        if abs(d) < tiny { d = tiny }
        c = 1 + numerator / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        fraction *= delta
        if abs(delta - 1) < 1e-15 { break }
    }
    return exp(logFront) * fraction / a
}
