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
// and succeeds only on a 200 whose body is exactly the challenge.
func VerifySubscription(ctx context.Context, client *http.Client, callbackURL, verifyToken, challenge string) error {
	u, err := url.Parse(callbackURL)
	if err != nil {
		return fmt.Errorf("sim: callback URL: %w", err)
	}
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.challenge", challenge)
	q.Set("hub.verify_token", verifyToken)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "facebookplatform/1.0 (+http://developers.facebook.com)")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("sim: verification request: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	switch {
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("sim: callback answered %d to the verification request", resp.StatusCode)
	case string(body) != challenge:
		return fmt.Errorf("sim: callback echoed %q, want the challenge %q", body, challenge)
	}
	return nil
}

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
