package rank

// midpoint finds a fraction between a and b (b == "" is the upper bound
// 1), given a < b and neither ends in "0". It keeps the common prefix,
// then takes the middle digit if there is room, or extends a by a digit.
func midpoint(a, b string) string {
	if b != "" {
		n := 0
		for n < len(b) && digitAt(a, n) == b[n] {
			n++
		}
		if n > 0 {
			return b[:n] + midpoint(tail(a, n), b[n:])
		}
	}
	da := 0
	if a != "" {
		da = index(a[0])
	}
	db := base
	if b != "" {
		db = index(b[0])
	}
	if db-da > 1 {
		return string(digits[(da+db+1)/2])
	}
	if len(b) > 1 { // b's first digit alone lies between a and b
		return b[:1]
	}
	return string(digits[da]) + midpoint(tail(a, 1), "")
}

// increment adds one to an integer part; false past the largest.
func increment(x string) (string, bool) {
	head, digs := x[0], []byte(x[1:])
	for i := len(digs) - 1; i >= 0; i-- {
		if d := index(digs[i]) + 1; d < base {
			digs[i] = digits[d]
			return string(head) + string(digs), true
		}
		digs[i] = digits[0]
	}
	switch head {
	case 'Z':
		return "a0", true
	case 'z':
		return "", false
	}
	h := head + 1
	if h > 'a' {
		digs = append(digs, digits[0])
	} else {
		digs = digs[:len(digs)-1]
	}
	return string(h) + string(digs), true
}

// decrement subtracts one from an integer part; false below the smallest.
func decrement(x string) (string, bool) {
	head, digs := x[0], []byte(x[1:])
	for i := len(digs) - 1; i >= 0; i-- {
		if d := index(digs[i]) - 1; d >= 0 {
			digs[i] = digits[d]
			return string(head) + string(digs), true
		}
		digs[i] = digits[base-1]
	}
	switch head {
	case 'a':
		return "Z" + string(digits[base-1]), true
	case 'A':
		return "", false
	}
	h := head - 1
	if h < 'Z' {
		digs = append(digs, digits[base-1])
	} else {
		digs = digs[:len(digs)-1]
	}
	return string(h) + string(digs), true
}

func digitAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return digits[0]
}

func tail(s string, n int) string {
	if n >= len(s) {
		return ""
	}
	return s[n:]
}

func index(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	default:
		return int(c-'a') + 36
	}
}
