//go:build noweb

package web

import "io/fs"

// FS is nil when the binary is built without the dashboard.
func FS() fs.FS { return nil }
