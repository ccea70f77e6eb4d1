package auth

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Bounds on parameters read from a stored hash, so a corrupt or hostile
// encoding cannot make VerifyPassword allocate gigabytes, spin, or panic.
const (
	maxMemory  = 1 << 20 // KiB (1 GiB)
	maxTime    = 64
	maxThreads = 64
	minSalt    = 8
	maxSalt    = 64
	minKey     = 16
	maxKey     = 64
)

// phcHash is a decoded $argon2id$v=19$m=..,t=..,p=..$salt$key string.
type phcHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// String renders p in PHC form.
func (p phcHash) String() string {
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
		p.memory, p.time, p.threads, b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

// parsePHC decodes and bounds-checks an argon2id PHC string.
func parsePHC(encoded string) (phcHash, error) {
	var p phcHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v=19" {
		return p, fmt.Errorf("%w: want $argon2id$v=19$m=,t=,p=$salt$hash", ErrMalformedHash)
	}
	if err := p.parseParams(parts[3]); err != nil {
		return p, err
	}
	var err error
	if p.salt, err = decodeField(parts[4], minSalt, maxSalt); err != nil {
		return p, fmt.Errorf("%w: salt %v", ErrMalformedHash, err)
	}
	if p.key, err = decodeField(parts[5], minKey, maxKey); err != nil {
		return p, fmt.Errorf("%w: hash %v", ErrMalformedHash, err)
	}
	return p, nil
}

// parseParams reads exactly "m=<KiB>,t=<passes>,p=<lanes>" in that order.
func (p *phcHash) parseParams(s string) error {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return fmt.Errorf("%w: want m=,t=,p=", ErrMalformedHash)
	}
	m, errM := param(fields[0], "m=", 8, maxMemory)
	t, errT := param(fields[1], "t=", 1, maxTime)
	l, errL := param(fields[2], "p=", 1, maxThreads)
	if errM != nil || errT != nil || errL != nil {
		return fmt.Errorf("%w: parameters out of range or malformed", ErrMalformedHash)
	}
	if m < 8*l {
		return fmt.Errorf("%w: memory below 8 KiB per lane", ErrMalformedHash)
	}
	p.memory, p.time, p.threads = uint32(m), uint32(t), uint8(l)
	return nil
}

// param parses "<prefix><decimal>" within [lo, hi], rejecting signs and
// leading zeros so every hash has one spelling.
func param(field, prefix string, lo, hi uint64) (uint64, error) {
	digits, ok := strings.CutPrefix(field, prefix)
	if !ok || digits == "" || digits[0] < '1' || digits[0] > '9' {
		return 0, ErrMalformedHash
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n < lo || n > hi {
		return 0, ErrMalformedHash
	}
	return n, nil
}

func decodeField(s string, lo, hi int) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") { // the decoder would skip them
		return nil, errors.New("contains a line break")
	}
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, errors.New("is not unpadded standard base64")
	}
	if len(b) < lo || len(b) > hi {
		return nil, fmt.Errorf("is %d bytes, want %d to %d", len(b), lo, hi)
	}
	return b, nil
}
