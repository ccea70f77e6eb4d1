package whatsappcloud

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// TestTimestampsOutOfRange: a message or status whose timestamp is past
// year 9999 or before 1970 (as a string, or as a number Meta does not
// send) is still taken, timed as if it had no timestamp: its event must
// marshal, or the host answers 500 and Meta sends it again for 36 hours.
func TestTimestampsOutOfRange(t *testing.T) {
	f := newFixture(t, nil, nil)
	p, _ := f.open(map[string]any{"download_media": false})
	for i, ts := range []string{`"999999999999"`, `"253402300800"`, `"-99999999999999"`, `1e308`, `-1e308`} {
		body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
			"messaging_product":"whatsapp","metadata":{"phone_number_id":"` + sim.DemoPhoneNumberID + `"},
			"messages":[{"from":"5511987650001","id":"wamid.TS` + strconv.Itoa(i) + `","timestamp":` + ts + `,"type":"text","text":{"body":"oi"}}],
			"statuses":[{"id":"wamid.OUT` + strconv.Itoa(i) + `","status":"delivered","timestamp":` + ts + `,"recipient_id":"5511987650001"}]}}]}]}`)
		resp, events := handle(t, p, signed(sim.DemoAppSecret, body))
		if resp.StatusCode() != http.StatusOK || len(events) == 0 { // a status timed by a number is left out
			t.Fatalf("timestamp %s: status %d, %d events", ts, resp.StatusCode(), len(events))
		}
		for _, ev := range events {
			if _, err := json.Marshal(ev.Payload); err != nil {
				t.Errorf("timestamp %s: %s does not marshal: %v", ts, ev.Subject, err)
			}
		}
		if in := events[0].Payload.(sdk.InboundMessage); !in.Timestamp.IsZero() {
			t.Errorf("timestamp %s read as %v", ts, in.Timestamp)
		}
	}
}

// TestUnreadableBodiesSayWhy: an empty or cut-short body is refused with
// 400 naming what is wrong with it, not a character it does not hold.
func TestUnreadableBodiesSayWhy(t *testing.T) {
	p := fuzzPlugin(t)
	for body, want := range map[string]string{
		"":   "unexpected end of JSON input",
		"  ": "unexpected end of JSON input",
		`{"object":"whatsapp_business_account","entry":[`: "unexpected end of JSON input",
		`{"object":"whatsapp_business_account"}x`:         "invalid character 'x' after top-level value",
	} {
		resp, events := handle(t, p, signed(sim.DemoAppSecret, []byte(body)))
		if resp.StatusCode() != http.StatusBadRequest || len(events) != 0 || !strings.Contains(string(resp.Body), want) {
			t.Errorf("body %q: %d %s; want 400 saying %q", body, resp.StatusCode(), resp.Body, want)
		}
	}
}

// TestUnsupportedFieldsAreLogged: a change of a field the plugin does not
// handle (a subscription it has no use for) is acknowledged, makes no
// event, and leaves a line in the log at the default level.
func TestUnsupportedFieldsAreLogged(t *testing.T) {
	var log bytes.Buffer
	p := &Plugin{}
	raw := simConfig("http://127.0.0.1:1")
	cfg, err := manifest.Config.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	host := sdk.Host{KV: sdktest.NewMemoryKV(sdk.SystemClock()), Clock: sdk.SystemClock(), Log: slog.New(slog.NewTextHandler(&log, nil))}
	if err := sdk.Open(t.Context(), p, sdk.Connection{ID: "c", Config: cfg, Host: host}); err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"account_update","value":{"event":"x"}}]}]}`)
	resp, events := handle(t, p, signed(sim.DemoAppSecret, body))
	if resp.StatusCode() != http.StatusOK || len(events) != 0 {
		t.Fatalf("status %d, %d events", resp.StatusCode(), len(events))
	}
	if !strings.Contains(log.String(), "not supported") || !strings.Contains(log.String(), "field=account_update") {
		t.Errorf("log: %q", log.String())
	}
}
