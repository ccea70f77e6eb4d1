package sdk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// Service names a host service a plugin may use.
type Service string

// The host services.
const (
	ServiceKV      Service = "kv"
	ServiceSecrets Service = "secrets"
	ServiceHTTP    Service = "http"
	ServiceEvents  Service = "events"
	ServiceLog     Service = "log"
	ServiceClock   Service = "clock"
	ServiceBlobs   Service = "blobs"
)

var knownServices = []Service{ServiceKV, ServiceSecrets, ServiceHTTP, ServiceEvents, ServiceLog, ServiceClock, ServiceBlobs}

// ErrNotPermitted is returned by a host service the manifest does not declare.
var ErrNotPermitted = errors.New("sdk: host service not declared in permissions.services")

// Permissions are what a plugin asks to reach.
type Permissions struct {
	// Hosts are the network hosts HTTP may reach: "graph.facebook.com",
	// "*.twilio.com" (subdomains only), "api.example.com:8443" (that port only).
	Hosts []string `json:"hosts,omitempty"`
	// Services are the host services the plugin uses.
	Services []Service `json:"services,omitempty"`
}

// Allows reports whether service s is declared.
func (p Permissions) Allows(s Service) bool { return slices.Contains(p.Services, s) }

// Restrict returns h limited to what p declares: each undeclared KV,
// Secrets, HTTP, Events or Blobs service fails with [ErrNotPermitted] (classed
// permanent), and HTTP refuses hosts outside p.Hosts with
// [ErrHostNotAllowed]. Log and Clock reveal nothing, so they are always
// granted; when h lacks them they become a discarding logger and the wall
// clock. Hosts should also wrap their client's transport in an
// [EgressGuard] so redirects are checked too.
func (p Permissions) Restrict(h Host) Host {
	out := Host{KV: deniedKV{}, Secrets: deniedSecrets{}, HTTP: deniedHTTP{}, Events: deniedEvents{},
		Blobs: deniedBlobs{}, Log: h.Log, Clock: h.Clock}
	if p.Allows(ServiceKV) && h.KV != nil {
		out.KV = h.KV
	}
	if p.Allows(ServiceSecrets) && h.Secrets != nil {
		out.Secrets = h.Secrets
	}
	if p.Allows(ServiceHTTP) && h.HTTP != nil {
		out.HTTP = guardedHTTP{next: h.HTTP, guard: NewEgressGuard(p.Hosts, nil)}
	}
	if p.Allows(ServiceEvents) && h.Events != nil {
		out.Events = h.Events
	}
	if p.Allows(ServiceBlobs) && h.Blobs != nil {
		out.Blobs = h.Blobs
	}
	if out.Log == nil {
		out.Log = slog.New(slog.DiscardHandler)
	}
	if out.Clock == nil {
		out.Clock = SystemClock()
	}
	return out
}

func notPermitted(s Service) error {
	return Permanent(fmt.Errorf("%w: %q", ErrNotPermitted, s), "")
}

type deniedKV struct{}

func (deniedKV) Get(context.Context, string) ([]byte, error) { return nil, notPermitted(ServiceKV) }
func (deniedKV) Set(context.Context, string, []byte, time.Duration) error {
	return notPermitted(ServiceKV)
}
func (deniedKV) Delete(context.Context, string) error { return notPermitted(ServiceKV) }

type deniedSecrets struct{}

func (deniedSecrets) Get(context.Context, string) (string, error) {
	return "", notPermitted(ServiceSecrets)
}

type deniedEvents struct{}

func (deniedEvents) Emit(context.Context, string, any, string) error {
	return notPermitted(ServiceEvents)
}

type deniedBlobs struct{}

func (deniedBlobs) Put(context.Context, string, io.Reader) (Blob, error) {
	return Blob{}, notPermitted(ServiceBlobs)
}
func (deniedBlobs) Get(context.Context, string) (io.ReadCloser, Blob, error) {
	return nil, Blob{}, notPermitted(ServiceBlobs)
}
func (deniedBlobs) Delete(context.Context, string) error { return notPermitted(ServiceBlobs) }

type deniedHTTP struct{}

func (deniedHTTP) Do(req *http.Request) (*http.Response, error) {
	closeBody(req)
	return nil, notPermitted(ServiceHTTP)
}

type guardedHTTP struct {
	next  HTTP
	guard *EgressGuard
}

func (g guardedHTTP) Do(req *http.Request) (*http.Response, error) {
	if !g.guard.Allows(req.URL) {
		closeBody(req)
		return nil, g.guard.refuse(req.URL)
	}
	return g.next.Do(req)
}
