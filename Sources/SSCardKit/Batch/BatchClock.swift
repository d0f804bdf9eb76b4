import ZipArchive

/// Every use of time in the bureau batch, in one place: which records are due, the batch's day,
/// and the timestamps written into the zip, the manifest and persons.xlsx. The store keeps UTC
/// instants; the batch's own name, day and timestamps are the office's wall clock, so the same
/// store and `--as-of` give the same bytes under any TZ.
struct BatchClock {
    /// The export's clock (`--as-of`, else now), on the office's wall.
    let now: CivilDateTime
    let office: OfficeClock
    let windowHours: Int

    /// Records submitted at or before this instant have had their window close (stored form).
    var dueCutoff: String { office.instant(now).adding(hours: -windowHours).description }

    /// YYYYMMDD: the day in the batch's name and sequence.
    var day: String { now.date.description.replacingOccurrences(of: "-", with: "") }

    /// The batch's creation time as the store and the manifest write it (`xs:dateTime`).
    var createdAt: String { now.description }

    /// The same instant for every entry of the batch zip.
    var zipTimestamp: ZipTimestamp { BatchClock.zipTimestamp(createdAt) }

    /// From a stored `createdAt` (a rebuild uses the batch's own clock, not today's).
    static func zipTimestamp(_ createdAt: String) -> ZipTimestamp {
        let time = CivilDateTime(parsing: createdAt) ?? CivilDateTime(date: CivilDate(year: 1980, month: 1, day: 1)!)
        let parts = time.date.description.split(separator: "-").compactMap { Int($0) }
        return ZipTimestamp(year: parts[safe: 0] ?? 1980, month: parts[safe: 1] ?? 1, day: parts[safe: 2] ?? 1,
                            hour: time.seconds / 3600, minute: time.seconds / 60 % 60, second: time.seconds % 60)
    }

    /// Seconds since 1970 for persons.xlsx's docProps (the wall-clock fields read as UTC, so the
    /// bytes do not depend on the machine's zone).
    static func workbookCreated(_ createdAt: String) -> Int {
        let time = CivilDateTime(parsing: createdAt) ?? CivilDateTime(date: CivilDate(year: 1980, month: 1, day: 1)!)
        return time.date.daysSinceEpoch * 86_400 + time.seconds
    }
}
