package webhooks

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
)

// TestBadEndpointsAreRefusedByField: every bad field is named at once,
// and nothing is stored.
func TestBadEndpointsAreRefusedByField(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	_, err := k.svc.Create(ctx, k.owner, NewEndpoint{URL: "http://hooks.example.com", Description: strings.Repeat("é", 501),
		EventTypes: []string{"message.received", "member.added"}})
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid || e.Reason != apperr.WebhookEndpointInvalid || len(e.Fields) != 3 ||
		e.FieldReasons["url"].Reason != apperr.FieldWebhookURL || e.FieldReasons["description"].Reason != apperr.FieldTooLong ||
		e.FieldReasons["event_types"].Reason != apperr.FieldUnknownEvent || e.FieldReasons["event_types"].Params["value"] != "member.added" {
		t.Fatalf("%+v", err)
	}
	for _, types := range [][]string{nil, {}, {"conversation"}, {"conversation.**"}, {".*"}, {"webhook.test"}, {"nothing.*"}} {
		if _, err := k.svc.Create(ctx, k.owner, NewEndpoint{URL: "https://hooks.example.com", EventTypes: types}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("event types %q: %v", types, err)
		}
	}
	if l, _ := k.svc.List(ctx, k.owner); len(l) != 0 {
		t.Fatalf("a refused endpoint was stored: %+v", l)
	}
	ep, err := k.svc.Create(ctx, k.owner, NewEndpoint{URL: "https://hooks.example.com", EventTypes: []string{"kanban.card.*", "*", "*"}})
	if err != nil || len(ep.EventTypes) != 2 || !ep.Enabled || ep.State != StateEnabled {
		t.Fatalf("%+v %v", ep, err)
	}
	bad := "ftp://x"
	if _, err := k.svc.Update(ctx, k.owner, ep.ID, EndpointPatch{URL: &bad}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("patch: %v", err)
	}
	if got, _ := k.svc.Get(ctx, k.owner, ep.ID); got.URL != "https://hooks.example.com" {
		t.Fatalf("a refused patch changed the endpoint: %+v", got)
	}
}

// TestEndpointsAreTheTenantsAndTheAdmins: another tenant's ID is not
// found, whatever is asked of it; agents and viewers may do nothing.
func TestEndpointsAreTheTenantsAndTheAdmins(t *testing.T) {
	k := newKit(t)
	ctx := context.Background()
	ep := k.endpoint("https://hooks.example.com")
	other := k.tenant("other")
	desc := "mine now"
	for name, err := range map[string]error{
		"get":        func() error { _, err := k.svc.Get(ctx, other, ep.ID); return err }(),
		"update":     func() error { _, err := k.svc.Update(ctx, other, ep.ID, EndpointPatch{Description: &desc}); return err }(),
		"rotate":     func() error { _, err := k.svc.RotateSecret(ctx, other, ep.ID); return err }(),
		"deliveries": func() error { _, err := k.svc.Deliveries(ctx, other, ep.ID, 10); return err }(),
		"test":       func() error { _, err := k.svc.Test(ctx, other, ep.ID); return err }(),
		"delete":     k.svc.Delete(ctx, other, ep.ID),
	} {
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s of another tenant's endpoint: %v", name, err)
		}
	}
	if l, _ := k.svc.List(ctx, other); len(l) != 0 {
		t.Fatalf("another tenant lists it: %+v", l)
	}
	if got, err := k.svc.Get(ctx, k.owner, ep.ID); err != nil || got.Description != "" {
		t.Fatalf("changed by another tenant: %+v %v", got, err)
	}
	for _, role := range []auth.Role{auth.RoleAgent, auth.RoleViewer} {
		p := tenancy.Principal{TenantID: k.owner.TenantID, UserID: "usr_x", Role: role}
		if _, err := k.svc.List(ctx, p); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("%s lists endpoints: %v", role, err)
		}
		if _, err := k.svc.Create(ctx, p, NewEndpoint{URL: "https://x.example.com", EventTypes: []string{"*"}}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("%s creates an endpoint: %v", role, err)
		}
	}
}

// TestSecretIsShownOnceAndNeverLogged: the secret comes in the create and
// rotate answers only; lists, reads, deliveries and the log never hold it,
// and the store holds it sealed.
func TestSecretIsShownOnceAndNeverLogged(t *testing.T) {
	r := newReceiver(t, answer{status: 500})
	k := newKit(t, r.host())
	ctx := context.Background()
	ep := k.endpoint(r.URL)
	rot, err := k.svc.RotateSecret(ctx, k.owner, ep.ID)
	if err != nil {
		t.Fatal(err)
	}
	k.enqueue(ep.ID, "message.received", `{}`)
	k.sendDue()
	if _, err := k.svc.Test(ctx, k.owner, ep.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := k.svc.List(ctx, k.owner)
	one, _ := k.svc.Get(ctx, k.owner, ep.ID)
	ds, _ := k.svc.Deliveries(ctx, k.owner, ep.ID, 10)
	shown, _ := json.Marshal([]any{list, one, ds})
	stored, _ := k.st.GetWebhookEndpoint(ctx, k.owner.TenantID, ep.ID)
	rawStored, _ := json.Marshal(stored)
	for _, secret := range []string{ep.Secret, rot.Secret, strings.TrimPrefix(ep.Secret, SecretPrefix), strings.TrimPrefix(rot.Secret, SecretPrefix)} {
		for where, text := range map[string]string{"answers": string(shown), "log": k.logs.String(), "stored": stored.Secret + stored.PreviousSecret,
			"store record as JSON": string(rawStored)} {
			if strings.Contains(text, secret) {
				t.Errorf("a secret is in the %s", where)
			}
		}
	}
	if strings.Contains(string(rawStored), stored.Secret) {
		t.Error("the sealed secret is in the store record's JSON")
	}
}
