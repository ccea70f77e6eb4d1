package flow

import (
	"errors"
	"regexp"
	"time"
	_ "time/tzdata" // time zone checks must not depend on the host's zoneinfo

	"github.com/robfig/cron/v3"
)

// checkTrigger checks trigger.on, the fields that kind takes, and the
// cron, time zone, regex and condition values.
func (l *linter) checkTrigger() {
	t := &l.flow.Trigger
	if t.On == "" {
		return
	}
	kind, ok := TriggerKindOf(t.On)
	if !ok {
		l.addKeyed(t.At.ValueOf("on"), CodeUnknownTrigger, "trigger.on", key(ReasonUnknownTrigger, "trigger", t.On, "suggestion", closest(t.On, triggerKindNames())), "unknown trigger %q%s",
			t.On, orList(t.On, triggerKindNames(), "triggers are"))
		return
	}
	l.checkTriggerFields(t, kind)
	if t.At.Has("cron") {
		if _, err := cron.ParseStandard(string(t.Cron)); err != nil {
			l.add(t.At.ValueOf("cron"), CodeInvalidCron, "trigger.cron", "cron %q: %v", t.Cron, err)
		}
	}
	if t.At.Has("timezone") {
		l.checkTimezone(string(t.Timezone), t.At.ValueOf("timezone"), "trigger.timezone")
	}
	if t.At.Has("regex") {
		if _, err := regexp.Compile(string(t.Regex)); err != nil {
			l.add(t.At.ValueOf("regex"), CodeInvalidRegex, "trigger.regex", "%v", err)
		}
	}
	if t.At.Has("if") {
		l.checkCondition(fieldSite(t.At, "if", string(t.If), "trigger.if", -1))
	}
}

func (l *linter) checkTriggerFields(t *Trigger, kind TriggerKind) {
	for _, key := range t.At.Fields() {
		if !kind.accepts(key) {
			l.add(t.At.KeyOf(key), CodeUnknownKey, join("trigger", key), "trigger %s does not take %s; it takes %s",
				kind.On, key, list(append([]string{"if"}, kind.Fields...), "and"))
		}
	}
	for _, key := range kind.Required {
		if !t.At.Has(key) {
			l.addKeyed(t.At.Pos, CodeMissingField, join("trigger", key), keyed{ReasonTriggerNeeds, map[string]any{"trigger": kind.On, "field": key}}, "trigger %s needs %s", kind.On, key)
		}
	}
}

func (l *linter) checkTimezone(name string, at Pos, path string) {
	if err := validTimezone(name); err != nil {
		l.add(at, CodeInvalidTimezone, path, "%v", err)
	}
}

// validTimezone accepts IANA zone names only; "Local" would make a flow
// depend on the server's settings.
func validTimezone(name string) error {
	if name == "" || name == "Local" {
		return errors.New("time zone must be an IANA name such as America/Sao_Paulo")
	}
	if _, err := time.LoadLocation(name); err != nil {
		return errors.New("unknown time zone " + quote(name) + "; use an IANA name such as America/Sao_Paulo")
	}
	return nil
}
