/// The OpenAPI 3.1 document served at `/openapi.json`: openapi/openapi.json, compiled in by the
/// EmbedConfig plugin (independent of the loaded catalog, so the same on every replica).
public enum OpenAPIDocument {
    public static var json: String { EmbeddedConfig.files["openapi.json"] ?? "" }
}
