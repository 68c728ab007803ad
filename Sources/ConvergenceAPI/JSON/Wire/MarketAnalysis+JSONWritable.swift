public import ConvergenceEngine
public import JSON

// The JSON members of a market analysis (`POST /compare` with approaches, and the catalog's
// comparisons; openapi/openapi.json): `leader` is null on a tie, `winner` while undecided.

extension MarketAnalysis: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("leader"); w.string(leader)
        w.key("leaderShare"); w.number(leaderShare)
        w.key("gap"); w.number(gap)
        w.key("cr2"); w.number(cr2)
        w.key("hhi"); w.number(hhi)
        w.key("structure"); w.string(structure.rawValue)
        w.key("verdict"); w.string(verdict.rawValue)
        w.key("winner"); w.string(winner)
        w.key("other"); w.number(other)
        w.endObject()
    }
}
