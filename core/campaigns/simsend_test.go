package campaigns

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// graphSender speaks the Graph API wire protocol to the WhatsApp Cloud API
// simulator, which is the provider in these tests. Each request carries
// the ledger row's ID as biz_opaque_callback_data (Meta echoes it in
// status webhooks); Lookup finds an earlier attempt by that reference
// through the simulator's inspection API, which a real provider lacks.
type graphSender struct {
	base, phoneID, token string
	client               *http.Client
}

func newGraphSender(base string) *graphSender {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	return &graphSender{base: base, phoneID: sim.DemoPhoneNumberID, token: sim.DemoAccessToken,
		client: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

func (g *graphSender) Send(ctx context.Context, o Outbound) (string, error) {
	body, err := json.Marshal(graphBody(o))
	if err != nil {
		return "", sdk.Permanent(err, "")
	}
	req, _ := http.NewRequestWithContext(ctx, "POST", g.base+"/v21.0/"+g.phoneID+"/messages", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+g.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := g.client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownOutcome, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrUnknownOutcome, err)
	}
	var out struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
		Error *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return "", sdk.Retryable(fmt.Errorf("graph: HTTP %d: %s", res.StatusCode, raw), 0)
	}
	if res.StatusCode == 200 && len(out.Messages) == 1 {
		return out.Messages[0].ID, nil
	}
	if out.Error == nil {
		return "", sdk.Retryable(fmt.Errorf("graph: HTTP %d", res.StatusCode), 0)
	}
	return "", graphError(out.Error.Code, res.StatusCode, out.Error.Message)
}

// graphError classifies Meta's codes (providers.md §1.3).
func graphError(code, status int, msg string) error {
	err := fmt.Errorf("graph error %d (HTTP %d): %s", code, status, msg)
	switch code {
	case 4, 80007, 130429, 131056:
		return sdk.RateLimited(err, time.Second)
	case 1, 2, 131000, 131016, 131057:
		return sdk.Retryable(err, 0)
	case 0, 190:
		return sdk.Auth(err)
	}
	if status >= 500 {
		return sdk.Retryable(err, 0)
	}
	return sdk.Permanent(err, fmt.Sprint(code))
}

// graphBody is the send action's input as a Graph API message.
func graphBody(o Outbound) map[string]any {
	in := o.Input
	b := map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
		"to": strings.TrimPrefix(o.Address, "+"), "biz_opaque_callback_data": o.Key}
	switch in["kind"] {
	case "template":
		t := in["template"].(map[string]any)
		b["type"], b["template"] = "template", map[string]any{"name": t["name"], "language": map[string]any{"code": t["language"]},
			"components": templateComponents(t["variables"])}
	case "media":
		m := in["media"].(map[string]any)
		b["type"], b[m["type"].(string)] = m["type"], map[string]any{"link": m["link"], "caption": m["caption"]}
	default:
		b["type"], b["text"] = "text", map[string]any{"body": in["text"]}
	}
	return b
}

func templateComponents(v any) []any {
	vars, _ := v.(map[string]any)
	if len(vars) == 0 {
		return nil
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	params := []any{}
	for _, k := range keys {
		p := map[string]any{"type": "text", "text": vars[k]}
		if k[0] < '0' || k[0] > '9' {
			p["parameter_name"] = k
		}
		params = append(params, p)
	}
	return []any{map[string]any{"type": "body", "parameters": params}}
}

// Lookup asks the simulator's inspection API for a message to the
// recipient carrying the row's reference.
func (g *graphSender) Lookup(ctx context.Context, o Outbound) (string, error) {
	q := url.Values{"to": {strings.TrimPrefix(o.Address, "+")}}
	req, _ := http.NewRequestWithContext(ctx, "GET", g.base+"/_sim/messages?"+q.Encode(), nil)
	res, err := g.client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct {
		Data []sim.Message `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return "", err
	}
	for _, m := range out.Data {
		var r struct {
			Ref string `json:"biz_opaque_callback_data"`
		}
		if json.Unmarshal(m.Request, &r) == nil && r.Ref == o.Key {
			return m.ID, nil
		}
	}
	return "", nil
}

// blindSender hides the simulator's inspection API: like the real Cloud
// API, it cannot be asked about an earlier attempt.
type blindSender struct{ g *graphSender }

func (b blindSender) Send(ctx context.Context, o Outbound) (string, error) { return b.g.Send(ctx, o) }

// startWhatsApp runs the simulator on loopback with throughput and the
// messaging tier lifted.
func startWhatsApp(t testing.TB, tune func(*sim.Config)) (*sim.Server, string) {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Accounts[0].MessagingLimit = sim.TierUnlimited
	cfg.Accounts[0].PhoneNumbers[0].Throughput = sim.Unlimited
	cfg.MaxMessages = 1_000_000
	cfg.Progression = sim.Progression{Sent: sim.Never}
	if tune != nil {
		tune(&cfg)
	}
	s, err := sim.New(cfg)
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

var _ Reconciler = (*graphSender)(nil)

// simFilterAll matches every message the simulator accepted.
var simFilterAll = sim.Filter{}
