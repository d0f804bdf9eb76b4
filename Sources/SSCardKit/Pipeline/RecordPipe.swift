import Foundation

/// Reads and maps rows on a second thread while the caller validates: on two cores the
/// file parsing and the rules overlap (a `BatchQueue` between them).
final class RecordPipe: @unchecked Sendable {
    /// A row, mapped to a record on the reading thread or left for the caller to map.
    enum Item: Sendable {
        case record(RosterRecord)
        case raw(RawRow)
    }

    private let queue: BatchQueue<Item>

    /// Starts reading `source` at once.
    /// - Parameter mapOnReader: map rows to records on the reading thread (when reading is the lighter side).
    init(source: any RowSource, columns: ColumnMap, mapOnReader: Bool, batchSize: Int = 256, capacity: Int = 4) {
        let box = SourceBox(source)
        queue = BatchQueue.start(capacity: capacity) { queue in
            RecordPipe.produce(box.source, into: queue, columns: columns, mapOnReader: mapOnReader, batchSize: batchSize)
        }
    }

    deinit { cancel() }

    private static func produce(_ source: any RowSource, into queue: BatchQueue<Item>, columns: ColumnMap, mapOnReader: Bool, batchSize: Int) {
        let filler = BatchFiller(queue, size: batchSize)
        do throws(SSCardError) {
            while let row = try source.nextRow() {
                guard filler.add(mapOnReader ? .record(RosterRecord(row: row, columns: columns)) : .raw(row)) else { break }
            }
            filler.finish(nil)
        } catch {
            filler.finish(error)
        }
    }

    /// The next batch in file order; nil at the end. A read error surfaces after the rows before it.
    func next() throws(SSCardError) -> [Item]? { try queue.next() }

    /// Hands a batch the caller is done with back to the reading thread, which frees it (the
    /// caller's variable is left empty).
    func recycle(_ batch: inout [Item]) { queue.recycle(&batch) }

    /// Stops the reader (it finishes its current row and exits).
    func cancel() { queue.cancel() }
}

/// Hands a reader to the producer thread; from then on only that thread touches it.
private struct SourceBox: @unchecked Sendable {
    let source: any RowSource
    init(_ source: any RowSource) { self.source = source }
}
