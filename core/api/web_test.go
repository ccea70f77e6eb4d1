package api

import (
	"io"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestWebServesFilesRoutesAndMissingAssets(t *testing.T) {
	web := fstest.MapFS{
		"index.html":           {Data: []byte("<html>app</html>")},
		"assets/app-1.js":      {Data: []byte("js")},
		"manifest.webmanifest": {Data: []byte("{}")},
	}
	app := New(Deps{Web: web})
	cases := []struct {
		path, ctype, body string
		status            int
	}{
		{"/", "text/html", "<html>app</html>", 200},
		{"/settings/members", "text/html", "<html>app</html>", 200}, // a client-side route
		{"/assets/app-1.js", "text/javascript", "js", 200},
		{"/manifest.webmanifest", "application/manifest+json", "{}", 200},
		{"/assets/gone-2.js", "application/json", "", 404},
		{"/favicon.ico", "application/json", "", 404},
	}
	for _, c := range cases {
		res, err := app.Test(httptest.NewRequest("GET", c.path, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != c.status || !startsWith(res.Header.Get("Content-Type"), c.ctype) || (c.body != "" && string(body) != c.body) {
			t.Errorf("%s: %d %s %q", c.path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
}

func startsWith(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }
