// Finding where the source is wrong, once the catalog is loaded (docs/model.md#errata).
extension Errata {
    /// Share claims of table rows that cannot hold: n schemes each holding at least `min` need
    /// n·min ≤ 1 (at n·min = 1 only an exact split of `min` each satisfies the claim), and each
    /// technology of the table's level with n approaches must have every share inside the claim.
    static func shareClaimFindings(tables: [Table], technologies: [Technology]) -> [ClaimFinding] {
        var findings: [ClaimFinding] = []
        for table in tables {
            for row in table.rows {
                guard let claim = row.shareClaim else { continue }
                let range = "[\(claim.min.formattedPercent), \(claim.max.formattedPercent)]"
                let least = Rounding.six(Double(claim.schemes) * claim.min)
                let subject = table.level ?? table.id
                if least > 1 + 1e-9 {
                    findings.append(ClaimFinding(
                        kind: .shareClaim, subject: subject, table: table.id, value: least, min: claim.min, max: claim.max,
                        detail: "\(table.id) says each of \(claim.schemes) schemes holds \(range): together at least \(least.formattedPercent), more than the whole market"))
                } else if least > 1 - 1e-9 {
                    findings.append(ClaimFinding(
                        kind: .shareClaim, subject: subject, table: table.id, value: least, min: claim.min, max: claim.max,
                        detail: "\(table.id) says each of \(claim.schemes) schemes holds \(range): together at least \(least.formattedPercent), so with shares summing to at most 100% only an exact split of \(claim.min.formattedPercent) each satisfies it; any leader above \(claim.min.formattedPercent) leaves another scheme below it"))
                }
                for t in technologies where t.sourceLevel == table.level {
                    let shares = t.approaches.compactMap { a in a.share.map { (a.name, $0) } }
                    guard shares.count == claim.schemes else { continue }
                    for (name, share) in shares where share < claim.min || share > claim.max {
                        findings.append(ClaimFinding(
                            kind: .shareOutsideClaim, subject: t.id, table: table.id, value: share, min: claim.min,
                            max: claim.max,
                            detail: "\(t.id): \(name) holds \(share.formattedPercent), outside the \(range) that \(table.id) says each of its \(claim.schemes) schemes holds"))
                    }
                }
            }
        }
        return findings
    }

    /// The worked examples recomputed and the places where a stated level and the thresholds disagree.
    static func compute(technologies: [Technology], levels: [Level], engine: Engine) -> Errata {
        var examples: [WorkedExample] = []
        var disagreements: [LevelDisagreement] = []
        for t in technologies {
            if let claimed = t.claimed {
                let difference = Rounding.six(t.score - claimed)
                examples.append(WorkedExample(technology: t.id, model: t.model, claimed: claimed, computed: t.score,
                                              difference: difference, erroneous: difference != 0))
            }
            if t.level.id != t.sourceLevel {
                disagreements.append(LevelDisagreement(
                    kind: .computedDegree, subject: t.id, value: t.score, statedLevel: t.sourceLevel,
                    thresholdLevel: t.level.id,
                    detail: "\(t.id) computes \(t.score.formatted), which the thresholds put in \(t.level.id), not \(t.sourceLevel)"))
            }
            if let claimed = t.claimed {
                let claimedLevel = engine.level(for: claimed).id
                if claimedLevel != t.sourceLevel {
                    disagreements.append(LevelDisagreement(
                        kind: .claimedDegree, subject: t.id, value: claimed, statedLevel: t.sourceLevel,
                        thresholdLevel: claimedLevel,
                        detail: "\(t.id) claims \(claimed.formatted), which the thresholds put in \(claimedLevel), not \(t.sourceLevel)"))
                }
            }
        }
        for level in levels {
            let actual = engine.level(for: level.nominalDegree).id
            if actual != level.id {
                disagreements.append(LevelDisagreement(
                    kind: .nominalDegree, subject: level.id, value: level.nominalDegree, statedLevel: level.id,
                    thresholdLevel: actual,
                    detail: "the nominal \(level.nominalDegree.formattedPercent) of \(level.id) fails its own interval \(level.interval.notation): the thresholds put \(level.nominalDegree.formatted) in \(actual)"))
            }
        }
        return Errata(examples: examples, levels: disagreements)
    }
}
