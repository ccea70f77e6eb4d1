package auth_test

import (
	"errors"
	"testing"

	"github.com/masteria/masteria/core/auth"
)

func TestParseRole(t *testing.T) {
	tests := map[string]error{
		"owner": nil, "admin": nil, "agent": nil, "viewer": nil,
		"": auth.ErrUnknownRole, "Owner": auth.ErrUnknownRole, " admin": auth.ErrUnknownRole, "root": auth.ErrUnknownRole,
	}
	for s, want := range tests {
		t.Run(s, func(t *testing.T) {
			r, err := auth.ParseRole(s)
			if !errors.Is(err, want) || (want == nil) != (err == nil) {
				t.Fatalf("ParseRole(%q) err = %v, want %v", s, err, want)
			}
			if err == nil && (string(r) != s || !r.Valid()) {
				t.Fatalf("ParseRole(%q) = %q", s, r)
			}
		})
	}
}

func TestRoleAtLeast(t *testing.T) {
	order := auth.Roles() // most powerful first
	for i, r := range order {
		for j, req := range order {
			t.Run(string(r)+">="+string(req), func(t *testing.T) {
				if got, want := r.AtLeast(req), i <= j; got != want {
					t.Fatalf("%s.AtLeast(%s) = %v, want %v", r, req, got, want)
				}
			})
		}
	}
	if want := []auth.Role{auth.RoleOwner, auth.RoleAdmin, auth.RoleAgent, auth.RoleViewer}; len(order) != 4 ||
		order[0] != want[0] || order[1] != want[1] || order[2] != want[2] || order[3] != want[3] {
		t.Fatalf("Roles() = %v, want %v", order, want)
	}
}

func TestInvalidRoleIsNeverAtLeast(t *testing.T) {
	bogus := auth.Role("superuser")
	if bogus.Valid() || bogus.AtLeast(auth.RoleViewer) || auth.RoleOwner.AtLeast(bogus) || auth.Role("").AtLeast("") {
		t.Fatal("an invalid role took part in a comparison")
	}
}
