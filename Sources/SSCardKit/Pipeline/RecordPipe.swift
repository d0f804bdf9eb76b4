import Foundation

/// Reads and maps rows on a second thread while the caller validates: on two cores the
/// file parsing and the rules overlap. Batches keep the hand-over cheap; the queue is
/// bounded so memory does not grow with the roster. Finished batches go back to the reading
/// thread to be freed there: glibc's malloc takes the allocating thread's arena lock for every
/// free from another thread, and the two threads then spent a tenth of their time waiting on it.
final class RecordPipe: @unchecked Sendable {
    /// A row, mapped to a record on the reading thread or left for the caller to map.
    enum Item {
        case record(RosterRecord)
        case raw(RawRow)
    }

    private let condition = NSCondition()
    private var batches: [[Item]] = []
    /// Batches the caller is done with, freed by the reading thread.
    private var spent: [[Item]] = []
    private var failure: SSCardError?
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    /// Starts reading `source` at once.
    /// - Parameter mapOnReader: map rows to records on the reading thread (when reading is the lighter side).
    init(source: any RowSource, columns: ColumnMap, mapOnReader: Bool, batchSize: Int = 256, capacity: Int = 4) {
        self.capacity = capacity
        let box = SourceBox(source)
        let thread = Thread { [self] in
            produce(box.source, columns: columns, mapOnReader: mapOnReader, batchSize: batchSize)
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    deinit { cancel() }

    private func produce(_ source: any RowSource, columns: ColumnMap, mapOnReader: Bool, batchSize: Int) {
        var batch: [Item] = []
        batch.reserveCapacity(batchSize)
        do {
            while let row = try source.nextRow() {
                batch.append(mapOnReader ? .record(RosterRecord(row: row, columns: columns)) : .raw(row))
                if batch.count == batchSize {
                    guard push(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { _ = push(batch) }
            finish(nil)
        } catch {
            if !batch.isEmpty { _ = push(batch) }
            finish(error)
        }
    }

    private func push(_ batch: [Item]) -> Bool {
        var freed: [[Item]] = []
        defer { freed.removeAll() }  // after the unlock, on this thread
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        swap(&freed, &spent)
        condition.broadcast()
        return true
    }

    private func finish(_ error: SSCardError?) {
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in file order; nil at the end. A read error surfaces after the rows before it.
    func next() throws(SSCardError) -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Hands a batch the caller is done with back to the reading thread, which frees it (the
    /// caller's variable is left empty).
    func recycle(_ batch: inout [Item]) {
        var done: [Item] = []
        swap(&done, &batch)
        condition.lock()
        if !finished && !cancelled { spent.append(done); done = [] }
        condition.unlock()
    }

    /// Stops the reader (it finishes its current row and exits).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Hands a reader to the producer thread; from then on only that thread touches it.
private struct SourceBox: @unchecked Sendable {
    let source: any RowSource
    init(_ source: any RowSource) { self.source = source }
}
