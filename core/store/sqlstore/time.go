package sqlstore

import "time"

// Times are stored as Unix milliseconds in both dialects.
func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func fromNullMS(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

// collect scans every row with scan and closes rows.
func collect[T any](r rows, err error, scan func(r rows) (T, error)) ([]T, error) {
	return collectOnto([]T{}, r, err, scan)
}

// collectOnto is collect appending to out, which may have room reserved.
func collectOnto[T any](out []T, r rows, err error, scan func(r rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for r.Next() {
		v, err := scan(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, r.Err()
}
