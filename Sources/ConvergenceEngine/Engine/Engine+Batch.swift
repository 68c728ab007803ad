extension Engine {
    /// Each request through `body`, all or nothing (`POST /score` and `/classify` with a JSON
    /// array): every item's problems are reported, pointers prefixed with its index (`/3/adoption`).
    func batch<Output>(_ requests: [ScoreRequest], _ body: (ScoreRequest) throws(ValidationError) -> Output)
        throws(ValidationError) -> [Output]
    {
        var out: [Output] = []
        out.reserveCapacity(requests.count)
        var problems: [ValidationError.Problem] = []
        for (i, request) in requests.enumerated() {
            do {
                out.append(try body(request))
            } catch {
                problems += error.prefixed("/" + String(i)).problems
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }
        return out
    }
}
