package twiliosms

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/masteria/masteria/sdk"
)

// errPaced is wrapped by the rate-limited error of a send the plugin's own
// pacing holds back without calling the API.
var errPaced = errors.New("paced: the send would exceed the sender's rate or a backoff Twilio asked for")

// idempotencyTTL is how long a send's idempotency key is remembered.
const idempotencyTTL = 24 * time.Hour

// Sent is what Twilio answered to a send.
type Sent struct {
	SID      string // SM… or MM…
	Status   string // queued, or accepted through a Messaging Service
	Segments int
}

// Send delivers an SMS (text) or MMS (media by link, or a stored file by
// a link of its own: mediaLinks) with the connection's status callback. A
// recipient who opted out gets a permanent 21610 error before any API
// call; sends are paced per sender.
func (p *Plugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	if err := msg.Validate(); err != nil {
		return sdk.SendResult{}, sdk.Permanent(err, "")
	}
	var media []string
	switch msg.Kind {
	case sdk.KindText:
	case sdk.KindMedia:
		var err error
		switch {
		case msg.Media.Link != "":
			media = []string{msg.Media.Link}
		case msg.Media.BlobID != "":
			media, err = p.mediaLinks(ctx, []string{msg.Media.BlobID})
		default:
			err = sdk.Permanent(errors.New("twilio-sms: MMS media must be a public link or a stored file, not a media ID"), "")
		}
		if err != nil {
			return sdk.SendResult{}, err
		}
	default:
		return sdk.SendResult{}, sdk.Permanent(fmt.Errorf("twilio-sms: cannot send a %q message", msg.Kind), "")
	}
	text := msg.Text
	if msg.Kind == sdk.KindMedia {
		text = msg.Media.Caption
	}
	s, err := p.SendSMS(ctx, msg.To, text, media, msg.IdempotencyKey)
	return sdk.SendResult{MessageID: s.SID}, err
}

// SendSMS sends body (and media URLs) to to; key, when not empty, makes a
// retry with the same key return the first send instead of sending again.
func (p *Plugin) SendSMS(ctx context.Context, to, body string, media []string, key string) (Sent, error) {
	if key != "" { // a retry running beside the first try waits for its answer
		mu := p.sendLocks.For(key)
		mu.Lock()
		defer mu.Unlock()
	}
	if s, ok := p.recalled(ctx, key); ok {
		return s, nil
	}
	if err := p.checkOptOut(ctx, to); err != nil {
		return Sent{}, err
	}
	segments := Segments(body)
	if len(media) > 0 {
		segments = 1
	}
	if err := p.waitTurn(ctx, segments); err != nil {
		return Sent{}, err
	}
	m, err := p.api(ctx).CreateMessage(p.createParams(to, body, media))
	if err != nil {
		return Sent{}, p.sendFailed(ctx, to, err)
	}
	p.pace.accepted()
	s := Sent{SID: deref(m.Sid), Status: deref(m.Status), Segments: segments}
	if n, err := strconv.Atoi(deref(m.NumSegments)); err == nil && n > 0 {
		s.Segments = n
	}
	if s.SID == "" {
		return Sent{}, sdk.Retryable(errors.New("twilio-sms: the send was answered without a message SID"), 0)
	}
	p.remember(ctx, key, s)
	return s, nil
}

func (p *Plugin) createParams(to, body string, media []string) *openapi.CreateMessageParams {
	c := p.cfg
	params := (&openapi.CreateMessageParams{}).SetPathAccountSid(c.accountSID).SetTo(to)
	if c.from != "" {
		params.SetFrom(c.from)
	}
	if c.serviceSID != "" {
		params.SetMessagingServiceSid(c.serviceSID)
	}
	if body != "" {
		params.SetBody(body)
	}
	if len(media) > 0 {
		params.SetMediaUrl(media)
	}
	if cb := c.statusCallback(); cb != "" {
		params.SetStatusCallback(cb)
	}
	if c.validity > 0 {
		params.SetValidityPeriod(int(c.validity.Seconds()))
	}
	return params
}

// waitTurn reserves the sender's segments and waits for them on the host's
// clock, or fails rate-limited (without calling the API) when the wait is
// too long.
func (p *Plugin) waitTurn(ctx context.Context, segments int) error {
	wait, ok := p.pace.admit(p.host.Clock.Now(), segments)
	if !ok {
		return sdk.RateLimited(fmt.Errorf("twilio-sms: %w (retry in %v)", errPaced, wait), wait)
	}
	if wait <= 0 {
		return nil
	}
	select {
	case <-p.host.Clock.After(wait):
		return nil
	case <-ctx.Done():
		p.pace.release(segments)
		return fmt.Errorf("twilio-sms: waiting for a pacing slot: %w", ctx.Err())
	}
}

// sendFailed classifies a failed create and applies what it teaches: a
// rate limit holds the sender back, 21610 records the opt-out.
func (p *Plugin) sendFailed(ctx context.Context, to string, err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err // transport, context, or already classified
	}
	cerr := classify(ae)
	switch c, hint, _ := sdk.ClassOf(cerr); {
	case c == sdk.ClassRateLimited && (ae.Code == 20429 || ae.Status == 429):
		return sdk.RateLimited(ae, p.pace.throttled(p.host.Clock.Now(), hint))
	case ae.Code == 21610:
		if rerr := p.recordOptOut(ctx, to, optOut21610); rerr != nil {
			p.host.Log.Warn("recording a 21610 opt-out", "error", rerr)
		}
		p.reportOptOut(ctx, to)
	}
	return cerr
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
