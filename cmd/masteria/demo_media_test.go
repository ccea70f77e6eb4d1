package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDemoStoresInboundMedia: a simulated user sends a photo; the
// whatsapp-cloud subprocess downloads it from the simulator's Graph API,
// stores it through the host's Blobs, and the inbox message carries a
// blob ID the dashboard's API serves with its content type.
func TestDemoStoresInboundMedia(t *testing.T) {
	d := startDemo(t)
	if d.apiKey == "" {
		t.Fatal("the demo printed no API key")
	}
	photo := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 100_000)
	in, _ := json.Marshal(map[string]any{"from": "5511912345678", "name": "Bia", "type": "image", "text": "olha",
		"media": photo, "mime_type": "image/png"})
	res, err := http.Post(d.whatsapp+"/_sim/inbound", "application/json", bytes.NewReader(in))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("inject: %v %v", res, err)
	}
	blobID := waitForBlob(t, d)
	status, ct, got := d.media(t, blobID)
	if status != 200 || ct != "image/png" || !bytes.Equal(got, photo) {
		t.Errorf("GET media: %d %s, %d bytes (want %d)", status, ct, len(got), len(photo))
	}
}

// media fetches a blob through the API: status, content type and body.
func (d demo) media(t *testing.T, blobID string) (int, string, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", d.base+"/api/v1/media/"+blobID, nil)
	req.Header.Set("Authorization", "Bearer "+d.apiKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), got
}

// waitForBlob polls the inbox until the photo's message names its blob.
func waitForBlob(t *testing.T, d demo) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var convs struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations", &convs)
		for _, c := range convs.Items {
			var msgs struct {
				Items []struct {
					Text  string `json:"text"`
					Media *struct {
						BlobID string `json:"blob_id"`
					} `json:"media"`
				} `json:"items"`
			}
			get(t, d, "/api/v1/conversations/"+c.ID+"/messages", &msgs)
			for _, m := range msgs.Items {
				if m.Media != nil && m.Media.BlobID != "" && strings.Contains(m.Text, "olha") {
					return m.Media.BlobID
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no inbox message carries the photo's blob")
	return ""
}

// TestDemoStoresInboundMMS: a simulated handset texts two pictures; the
// twilio-sms subprocess fetches each from the simulator's Media URL with
// the connection's credentials and stores it through the host's Blobs,
// and the inbox holds one message per picture, each served with its type.
func TestDemoStoresInboundMMS(t *testing.T) {
	d := startDemo(t)
	photo, chart := bytes.Repeat([]byte{0xFF, 0xD8, 0xFF}, 30_000), bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 20_000)
	in, _ := json.Marshal(map[string]any{"from": "+5511912340077", "body": "segue o comprovante",
		"media": []map[string]any{{"content_type": "image/jpeg", "data": photo}, {"content_type": "image/png", "data": chart}}})
	res, err := http.Post(d.twilio+"/_sim/inbound", "application/json", bytes.NewReader(in))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("inject: %v %v", res, err)
	}
	want := map[string][]byte{"image/jpeg": photo, "image/png": chart}
	deadline := time.Now().Add(20 * time.Second)
	var blobs map[string]string // content type → blob ID
	for len(blobs) < 2 && time.Now().Before(deadline) {
		blobs = smsBlobs(t, d)
		time.Sleep(100 * time.Millisecond)
	}
	if len(blobs) != 2 {
		t.Fatalf("the inbox holds the MMS's pictures as %v, want a message with a blob for each", blobs)
	}
	for ct, id := range blobs {
		status, gotCT, got := d.media(t, id)
		if status != 200 || gotCT != ct || !bytes.Equal(got, want[ct]) {
			t.Errorf("GET media %s: %d %s, %d bytes (want %d)", id, status, gotCT, len(got), len(want[ct]))
		}
	}
}

// smsBlobs maps the content types of the SMS threads' stored media to
// their blob IDs.
func smsBlobs(t *testing.T, d demo) map[string]string {
	t.Helper()
	var convs struct {
		Items []struct {
			ID      string `json:"id"`
			Channel string `json:"channel"`
		} `json:"items"`
	}
	get(t, d, "/api/v1/conversations", &convs)
	out := map[string]string{}
	for _, c := range convs.Items {
		if c.Channel != "sms" {
			continue
		}
		var msgs struct {
			Items []struct {
				Media *struct {
					BlobID   string `json:"blob_id"`
					MIMEType string `json:"mime_type"`
				} `json:"media"`
			} `json:"items"`
		}
		get(t, d, "/api/v1/conversations/"+c.ID+"/messages", &msgs)
		for _, m := range msgs.Items {
			if m.Media != nil && m.Media.BlobID != "" {
				out[m.Media.MIMEType] = m.Media.BlobID
			}
		}
	}
	return out
}

