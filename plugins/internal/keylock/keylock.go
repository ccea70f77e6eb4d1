// Package keylock serializes work by key with a fixed set of mutexes: two
// keys may share one (rarely), never one key two.
package keylock

import "sync"

// Locks is a set of mutexes picked by key; its zero value is ready.
type Locks [64]sync.Mutex

// For returns the mutex for key.
func (l *Locks) For(key string) *sync.Mutex {
	var h uint32 = 2166136261 // FNV-1a
	for i := 0; i < len(key); i++ {
		h = (h ^ uint32(key[i])) * 16777619
	}
	return &l[h%uint32(len(l))]
}
