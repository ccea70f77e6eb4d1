package whatsappcloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// sendAnswer is Graph's answer to a send.
type sendAnswer struct {
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
	Success bool `json:"success"` // mark as read
}

// messageHeld is a template send's message_status when Meta's template
// pacing holds it (providers.md §1.2); "accepted" otherwise.
const messageHeld = "held_for_quality_assessment"

// errPaced is wrapped by the rate-limited error of a send the plugin's own
// pacing holds back without calling the API.
var errPaced = errors.New("paced: the send would exceed the number's throughput, the recipient's pair rate or a backoff Meta asked for")

// idempotencyTTL is how long a send's idempotency key is remembered.
const idempotencyTTL = 24 * time.Hour

// Send delivers msg through the Graph API and returns its wamid (for a
// read receipt, the wamid marked read). Free-form messages outside the
// recipient's 24-hour window, and templates whose parameters the synced
// catalog says do not fit, fail permanently before any API call; sends
// are paced per number and per recipient.
func (p *Plugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	res, _, err := p.send(ctx, msg)
	return res, err
}

// send is Send, also returning the text of a template the catalog knows,
// as the customer reads it.
func (p *Plugin) send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, string, error) {
	if err := msg.Validate(); err != nil {
		return sdk.SendResult{}, "", sdk.Permanent(err, "")
	}
	if msg.IdempotencyKey != "" { // a retry running beside the first try waits for its answer
		mu := p.sendLocks.For(msg.IdempotencyKey)
		mu.Lock()
		defer mu.Unlock()
	}
	if res, ok := p.recalled(ctx, msg.IdempotencyKey); ok {
		return res, "", nil
	}
	if err := p.checkWindow(ctx, msg); err != nil {
		return sdk.SendResult{}, "", err
	}
	var text string
	if msg.Kind == sdk.KindTemplate {
		var err error
		if text, err = p.templateText(ctx, msg.Template); err != nil {
			return sdk.SendResult{}, "", err
		}
	}
	res, err := p.deliver(ctx, msg)
	return res, text, err
}

// deliver uploads msg's stored files, waits for a pacing slot and calls
// the Graph API.
func (p *Plugin) deliver(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	msg, err := p.withUploads(ctx, msg)
	if err != nil {
		return sdk.SendResult{}, err
	}
	body, err := buildSend(msg)
	if err != nil {
		return sdk.SendResult{}, sdk.Permanent(err, "")
	}
	if msg.Kind != sdk.KindRead {
		p.heedSharedHold(ctx)
		if err := p.waitTurn(ctx, waID(msg.To)); err != nil {
			return sdk.SendResult{}, err
		}
	}
	var ans sendAnswer
	if err := p.graph.call(ctx, http.MethodPost, "/"+p.cfg.phoneNumberID+"/messages", nil, body, &ans); err != nil {
		return sdk.SendResult{}, p.sendFailed(ctx, msg, err)
	}
	p.pace.accepted(waID(msg.To))
	res := sdk.SendResult{MessageID: msg.ReplyTo}
	if msg.Kind != sdk.KindRead {
		if len(ans.Messages) == 0 || ans.Messages[0].ID == "" {
			return sdk.SendResult{}, sdk.Retryable(fmt.Errorf("whatsapp-cloud: the send was answered without a message ID"), 0)
		}
		res.MessageID = ans.Messages[0].ID
		if ans.Messages[0].MessageStatus == messageHeld {
			// Accepted all the same: it goes out, or fails with 132015, later (RATIONALE).
			res.Held = true
			p.host.Log.Info("template send held by Meta's template pacing", "wamid", res.MessageID)
		}
	}
	p.remember(ctx, msg.IdempotencyKey, res)
	return res, nil
}

// waitTurn reserves a pacing slot and waits for it on the host's clock, or
// fails rate-limited (without calling the API) when the wait is too long.
func (p *Plugin) waitTurn(ctx context.Context, user string) error {
	wait, ok := p.pace.admit(p.host.Clock.Now(), user)
	if !ok {
		return sdk.RateLimited(fmt.Errorf("whatsapp-cloud: %w (retry in %v)", errPaced, wait), wait)
	}
	if wait <= 0 {
		return nil
	}
	select {
	case <-p.host.Clock.After(wait):
		return nil
	case <-ctx.Done():
		p.pace.release(user)
		return fmt.Errorf("whatsapp-cloud: waiting for a pacing slot: %w", ctx.Err())
	}
}

// sendFailed applies what a failed send teaches: rate limits hold the
// number or the recipient back, 131047 closes the recorded window, 131050
// reports the recipient's marketing opt-out. It
// returns err with the backoff's retry-after.
func (p *Plugin) sendFailed(ctx context.Context, msg sdk.OutboundMessage, err error) error {
	var ge *GraphError
	if !errors.As(err, &ge) {
		return err
	}
	rule := ClassifyCode(ge.Code, ge.HTTPStatus)
	if rule.Class == sdk.ClassRateLimited && rule.Scope != "" {
		_, hint, _ := sdk.ClassOf(err)
		now := p.host.Clock.Now()
		wait := p.pace.throttled(now, rule.Scope, waID(msg.To), hint)
		if rule.Scope == "number" {
			p.shareHold(ctx, now.Add(wait))
		}
		return sdk.RateLimited(ge, wait)
	}
	switch ge.Code {
	case 131047:
		if cerr := p.closeWindow(ctx, waID(msg.To), time.Time{}); cerr != nil {
			p.host.Log.Warn("forgetting the closed window", "to", msg.To, "error", cerr)
		}
	case code131050:
		p.reportMarketingOptOut(ctx, msg)
	}
	return err
}

func idempotencyKey(key string) string { return "idem:" + key }

// heldSuffix follows the message ID of a held send under its idempotency
// key, so a retried step says held as the first answer did.
const heldSuffix = "\x00held"

// recalled returns the result a send with this key already got.
func (p *Plugin) recalled(ctx context.Context, key string) (sdk.SendResult, bool) {
	if key == "" {
		return sdk.SendResult{}, false
	}
	b, err := p.host.KV.Get(ctx, idempotencyKey(key))
	id, held := strings.CutSuffix(string(b), heldSuffix)
	return sdk.SendResult{MessageID: id, Held: held}, err == nil && id != ""
}

// remember records a send's message ID (and whether Meta held it) under
// its idempotency key, so a retried step does not send twice.
func (p *Plugin) remember(ctx context.Context, key string, res sdk.SendResult) {
	if key == "" || res.MessageID == "" {
		return
	}
	v := res.MessageID
	if res.Held {
		v += heldSuffix
	}
	if err := p.host.KV.Set(ctx, idempotencyKey(key), []byte(v), idempotencyTTL); err != nil {
		p.host.Log.Warn("recording the idempotency key", "error", err)
	}
}
