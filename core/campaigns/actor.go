package campaigns

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/core/tenancy"
)

// who names p as a person reads it in a reason ("paused by …"): the
// user's name and email, or the API key's name; raw IDs tell a user
// nothing.
func (s *Service) who(ctx context.Context, p tenancy.Principal) string {
	if p.UserID != "" {
		u, err := s.Store.GetUser(ctx, p.UserID)
		switch {
		case err != nil:
			return "a user"
		case u.Name != "" && u.Email != "":
			return fmt.Sprintf("%s (%s)", u.Name, u.Email)
		case u.Name != "":
			return u.Name
		}
		return u.Email
	}
	if p.APIKeyID != "" {
		keys, _ := s.Store.ListAPIKeys(ctx, p.TenantID)
		for _, k := range keys {
			if k.ID == p.APIKeyID && k.Name != "" {
				return fmt.Sprintf("the API key %q", k.Name)
			}
		}
		return "an API key"
	}
	return "the platform"
}
