/// A person's stored fields by key: the known keys (every field and the derived `*_code` keys)
/// in slots, in the order the stored JSON writes them, and any other key beside them. Import
/// builds one per accepted row; a `[String: String]` hashed every key several times a row.
struct StoredFields: Equatable {
    /// The known keys, sorted: the JSON's order.
    static let knownKeys: [String] = (Field.allCases.map(\.rawValue) + ["nationality_code", "education_code", "occupation_code",
                                                                          "ethnicity_code", "bank_code", "unit_code"]).sorted()
    private static let slotOfKey: [String: Int] = Dictionary(uniqueKeysWithValues: knownKeys.enumerated().map { ($1, $0) })
    /// The slot of each field, by `Field.ordinal`.
    private static let slotOfField: [Int] = Field.allCases.map { slotOfKey[$0.rawValue]! }

    private(set) var slots: [String?] = Array(repeating: nil, count: knownKeys.count)
    private var others: [String: String] = [:]

    init() {}

    init(_ dictionary: [String: String]) {
        for (key, value) in dictionary { self[key] = value }
    }

    subscript(key: String) -> String? {
        get {
            if let slot = Self.slotOfKey[key] { return slots[slot] }
            return others[key]
        }
        set {
            if let slot = Self.slotOfKey[key] { slots[slot] = newValue } else { others[key] = newValue }
        }
    }

    subscript(field: Field) -> String? {
        get { slots[Self.slotOfField[field.ordinal]] }
        set { slots[Self.slotOfField[field.ordinal]] = newValue }
    }

    /// The slot of a known key, for code that sets it on every row.
    static func slot(_ key: String) -> Int { slotOfKey[key]! }

    subscript(slot slot: Int) -> String? {
        get { slots[slot] }
        set { slots[slot] = newValue }
    }

    /// Every key that has a value.
    var keys: [String] {
        Self.knownKeys.indices.compactMap { slots[$0] == nil ? nil : Self.knownKeys[$0] } + others.keys
    }

    /// Other keys in sorted order, after the known ones.
    var sortedOthers: [(key: String, value: String)] { others.sorted { $0.key < $1.key } }
}
