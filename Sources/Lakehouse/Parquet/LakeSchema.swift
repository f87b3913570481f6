/// The flat, typed schema of a lake table: what the engine's sinks hand to the writer and
/// what Delta's `schemaString` describes.
public enum LakeType: String, Hashable, Sendable, CaseIterable {
    case int32, int64, double, boolean, string, timestampMicros

    /// The Parquet leaf for this type (physical type plus STRING / TIMESTAMP annotations).
    func parquetField(_ name: String, nullable: Bool) -> ParquetField {
        let r: Repetition = nullable ? .optional : .required
        switch self {
        case .int32: return .int32(name, r)
        case .int64: return .int64(name, r)
        case .double: return .double(name, r)
        case .boolean: return .boolean(name, r)
        case .string: return .string(name, r)
        case .timestampMicros: return .timestampMicros(name, r)
        }
    }

    /// The Delta / Spark primitive type name.
    public var deltaTypeName: String {
        switch self {
        case .int32: return "integer"
        case .int64: return "long"
        case .double: return "double"
        case .boolean: return "boolean"
        case .string: return "string"
        case .timestampMicros: return "timestamp"
        }
    }

    public init?(deltaTypeName: String) {
        switch deltaTypeName {
        case "integer", "int", "short", "byte": self = .int32
        case "long": self = .int64
        case "double", "float": self = .double
        case "boolean": self = .boolean
        case "string": self = .string
        case "timestamp": self = .timestampMicros
        default: return nil
        }
    }
}

public struct LakeColumn: Hashable, Sendable {
    public var name: String
    public var type: LakeType
    public var nullable: Bool
    public init(_ name: String, _ type: LakeType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

public struct LakeSchema: Hashable, Sendable {
    public var columns: [LakeColumn]
    public init(_ columns: [LakeColumn]) { self.columns = columns }

    public func index(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    public var parquetSchema: ParquetSchema {
        ParquetSchema(columns.map { $0.type.parquetField($0.name, nullable: $0.nullable) })
    }

    /// The lake schema of a flat Parquet schema, or an error naming the first column whose
    /// type the lake does not model.
    public init(parquet schema: ParquetSchema) throws {
        var columns: [LakeColumn] = []
        for f in schema.fields {
            guard case .primitive(let physical) = f.kind, f.repetition != .repeated else {
                throw LakehouseError(
                    .unsupportedFeature, "column \(f.name) is nested; only flat tables are read as rows")
            }
            let type: LakeType
            switch (physical, f.logicalType) {
            case (.int32, .date?), (.int32, .other?):
                throw LakehouseError(.unsupportedFeature, "column \(f.name) has a logical type the lake does not read")
            case (.int32, _): type = .int32
            case (.int64, .timestamp(_, .micros)?): type = .timestampMicros
            case (.int64, .timestamp?):
                throw LakehouseError(.unsupportedFeature, "column \(f.name) is a timestamp not in microseconds")
            case (.int64, _) where f.convertedType == .timestampMicros: type = .timestampMicros
            case (.int64, _): type = .int64
            case (.double, _): type = .double
            case (.boolean, _): type = .boolean
            case (.byteArray, _): type = .string
            default:
                throw LakehouseError(
                    .unsupportedFeature, "column \(f.name) has Parquet type \(physical), not supported")
            }
            columns.append(LakeColumn(f.name, type, nullable: f.repetition == .optional))
        }
        self.columns = columns
    }
}
