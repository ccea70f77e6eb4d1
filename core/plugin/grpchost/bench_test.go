package grpchost

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk/sdktest"
)

// BenchmarkInvoke measures one trivial action call over go-plugin: host to
// plugin process and back, with the input parsed on both sides.
func BenchmarkInvoke(b *testing.B) {
	p, err := Start(context.Background(), Options{Command: Executable(testPlugin), Log: sdktest.NewLogger(b)})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	c, err := p.Open(context.Background(), newConnection("bench"))
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := p.Manifest().Action("test.echo")
	in, _ := spec.ParseInput(map[string]any{"value": "x"})
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Invoke(ctx, "test.echo", in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRestart measures how long a killed plugin takes to serve again.
func BenchmarkRestart(b *testing.B) {
	p, err := Start(context.Background(), Options{Command: Executable(testPlugin), MinBackoff: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	c, err := p.Open(context.Background(), newConnection("bench"))
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := p.Manifest().Action("test.echo")
	in, _ := spec.ParseInput(map[string]any{"value": "x"})
	for b.Loop() {
		p.Kill()
		for {
			if _, err := c.Invoke(context.Background(), "test.echo", in); err == nil {
				break
			}
		}
	}
}
