package auth

import (
	"errors"
	"fmt"
)

// Role is a member's role within a tenant. Higher roles include the rights
// of lower ones: owner > admin > agent > viewer.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleAgent  Role = "agent"
	RoleViewer Role = "viewer"
)

// ErrUnknownRole means a string names no role.
var ErrUnknownRole = errors.New("auth: unknown role")

var roleRank = map[Role]int{RoleViewer: 1, RoleAgent: 2, RoleAdmin: 3, RoleOwner: 4}

// Roles returns every role, most powerful first.
func Roles() []Role { return []Role{RoleOwner, RoleAdmin, RoleAgent, RoleViewer} }

// ParseRole returns the role named exactly s (lowercase).
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("%w %q: want owner, admin, agent or viewer", ErrUnknownRole, s)
	}
	return r, nil
}

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool { return roleRank[r] > 0 }

// AtLeast reports whether r has at least the rights of required. An invalid role
// is at least nothing, and nothing is at least an invalid role.
func (r Role) AtLeast(required Role) bool {
	return r.Valid() && required.Valid() && roleRank[r] >= roleRank[required]
}
