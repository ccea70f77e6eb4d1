package sim

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkSendTemplate measures the simulator alone: one template send per
// iteration, in process, throughput lifted, no webhook URL.
func BenchmarkSendTemplate(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Accounts[0].PhoneNumbers[0].Throughput = Unlimited
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		body := fmt.Sprintf(helloWorld, fmt.Sprint(5511900000000+i%1_000_000))
		req := httptest.NewRequest("POST", "/v21.0/"+DemoPhoneNumberID+"/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DemoAccessToken)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
