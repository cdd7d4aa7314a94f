import Foundation

/// The least-squares line y = intercept + slope·x through points, drawn in the count-vs-accuracy
/// charts; nil with fewer than three points (as Pearson's r), no variance in x, or non-finite input.
struct LeastSquares: Equatable {
    var intercept: Double
    var slope: Double

    init?(_ points: [(x: Double, y: Double)]) {
        guard points.count >= 3, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.x } / n
        let meanY = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
        let sxy = points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - meanY) }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = meanY - slope * meanX
    }

    func y(at x: Double) -> Double { intercept + slope * x }
}
