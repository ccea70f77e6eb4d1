package flow

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var durationPartRe = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)`)

var durationUnits = map[string]time.Duration{
	"ms": time.Millisecond, "s": time.Second, "m": time.Minute,
	"h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

// maxDuration caps flow durations at ten years; longer is surely a typo.
const maxDuration = 10 * 365 * 24 * time.Hour

// ParseDuration reads a flow duration: one or more number-unit parts with
// units ms, s, m, h, d (24h) and w (7d), such as 90s, 24h, 2d or 1h30m.
// Days are fixed 24-hour spans; calendar-aware waits use delay's until.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("empty duration")
	}
	var total float64
	for rest := s; rest != ""; {
		m := durationPartRe.FindStringSubmatch(rest)
		if m == nil {
			return 0, fmt.Errorf("%q is not a duration; use forms like 90s, 15m, 24h, 2d or 1h30m", s)
		}
		n, _ := strconv.ParseFloat(m[1], 64)
		total += n * float64(durationUnits[m[2]])
		rest = rest[len(m[0]):]
	}
	if total > float64(maxDuration) {
		return 0, fmt.Errorf("%q is longer than ten years", s)
	}
	return time.Duration(total), nil
}
