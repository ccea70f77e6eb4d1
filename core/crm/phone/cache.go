package phone

import "sync"

// maxCached bounds the WhatsApp IDs remembered: when full the cache starts
// over, so a flood of new senders costs parsing, never memory.
const maxCached = 16_384

// waCache remembers FromWhatsAppID's answers: inbound messages come from
// the same senders again and again, and parsing one costs ~40 µs
// (libphonenumber's metadata regexps).
var waCache = struct {
	sync.Mutex
	m map[string]waResult
}{m: map[string]waResult{}}

type waResult struct {
	e164 string
	err  error
}

func cachedWhatsAppID(waID string, parse func(string) (string, error)) (string, error) {
	waCache.Lock()
	r, ok := waCache.m[waID]
	waCache.Unlock()
	if ok {
		return r.e164, r.err
	}
	r.e164, r.err = parse(waID)
	waCache.Lock()
	if len(waCache.m) >= maxCached {
		clear(waCache.m)
	}
	waCache.m[waID] = r
	waCache.Unlock()
	return r.e164, r.err
}
