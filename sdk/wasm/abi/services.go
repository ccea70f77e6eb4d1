package abi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/masteria/masteria/sdk"
)

// DefaultMaxBody bounds the HTTP response body a guest may receive.
const DefaultMaxBody = 8 << 20

// Services answers the host functions from an sdk.Host, on plain bytes:
// the host reads the arguments out of guest memory and keeps the returned
// data pending for [FuncTake]. Each method returns the result and
// [CodeOK], or a marshalled [Error] and a negative [Code]. Methods never
// panic, even when the Host does. Services is safe for concurrent use when
// its Host is.
type Services struct {
	// Host is already restricted to the manifest's permissions.
	Host sdk.Host
	// MaxBody bounds HTTP response bodies; DefaultMaxBody when zero.
	MaxBody int64
}

// Log writes a record to Host.Log; attrs is a JSON array of [Attr].
func (s *Services) Log(level int32, msg, attrs []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		var as []Attr
		if len(attrs) > 0 {
			if err := json.Unmarshal(attrs, &as); err != nil {
				return invalid("log attrs: %v", err)
			}
		}
		args := make([]any, 0, 2*len(as))
		for _, a := range as {
			args = append(args, a.Key, a.Value)
		}
		logf := map[int32]func(string, ...any){LevelDebug: s.Host.Log.Debug, LevelInfo: s.Host.Log.Info,
			LevelWarn: s.Host.Log.Warn, LevelError: s.Host.Log.Error}[level]
		if logf == nil {
			logf = s.Host.Log.Info
		}
		logf(string(msg), args...)
		return nil, CodeOK
	})
}

// ClockNow returns Host.Clock's time in Unix nanoseconds.
func (s *Services) ClockNow() int64 { return s.Host.Clock.Now().UnixNano() }

// KVGet returns the value stored under key.
func (s *Services) KVGet(ctx context.Context, key []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) { return result(s.Host.KV.Get(ctx, string(key))) })
}

// KVSet stores value under key; a positive ttl makes it expire.
func (s *Services) KVSet(ctx context.Context, key, value []byte, ttl time.Duration) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		return result(nil, s.Host.KV.Set(ctx, string(key), bytes.Clone(value), ttl))
	})
}

// KVDelete removes key.
func (s *Services) KVDelete(ctx context.Context, key []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) { return result(nil, s.Host.KV.Delete(ctx, string(key))) })
}

// SecretGet returns the named secret.
func (s *Services) SecretGet(ctx context.Context, name []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		v, err := s.Host.Secrets.Get(ctx, string(name))
		return result([]byte(v), err)
	})
}

// EmitEvent publishes payload, which must be JSON, on subject.
func (s *Services) EmitEvent(ctx context.Context, subject, payload, id []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		if !json.Valid(payload) {
			return invalid("event payload is not JSON")
		}
		raw := json.RawMessage(bytes.Clone(payload))
		return result(nil, s.Host.Events.Emit(ctx, string(subject), raw, string(id)))
	})
}

// HTTPRequest sends an [HTTPRequest] through Host.HTTP and returns the
// [HTTPResponse] as JSON.
func (s *Services) HTTPRequest(ctx context.Context, request []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		var r HTTPRequest
		if err := json.Unmarshal(request, &r); err != nil {
			return invalid("http request: %v", err)
		}
		req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, bytes.NewReader(r.Body))
		if err != nil {
			return invalid("http request: %v", err)
		}
		req.Header = r.Header
		if req.Header == nil {
			req.Header = http.Header{}
		}
		resp, err := s.Host.HTTP.Do(req)
		if err != nil {
			return result(nil, err)
		}
		return s.response(resp)
	})
}

func (s *Services) response(resp *http.Response) ([]byte, Code) {
	defer resp.Body.Close()
	limit := s.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return result(nil, fmt.Errorf("reading the response body: %w", err))
	}
	if int64(len(body)) > limit {
		return result(nil, sdk.Permanent(fmt.Errorf("response body larger than %d bytes", limit), ""))
	}
	b, err := json.Marshal(HTTPResponse{Status: resp.StatusCode, Header: resp.Header, Body: body})
	return result(b, err)
}

// result turns a service's answer into data and a code.
func result(data []byte, err error) ([]byte, Code) {
	if err != nil {
		e := ErrorOf(err)
		return e.Marshal(), e.Code()
	}
	return data, CodeOK
}

func invalid(format string, args ...any) ([]byte, Code) {
	return result(nil, sdk.Permanent(fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...), ""))
}

// protect runs f, turning a panic in a host service into a failure.
func protect(f func() ([]byte, Code)) (data []byte, code Code) {
	defer func() {
		if v := recover(); v != nil {
			data, code = result(nil, fmt.Errorf("host service panicked: %v", v))
		}
	}()
	return f()
}
