package sim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultInjection(t *testing.T) {
	cases := []struct {
		name   string
		fault  Fault
		status []int // statuses of consecutive sends
		code   int   // Graph code of the first failure
	}{
		{"next 2 fail with 131000", Fault{Code: 131000, Times: 2}, []int{500, 500, 200}, 131000},
		{"service down", Fault{Code: 2, Times: 1}, []int{503, 200}, 2},
		{"rate limit 80007", Fault{Code: 80007, Times: 1}, []int{400, 200}, 80007},
		{"app rate limit 4", Fault{Code: 4, Times: 1}, []int{400, 200}, 4},
		{"blocked 368", Fault{Code: 368, Times: 1}, []int{403, 200}, 368},
		{"bare 502", Fault{Status: 502, Times: 1}, []int{502, 200}, -1},
		{"status override", Fault{Code: 131016, Status: 503, Times: 1}, []int{503, 200}, 131016},
		{"other recipient untouched", Fault{Code: 131000, To: "5511000000000"}, []int{200, 200}, -1},
		{"only media endpoint", Fault{Code: 131000, Endpoint: "media"}, []int{200}, -1},
		{"until cleared", Fault{Code: 131000}, []int{500, 500, 500}, 131000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.openWindow(user)
			f.sim.InjectFault(tc.fault)
			for i, want := range tc.status {
				status, body := f.do("POST", "/v21.0/"+DemoPhoneNumberID+"/messages", DemoAccessToken,
					strings.NewReader(textTo(user, "x")), "application/json")
				if status != want {
					t.Fatalf("send %d: %d %s, want %d", i, status, body, want)
				}
				if i == 0 && tc.code > 0 && graphCode(decode(t, body)) != tc.code {
					t.Fatalf("code in %s, want %d", body, tc.code)
				}
			}
		})
	}
}

func TestFaultLatencyUsesTheClock(t *testing.T) {
	f := newFixture(t, nil)
	f.openWindow(user)
	f.clock.Advance(0) // deliver the inbound webhook: no timer is pending now
	f.sim.InjectFault(Fault{Latency: 3 * time.Second, Times: 1})
	done := make(chan int)
	go func() {
		resp, err := http.Post(f.api.URL+"/v21.0/"+DemoPhoneNumberID+"/messages?access_token="+DemoAccessToken,
			"application/json", strings.NewReader(textTo(user, "slow")))
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	for f.clock.Pending() == 0 { // wait for the request to park on the clock
		time.Sleep(time.Millisecond)
	}
	select {
	case <-done:
		t.Fatal("answered before the latency elapsed")
	default:
	}
	f.clock.Advance(3 * time.Second)
	if status := <-done; status != 200 {
		t.Fatalf("after the latency: %d", status)
	}
}

func TestFaultLatencyHonoursClientTimeout(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.InjectFault(Fault{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", f.api.URL+"/v21.0/"+DemoPhoneNumberID+"/messages?access_token="+DemoAccessToken,
		strings.NewReader(textTo(user, "x")))
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a request held for an hour did not time out")
	}
}

func TestFaultRateIsReproducible(t *testing.T) {
	run := func() []int {
		f := newFixture(t, nil)
		f.openWindow(user)
		f.sim.InjectFault(Fault{Code: 131000, Rate: 0.5})
		var got []int
		for range 20 {
			status, _ := f.send(textTo(user, "x"))
			got = append(got, status)
		}
		return got
	}
	a, b := run(), run()
	fails := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different outcomes: %v vs %v", a, b)
		}
		if a[i] == 500 {
			fails++
		}
	}
	if fails == 0 || fails == 20 {
		t.Fatalf("rate 0.5 failed %d of 20", fails)
	}
}
