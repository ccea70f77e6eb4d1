package consent

import (
	"context"
	"errors"
	"testing"
	"time"
)

// catalog answers categories by template name and counts the questions.
type catalog struct {
	by    map[string]string
	err   error
	asked int
}

func (c *catalog) TemplateCategory(_ context.Context, _, _, name, _ string) (string, error) {
	c.asked++
	return c.by[name], c.err
}

// TestScope: a marketing template needs the channel's marketing consent;
// a utility or unknown template, any other message, or a catalog that
// cannot answer needs the channel's.
func TestScope(t *testing.T) {
	cat := &catalog{by: map[string]string{"promo": "MARKETING", "pedido": "UTILITY", "otp": "AUTHENTICATION"}}
	tpl := func(name string) map[string]any {
		return map[string]any{"kind": "template", "connection": "wa", "template": map[string]any{"name": name, "language": "pt_BR"}}
	}
	for _, c := range []struct {
		input map[string]any
		cats  Categories
		want  string
	}{
		{tpl("promo"), cat, "whatsapp:marketing"},
		{map[string]any{"template": map[string]any{"name": "promo", "language": "pt_BR"}}, cat, "whatsapp:marketing"}, // kind defaulted
		{tpl("pedido"), cat, "whatsapp"},
		{tpl("otp"), cat, "whatsapp"},
		{tpl("unknown"), cat, "whatsapp"},
		{map[string]any{"kind": "text", "text": "promo", "template": map[string]any{"name": "promo"}}, cat, "whatsapp"},
		{map[string]any{"kind": "text", "text": "oi"}, cat, "whatsapp"},
		{tpl("promo"), nil, "whatsapp"},
	} {
		if got, err := Scope(context.Background(), c.cats, "ten", "whatsapp", c.input); got != c.want || err != nil {
			t.Errorf("%v: %q, %v; want %q", c.input, got, err, c.want)
		}
	}
	failing := &catalog{err: errors.New("plugin down")}
	if got, err := Scope(context.Background(), failing, "ten", "whatsapp", tpl("promo")); got != "whatsapp" || err == nil {
		t.Errorf("a catalog that cannot answer: %q, %v", got, err)
	}
}

// TestMemo: a category is asked once per TTL; an error is not remembered.
func TestMemo(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cat := &catalog{by: map[string]string{"promo": "MARKETING"}}
	m := &Memo{Next: cat, TTL: time.Minute, Now: func() time.Time { return now }}
	ask := func() string {
		c, err := m.TemplateCategory(context.Background(), "ten", "wa", "promo", "pt_BR")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if ask() != "MARKETING" || ask() != "MARKETING" || cat.asked != 1 {
		t.Fatalf("asked %d times", cat.asked)
	}
	now = now.Add(time.Minute)
	cat.by["promo"] = "UTILITY" // Meta recategorized it
	if ask() != "UTILITY" || cat.asked != 2 {
		t.Fatalf("after the TTL: asked %d times", cat.asked)
	}
	cat.err = errors.New("down")
	now = now.Add(time.Minute)
	if _, err := m.TemplateCategory(context.Background(), "ten", "wa", "promo", "pt_BR"); err == nil {
		t.Fatal("the error was not told")
	}
	cat.err = nil
	if ask() != "UTILITY" || cat.asked != 4 {
		t.Fatalf("an error was remembered: asked %d times", cat.asked)
	}
}
