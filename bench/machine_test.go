package bench

import (
	"crypto/sha256"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// BenchmarkMachine measures the machine rather than the product: the
// work a verified webhook is made of (a hash over a body, a system call,
// a page written to a file, a loopback round trip). The machines this
// project is measured on differ by a factor of two from one session to
// the next; these figures, written at the top of every `make bench`, say
// which kind of machine the rest of the figures came from.
func BenchmarkMachine(b *testing.B) {
	b.Run("sha256_4KiB", func(b *testing.B) {
		buf := make([]byte, 4096)
		b.SetBytes(int64(len(buf)))
		for b.Loop() {
			sha256.Sum256(buf)
		}
	})
	b.Run("syscall", func(b *testing.B) {
		for b.Loop() {
			syscall.Getppid()
		}
	})
	b.Run("pwrite_4KiB", func(b *testing.B) {
		f, err := os.Create(filepath.Join(b.TempDir(), "pages"))
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		page := make([]byte, 4096)
		var i int64
		for b.Loop() {
			if _, err := f.WriteAt(page, (i%256)*4096); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("loopback_roundtrip_100B", loopbackRoundTrip)
}

// loopbackRoundTrip sends 100 bytes over a loopback TCP connection and
// waits for them to come back from an echoing goroutine.
func loopbackRoundTrip(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = io.Copy(c, c)
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	msg, back := make([]byte, 100), make([]byte, 100)
	for b.Loop() {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, back); err != nil {
			b.Fatal(err)
		}
	}
}
