import Foundation

/// A code list (`code`, `name`, `aliases`): ethnicity, education, occupation, banks.
/// Lookups accept the code, the name or any alias, ignoring case, spaces and full-width forms.
public struct CodeTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public let code: String
        public let name: String
    }

    public let entries: [Entry]
    private let index: TextIndex<Int>
    /// The spellings as written in the table: most roster values match one exactly, without folding.
    private let exact: TextIndex<Int>

    public init(entries: [(code: String, name: String, aliases: [String])]) {
        var index = TextIndex<Int>()
        var exact = TextIndex<Int>()
        self.entries = entries.map { Entry(code: $0.code, name: $0.name) }
        for (position, entry) in entries.enumerated() {
            for key in [entry.code, entry.name] + entry.aliases where !key.isEmpty {
                index.insertIfAbsent(Normalizer.key(key), position)
                exact.insertIfAbsent(key, position)
            }
        }
        self.index = index
        self.exact = exact
    }

    init(url: URL) throws(SSCardError) {
        let table = try TSVTable(url: url, minimumColumns: 2)
        self.init(entries: table.rows.map { row in
            (row[0], row[1], row.count > 2 ? row[2].split(separator: "|").map(String.init) : [])
        })
    }

    /// The entry a clerk's spelling stands for, or nil.
    public func lookup(_ text: String) -> Entry? {
        if let position = exact[text] { return entries[position] }
        return index[Normalizer.key(text)].map { entries[$0] }
    }

    /// A short list for messages: `10 研究生, 20 大学本科, …`.
    public var legend: String { entries.map { "\($0.code) \($0.name)" }.joined(separator: ", ") }
}

/// GB/T 2260 region codes, current and abolished.
public struct RegionTable: Sendable {
    private let names: [Int: String]

    init(url: URL) throws(SSCardError) {
        let table = try TSVTable(url: url, minimumColumns: 2)
        var names: [Int: String] = [:]
        for row in table.rows { if let code = Int(row[0]) { names[code] = row[1] } }
        self.names = names
    }

    public init(names: [Int: String]) { self.names = names }

    public func name(of code: Int) -> String? { names[code] }
}

/// GB/T 2659 (ISO 3166-1) countries.
public struct CountryTable: Sendable {
    public struct Country: Sendable, Equatable {
        public let alpha3: String
        public let numeric: String
        public let nameZh: String
        public let nameEn: String
    }

    private let countries: [Country]
    private let index: TextIndex<Int>
    private let exact: TextIndex<Int>
    private let byNumeric: [String: Int]

    init(url: URL) throws(SSCardError) {
        let table = try TSVTable(url: url, minimumColumns: 5)
        var countries: [Country] = []
        var index = TextIndex<Int>()
        var byNumeric: [String: Int] = [:]
        var exact = TextIndex<Int>()
        for row in table.rows {
            let position = countries.count
            countries.append(Country(alpha3: row[0], numeric: row[2], nameZh: row[3], nameEn: row[4]))
            let aliases = row.count > 5 ? row[5].split(separator: "|").map(String.init) : []
            for key in [row[0], row[1], row[3], row[4]] + aliases where !key.isEmpty {
                index.insertIfAbsent(Normalizer.key(key), position)
                exact.insertIfAbsent(key, position)
            }
            byNumeric[row[2]] = position
        }
        self.countries = countries
        self.index = index
        self.byNumeric = byNumeric
        self.exact = exact
    }

    /// Every country in the table's order.
    public var all: [Country] { countries }

    /// By alpha-3, alpha-2, Chinese or English name (not by numeric code: a roster's `156` is ambiguous).
    public func lookup(_ text: String) -> Country? {
        if let position = exact[text] { return countries[position] }
        return index[Normalizer.key(text)].map { countries[$0] }
    }

    /// By the three-digit numeric code (the 2023 permanent-resident number embeds it).
    public func lookup(numeric: String) -> Country? { byNumeric[numeric].map { countries[$0] } }
}
