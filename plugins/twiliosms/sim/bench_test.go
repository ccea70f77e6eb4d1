package sim

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// BenchmarkCreate measures the simulator alone: one send per iteration, in
// process, no status callback URL.
func BenchmarkCreate(b *testing.B) {
	s, err := New(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.SetMPS(DemoShortCode, 1e9); err != nil {
		b.Fatal(err)
	}
	body := url.Values{"From": {DemoShortCode}, "To": {handset}, "Body": {"Sua fatura vence amanhã"}}.Encode()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req := httptest.NewRequest("POST", apiPrefix+DemoAccountSID+"/Messages.json", strings.NewReader(body))
		req.SetBasicAuth(DemoAccountSID, DemoAuthToken)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
