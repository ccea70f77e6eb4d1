// Package bustest helps tests that need a real external NATS.
package bustest

import (
	"os"

	"github.com/masteria/masteria/core/ids"
)

// ExternalURL is the local NATS `make test` makes sure is running, or
// MASTERIA_TEST_NATS_URL.
func ExternalURL() string {
	if u := os.Getenv("MASTERIA_TEST_NATS_URL"); u != "" {
		return u
	}
	return "nats://127.0.0.1:4222"
}

// Namespace is a fresh bus namespace, so tests sharing the external NATS
// keep their subjects and streams apart.
func Namespace() string { return "t" + ids.New("x")[2:14] }
