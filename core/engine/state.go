package engine

import (
	"encoding/json"
	"time"

	"github.com/masteria/masteria/core/flow"
)

// State is everything a run carries between steps, stored as JSON in the
// run row and committed with every step.
type State struct {
	Contact flow.Contact               `json:"contact"`
	Message flow.Message               `json:"message"`
	Event   flow.Event                 `json:"event"`
	Params  map[string]any             `json:"params,omitempty"`
	Vars    map[string]any             `json:"vars,omitempty"`
	Steps   map[string]flow.StepResult `json:"steps,omitempty"`
	// Visits counts how often each step was entered, for idempotency keys
	// that stay the same on a retry but differ on a loop's next pass.
	Visits  map[string]int `json:"visits,omitempty"`
	Attempt int            `json:"attempt,omitempty"` // of the step at the cursor
	// Pending holds the contact's messages that arrived while the run was
	// not waiting for one; the next wait.reply takes the oldest.
	Pending []flow.Message `json:"pending,omitempty"`
	Wait    *Wait          `json:"wait,omitempty"`
	Seq     int            `json:"seq"` // trace rows written so far
	// Seen are the latest message IDs the run took, so a redelivered
	// message is not taken twice.
	Seen []string `json:"seen,omitempty"`
}

const seenKept = 64

// see records a message ID; false if the run already took it.
func (s *State) see(id string) bool {
	if id == "" {
		return true
	}
	if id == s.Message.ID {
		return false
	}
	for _, x := range s.Seen {
		if x == id {
			return false
		}
	}
	s.Seen = append(s.Seen, id)
	if len(s.Seen) > seenKept {
		s.Seen = s.Seen[len(s.Seen)-seenKept:]
	}
	return true
}

// Wait is why and until when a run is parked.
type Wait struct {
	Kind    string     `json:"kind"` // delay, reply, event, handoff, retry
	Step    int        `json:"step"`
	Until   *time.Time `json:"until,omitempty"`
	Key     string     `json:"key,omitempty"` // contact ID or event type
	Expr    string     `json:"expr,omitempty"`
	Channel string     `json:"channel,omitempty"`
}

// Wait kinds.
const (
	WaitDelay   = "delay"
	WaitReply   = "reply"
	WaitEvent   = "event"
	WaitHandoff = "handoff"
	WaitRetry   = "retry"
)

func (s *State) env(now time.Time) *flow.Env {
	return &flow.Env{Contact: s.Contact, Message: s.Message, Event: s.Event, Steps: s.Steps,
		Params: s.Params, Vars: s.Vars, Now: now}
}

func (s *State) init() {
	if s.Vars == nil {
		s.Vars = map[string]any{}
	}
	if s.Steps == nil {
		s.Steps = map[string]flow.StepResult{}
	}
	if s.Visits == nil {
		s.Visits = map[string]int{}
	}
	if s.Params == nil {
		s.Params = map[string]any{}
	}
}

func decodeState(raw []byte) (*State, error) {
	s := &State{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, s); err != nil {
			return nil, err
		}
	}
	s.init()
	return s, nil
}

func messageOutput(m flow.Message) map[string]any {
	return map[string]any{"id": m.ID, "channel": m.Channel, "text": m.Text, "type": m.Type, "from": m.From, "media_url": m.MediaURL}
}
