//go:build !noweb

// Package web embeds the built dashboard (web/dist, made by `make build`).
// Build with -tags noweb to leave it out.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS is the dashboard's files, index.html at the root. Before the first
// `make build` it holds no index.html and the server shows a notice.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}
