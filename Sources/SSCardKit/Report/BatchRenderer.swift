/// Text and JSON for `export`, `batches` and `verify`. JSON keys are stable (README.md lists them).
public enum BatchRenderer {
    private static func id(_ text: String, _ style: ReportStyle) -> String { style.showPII ? text : MaskKind.document.mask(text) }
    private static func js(_ text: String) -> String { ReportRenderer.jsonString(text) }
    private static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(js($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    private static func batchJSON(_ batch: BatchRecord) -> String {
        object([("id", js(batch.id)), ("file", js(batch.path)), ("employer_code", js(batch.employerCode)),
                ("persons", "\(batch.persons)"), ("sha256", batch.sha256.map(js) ?? "null")])
    }

    public static func export(_ report: ExportReport, style: ReportStyle, json: Bool) -> String {
        let zh = style.language == .zh
        if json {
            var pairs: [(String, String)] = [
                ("batches", "[" + report.batches.map(batchJSON).joined(separator: ",") + "]"),
                ("blocked", "[" + report.blocked.map { object([("id_number", js(id($0.idNumber, style))), ("reason", js($0.reason.text(style.language)))]) }
                    .joined(separator: ",") + "]"),
                ("due_before", "\(report.dueBefore)"),
            ]
            if !report.finished.isEmpty { pairs.append(("finished", "[" + report.finished.map(batchJSON).joined(separator: ",") + "]")) }
            if !report.discarded.isEmpty { pairs.append(("discarded", "[" + report.discarded.map(js).joined(separator: ",") + "]")) }
            if report.dryRun {
                pairs.append(("dry_run", "true"))
                pairs.append(("planned", "[" + report.planned.map {
                    object([("employer_code", js($0.employerCode)), ("employer_name", js($0.employerName)), ("persons", "\($0.persons)")])
                }.joined(separator: ",") + "]"))
            }
            if let rebuilt = report.rebuilt {
                pairs.append(("rebuilt", object([("id", js(rebuilt.batch.id)), ("file", js(rebuilt.path)), ("sha256", js(rebuilt.sha256)),
                                                 ("recorded_sha256", rebuilt.batch.sha256.map(js) ?? "null"),
                                                 ("matches", rebuilt.matches ? "true" : "false")])))
            }
            if !report.stageErrors.isEmpty {
                pairs.append(("stage_errors", "[" + report.stageErrors.map {
                    object([("batch", js($0.batch)), ("message", js($0.message.text(style.language)))])
                }.joined(separator: ",") + "]"))
            }
            return object(pairs) + "\n"
        }
        var out = ""
        for name in report.discarded {
            out += zh ? "已丢弃上次中断、未封存的批次 \(name)（其记录仍待报送）\n" : "discarded \(name), interrupted before it was sealed (its records are still due)\n"
        }
        for batch in report.finished {
            out += zh ? "已完成上次中断的批次 \(batch.id): \(batch.path)\n" : "finished \(batch.id), interrupted after it was sealed: \(batch.path)\n"
        }
        if let rebuilt = report.rebuilt {
            let recorded = rebuilt.batch.sha256 ?? "?"
            if rebuilt.matches {
                out += zh ? "已重建 \(rebuilt.batch.id): \(rebuilt.path)，SHA-256 \(rebuilt.sha256) 与记录一致\n"
                          : "rebuilt \(rebuilt.batch.id): \(rebuilt.path), SHA-256 \(rebuilt.sha256) matches the record\n"
            } else if rebuilt.batch.encrypted {
                out += zh ? "已重建 \(rebuilt.batch.id): \(rebuilt.path)；加密批次每次的字节都不同（AES 随机盐），SHA-256 \(rebuilt.sha256) 与记录的 \(recorded) 不同，内容请用 sscard verify 检查\n"
                          : "rebuilt \(rebuilt.batch.id): \(rebuilt.path); encrypted batches differ byte for byte (random AES salt): SHA-256 \(rebuilt.sha256), recorded \(recorded); check the contents with sscard verify\n"
            } else {
                out += zh ? "已重建 \(rebuilt.batch.id): \(rebuilt.path)，但 SHA-256 \(rebuilt.sha256) 与记录的 \(recorded) 不符\n"
                          : "rebuilt \(rebuilt.batch.id): \(rebuilt.path), but its SHA-256 \(rebuilt.sha256) differs from the recorded \(recorded)\n"
            }
            return out
        }
        if report.dryRun {
            if report.planned.isEmpty && report.blocked.isEmpty {
                out += zh ? "没有待报送的记录（试运行）\n" : "nothing is due (dry run)\n"
            }
            for plan in report.planned {
                out += zh ? "将写出 \(plan.employerCode) \(plan.employerName): \(plan.persons) 人（试运行，未写任何文件）\n"
                          : "would write \(plan.employerCode) \(plan.employerName): \(plan.persons) persons (dry run, nothing written)\n"
            }
        } else if report.batches.isEmpty && report.blocked.isEmpty {
            out += zh ? "没有待报送的记录，未写任何文件\n" : "nothing is due; nothing written\n"
        }
        for batch in report.batches {
            out += zh ? "\(batch.id): \(batch.persons) 人，\(batch.path)，SHA-256 \(batch.sha256 ?? "")\n"
                      : "\(batch.id): \(batch.persons) persons, \(batch.path), SHA-256 \(batch.sha256 ?? "")\n"
        }
        for blocked in report.blocked {
            out += zh ? "  暂缓 \(id(blocked.idNumber, style)) \(blocked.name): \(blocked.reason.zh)（仍待报送）\n"
                      : "  blocked \(id(blocked.idNumber, style)) \(blocked.name): \(blocked.reason.en) (still due)\n"
        }
        for error in report.stageErrors {
            out += zh ? "  \(error.batch) 的后续步骤失败: \(error.message.zh)\n" : "  a later stage of \(error.batch) failed: \(error.message.en)\n"
        }
        return out
    }

    public static func batches(_ batches: [BatchRecord], style: ReportStyle, json: Bool) -> String {
        if json {
            return "[" + batches.map { batch in
                "\n" + object([("id", js(batch.id)), ("employer_code", js(batch.employerCode)), ("employer_name", js(batch.employerName)),
                               ("persons", "\(batch.persons)"), ("created_at", js(batch.createdAt)), ("file", js(batch.path)),
                               ("sha256", batch.sha256.map(js) ?? "null"), ("bytes", batch.bytes.map(String.init) ?? "null"),
                               ("state", js(batch.state.rawValue)), ("encrypted", batch.encrypted ? "true" : "false")])
            }.joined(separator: ",") + (batches.isEmpty ? "]\n" : "\n]\n")
        }
        let zh = style.language == .zh
        if batches.isEmpty { return zh ? "还没有批次\n" : "no batches yet\n" }
        var out = ""
        for batch in batches {
            out += "\(batch.id)  \(batch.employerCode) \(batch.employerName)  \(batch.persons)\(zh ? " 人" : " persons")  \(batch.createdAt)  "
                + "\(batch.state.rawValue)  \(batch.path)  \(batch.sha256 ?? "-")\n"
        }
        return out
    }

    public static func verify(_ report: VerifyReport, style: ReportStyle, json: Bool) -> String {
        if json {
            return object([("ok", report.ok ? "true" : "false"), ("persons", "\(report.persons)"),
                           ("problems", "[" + report.problems.map { object([("entry", js($0.entry)), ("problem", js($0.problem))]) }
                               .joined(separator: ",") + "]")]) + "\n"
        }
        let zh = style.language == .zh
        var out = ""
        if report.ok {
            out += zh ? "\(report.file): 校验通过 — 批次 \(report.batchID ?? "?")，\(report.persons) 人，清单、摘要、人员表与照片均无误\n"
                      : "\(report.file): OK — batch \(report.batchID ?? "?"), \(report.persons) persons; manifest, digests, persons.xlsx and photos all check out\n"
            return out
        }
        out += zh ? "\(report.file): 发现 \(report.problems.count) 个问题\n" : "\(report.file): \(report.problems.count) problem(s)\n"
        for problem in report.problems { out += "  \(problem.entry): \(zh ? problem.message.zh : problem.message.en)\n" }
        return out
    }
}
