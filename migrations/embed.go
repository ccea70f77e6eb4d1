// Package migrations embeds the SQL migrations of each store driver. A
// released migration is never edited: the store records each file's
// checksum and refuses to start if one changed. Add a new numbered file.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql, applied in name order.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
