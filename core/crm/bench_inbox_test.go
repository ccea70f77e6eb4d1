package crm_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/sdk"
)

// BenchmarkInboxReceive measures inbound messages stored per second
// through inbox.Receive (contact and conversation lookup, idempotent
// insert, conversation touch, outbox event, one transaction each), from 4
// goroutines and 1,000 senders. b.N is the number of messages.
func BenchmarkInboxReceive(b *testing.B) {
	for _, driver := range drivers {
		for _, writers := range []int{4, 64} {
			b.Run(fmt.Sprintf("%s/writers=%d", driver, writers), func(b *testing.B) { benchReceive(b, driver, writers) })
		}
	}
}

// benchReceive stores b.N inbound messages from 1,000 senders through
// writers concurrent callers (64 is a burst of webhooks), reporting
// messages/s and the CPU time per message.
func benchReceive(b *testing.B, driver string, writers int) {
	st := openBenchStore(b, driver)
	p := owner(b, st, "recv")
	s := inbox.New(st)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range writers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				in := inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
					ProviderMessageID: fmt.Sprint("wamid.", i), From: fmt.Sprintf("55119%08d", 80000000+i%1000),
					Type: sdk.InboundText, Text: "Olá, quero um orçamento", Timestamp: time.Now()}}
				if _, err := s.Receive(context.Background(), p.TenantID, in); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/msg")
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
