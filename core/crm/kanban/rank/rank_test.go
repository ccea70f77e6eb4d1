package rank

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBetween(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"", "", "a0"},
		{"", "a0", "Zz"},
		{"", "Zz", "Zy"},
		{"a0", "", "a1"},
		{"a1", "", "a2"},
		{"az", "", "b00"},
		{"Zz", "", "a0"},
		{"a0", "a1", "a0V"},
		{"a1", "a2", "a1V"},
		{"a0V", "a1", "a0l"},
		{"Zz", "a0", "ZzV"},
		{"Zz", "a01", "a0"},
		{"", "a0V", "a0"},
		{"b125", "b129", "b127"},
		{"a0", "a0V", "a0G"},
		{"a0", "a01", "a00V"},
		{"", "Y00", "Xzzz"},
		{"bzz", "", "c000"},
	}
	for _, c := range cases {
		got, err := Between(c.a, c.b)
		if err != nil || got != c.want {
			t.Errorf("Between(%q, %q) = %q, %v; want %q", c.a, c.b, got, err, c.want)
			continue
		}
		if c.a != "" && got <= c.a || c.b != "" && got >= c.b || !Valid(got) {
			t.Errorf("Between(%q, %q) = %q is not strictly between or not valid", c.a, c.b, got)
		}
	}
}

func TestBetweenRejectsBadBounds(t *testing.T) {
	for _, c := range [][2]string{{"a1", "a0"}, {"a1", "a1"}, {"a10", ""}, {"", "a"}, {"!x", ""}, {"", smallest}, {"a0-", ""}} {
		if _, err := Between(c[0], c[1]); !errors.Is(err, ErrOrder) {
			t.Errorf("Between(%q, %q): %v, want ErrOrder", c[0], c[1], err)
		}
	}
}

// TestRandomInsertsStaySorted inserts at random places thousands of times:
// every new key falls strictly between its neighbours, so the list order
// equals key order.
func TestRandomInsertsStaySorted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := []string{}
	for i := 0; i < 5000; i++ {
		at := r.IntN(len(keys) + 1)
		var lo, hi string
		if at > 0 {
			lo = keys[at-1]
		}
		if at < len(keys) {
			hi = keys[at]
		}
		k, err := Between(lo, hi)
		if err != nil {
			t.Fatalf("insert %d between %q and %q: %v", i, lo, hi, err)
		}
		keys = slices.Insert(keys, at, k)
	}
	if !slices.IsSorted(keys) {
		t.Fatal("keys out of order")
	}
	for i := 1; i < len(keys); i++ {
		if keys[i] == keys[i-1] {
			t.Fatalf("duplicate key %q", keys[i])
		}
	}
}

// TestKeysStayShort: appending, prepending and inserting at the same spot
// grow keys slowly.
func TestKeysStayShort(t *testing.T) {
	last := ""
	for i := 0; i < 100000; i++ {
		last, _ = Between(last, "")
	}
	if len(last) > 4 {
		t.Fatalf("100k appends made a %d-character key %q", len(last), last)
	}
	first := ""
	for i := 0; i < 100000; i++ {
		first, _ = Between("", first)
	}
	if len(first) > 5 {
		t.Fatalf("100k prepends made a %d-character key %q", len(first), first)
	}
	lo, hi := "a0", "a1"
	for i := 0; i < 1000; i++ { // always right after lo: halving
		hi, _ = Between(lo, hi)
	}
	if len(hi) > 200 {
		t.Fatalf("1000 inserts at one spot made a %d-character key", len(hi))
	}
}

func FuzzBetween(f *testing.F) {
	f.Add("a0", "a1")
	f.Add("", "Zz")
	f.Add("b00", "")
	f.Fuzz(func(t *testing.T, a, b string) {
		k, err := Between(a, b)
		if err != nil {
			return
		}
		if !Valid(k) || a != "" && k <= a || b != "" && k >= b {
			t.Fatalf("Between(%q, %q) = %q", a, b, k)
		}
	})
}
