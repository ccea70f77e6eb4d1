package sdk

// Standard event subjects. Any channel plugin may emit these without owning
// their namespace; the core's flows trigger on them.
const (
	// SubjectMessageReceived carries an [InboundMessage].
	SubjectMessageReceived = "message.received"
	// SubjectMessageStatus carries a [StatusUpdate].
	SubjectMessageStatus = "message.status"
	// SubjectCallEnded is emitted by voice plugins when a call ends.
	SubjectCallEnded = "call.ended"
)

// IsStandardSubject reports whether any plugin may emit subject.
func IsStandardSubject(subject string) bool {
	switch subject {
	case SubjectMessageReceived, SubjectMessageStatus, SubjectCallEnded:
		return true
	}
	return false
}
