package sdk

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeIntoStruct(t *testing.T) {
	cfg, err := sampleConfig().Parse(map[string]any{
		"token": "s3cret", "phone_number_id": "123", "max_retries": 5.0, "mark_read": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Token      string        `json:"token"`
		PhoneID    string        `json:"phone_number_id"`
		BaseURL    string        `json:"base_url"`
		Timeout    time.Duration `json:"timeout"`
		MaxRetries int           `json:"max_retries"`
		MarkRead   bool          `json:"mark_read"`
		Untouched  string        `json:"untouched"`
	}
	got.Untouched = "kept"
	if err := cfg.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Token != "s3cret" || got.PhoneID != "123" || got.BaseURL != "https://graph.facebook.com" ||
		got.Timeout != 10*time.Second || got.MaxRetries != 5 || !got.MarkRead || got.Untouched != "kept" {
		t.Errorf("decoded %+v", got)
	}
}

func TestDecodeNested(t *testing.T) {
	in, err := sampleSend().ParseInput(map[string]any{
		"to": "+1", "tags": []any{"a", "b"},
		"template": map[string]any{
			"name": "promo", "variables": map[string]any{"1": "Ana"},
			"components": []any{map[string]any{"type": "body", "parameters": []any{"x"}}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	type component struct {
		Type       string   `json:"type"`
		Parameters []string `json:"parameters"`
	}
	var got struct {
		To       string   `json:"to"`
		Kind     string   `json:"kind"`
		Tags     []string `json:"tags"`
		Template struct {
			Name       string            `json:"name"`
			Language   string            `json:"language"`
			Variables  map[string]string `json:"variables"`
			Components []component       `json:"components"`
		} `json:"template"`
	}
	if err := in.Params.Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := []component{{Type: "body", Parameters: []string{"x"}}}
	if got.To != "+1" || got.Kind != "text" || !reflect.DeepEqual(got.Tags, []string{"a", "b"}) ||
		got.Template.Name != "promo" || got.Template.Language != "pt_BR" ||
		got.Template.Variables["1"] != "Ana" || !reflect.DeepEqual(got.Template.Components, want) {
		t.Errorf("decoded %+v", got)
	}
}

func TestDecodeRejects(t *testing.T) {
	cfg, err := sampleConfig().Parse(map[string]any{"token": "s", "phone_number_id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	var wrong struct {
		Retries string `json:"max_retries"`
	}
	if err := cfg.Decode(&wrong); err == nil || !strings.Contains(err.Error(), "max_retries") {
		t.Errorf("wrong type: err = %v, want one naming max_retries", err)
	}
	var notPtr struct{}
	if err := cfg.Decode(notPtr); err == nil {
		t.Error("a non-pointer destination was accepted")
	}
	if err := cfg.Decode(nil); err == nil {
		t.Error("a nil destination was accepted")
	}
	var nilCfg *ParsedConfig
	if err := nilCfg.Decode(&wrong); err != nil || wrong.Retries != "" {
		t.Errorf("nil config: err = %v, value %q", err, wrong.Retries)
	}
}
