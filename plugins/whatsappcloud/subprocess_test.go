package whatsappcloud

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// startSubprocess builds cmd/whatsapp-cloud and starts it under the
// go-plugin host, allowing egress to the simulator as an operator would.
func startSubprocess(t *testing.T, extraHosts ...string) *grpchost.Plugin {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the plugin executable")
	}
	bin := filepath.Join(t.TempDir(), "whatsapp-cloud")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/whatsapp-cloud").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	p, err := grpchost.Start(context.Background(), grpchost.Options{
		Command: grpchost.Executable(bin), ExtraHosts: extraHosts,
		Log: sdktest.NewLogger(t), MinBackoff: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// openSubprocess starts the plugin executable with egress to f's simulator
// and opens a connection to it on host.
func openSubprocess(t *testing.T, f *fixture, id string, host sdk.Host) *grpchost.Connection {
	t.Helper()
	p := startSubprocess(t, hostOf(f.api.URL))
	cfg, err := p.Manifest().Config.Parse(simConfig(f.api.URL))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := p.Open(context.Background(), sdk.Connection{ID: id, Config: cfg, Host: host})
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestSubprocessConformance runs the plugin executable as a go-plugin
// subprocess through the SDK's suite, plus the runtime's crash check: the
// process is killed with a send in flight and must serve again.
func TestSubprocessConformance(t *testing.T) {
	f, inboundID := conformanceSim(t)
	p := startSubprocess(t, hostOf(f.api.URL))
	if got := p.Manifest().ID; got != ID {
		t.Fatalf("manifest ID = %q", got)
	}
	opts := conformanceOptions(f, inboundID)
	opts.Checks = []sdktest.Check{sdktest.CrashCheck(func(*testing.T) { p.Kill() })}
	sdktest.Run(t, p.Factory(), opts)
	if p.Restarts() != 1 {
		t.Errorf("the plugin restarted %d times, want once (in the crash check)", p.Restarts())
	}
}

// TestSubprocessSendAndWebhook sends through the subprocess and hands it a
// signed status webhook, checking the host services cross the process
// boundary (KV for the window, HTTP egress to the simulator).
func TestSubprocessSendAndWebhook(t *testing.T) {
	f, _ := conformanceSim(t)
	conn := openSubprocess(t, f, "conn-sub", hostWithWindow(t, manifest))
	res, err := conn.Send(context.Background(), sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindText, Text: "olá"})
	if err != nil || res.MessageID == "" {
		t.Fatalf("Send = %+v, %v", res, err)
	}
	if m, ok := f.sim.Message(res.MessageID); !ok || m.Body != "olá" {
		t.Errorf("the simulator has %+v (found %v)", m, ok)
	}
	_, err = conn.Send(context.Background(), sdk.OutboundMessage{To: "+5511911112222", Kind: sdk.KindText, Text: "oi"})
	if c, _, code := sdk.ClassOf(err); c != sdk.ClassPermanent || code != "131047" {
		t.Errorf("free-form send outside the window: class %v code %q (%v)", c, code, err)
	}
	_, events, err := conn.HandleWebhook(context.Background(), signed(sim.DemoAppSecret, readVector(t, "webhook_status_failed_131049.json")))
	if err != nil || len(events) != 1 || events[0].Subject != sdk.SubjectMessageStatus {
		t.Fatalf("HandleWebhook = %v, %v", events, err)
	}
}

// TestSubprocessStoresInboundMedia: inbound media downloaded by the
// plugin process streams into the host's Blobs over the broker (in many
// chunks), and the event names the blob.
func TestSubprocessStoresInboundMedia(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.SetWebhookFaults(sim.WebhookFaults{Drop: 1}) // recorded, not posted: the test hands it over
	host := sdktest.NewHost(t, manifest)
	store := &sdktest.MemoryBlobs{}
	host.Blobs = store
	conn := openSubprocess(t, f, "conn-media", host)
	photo := bytes.Repeat([]byte("jpeg"), 300_000) // 1.2 MB
	wamid := f.inbound(sim.InboundMedia(user, "image", photo, "image/jpeg", "foto"))
	var body []byte
	for _, d := range f.sim.Webhooks() {
		if d.MessageID == wamid {
			body = d.Body
		}
	}
	resp, events, err := conn.HandleWebhook(context.Background(), signed(sim.DemoAppSecret, body))
	if err != nil || len(events) != 1 {
		t.Fatalf("HandleWebhook(%d-byte body) = %d, %v, %v", len(body), resp.StatusCode(), events, err)
	}
	var in sdk.InboundMessage
	if err := json.Unmarshal(events[0].Payload.(json.RawMessage), &in); err != nil || in.Media == nil || in.Media.BlobID == "" {
		t.Fatalf("event %s (%v)", events[0].Payload, err)
	}
	rc, blob, err := store.Get(context.Background(), in.Media.BlobID)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, photo) || blob.ContentType != "image/jpeg" {
		t.Errorf("stored %d bytes as %+v, want %d", len(got), blob, len(photo))
	}
}

// TestSubprocessSendsStoredFile: a file in the host's Blobs streams to the
// plugin process over the broker (in many chunks), is uploaded to the
// media endpoint and sent by the media ID it got.
func TestSubprocessSendsStoredFile(t *testing.T) {
	f, _ := conformanceSim(t)
	host := hostWithWindow(t, manifest)
	store := &sdktest.MemoryBlobs{}
	host.Blobs = store
	conn := openSubprocess(t, f, "conn-file", host)
	ctx := context.Background()
	doc := bytes.Repeat([]byte("%PDF"), 300_000) // 1.2 MB
	blob, err := store.Put(ctx, "application/pdf", bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	res, err := conn.Send(ctx, sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindMedia,
		Media: &sdk.Media{Type: sdk.MediaDocument, BlobID: blob.ID, Filename: "catalogo.pdf"}})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	m, _ := f.sim.Message(res.MessageID)
	var req map[string]any
	_ = json.Unmarshal(m.Request, &req)
	id, _ := dig(req, "document", "id").(string)
	if id == "" {
		t.Fatalf("sent %s", m.Request)
	}
	resp, _, err := f.plugin.openMedia(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, doc) {
		t.Errorf("uploaded %d bytes, want the stored %d", len(got), len(doc))
	}
}
