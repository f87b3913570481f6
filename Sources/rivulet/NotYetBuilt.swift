import RivuletCore

/// Commands of DESIGN §1 whose part has not landed yet say so plainly, and what works today.
func notYetBuilt(_ command: String, part: String) -> RivuletError {
    RivuletError(
        .notImplemented,
        "`rivulet \(command)` needs the \(part), which is not built yet. Available today: rivulet up, broker, process, produce, topics, consume, groups, init, config show|validate, clean, doctor, lake, bench log|parquet.")
}
