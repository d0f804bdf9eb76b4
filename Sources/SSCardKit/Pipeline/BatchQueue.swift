import Foundation

/// Batches handed from one producing thread to one consuming thread, in order. The queue is
/// bounded, so memory does not grow with the roster, and batches keep the hand-over cheap.
/// Finished batches go back to the producing thread to be freed there: glibc's malloc takes the
/// allocating thread's arena lock for every free from another thread, and the two threads then
/// spent a tenth of their time waiting on it.
final class BatchQueue<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[Item]] = []
    /// Batches the consumer is done with, freed by the producer.
    private var spent: [[Item]] = []
    private var failure: SSCardError?
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Producer: appends a batch, waiting while the queue is full. False once the consumer has
    /// cancelled: the producer should stop and call `finish`.
    func push(_ batch: [Item]) -> Bool {
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

    /// Producer: no more batches; `error` surfaces to the consumer after the batches before it.
    func finish(_ error: SSCardError?) {
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next batch in order; nil at the end.
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

    /// Consumer: hands a batch it is done with back to the producer, which frees it (the
    /// variable is left empty).
    func recycle(_ batch: inout [Item]) {
        var done: [Item] = []
        swap(&done, &batch)
        condition.lock()
        if !finished && !cancelled { spent.append(done); done = [] }
        condition.unlock()
    }

    /// Consumer: stops the producer at its next `push`.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: waits until the producer has called `finish` (after `cancel`, at its next push).
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Starts `produce` on a thread of its own; it must end with `finish`.
    static func start(capacity: Int, produce: @escaping @Sendable (BatchQueue) -> Void) -> BatchQueue {
        let queue = BatchQueue(capacity: capacity)
        let thread = Thread { produce(queue) }
        thread.stackSize = 4 << 20
        thread.start()
        return queue
    }
}

/// The producer's side of a `BatchQueue`: gathers items into batches of `size` and hands each
/// over when it is full.
final class BatchFiller<Item: Sendable> {
    private let queue: BatchQueue<Item>
    private let size: Int
    private var batch: [Item] = []

    init(_ queue: BatchQueue<Item>, size: Int) {
        self.queue = queue
        self.size = size
        batch.reserveCapacity(size)
    }

    /// Adds an item; false once the consumer has cancelled (the producer should stop).
    func add(_ item: Item) -> Bool {
        batch.append(item)
        guard batch.count == size else { return true }
        defer { batch.removeAll(keepingCapacity: true) }
        return queue.push(batch)
    }

    /// Hands over the last, partial batch and ends the queue; `error` surfaces after the items.
    func finish(_ error: SSCardError?) {
        if !batch.isEmpty { _ = queue.push(batch) }
        batch = []
        queue.finish(error)
    }
}
