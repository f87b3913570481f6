/// How events are grouped in event time.
public enum WindowSpec: Hashable, Sendable {
    /// Back-to-back windows of one size.
    case tumbling(size: Duration)
    /// Windows of `size` starting every `slide`, so an event falls in `size / slide` of them.
    case hopping(size: Duration, slide: Duration)
    /// A key's window closes after `gap` without events.
    case session(gap: Duration)

    public enum Kind: String, ConfigChoice {
        case tumbling, hopping, session
    }

    public var kind: Kind {
        switch self {
        case .tumbling: .tumbling
        case .hopping: .hopping
        case .session: .session
        }
    }
}
