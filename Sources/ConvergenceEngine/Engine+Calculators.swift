// The seed's cost models (domain §6); the API reads the numbers from the body (`RequestMapping`).
extension Engine {
    public func moeCost(experts: Double, active: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(experts: experts, active: active)
    }

    public func moeCost(totalParams: Double, activeParams: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(totalParams: totalParams, activeParams: activeParams)
    }

    public func loadImbalance(loads: [Double]) throws(ValidationError) -> LoadImbalance {
        try LoadImbalance.compute(loads: loads)
    }

    public func contextCost(contextTokens: Double, retrievedTokens: Double, width: Double)
        throws(ValidationError) -> ContextCost
    {
        try ContextCost.compute(contextTokens: contextTokens, retrievedTokens: retrievedTokens, width: width)
    }
}
