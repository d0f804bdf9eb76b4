/// The office's units (单位编号, 单位名称, 上级单位, 开户银行, 银行网点): lets `unit` be checked
/// and bank and branch be derived, as the platform does when a clerk picks a unit.
public struct UnitDirectory: Sendable {
    public struct Unit: Sendable, Equatable {
        public let code: String
        public let name: String
        public let parent: String
        public let bank: String
        public let branch: String
    }

    public let units: [Unit]
    private let index: TextIndex<Int>

    public init(units: [Unit]) {
        self.units = units
        var index = TextIndex<Int>()
        for (position, unit) in units.enumerated() {
            for key in [unit.name, unit.code] where !key.isEmpty { index.insertIfAbsent(Normalizer.key(key), position) }
        }
        self.index = index
    }

    /// The unit a roster's 现今工作单位 names (by name or by code).
    public func lookup(_ text: String) -> Unit? { index[Normalizer.key(text)].map { units[$0] } }

    private static let headerNames: [(String, [String])] = [
        ("code", ["单位编号", "单位编码", "单位代码", "code", "unit code"]),
        ("name", ["单位名称", "单位", "现今工作单位", "name", "unit", "unit name"]),
        ("parent", ["上级单位", "上级单位名称", "parent", "parent unit"]),
        ("bank", ["开户银行", "银行", "bank"]),
        ("branch", ["银行网点", "网点", "开户网点", "branch", "bank branch"]),
    ]

    /// Reads a units file (CSV or XLSX).
    public static func load(path: String, options: RosterOpenOptions = RosterOpenOptions()) throws(SSCardError) -> UnitDirectory {
        let source = try RosterFile.open(path: path, options: RosterOpenOptions(encoding: options.encoding))
        var columns: [String: Int] = [:]
        var searched = 0
        while columns["name"] == nil, searched < 20, let row = try source.nextRow() {
            searched += 1
            var found: [String: Int] = [:]
            for (index, cell) in row.cells.enumerated() {
                let key = Normalizer.key(cell.displayText)
                for (name, synonyms) in headerNames where found[name] == nil && synonyms.contains(where: { Normalizer.key($0) == key }) {
                    found[name] = index
                }
            }
            if found["name"] != nil { columns = found }
        }
        guard let nameColumn = columns["name"] else { throw .noHeaderRow(path: path, rowsSearched: 20) }
        var units: [Unit] = []
        while let row = try source.nextRow() {
            func value(_ key: String) -> String {
                columns[key].map { Normalizer.normalize(row[$0].displayText, identifier: false) } ?? ""
            }
            let name = Normalizer.normalize(row[nameColumn].displayText, identifier: false)
            if name.isEmpty && value("code").isEmpty { continue }
            units.append(Unit(code: value("code"), name: name, parent: value("parent"), bank: value("bank"), branch: value("branch")))
        }
        return UnitDirectory(units: units)
    }
}
