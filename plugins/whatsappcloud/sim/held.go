package sim

// statusHeld is a template send's message_status when template pacing
// holds it (providers.md §1.2).
const statusHeld = "held_for_quality_assessment"

// scheduleHeld keeps a template send held for the rule's hold, as template
// pacing does, then sends it on (sent, delivered, read as usual) or, with
// the rule's paused share, fails it with 132015: its template was paused
// meanwhile. The inspection API lists it "held" until then.
func (s *Server) scheduleHeld(n *number, m *Message, f Fault) {
	s.mu.Lock()
	m.Status = "held"
	s.mu.Unlock()
	paused := s.ids.chance(f.Paused)
	hold := f.Hold
	if hold <= 0 {
		hold = DefaultHold
	}
	s.sched.After(hold, func() {
		if paused {
			e := webhookError(132015, "")
			s.advanceStatus(n, m, "failed", &e)
			return
		}
		s.scheduleProgression(n, m)
	})
}
