package campaigns

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

// twilioSender speaks Twilio's Messages REST API (form POST, HTTP Basic)
// to the Twilio simulator.
type twilioSender struct {
	base, from string
	client     *http.Client
}

func (t *twilioSender) Send(ctx context.Context, o Outbound) (string, error) {
	text, _ := o.Input["text"].(string)
	form := url.Values{"To": {o.Address}, "From": {t.from}, "Body": {text}}
	u := t.base + "/2010-04-01/Accounts/" + twiliosim.DemoAccountSID + "/Messages.json"
	req, _ := http.NewRequestWithContext(ctx, "POST", u, strings.NewReader(form.Encode()))
	req.SetBasicAuth(twiliosim.DemoAccountSID, twiliosim.DemoAuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := t.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownOutcome, err)
	}
	defer res.Body.Close()
	var out struct {
		SID     string `json:"sid"`
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return "", sdk.Retryable(fmt.Errorf("twilio: HTTP %d", res.StatusCode), 0)
	}
	if res.StatusCode == 201 {
		return out.SID, nil
	}
	err = fmt.Errorf("twilio error %d (HTTP %d): %s", out.Code, res.StatusCode, out.Message)
	switch {
	case out.Code == 20429 || res.StatusCode == 429:
		return "", sdk.RateLimited(err, time.Second)
	case res.StatusCode >= 500:
		return "", sdk.Retryable(err, 0)
	}
	return "", sdk.Permanent(err, fmt.Sprint(out.Code))
}

// channels routes each send to its channel's provider.
type channels map[string]Sender

func (c channels) Send(ctx context.Context, o Outbound) (string, error) {
	return c[o.Channel].Send(ctx, o)
}

func (c channels) Lookup(ctx context.Context, o Outbound) (string, error) {
	if r, ok := c[o.Channel].(Reconciler); ok {
		return r.Lookup(ctx, o)
	}
	return "", nil
}

func startTwilio(t testing.TB) (*twiliosim.Server, string) {
	t.Helper()
	s, err := twiliosim.New(twiliosim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	base, err := s.ServeLocal()
	if err != nil {
		t.Fatal(err)
	}
	return s, base
}
