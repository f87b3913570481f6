import KafkaClient

/// How `rivulet produce` prints progress: `text` for people, `json` for scripts.
public enum ProduceProgressFormat: String, Sendable, CaseIterable {
    case text, json
}

/// One progress line of `rivulet produce`: for people ("rate 1200 events/s, sent …") or, with
/// `--progress-format json`, one JSON object per line that a script can check. The JSON names
/// per partition the offset after the highest acknowledged record (`acknowledged_end`): every
/// record this run sent below it is durable in the log when the line is printed.
struct ProduceProgress {
    typealias Format = ProduceProgressFormat

    var rate: Double
    var sent: Int
    var errors: Int
    var statistics: ProducerStatistics

    func line(_ format: Format) -> String {
        let rateText = Int(rate.rounded())
        switch format {
        case .text:
            return "rate \(rateText) events/s, sent \(sent), acknowledged \(statistics.acknowledged), errors \(errors)"
        case .json:
            let partitions = statistics.acknowledgedEndOffsets.keys.sorted().map { tp in
                "{\"topic\":\(JSONText.quoted(tp.topic)),\"partition\":\(tp.partition),"
                    + "\"acknowledged_end\":\(statistics.acknowledgedEndOffsets[tp] ?? 0)}"
            }
            return "{\"progress\":{\"rate\":\(rateText),\"sent\":\(sent),\"acknowledged\":\(statistics.acknowledged),"
                + "\"errors\":\(errors),\"partitions\":[\(partitions.joined(separator: ","))]}}"
        }
    }
}
