import RivuletCore

/// What a command of DESIGN §1 says while the part it needs has not landed yet.
func notYetBuilt(_ command: String, part: String) -> RivuletError {
    RivuletError(.notImplemented, "`rivulet \(command)` needs the \(part), which is not built yet.")
}
