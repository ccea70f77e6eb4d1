package campaigns

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestPreviewCountsTheAudience: tags, custom fields and the expression
// select; opted-out contacts and contacts without a phone are left out
// and counted.
func TestPreviewCountsTheAudience(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	cs := r.contacts(40, func(i int, c *store.Contact) {
		c.Tags = []string{"lead"}
		if i%4 == 0 {
			c.Tags = append(c.Tags, "churned")
		}
		c.Fields = map[string]any{"city": map[bool]string{true: "Recife", false: "Natal"}[i < 20], "score": float64(i)}
		if i == 1 {
			c.Phone = ""
		}
	})
	r.optOut(cs[2], "whatsapp")
	r.optOut(cs[3], "all")
	r.optOut(cs[5], "sms") // another channel: still reachable on WhatsApp
	in := PreviewInput{Channel: "whatsapp", Sample: 3, Audience: Audience{Tags: []string{"lead"}, ExcludeTags: []string{"churned"},
		Fields: map[string]any{"city": "Recife"}, Expression: "contact.fields.score >= 2"}}
	got, err := r.svc.Preview(context.Background(), r.p, in)
	if err != nil {
		t.Fatal(err)
	}
	// Recife is 0–19; less churned 0, 4, 8, 12, 16 and score < 2 (1): 14; less 2 and 3, opted out: 12.
	if got.Count != 12 || got.Excluded[ExcludedOptedOut] != 2 || len(got.Sample) != 3 {
		t.Fatalf("preview: %+v", got)
	}
	sms, _ := r.svc.Preview(context.Background(), r.p, PreviewInput{Channel: "sms", Audience: Audience{Tags: []string{"lead"}}})
	if sms.Count != 40-1-2 || sms.Excluded[ExcludedNoAddress] != 1 {
		t.Fatalf("sms preview: %+v", sms)
	}
	missing, _ := r.svc.Preview(context.Background(), r.p, PreviewInput{Channel: "sms", Audience: Audience{Expression: `contact.fields.nope > 1`}})
	if missing.Count != 0 || missing.Excluded[ExcludedExprError] == 0 {
		t.Fatalf("an expression failing on contacts selects none and says so: %+v", missing)
	}
}

// TestInvalidCampaignReportsEveryProblem: one answer names every bad field.
func TestInvalidCampaignReportsEveryProblem(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	_, err := r.svc.Create(context.Background(), r.p, Input{Name: "x", Channel: "whatsapp", Spec: Spec{
		Audience: Audience{Expression: "contact.nope +"},
		Message:  &Message{Text: "Oi {{ contact.first_name "},
		Schedule: Schedule{TimeZone: "Mars/Olympus", Cron: "every day", Allowed: &Window{From: "25:00", To: "09:00"}},
		Pacing:   Pacing{Tier: "TIER_9", OnAmbiguous: "guess"},
	}})
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		t.Fatalf("error: %v", err)
	}
	for _, f := range []string{"spec.audience.expression", "spec.message.text", "spec.schedule.timezone", "spec.schedule.cron",
		"spec.schedule.allowed_hours", "spec.pacing.tier", "spec.pacing.on_ambiguous"} {
		if e.Fields[f] == "" {
			t.Errorf("no problem reported for %s: %v", f, e.Fields)
		}
	}
	_, err = r.svc.Create(context.Background(), r.p, Input{Name: "y", Channel: "sms", Spec: Spec{
		Message: &Message{Template: &Template{Name: "t", Language: "pt_BR"}}, Flow: &FlowRef{ID: "flw_x"}}})
	if e, _ := apperr.As(err); e == nil || e.Fields["spec"] == "" {
		t.Fatalf("message and flow together: %v", err)
	}
}

