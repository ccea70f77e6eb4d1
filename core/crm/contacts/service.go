// Package contacts is the people a tenant talks to: one identity per
// person (phone, WhatsApp ID, business-scoped user ID, username, email),
// tags, typed custom fields, notes, consent per channel, CSV import and
// export, and the LGPD rights to a copy of everything and to erasure.
package contacts

import (
	"context"
	"sync"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Service holds the contact use cases.
type Service struct {
	Store store.Store
	Clock crm.Clock
	// Files removes erased blobs' bytes (inbound media) after an erasure
	// commits; nil leaves them to the caller.
	Files BlobFiles
	// imports tracks the progress of imports running in this process.
	imports sync.Map // job ID → *progress
	wg      sync.WaitGroup
}

// BlobFiles removes the bytes of blobs whose records are gone.
type BlobFiles interface {
	RemoveFiles(tenantID string, ids []string) error
}

// New makes a Service over st.
func New(st store.Store) *Service { return &Service{Store: st} }

// Input is a contact's fields as a client sends them, for create and for
// update: an absent field is left alone, an empty string clears it, and a
// null custom field is removed.
type Input struct {
	Name       *string        `json:"name,omitempty"`
	Phone      *string        `json:"phone,omitempty"`
	WhatsAppID *string        `json:"whatsapp_id,omitempty"`
	BSUID      *string        `json:"bsuid,omitempty"`
	Username   *string        `json:"username,omitempty"`
	Email      *string        `json:"email,omitempty"`
	OwnerID    *string        `json:"owner_id,omitempty"`
	TimeZone   *string        `json:"time_zone,omitempty"`
	Language   *string        `json:"language,omitempty"`
	Fields     map[string]any `json:"fields,omitempty"`
	Tags       []string       `json:"tags,omitempty"`   // on create only; use the tag routes after
	Region     string         `json:"region,omitempty"` // how to read a phone without country code (default BR)
}

// Get returns one contact of the caller's tenant.
func (s *Service) Get(ctx context.Context, p tenancy.Principal, id string) (store.Contact, error) {
	c, err := s.Store.GetContact(ctx, p.TenantID, id)
	return c, crm.NotFound(err, "contact")
}

// List pages the tenant's contacts.
func (s *Service) List(ctx context.Context, p tenancy.Principal, f store.ContactFilter) ([]store.Contact, string, error) {
	items, next, err := s.Store.ListContacts(ctx, p.TenantID, f)
	return items, next, crm.BadCursor(err)
}

// Reachable tells whether a send to the contact on channel is allowed by
// its consent records (every send path asks before sending).
func (s *Service) Reachable(ctx context.Context, tenantID, contactID, channel string) (bool, error) {
	ok, err := s.Store.ContactReachable(ctx, tenantID, contactID, channel)
	return ok, crm.NotFound(err, "contact")
}

// checkOwner makes sure an owner is a member of the tenant.
func checkOwner(ctx context.Context, q store.Queries, tenantID, ownerID string) map[string]apperr.Field {
	if ownerID == "" {
		return nil
	}
	if _, err := q.GetMember(ctx, tenantID, ownerID); err != nil {
		return map[string]apperr.Field{"owner_id": notMember}
	}
	return nil
}

var notMember = apperr.Keyed("is not a member of this workspace", apperr.FieldNotMember, nil)

// write is the role needed to change contacts.
const write = auth.RoleAgent
