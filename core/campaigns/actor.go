package campaigns

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/tenancy"
)

// actor is who paused or cancelled a campaign, as a reason names them:
// kind is user, api_key or platform; words is the English ("Ana
// (ana@loja.com)", `the API key "CRM"`); name is what the dashboard shows
// (the user's name and email, the key's name, else their ID).
type actor struct{ kind, words, name string }

// who names p as a person reads it in a reason ("paused by …"): the
// user's name and email, or the API key's name; raw IDs tell a user
// nothing (the dashboard's name falls back to one only when the user or
// key is gone).
func (s *Service) who(ctx context.Context, p tenancy.Principal) actor {
	if p.UserID != "" {
		u, err := s.Store.GetUser(ctx, p.UserID)
		switch {
		case err != nil:
			return actor{"user", "a user", p.UserID}
		case u.Name != "" && u.Email != "":
			by := fmt.Sprintf("%s (%s)", u.Name, u.Email)
			return actor{"user", by, by}
		case u.Name != "":
			return actor{"user", u.Name, u.Name}
		}
		return actor{"user", u.Email, u.Email}
	}
	if p.APIKeyID != "" {
		keys, _ := s.Store.ListAPIKeys(ctx, p.TenantID)
		for _, k := range keys {
			if k.ID == p.APIKeyID && k.Name != "" {
				return actor{"api_key", fmt.Sprintf("the API key %q", k.Name), k.Name}
			}
		}
		return actor{"api_key", "an API key", p.APIKeyID}
	}
	return actor{"platform", "the platform", ""}
}

// reason is "paused by …" or "cancelled by …" (verb) with its code.
func (a actor) reason(verb string) Reason {
	r := Reason{Text: verb + " by " + a.words, Code: verb + "_by_" + a.kind}
	if a.name != "" {
		r.Params = map[string]any{"name": a.name}
	}
	return r
}
