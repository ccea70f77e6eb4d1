package wasm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// newHost presents the host functions as the SDK's host services.
func newHost(im hostImports) sdk.Host {
	return sdk.Host{KV: kv{im}, Secrets: secrets{im}, HTTP: httpClient{im}, Events: events{im},
		Log: logger{im}, Clock: clock{im}, Blobs: blobs{im}}
}

type kv struct{ im hostImports }

func (s kv) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, code := s.im.kvGet([]byte(key))
	if err := hostError(abi.FuncKVGet, data, code); err != nil {
		return nil, err
	}
	return data, nil
}

func (s kv) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, code := s.im.kvSet([]byte(key), value, ttl)
	return hostError(abi.FuncKVSet, data, code)
}

func (s kv) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, code := s.im.kvDelete([]byte(key))
	return hostError(abi.FuncKVDelete, data, code)
}

type secrets struct{ im hostImports }

func (s secrets) Get(ctx context.Context, name string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	data, code := s.im.secretGet([]byte(name))
	if err := hostError(abi.FuncSecretGet, data, code); err != nil {
		return "", err
	}
	return string(data), nil
}

type events struct{ im hostImports }

func (s events) Emit(ctx context.Context, subject string, payload any, msgID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("wasm: event %q payload does not marshal: %w", subject, err), "")
	}
	data, code := s.im.emitEvent([]byte(subject), b, []byte(msgID))
	return hostError(abi.FuncEmitEvent, data, code)
}

// httpClient sends requests through the host, which checks every hop
// against the manifest's hosts; the request's context is checked before
// sending, and the host bounds the call with its own.
type httpClient struct{ im hostImports }

func (c httpClient) Do(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	r := abi.HTTPRequest{Method: req.Method, URL: req.URL.String(), Header: req.Header}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		closeBody(req)
		if err != nil {
			return nil, fmt.Errorf("wasm: reading the request body: %w", err)
		}
		r.Body = body
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("wasm: request does not marshal: %w", err), "")
	}
	data, code := c.im.httpRequest(b)
	if err := hostError(abi.FuncHTTPRequest, data, code); err != nil {
		return nil, err
	}
	var resp abi.HTTPResponse
	if err := json.Unmarshal(data, &resp); err != nil {
		return nil, fmt.Errorf("wasm: undecodable response from the host: %w", err)
	}
	return &http.Response{
		Status: strconv.Itoa(resp.Status) + " " + http.StatusText(resp.Status), StatusCode: resp.Status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: resp.Header, Request: req,
		Body: io.NopCloser(bytes.NewReader(resp.Body)), ContentLength: int64(len(resp.Body)),
	}, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

type clock struct{ im hostImports }

// Now is the host's clock, which tests and simulations may control.
func (c clock) Now() time.Time { return time.Unix(0, c.im.clockNow()) }

// After waits on the module's own timer: the host wakes a sleeping module
// when the call's context ends.
func (c clock) After(d time.Duration) <-chan time.Time { return time.After(d) }
