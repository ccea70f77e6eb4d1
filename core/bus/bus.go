// Package bus is the platform's NATS bus: an in-process nats-server with
// JetStream by default (no TCP port, data under the data directory), or an
// external NATS when a URL is configured.
package bus

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Options choose the bus.
type Options struct {
	URL       string // external NATS; empty starts the embedded server
	DataDir   string // embedded JetStream storage (DataDir/nats)
	Namespace string // subject prefix, default "masteria"
	Name      string // client connection name
}

// Bus is a connection to NATS with JetStream, and the embedded server when
// it runs in-process.
type Bus struct {
	NC  *nats.Conn
	JS  jetstream.JetStream
	srv *server.Server
	ns  string

	inboxes inboxPool // Request's reply subscriptions
}

// Open starts or connects to NATS and makes sure the event stream exists.
func Open(ctx context.Context, o Options) (*Bus, error) {
	b := &Bus{ns: o.Namespace}
	if b.ns == "" {
		b.ns = DefaultNamespace
	}
	opts := []nats.Option{nats.Name(o.Name), nats.MaxReconnects(-1)}
	url := o.URL
	if url == "" {
		srv, err := startEmbedded(o.DataDir)
		if err != nil {
			return nil, err
		}
		b.srv = srv
		opts = append(opts, nats.InProcessServer(srv))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		b.shutdownServer()
		return nil, fmt.Errorf("bus: connect %s: %w", url, err)
	}
	b.NC = nc
	if b.JS, err = jetstream.New(nc); err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: jetstream: %w", err)
	}
	if err := b.ensureStreams(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func startEmbedded(dataDir string) (*server.Server, error) {
	if dataDir == "" {
		return nil, errors.New("bus: the embedded server needs a data directory")
	}
	srv, err := server.NewServer(&server.Options{
		ServerName: "masteria-embedded",
		DontListen: true,
		JetStream:  true,
		StoreDir:   filepath.Join(dataDir, "nats"),
		NoSigs:     true,
		// Keep the embedded server lean: it serves one process.
		JetStreamMaxMemory: 64 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("bus: embedded server: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, errors.New("bus: embedded server did not start within 10s")
	}
	return srv, nil
}

// ensureStreams creates or updates the event stream. Duplicates published
// with the same Nats-Msg-Id inside the window are dropped by JetStream.
func (b *Bus) ensureStreams(ctx context.Context) error {
	_, err := b.JS.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       b.EventStream(),
		Subjects:   []string{b.AllEvents()},
		Storage:    jetstream.FileStorage,
		Duplicates: 2 * time.Minute,
		MaxAge:     7 * 24 * time.Hour,
	})
	if err != nil {
		return fmt.Errorf("bus: event stream: %w", err)
	}
	return nil
}

// Embedded tells whether the server runs in this process.
func (b *Bus) Embedded() bool { return b.srv != nil }

// Namespace is the subject prefix.
func (b *Bus) Namespace() string { return b.ns }

// Ping checks that the connection is up and JetStream answers.
func (b *Bus) Ping(ctx context.Context) error {
	if !b.NC.IsConnected() {
		return fmt.Errorf("bus: %s", b.NC.Status())
	}
	_, err := b.JS.AccountInfo(ctx)
	return err
}

// Close drains the connection and stops the embedded server.
func (b *Bus) Close() {
	if b.NC != nil {
		_ = b.NC.Drain()
		for i := 0; i < 50 && !b.NC.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		b.NC.Close()
	}
	b.shutdownServer()
}

func (b *Bus) shutdownServer() {
	if b.srv != nil {
		b.srv.Shutdown()
		b.srv.WaitForShutdown()
	}
}
