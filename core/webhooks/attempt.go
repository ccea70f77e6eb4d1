package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// userAgent names the sender to receivers.
const userAgent = "MasterIA-Webhooks/1"

// outcome is what one attempt found.
type outcome struct {
	status     int           // the answer's HTTP status; 0 when none came
	err        string        // why it failed, in English, for the dashboard
	retryAfter time.Duration // a throttling receiver's Retry-After
}

func (o outcome) delivered() bool { return o.status >= 200 && o.status < 300 }

// attempt POSTs d's payload to the endpoint, signed with its secret (and
// the previous one while a rotation overlaps). It follows no redirect.
func (s *Sender) attempt(ctx context.Context, ep store.WebhookEndpoint, d store.WebhookDelivery, now time.Time) outcome {
	keys, err := s.openSecrets(ep, now)
	if err != nil {
		s.Log.Error("webhook secret cannot be opened", "tenant", ep.TenantID, "endpoint", ep.ID, "err", err)
		return outcome{err: "not sent: the endpoint's secret cannot be opened (the server's master key changed?)"}
	}
	ts := now.Unix()
	sig, err := signatures(keys, d.EventID, ts, d.Payload)
	if err != nil {
		return outcome{err: "not sent: " + err.Error()}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return outcome{err: "not sent: the URL cannot be requested"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("webhook-id", d.EventID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	start := time.Now()
	res, err := s.Client.Do(req)
	if err != nil {
		s.timed(false, time.Since(start))
		return outcome{err: describe(err)}
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
	o := outcome{status: res.StatusCode}
	s.timed(o.delivered(), time.Since(start))
	switch {
	case o.delivered():
	case res.StatusCode >= 300 && res.StatusCode < 400:
		o.err = fmt.Sprintf("redirect not followed: %d to %q", res.StatusCode, res.Header.Get("Location"))
	default:
		o.err = fmt.Sprintf("%d %s", res.StatusCode, http.StatusText(res.StatusCode))
	}
	if throttles(res.StatusCode) {
		o.retryAfter = retryAfter(res.Header.Get("Retry-After"), now)
	}
	return o
}

// openSecrets is the endpoint's secrets that sign now: the current one,
// then the previous while the rotation overlaps.
func (s *Sender) openSecrets(ep store.WebhookEndpoint, now time.Time) ([]string, error) {
	aad := secretAAD(ep.TenantID, ep.ID)
	cur, err := s.Keyring.Open(ep.Secret, aad)
	if err != nil {
		return nil, err
	}
	out := []string{string(cur)}
	if ep.PreviousSecret != "" && now.Before(ep.PreviousUntil) {
		if prev, err := s.Keyring.Open(ep.PreviousSecret, aad); err == nil {
			out = append(out, string(prev))
		}
	}
	return out, nil
}

// describe words a failed request for the dashboard, without the
// request's own text ("Post \"https://…\": …").
func describe(err error) string {
	var uerr *url.Error
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return "refused: the host resolves to a private or local address"
	case errors.Is(err, errNotHTTPS):
		return "refused: " + errNotHTTPS.Error()[len("webhooks: "):]
	case errors.As(err, &uerr) && uerr.Timeout():
		return fmt.Sprintf("no answer within %s", Timeout)
	case errors.As(err, &uerr):
		return uerr.Err.Error()
	}
	return err.Error()
}

// envelope is the body of an event's webhook: {"type", "timestamp",
// "data"} with the event's payload as data, unchanged (not decoded).
func envelope(typ string, at time.Time, data []byte) []byte {
	if !json.Valid(data) {
		data, _ = json.Marshal(string(data))
	}
	t, _ := json.Marshal(typ)
	out := make([]byte, 0, len(data)+len(t)+64)
	out = append(out, `{"type":`...)
	out = append(out, t...)
	out = append(out, `,"timestamp":"`...)
	out = at.UTC().AppendFormat(out, time.RFC3339Nano)
	out = append(out, `","data":`...)
	out = append(out, data...)
	return append(out, '}')
}

// Test sends a webhook.test event to ep now and records it as a delivery
// tried once.
func (s *Sender) Test(ctx context.Context, ep store.WebhookEndpoint, by string) (store.WebhookDelivery, error) {
	now := s.now()
	data, _ := json.Marshal(map[string]string{"endpoint_id": ep.ID, "by": by,
		"message": "Teste de webhook do Master IA / Master IA webhook test"})
	d := store.WebhookDelivery{ID: ids.New("whd"), TenantID: ep.TenantID, EndpointID: ep.ID, EventID: ids.New("msg"),
		EventType: TestEvent, Payload: envelope(TestEvent, now, data), State: store.DeliveryPending,
		NextAttemptAt: now.Add(claimLease), SingleTry: true, CreatedAt: now, UpdatedAt: now}
	if err := s.Store.AddWebhookDeliveries(ctx, []store.WebhookDelivery{d}); err != nil {
		return d, err
	}
	return s.settle(ctx, ep, d, s.attempt(ctx, ep, d, now), now, true)
}

// count tells the metrics an attempt's outcome.
func (s *Sender) count(o outcome) {
	if s.Metrics == nil {
		return
	}
	if o.delivered() {
		s.Metrics.WebhookOutcomes.WithLabelValues("delivered").Inc()
	} else {
		s.Metrics.WebhookOutcomes.WithLabelValues("failed_attempt").Inc()
	}
}

// timed tells the metrics how long an attempt's HTTP exchange took.
func (s *Sender) timed(delivered bool, took time.Duration) {
	if s.Metrics == nil {
		return
	}
	result := "failed"
	if delivered {
		result = "delivered"
	}
	s.Metrics.WebhookAttemptDuration.WithLabelValues(result).Observe(took.Seconds())
}
