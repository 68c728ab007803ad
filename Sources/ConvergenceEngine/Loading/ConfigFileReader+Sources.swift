import JSON

// Reading provenance and source documents from config.
extension ConfigFileReader {
    /// A `source` member: a free-text string (`"series document of level L4"`), or
    /// `{"document": "03.1.3-L2", "section": "§四 3.1", "note": …}` whose document must be one of
    /// `sources.json`.
    func provenance(_ object: [String: JSONValue], _ key: String, _ pointer: String, documents: [SourceDocument])
        -> Provenance?
    {
        guard let value = object[key], value != .null else { return nil }
        let p = JSONPointer.join(pointer, key)
        if case .string = value {
            return Provenance(document: nil, section: nil, note: string(object, key, pointer), documents: documents)
        }
        guard let o = self.object(value, p, keys: ["document", "section", "note"]) else { return nil }
        let document = string(o, "document", p)
        if let document, !documents.contains(where: { $0.id == document }) {
            fail(p + "/document", "is not a document of sources.json: \"\(document)\"")
        }
        return Provenance(document: document, section: string(o, "section", p), note: string(o, "note", p),
                          documents: documents)
    }

    /// `sources.json`: `{"documents": [{id, title, version, versionNote, updated, maintainer, references}]}`.
    func documents(_ value: JSONValue?) -> [SourceDocument] {
        guard let root = object(value, "", keys: ["documents"], required: ["documents"]) else { return [] }
        var out: [SourceDocument] = []
        let keys = ["id", "title", "version", "versionNote", "updated", "maintainer", "references"]
        for (i, item) in (array(root, "documents", "") ?? []).enumerated() {
            let p = "/documents/\(i)"
            guard let o = object(item, p, keys: keys, required: ["id", "title"]) else { continue }
            var references: [SourceDocument.Reference] = []
            for (j, ref) in (array(o, "references", p) ?? []).enumerated() {
                let rp = "\(p)/references/\(j)"
                guard let ro = object(ref, rp, keys: ["kind", "text", "note"], required: ["kind", "text"]) else { continue }
                let kind = string(ro, "kind", rp)
                if let kind, !["internal", "academic", "technical"].contains(kind) {
                    fail(rp + "/kind", "must be internal, academic or technical, got \"\(kind)\"")
                }
                guard let kind, let text = string(ro, "text", rp) else { continue }
                references.append(.init(kind: kind, text: text, note: string(ro, "note", rp)))
            }
            let updated = string(o, "updated", p)
            if let updated, HistoryPoint.fractionalYear(updated) == nil {
                fail(p + "/updated", "must be a date YYYY-MM-DD, got \"\(updated)\"")
            }
            guard let id = string(o, "id", p), let title = string(o, "title", p) else { continue }
            if out.contains(where: { $0.id == id }) { fail(p + "/id", "duplicate document id \"\(id)\"") }
            out.append(SourceDocument(id: id, title: title, version: string(o, "version", p),
                                      versionNote: string(o, "versionNote", p), updated: updated,
                                      maintainer: string(o, "maintainer", p), references: references))
        }
        return out
    }
}