// TestDemoCustomerTextsAPhoto: a simulated customer whose number ends in
// 4 answers an agent's SMS with a photo (an MMS). The simulator hosts it
// at a Twilio media URL, the twilio-sms subprocess fetches it there, and
// the thread holds it, captioned, as a blob served with its type.
func TestDemoCustomerTextsAPhoto(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650774"
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Vocês têm esse modelo em azul?"}`, 200)
	convID := threadOf(t, d, handset, "sms")
	post(t, d.base+"/api/v1/conversations/"+convID+"/messages", d.apiKey, `{"text":"Temos sim! Qual deles?"}`, 202)
	var blobID string
	eventually(t, "the customer's photo in the thread", func() bool {
		var msgs struct {
			Items []struct {
				Direction, Text string
				Media           *struct {
					BlobID   string `json:"blob_id"`
					MIMEType string `json:"mime_type"`
				}
			}
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		for _, m := range msgs.Items {
			if m.Direction == "in" && m.Media != nil {
				if m.Text != smsPhotoCaption || m.Media.BlobID == "" || m.Media.MIMEType != "image/jpeg" {
					t.Fatalf("the customer's MMS in the thread: %+v %+v", m, *m.Media)
				}
				blobID = m.Media.BlobID
				return true
			}
		}
		return false
	})
	status, ct, got := d.media(t, blobID)
	if status != 200 || ct != "image/jpeg" || !bytes.Equal(got, customerPhoto()) {
		t.Errorf("GET media: %d %s, %d bytes (want the customer's %d)", status, ct, len(got), len(customerPhoto()))
	}

	var received struct {
		Data []struct {
			SID       string   `json:"sid"`
			From      string   `json:"from"`
			MediaURLs []string `json:"media_urls"`
		}
	}
	simGet(t, d.twilio+"/_sim/received", &received)
	var fetches struct {
		Data []struct {
			MessageSID string `json:"message_sid"`
			Via        string `json:"via"`
			Status     int    `json:"status"`
		}
	}
	simGet(t, d.twilio+"/_sim/media-fetches", &fetches)
	fetched := map[string]int{} // message SID → status
	for _, f := range fetches.Data {
		if f.Via == "api" {
			fetched[f.MessageSID] = f.Status
		}
	}
	mms := 0
	for _, m := range received.Data {
		if m.From == handset && len(m.MediaURLs) > 0 {
			mms++
			if len(m.MediaURLs) != 1 || fetched[m.SID] != http.StatusOK {
				t.Errorf("the customer's MMS %s: media %v, fetched with status %d", m.SID, m.MediaURLs, fetched[m.SID])
			}
		}
	}
	if mms != 1 {
		t.Errorf("the handset sent %d MMS, want its one photo: %+v", mms, received.Data)
	}
}

// simGet decodes a simulator's JSON answer.
func simGet(t *testing.T, rawURL string, into any) {
	t.Helper()
	res, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(into); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", rawURL, res.StatusCode, err)
	}
}

// TestDemoAgentTextsAPhoto: an agent answers an SMS with a photo from the
// dashboard's storage. The twilio-sms subprocess sends an MMS whose
// MediaUrl is a signed link under the connection's webhook URL; the
// simulator fetches it there, as Twilio does, without credentials, and
// gets the photo's bytes with its type; the reply is delivered, and the
// thread shows it so.
func TestDemoAgentTextsAPhoto(t *testing.T) {
	d := startDemo(t)
	const handset = "+5511987650775"
	post(t, d.twilio+"/_sim/inbound", "", `{"from":"`+handset+`","body":"Tem foto do modelo azul?"}`, 200)
	convID := threadOf(t, d, handset, "sms")
	photo := customerPhoto()
	req, _ := http.NewRequest("POST", d.base+"/api/v1/media", bytes.NewReader(photo))
	req.Header.Set("Authorization", "Bearer "+d.apiKey)
	req.Header.Set("Content-Type", "image/jpeg")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var blob struct {
		ID string `json:"id"`
	}
	_ = json.NewDecoder(res.Body).Decode(&blob)
	res.Body.Close()
	if res.StatusCode != 201 || blob.ID == "" {
		t.Fatalf("upload: %d %+v", res.StatusCode, blob)
	}
	post(t, d.base+"/api/v1/conversations/"+convID+"/messages", d.apiKey,
		`{"media":{"type":"image","blob_id":"`+blob.ID+`","caption":"Temos sim, olha ele aqui"}}`, 202)

	sum := sha256.Sum256(photo)
	var sent struct {
		Data []struct {
			SID       string   `json:"sid"`
			Body      string   `json:"body"`
			Status    string   `json:"status"`
			MediaURLs []string `json:"media_urls"`
			SentMedia []struct {
				Status      int    `json:"status"`
				ContentType string `json:"content_type"`
				SHA256      string `json:"sha256"`
			} `json:"sent_media"`
		}
	}
	eventually(t, "the photo delivered to the handset", func() bool {
		simGet(t, d.twilio+"/_sim/messages?to="+url.QueryEscape(handset), &sent)
		return len(sent.Data) == 1 && sent.Data[0].Status == "delivered"
	})
	m := sent.Data[0]
	if m.Body != "Temos sim, olha ele aqui" || len(m.MediaURLs) != 1 || !strings.Contains(m.MediaURLs[0], "/hooks/") ||
		len(m.SentMedia) != 1 || m.SentMedia[0].Status != 200 || m.SentMedia[0].ContentType != "image/jpeg" ||
		m.SentMedia[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("the MMS at Twilio: %+v", m)
	}
	eventually(t, "the reply delivered in the thread", func() bool {
		var msgs struct {
			Items []struct {
				Direction, Status string
				Media             *struct {
					BlobID string `json:"blob_id"`
				}
			}
		}
		get(t, d, "/api/v1/conversations/"+convID+"/messages", &msgs)
		for _, x := range msgs.Items {
			if x.Direction == "out" && x.Media != nil && x.Media.BlobID == blob.ID {
				return x.Status == "delivered"
			}
		}
		return false
	})
}
