package sdktest

import "testing"

func TestMemoryBlobs(t *testing.T) {
	RunBlobs(t, &MemoryBlobs{Limit: 4 << 20}, 4<<20)
}
