package sim

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

const helloTo = `{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}`

// TestHeldTemplateSends: template pacing answers a held template send
// "held_for_quality_assessment"; the message is listed held, sends no
// status until its hold ends, and then goes out (sent, delivered, read)
// or fails with 132015 in a status webhook shaped as Meta's failed
// example. Free-form sends pass a held rule by.
func TestHeldTemplateSends(t *testing.T) {
	for _, tc := range []struct {
		name   string
		paused float64
		want   []string
	}{
		{"released", 0, []string{"sent", "delivered", "read"}},
		{"paused", 1, []string{"failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.openWindow(user)
			f.sim.InjectFault(Fault{Held: true, Paused: tc.paused, Hold: time.Hour})
			if status, resp := f.send(textTo(user, "oi")); status != 200 || dig(resp, "messages", 0).(map[string]any)["message_status"] != nil {
				t.Fatalf("a free-form send is not held: %d %v", status, resp)
			}
			status, resp := f.send(helloTo)
			if status != 200 || dig(resp, "messages", 0, "message_status") != "held_for_quality_assessment" {
				t.Fatalf("held template send: %d %v", status, resp)
			}
			id := dig(resp, "messages", 0, "id").(string)
			f.clock.Advance(59 * time.Minute)
			if m, _ := f.sim.Message(id); m.Status != "held" || len(f.statusesOf(id)) != 0 {
				t.Fatalf("before the hold ends: %s, statuses %v", m.Status, f.statusesOf(id))
			}
			f.clock.Advance(time.Hour)
			if got := f.statusesOf(id); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("statuses of the held message %v, want %v", got, tc.want)
			}
			if tc.paused == 1 {
				m, _ := f.sim.Message(id)
				if m.Status != "failed" || m.Error == nil || m.Error.Code != 132015 || !strings.Contains(m.Error.Title, "Paused") {
					t.Fatalf("paused: %+v", m)
				}
			}
		})
	}
}

// statusesOf is the status webhooks received about one message, in order.
func (f *fixture) statusesOf(id string) []string {
	var out []string
	for _, n := range f.hooks.notifications() {
		for _, e := range n["entry"].([]any) {
			for _, c := range e.(map[string]any)["changes"].([]any) {
				sts, _ := dig(c, "value", "statuses").([]any)
				for _, s := range sts {
					if st := s.(map[string]any); st["id"] == id {
						out = append(out, st["status"].(string))
					}
				}
			}
		}
	}
	return out
}

// TestHeldRuleByFile: the fault file's spelling, its hold as a duration,
// and its mistakes named.
func TestHeldRuleByFile(t *testing.T) {
	set, err := ParseFaults([]byte(`{"faults":[{"held":true,"rate":0.2,"paused":0.5,"hold":"45s"}]}`))
	if err != nil || set.Faults[0] != (Fault{Held: true, Rate: 0.2, Paused: 0.5, Hold: 45 * time.Second}) {
		t.Fatalf("%+v %v", set, err)
	}
	for body, want := range map[string]string{
		`{"faults":[{"held":true,"paused":1.5}]}`:            "faults[0].paused: 1.5 is not between 0 and 1",
		`{"faults":[{"paused":0.5}]}`:                        `faults[0]: paused and hold describe a held send; add "held": true`,
		`{"faults":[{"hold_ms":100}]}`:                       `faults[0]: paused and hold describe a held send`,
		`{"faults":[{"held":true,"code":132015}]}`:           "faults[0]: a held send is accepted",
		`{"faults":[{"held":true,"hold":"1s","hold_ms":5}]}`: "faults[0]: give hold or hold_ms, not both",
	} {
		if _, err := ParseFaults([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
