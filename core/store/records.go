package store

import "time"

// Tenant is a workspace: every other row belongs to exactly one.
type Tenant struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// User is a person who can log in; Memberships give them roles in tenants.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Member is a user's role inside one tenant.
type Member struct {
	TenantID   string    `json:"tenant_id"`
	TenantName string    `json:"tenant_name"`
	UserID     string    `json:"user_id"`
	Email      string    `json:"email"`
	Name       string    `json:"name"`
	Role       string    `json:"role"`
	CreatedAt  time.Time `json:"created_at"`
}

// Session is a logged-in browser. Only the token's hash is stored.
type Session struct {
	TokenHash []byte
	UserID    string
	TenantID  string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// APIKey authenticates /api/v1 calls for one tenant. Only its hash is stored.
type APIKey struct {
	ID         string     `json:"id"`
	TenantID   string     `json:"tenant_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Hash       []byte     `json:"-"`
	Role       string     `json:"role"`
	CreatedBy  string     `json:"created_by,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Secret is a tenant's credential sealed by the secret box; the plaintext
// never leaves the process through this record.
type Secret struct {
	ID         string    `json:"id"`
	TenantID   string    `json:"tenant_id"`
	Name       string    `json:"name"`
	Ciphertext string    `json:"-"`
	KeyID      string    `json:"key_id"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Event is a domain event written to the outbox in the same transaction as
// the change it describes, and published to the bus after commit.
type Event struct {
	Seq       int64     `json:"seq"`
	TenantID  string    `json:"tenant_id"`
	Type      string    `json:"type"` // e.g. "message.received"; the relay adds the tenant and namespace
	MsgID     string    `json:"msg_id"`
	Payload   []byte    `json:"payload"`
	CreatedAt time.Time `json:"created_at"`
}
