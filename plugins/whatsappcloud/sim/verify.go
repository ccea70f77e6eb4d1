package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// VerifySubscription performs Meta's webhook verification handshake against
// callbackURL: GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…,
// and succeeds only on a 200 whose body is exactly the challenge. A failed
// handshake is a *[VerificationError].
func VerifySubscription(ctx context.Context, client *http.Client, callbackURL, verifyToken, challenge string) error {
	u, err := url.Parse(callbackURL)
	if err != nil {
		return &VerificationError{Err: fmt.Errorf("callback URL: %w", err)}
	}
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.challenge", challenge)
	q.Set("hub.verify_token", verifyToken)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return &VerificationError{Err: err}
	}
	req.Header.Set("User-Agent", "facebookplatform/1.0 (+http://developers.facebook.com)")
	resp, err := client.Do(req)
	if err != nil {
		return &VerificationError{Err: err}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK || string(body) != challenge {
		return &VerificationError{StatusCode: resp.StatusCode, Challenge: challenge, Received: string(body)}
	}
	return nil
}

// VerificationError is a failed verification handshake: the callback
// could not be reached (Err), or answered StatusCode without echoing the
// challenge.
type VerificationError struct {
	StatusCode          int
	Challenge, Received string
	Err                 error
}

func (e *VerificationError) Error() string {
	switch {
	case e.Err != nil:
		return "sim: verification request: " + e.Err.Error()
	case e.StatusCode != http.StatusOK:
		return fmt.Sprintf("sim: callback answered %d to the verification request", e.StatusCode)
	}
	return fmt.Sprintf("sim: callback echoed %q, want the challenge %q", e.Received, e.Challenge)
}

func (e *VerificationError) Unwrap() error { return e.Err }

// VerifyWebhooks runs the handshake against every configured callback URL
// with its verify token, as Meta does when a callback is saved.
func (s *Server) VerifyWebhooks(ctx context.Context) error {
	type target struct{ url, token string }
	s.mu.Lock()
	seen := map[target]bool{}
	var targets []target
	for _, n := range s.reg.order {
		u, _ := s.callbackOf(n)
		tok := s.cfg.VerifyToken
		if n.acct.VerifyToken != "" {
			tok = n.acct.VerifyToken
		}
		if n.WebhookURL != "" && n.verifyToken != "" {
			tok = n.verifyToken
		}
		if t := (target{u, tok}); u != "" && !seen[t] {
			seen[t] = true
			targets = append(targets, t)
		}
	}
	s.mu.Unlock()
	var errs []error
	for _, t := range targets {
		challenge := strconv.FormatInt(1_000_000_000+s.challenge(), 10)
		errs = append(errs, VerifySubscription(ctx, s.cfg.HTTPClient, t.url, t.token, challenge))
	}
	return errors.Join(errs...)
}

// challenge is a random number, as Meta's hub.challenge values are.
func (s *Server) challenge() int64 {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	return s.ids.rng.Int64N(1_000_000_000)
}
