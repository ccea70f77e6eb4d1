// Package ids makes the platform's identifiers: a short type prefix and a
// time-ordered, random ULID-style body ("ten_01jd3…"), so IDs sort by
// creation and say what they name.
package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"time"
)

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// New returns prefix + "_" + 26 characters: 48 bits of milliseconds and 80
// random bits in Crockford base32.
func New(prefix string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("ids: no randomness: " + err.Error())
	}
	out := make([]byte, 0, len(prefix)+27)
	out = append(out, prefix...)
	out = append(out, '_')
	return string(appendBase32(out, b))
}

// Keyed returns prefix + "_" + 26 characters derived from key alone: the
// same key always gets the same ID. It names a record made from something
// that may arrive twice (a redelivered channel event), so the second
// arrival finds the first's row. Unlike New, it does not sort by time.
func Keyed(prefix, key string) string {
	sum := sha256.Sum256([]byte(key))
	var b [16]byte
	copy(b[:], sum[:])
	out := make([]byte, 0, len(prefix)+27)
	out = append(out, prefix...)
	out = append(out, '_')
	return string(appendBase32(out, b))
}

// appendBase32 encodes 128 bits as 26 base32 characters (the first holds 3 bits).
func appendBase32(dst []byte, b [16]byte) []byte {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var chars [26]byte
	for i := 25; i >= 0; i-- {
		chars[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return append(dst, chars[:]...)
}
