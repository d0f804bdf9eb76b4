/// The duplicate index: 64-bit keys (packed ID numbers, phone numbers) to the row that first had
/// them, in flat arrays with open addressing. It is the one thing in a validate run that grows
/// with the roster, so it grows by half (not double) and fills to 85 % (linear probing stays
/// short at that load with a multiplicative hash): a million keys take about 14 MB.
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
        if (count + 1) * 20 > keys.count * 17 { grow() }
        let stored = key &+ 1  // 0 marks an empty slot
        let capacity = keys.count
        // The high half of hash × capacity: a slot in 0..<capacity for any capacity.
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15).multipliedFullWidth(by: UInt64(capacity)).high)
        while keys[slot] != 0 {
            if keys[slot] == stored { return Int(rows[slot]) }
            slot += 1
            if slot == capacity { slot = 0 }
        }
        keys[slot] = stored
        rows[slot] = UInt32(truncatingIfNeeded: row)
        count += 1
        return nil
    }

    private mutating func grow() {
        let oldKeys = keys, oldRows = rows
        let capacity = max(8, oldKeys.count + oldKeys.count / 2)
        keys = [UInt64](repeating: 0, count: capacity)
        rows = [UInt32](repeating: 0, count: capacity)
        count = 0
        for (index, key) in oldKeys.enumerated() where key != 0 {
            _ = firstRow(for: key &- 1, inserting: Int(oldRows[index]))
        }
    }
}
