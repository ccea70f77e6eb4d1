package wasm

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/masteria/masteria/sdk/wasm/abi"
)

// logger sends records to the host's log, which tags them with the plugin
// and connection. Arguments follow log/slog: key/value pairs or slog.Attr.
type logger struct{ im hostImports }

func (l logger) Debug(msg string, args ...any) { l.log(abi.LevelDebug, msg, args) }
func (l logger) Info(msg string, args ...any)  { l.log(abi.LevelInfo, msg, args) }
func (l logger) Warn(msg string, args ...any)  { l.log(abi.LevelWarn, msg, args) }
func (l logger) Error(msg string, args ...any) { l.log(abi.LevelError, msg, args) }

func (l logger) log(level int32, msg string, args []any) {
	r := slog.NewRecord(time.Time{}, slog.LevelInfo, msg, 0)
	r.Add(args...)
	attrs := make([]abi.Attr, 0, r.NumAttrs())
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, abi.Attr{Key: a.Key, Value: plainValue(a.Value)})
		return true
	})
	b, err := json.Marshal(attrs)
	if err != nil {
		b = nil
	}
	l.im.log(level, []byte(msg), b)
}

// plainValue turns a log value into something JSON carries faithfully.
func plainValue(v slog.Value) any {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindDuration:
		return v.Duration().String()
	case slog.KindTime:
		return v.Time().Format(time.RFC3339Nano)
	case slog.KindGroup:
		m := map[string]any{}
		for _, a := range v.Group() {
			m[a.Key] = plainValue(a.Value)
		}
		return m
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return x.Error()
		case fmt.Stringer:
			return x.String()
		}
		if _, err := json.Marshal(v.Any()); err != nil {
			return fmt.Sprint(v.Any())
		}
	}
	return v.Any()
}
