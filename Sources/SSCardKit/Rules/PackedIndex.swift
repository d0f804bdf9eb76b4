/// The duplicate index: 64-bit keys (packed ID numbers, phone numbers) to the row that first had
/// them, in flat arrays with open addressing. A million people take about 24 MB, a third of a
/// Swift Dictionary's footprint: the one thing in a validate run that grows with the roster.
struct PackedIndex {
    private var keys: [UInt64]
    private var rows: [UInt32]
    private var count = 0

    init(capacity: Int = 1 << 12) {
        keys = [UInt64](repeating: 0, count: capacity)
        rows = [UInt32](repeating: 0, count: capacity)
    }

    /// The row stored for `key`, or stores `row` and returns nil.
    mutating func firstRow(for key: UInt64, inserting row: Int) -> Int? {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        let stored = key &+ 1  // 0 marks an empty slot
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[slot] != 0 {
            if keys[slot] == stored { return Int(rows[slot]) }
            slot = (slot + 1) & mask
        }
        keys[slot] = stored
        rows[slot] = UInt32(truncatingIfNeeded: row)
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldRows = rows
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        rows = [UInt32](repeating: 0, count: oldKeys.count * 2)
        count = 0
        for (index, key) in oldKeys.enumerated() where key != 0 {
            _ = firstRow(for: key &- 1, inserting: Int(oldRows[index]))
        }
    }
}
