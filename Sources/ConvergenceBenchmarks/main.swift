import ConvergenceEngine

do {
    let engine = try Engine.embedded()
    for t in engine.technologies { print(t.id, t.score, t.level.id, t.sourceLevel, t.trend?.direction.rawValue ?? "-", t.market?.structure.rawValue ?? "-") }
    print(engine.errata)
} catch {
    print(error)
}
