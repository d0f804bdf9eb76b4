/// Text and JSON for the workspace commands. JSON keys are stable (README.md lists them).
public enum StoreRenderer {
    private static func id(_ text: String, _ style: ReportStyle) -> String { style.showPII ? text : MaskKind.document.mask(text) }
    /// Free text that may carry numbers (names, units, file names, reasons): see `PIIScrubber`.
    private static func free(_ text: String, _ style: ReportStyle) -> String { style.text(text) }
    private static func js(_ text: String) -> String { ReportRenderer.jsonString(text) }
    private static func jsonObject(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(js($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    public static func importReport(_ report: ImportReport, style: ReportStyle, json: Bool) -> String {
        let zh = style.language == .zh
        if json {
            func lines(_ items: [ImportReport.Line]) -> String {
                "[" + items.map { jsonObject([("row", "\($0.row)"), ("id_number", js(id($0.idNumber, style))), ("name", js(free($0.name, style))),
                                              ("detail", js(free($0.detail.text(style.language), style)))]) }.joined(separator: ",") + "]"
            }
            return jsonObject([
                ("file", js(free(report.file, style))), ("submission", report.submissionID.map(String.init) ?? (report.previous.map { String($0.id) } ?? "null")),
                ("submitted_at", js(report.previous?.at ?? report.submittedAt.description)),
                ("already_imported", report.previous != nil ? "true" : "false"),
                ("summary", jsonObject([("rows", "\(report.rows)"), ("accepted", "\(report.accepted)"), ("amended", "\(report.amended)"),
                                        ("unchanged", "\(report.unchanged)"), ("rejected", "\(report.rejected)"), ("refused", "\(report.refused)")])),
                ("rejected", lines(report.rejections)), ("refused", lines(report.refusals)), ("amended", lines(report.amendments)),
            ]) + "\n"
        }
        if let previous = report.previous {
            let file = free(report.file, style)
            return zh ? "\(file): 此文件已于 \(previous.at) 导入（第 \(previous.id) 次提交），没有任何改动\n"
                      : "\(file): this file was already imported at \(previous.at) (submission \(previous.id)); nothing changed\n"
        }
        let file = free(report.file, style)
        var out = zh
            ? "\(file): 共 \(report.rows) 行 — 接收 \(report.accepted)，修改 \(report.amended)，未变 \(report.unchanged)，拒收 \(report.rejected)，拒绝修改 \(report.refused)（第 \(report.submissionID ?? 0) 次提交，\(report.submittedAt)）\n"
            : "\(file): \(report.rows) rows — \(report.accepted) accepted, \(report.amended) amended, \(report.unchanged) unchanged, \(report.rejected) rejected, \(report.refused) refused (submission \(report.submissionID ?? 0) at \(report.submittedAt))\n"
        for line in report.rejections {
            out += zh ? "  拒收 第 \(line.row) 行 \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.zh, style))\n"
                      : "  rejected row \(line.row) \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.en, style))\n"
        }
        for line in report.amendments {
            out += zh ? "  修改 第 \(line.row) 行 \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.zh, style))\n"
                      : "  amended row \(line.row) \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.en, style))\n"
        }
        for line in report.refusals {
            out += zh ? "  拒绝 第 \(line.row) 行 \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.zh, style))\n"
                      : "  refused row \(line.row) \(id(line.idNumber, style)) \(free(line.name, style)): \(free(line.detail.en, style))\n"
        }
        if report.rejected > 0 {
            out += zh ? "用 sscard show 证件号码 查看原因，用 sscard amend 修正\n" : "see why with sscard show ID, fix with sscard amend ID --set FIELD=VALUE\n"
        }
        return out
    }

    public static func list(_ records: [RecordSummary], style: ReportStyle, json: Bool) -> String {
        if json {
            return "[" + records.map { record in
                "\n" + jsonObject([("status", js(record.status.rawValue)), ("id_number", js(id(record.idNumber, style))),
                                   ("name", js(free(record.name, style))), ("unit", js(free(record.unit, style))),
                                   ("submitted_at", js(record.submittedAt)), ("note", js(free(record.note, style)))])
            }.joined(separator: ",") + (records.isEmpty ? "]\n" : "\n]\n")
        }
        let zh = style.language == .zh
        var out = ""
        for record in records {
            let status = zh ? ["accepted": "可修改", "rejected": "拒收", "due": "待报送", "exported": "已报送"][record.status.rawValue]! : record.status.rawValue
            let note = switch record.status {
            case .accepted: zh ? "修改期至 \(record.note)" : "amendable until \(record.note)"
            case .due: zh ? "已于 \(record.note) 锁定" : "locked since \(record.note)"
            case .exported: zh ? "批次 \(record.note)" : "batch \(record.note)"
            case .rejected: record.note
            }
            out += "\(status)\t\(id(record.idNumber, style))\t\(free(record.name, style))\t\(free(record.unit, style))\t\(record.submittedAt)\t\(free(note, style))\n"
        }
        out += zh ? "共 \(records.count) 条\n" : "\(records.count) records\n"
        return out
    }

    public static func status(_ status: StoreStatus, style: ReportStyle, json: Bool) -> String {
        let order = RecordStatus.allCases
        if json {
            let counts = jsonObject(order.map { ($0.rawValue, "\(status.counts[$0] ?? 0)") })
            let units = "[" + status.byUnit.map { unit in
                jsonObject([("unit", js(free(unit.unit, style)))] + order.filter { $0 != .rejected }.map { ($0.rawValue, "\(unit.counts[$0] ?? 0)") })
            }.joined(separator: ",") + "]"
            let next = status.nextDue.map { jsonObject([("at", js($0.at)), ("count", "\($0.count)")]) } ?? "null"
            return jsonObject([("counts", counts), ("units", units), ("next_due", next), ("submissions", "\(status.submissions)")]) + "\n"
        }
        let zh = style.language == .zh
        var out = zh
            ? "可修改 \(status.counts[.accepted] ?? 0)，待报送 \(status.counts[.due] ?? 0)，已报送 \(status.counts[.exported] ?? 0)，拒收 \(status.counts[.rejected] ?? 0)（共 \(status.submissions) 次提交）\n"
            : "\(status.counts[.accepted] ?? 0) accepted, \(status.counts[.due] ?? 0) due, \(status.counts[.exported] ?? 0) exported, \(status.counts[.rejected] ?? 0) rejected (\(status.submissions) submissions)\n"
        let names: [RecordStatus: String] = [.accepted: "可修改", .due: "待报送", .exported: "已报送"]
        for unit in status.byUnit {
            let counts = order.filter { $0 != .rejected }
            out += "  \(unit.unit.isEmpty ? "—" : free(unit.unit, style)): "
                + (zh ? counts.map { "\(names[$0] ?? $0.rawValue) \(unit.counts[$0] ?? 0)" }.joined(separator: "，")
                      : counts.map { "\($0.rawValue) \(unit.counts[$0] ?? 0)" }.joined(separator: ", ")) + "\n"
        }
        if let next = status.nextDue {
            out += zh ? "下一批 \(next.count) 条将于 \(next.at) 锁定并待报送\n" : "next: \(next.count) records lock and fall due at \(next.at)\n"
        }
        return out
    }

    public static func detail(_ detail: RecordDetail, style: ReportStyle, json: Bool) -> String {
        func value(_ key: String, _ text: String) -> String {
            style.showPII ? text : PIIScrubber.scrub((Field(rawValue: key)?.maskKind ?? (key.hasPrefix("idcard") || key == "photo" ? .fileName : .none)).mask(text))
        }
        func findingText(_ finding: Finding) -> String { ReportStyle(language: style.language, showPII: style.showPII).message(of: finding) }
        if json {
            let fields = jsonObject(detail.fields.map { ($0.key, js(value($0.key, $0.value))) })
            let findings = "[" + detail.findings.map { f in
                jsonObject([("column", js(f.column)), ("rule", js(f.rule.rawValue)), ("severity", js(f.severity.rawValue)), ("message", js(findingText(f)))])
            }.joined(separator: ",") + "]"
            let images = "[" + detail.images.map { jsonObject([("slot", js($0.slot)), ("sha256", js($0.sha256)), ("bytes", "\($0.bytes)"),
                                                               ("file_name", js(value($0.slot, $0.fileName)))]) }.joined(separator: ",") + "]"
            let rejected = "[" + detail.rejectedRows.map { row in
                jsonObject([("file", js(free(row.source, style))), ("row", "\(row.row)"), ("findings", "[" + row.findings.map { f in
                    jsonObject([("column", js(f.column)), ("rule", js(f.rule.rawValue)), ("severity", js(f.severity.rawValue)), ("message", js(findingText(f)))])
                }.joined(separator: ",") + "]")])
            }.joined(separator: ",") + "]"
            return jsonObject([("id_number", js(id(detail.idNumber, style))), ("status", js(detail.status.rawValue)),
                               ("submitted_at", js(detail.submittedAt)), ("window_closes_at", js(detail.windowClosesAt)),
                               ("batch", detail.batch.map(js) ?? "null"), ("fields", fields), ("findings", findings), ("images", images),
                               ("rejected_rows", rejected), ("history", events(detail.history, style: style)),
                               ("check_code", detail.fields.isEmpty ? "null" : js(checkCode(detail)))]) + "\n"
        }
        let zh = style.language == .zh
        var out = "\(id(detail.idNumber, style))  \(detail.status.rawValue)"
        if !detail.submittedAt.isEmpty {
            out += zh ? "  提交 \(detail.submittedAt)，修改期至 \(detail.windowClosesAt)" : "  submitted \(detail.submittedAt), amendable until \(detail.windowClosesAt)"
        }
        if let batch = detail.batch { out += zh ? "  批次 \(batch)" : "  batch \(batch)" }
        out += "\n"
        // The registration form's check code (FormValues), to match a paper form to the store.
        if !detail.fields.isEmpty { out += (zh ? "  登记表校验码: " : "  form check code: ") + checkCode(detail) + "\n" }
        for (key, text) in detail.fields { out += "  \(key): \(value(key, text))\n" }
        for image in detail.images { out += "  [\(image.slot)] \(value(image.slot, image.fileName)) \(image.bytes) bytes sha256 \(image.sha256.prefix(16))…\n" }
        for finding in detail.findings { out += "  \(finding.severity.rawValue) \(finding.column) [\(finding.rule.rawValue)]: \(findingText(finding))\n" }
        for row in detail.rejectedRows {
            out += zh ? "  拒收: \(free(row.source, style)) 第 \(row.row) 行\n" : "  rejected: \(free(row.source, style)) row \(row.row)\n"
            for finding in row.findings { out += "    \(finding.severity.rawValue) \(finding.column) [\(finding.rule.rawValue)]: \(findingText(finding))\n" }
        }
        out += zh ? "  历史:\n" : "  history:\n"
        out += log(detail.history, style: style, json: false).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    private static func checkCode(_ detail: RecordDetail) -> String {
        FormValues.checkCode(fields: Dictionary(detail.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
    }

    public static func amendment(_ outcome: AmendJob.Outcome, style: ReportStyle, json: Bool) -> String {
        if json {
            return jsonObject([("id_number", js(id(outcome.idNumber, style))), ("changed", "[" + outcome.changed.map(js).joined(separator: ",") + "]"),
                               ("window_closes_at", js(outcome.windowClosesAt)),
                               ("warnings", "[" + outcome.warnings.map { js($0.rule.rawValue) }.joined(separator: ",") + "]")]) + "\n"
        }
        let zh = style.language == .zh
        if outcome.changed.isEmpty { return zh ? "没有变化\n" : "nothing changed\n" }
        return zh ? "已修改 \(id(outcome.idNumber, style)): \(outcome.changed.joined(separator: ", "))；修改期至 \(outcome.windowClosesAt)\n"
                  : "amended \(id(outcome.idNumber, style)): \(outcome.changed.joined(separator: ", ")); amendable until \(outcome.windowClosesAt)\n"
    }

    public static func log(_ events: [AuditEvent], style: ReportStyle, json: Bool) -> String {
        if json { return Self.events(events, style: style) + "\n" }
        return events.map { event in
            let detail = event.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\(detailValue($0.key, $0.value, style))" }.joined(separator: " ")
            let asOf = event.clock.map { " as_of=\($0)" } ?? ""
            return "\(event.at)\t\(free(event.user, style))\t\(event.kind)\t\(event.idNumber.map { id($0, style) } ?? "-")\t\(detail)\(asOf)"
        }.joined(separator: "\n") + (events.isEmpty ? "" : "\n")
    }

    /// File names and reasons may hold ID numbers; a file's hash is no personal data (masking digit runs corrupts it).
    private static func detailValue(_ key: String, _ value: String, _ style: ReportStyle) -> String {
        style.showPII || key == "sha256" ? value : PIIScrubber.scrub(MaskKind.fileName.mask(value))
    }

    private static func events(_ events: [AuditEvent], style: ReportStyle) -> String {
        "[" + events.map { event in
            jsonObject([("at", js(event.at)), ("user", js(free(event.user, style))), ("kind", js(event.kind)),
                        ("id_number", event.idNumber.map { js(id($0, style)) } ?? "null"),
                        ("detail", jsonObject(event.detail.sorted { $0.key < $1.key }.map { ($0.key, js(detailValue($0.key, $0.value, style))) })),
                        ("as_of", event.clock.map(js) ?? "null")])
        }.joined(separator: ",") + "]"
    }
}