func TestCampaignLifecycleRules(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	spec := Spec{Message: &Message{Text: "oi"}}
	c, err := r.svc.Create(ctx, r.p, Input{Name: "a", Channel: "sms", Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Create(ctx, r.p, Input{Name: "a", Channel: "sms", Spec: spec}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("duplicate name: %v", err)
	}
	viewer := r.p
	viewer.Role = auth.RoleViewer
	if _, err := r.svc.Start(ctx, viewer, c.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a viewer started a campaign: %v", err)
	}
	for _, op := range []func(context.Context, string) error{
		func(ctx context.Context, id string) error { _, err := r.svc.Pause(ctx, r.p, id); return err },
		func(ctx context.Context, id string) error { _, err := r.svc.Resume(ctx, r.p, id); return err },
	} {
		if err := op(ctx, c.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a draft paused or resumed: %v", err)
		}
	}
	if _, err := r.svc.Start(ctx, r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	c, _ = r.svc.Pause(ctx, r.p, c.ID)
	if err := r.svc.Delete(ctx, r.p, c.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("deleted while paused: %v", err)
	}
	if c, err = r.svc.Resume(ctx, r.p, c.ID); err != nil || c.Status != store.CampaignScheduled {
		t.Fatalf("paused before its first round resumes as scheduled: %+v %v", c.Status, err)
	}
	if _, err := r.svc.Update(ctx, r.p, c.ID, Input{Name: "b", Channel: "sms", Spec: spec}); err != nil {
		t.Fatalf("a scheduled campaign that has not started can change: %v", err)
	}
	if c, err = r.svc.Cancel(ctx, r.p, c.ID); err != nil || c.Status != store.CampaignCancelled {
		t.Fatal(err)
	}
	if err := r.svc.Delete(ctx, r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Get(ctx, r.p, c.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("deleted: %v", err)
	}
}

// TestMediaFromStoredFile: a campaign may send a file of its workspace by
// blob_id, as its media or as its template's header, and it reaches the
// send action's input; another workspace's file, or none, is refused with
// the field named.
func TestMediaFromStoredFile(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	file := store.Blob{ID: ids.New("blb"), TenantID: r.p.TenantID, ContentType: "application/pdf", Size: 9, SHA256: "00", CreatedAt: time.Now()}
	other, _ := storetest.Seed(t, r.st, "outra")
	theirs := store.Blob{ID: ids.New("blb"), TenantID: other.ID, ContentType: "image/png", Size: 9, SHA256: "00", CreatedAt: time.Now()}
	for _, b := range []store.Blob{file, theirs} {
		if err := r.st.CreateBlob(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	spec := func(blobID string) Spec {
		return Spec{Audience: Audience{Tags: []string{"lead"}},
			Message: &Message{Media: &Media{Type: "document", BlobID: blobID, Filename: "catalogo.pdf", Caption: "Oi {{ contact.first_name }}"}}}
	}
	if _, err := r.svc.Create(ctx, r.p, Input{Name: "catálogo", Channel: "whatsapp", Spec: spec(file.ID)}); err != nil {
		t.Fatalf("a campaign with the workspace's file: %v", err)
	}
	for _, id := range []string{theirs.ID, "blb_00000000000000000000"} {
		_, err := r.svc.Create(ctx, r.p, Input{Name: "outro " + id, Channel: "whatsapp", Spec: spec(id)})
		if e, ok := apperr.As(err); !ok || e.Fields["spec.message.media.blob_id"] == "" {
			t.Errorf("file %s: %v, want spec.message.media.blob_id refused", id, err)
		}
	}
	header := func(md *Media) Spec {
		return Spec{Audience: Audience{Tags: []string{"lead"}}, Message: &Message{Template: &Template{Name: "promo_imagem", Language: "pt_BR",
			Variables: map[string]string{"1": "{{ contact.first_name }}"}, Header: md}}}
	}
	if _, err := r.svc.Create(ctx, r.p, Input{Name: "folheto", Channel: "whatsapp", Spec: header(&Media{Type: "image", BlobID: file.ID})}); err != nil {
		t.Fatalf("a template with the workspace's file as its header: %v", err)
	}
	for field, md := range map[string]*Media{"spec.message.template.header.blob_id": {Type: "image", BlobID: theirs.ID},
		"spec.message.template.header": {Type: "audio", Link: "https://example.com/a.ogg"}} {
		_, err := r.svc.Create(ctx, r.p, Input{Name: "folheto " + field, Channel: "whatsapp", Spec: header(md)})
		if e, ok := apperr.As(err); !ok || e.Fields[field] == "" {
			t.Errorf("header %+v: %v, want %s refused", md, err, field)
		}
	}
	rt, _ := compileMessage("whatsapp", "", *header(&Media{Type: "image", BlobID: file.ID}).Message)
	tin, err := rt.payload(Member{Address: "+5511987654321"}, &flow.Env{Contact: flow.Contact{FirstName: "Ana"}})
	tpl, _ := tin["template"].(map[string]any)
	if err != nil || fmt.Sprint(tpl["components"]) != fmt.Sprintf("[map[parameters:[map[media:map[blob_id:%s type:image] type:image]] type:header]]", file.ID) ||
		fmt.Sprint(tpl["variables"]) != "map[1:Ana]" {
		t.Fatalf("template input %v, %v", tin, err)
	}

	rd, bad := compileMessage("whatsapp", "", *spec(file.ID).Message)
	if len(bad) != 0 {
		t.Fatal(bad)
	}
	in, err := rd.payload(Member{Address: "+5511987654321"}, &flow.Env{Contact: flow.Contact{Name: "Ana Souza", FirstName: "Ana"}})
	media, _ := in["media"].(map[string]any)
	if err != nil || media["blob_id"] != file.ID || media["caption"] != "Oi Ana" || media["filename"] != "catalogo.pdf" {
		t.Fatalf("send input %v, %v", in, err)
	}
}

// TestCampaignNamesAConnectionOfTheWorkspace: a sending connection is
// checked when the campaign is made (not at its first send); one given by
// name or ID is kept by ID, which a rename leaves alone; another
// workspace's connection is not found.
func TestCampaignNamesAConnectionOfTheWorkspace(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	other, _ := storetest.Seed(t, r.st, "outra")
	mine := store.Connection{ID: ids.New("con"), TenantID: r.p.TenantID, PluginID: "whatsapp-cloud", Name: "Loja", Config: "{}", Status: "ok", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	theirs := store.Connection{ID: ids.New("con"), TenantID: other.ID, PluginID: "whatsapp-cloud", Name: "Deles", Config: "{}", Status: "ok", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	for _, c := range []store.Connection{mine, theirs} {
		if err := r.st.CreateConnection(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	spec := func(conn string) Spec {
		return Spec{Audience: Audience{Tags: []string{"lead"}}, Message: &Message{Text: "Oi"}, Connection: conn}
	}
	for _, given := range []string{mine.ID, "loja"} {
		c, err := r.svc.Create(ctx, r.p, Input{Name: "por " + given, Channel: "whatsapp", Spec: spec(given)})
		if err != nil || !strings.Contains(string(c.Spec), `"connection":"`+mine.ID+`"`) {
			t.Fatalf("given %s: %s %v", given, c.Spec, err)
		}
	}
	for _, name := range []string{"Deles", theirs.ID, "Nenhuma"} {
		_, err := r.svc.Create(ctx, r.p, Input{Name: "com " + name, Channel: "whatsapp", Spec: spec(name)})
		if e, ok := apperr.As(err); !ok || e.Fields["spec.connection"] == "" {
			t.Errorf("connection %q: %v, want spec.connection refused", name, err)
		}
	}
}
