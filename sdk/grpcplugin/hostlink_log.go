package grpcplugin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// logClient sends log lines to the host, which tags them with the plugin
// and connection. Arguments follow slog: key-value pairs or slog.Attr.
type logClient struct {
	c    pb.LogClient
	life context.Context
}

func (l logClient) Debug(msg string, args ...any) { l.write(pb.Level_LEVEL_DEBUG, msg, args) }
func (l logClient) Info(msg string, args ...any)  { l.write(pb.Level_LEVEL_INFO, msg, args) }
func (l logClient) Warn(msg string, args ...any)  { l.write(pb.Level_LEVEL_WARN, msg, args) }
func (l logClient) Error(msg string, args ...any) { l.write(pb.Level_LEVEL_ERROR, msg, args) }

func (l logClient) write(level pb.Level, msg string, args []any) {
	r := slog.NewRecord(time.Time{}, slog.LevelInfo, msg, 0)
	r.Add(args...)
	req := &pb.LogRequest{Level: level, Message: msg}
	r.Attrs(func(a slog.Attr) bool {
		b, err := json.Marshal(plainAttr(a.Value))
		if err != nil {
			b, _ = json.Marshal(a.Value.String())
		}
		req.Attrs = append(req.Attrs, &pb.Attr{Key: a.Key, ValueJson: b})
		return true
	})
	_, _ = l.c.Write(l.life, req) // a lost log line must not fail the plugin
}

// plainAttr turns a log value into data that marshals to readable JSON.
func plainAttr(v slog.Value) any {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindDuration:
		return v.Duration().String()
	case slog.KindTime:
		return v.Time().Format(time.RFC3339Nano)
	case slog.KindGroup:
		m := map[string]any{}
		for _, a := range v.Group() {
			m[a.Key] = plainAttr(a.Value)
		}
		return m
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return x.Error()
		case fmt.Stringer:
			return x.String()
		}
	}
	return v.Any()
}
