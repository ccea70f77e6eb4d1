// Package ident holds the grammar of the identifiers a plugin manifest uses:
// plugin IDs, namespaces, dotted action and event IDs, field names and
// semantic versions. It is internal so the grammar can change in one place.
package ident

import (
	"regexp"
	"strings"
)

var (
	pluginRE    = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	namespaceRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	dottedRE    = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	fieldRE     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	// semverRE is the regular expression published on semver.org.
	semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)` +
		`(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?` +
		`(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
)

// MaxLen bounds every identifier, so IDs fit in subjects, paths and columns.
const MaxLen = 64

// PluginID reports whether s is a plugin ID: lowercase words joined by
// hyphens, starting with a letter ("whatsapp-cloud").
func PluginID(s string) bool { return len(s) <= MaxLen && pluginRE.MatchString(s) }

// Namespace reports whether s is a namespace ("whatsapp", "kanban").
func Namespace(s string) bool { return len(s) <= MaxLen && namespaceRE.MatchString(s) }

// Dotted reports whether s is a namespaced ID of two or more lowercase
// segments joined by dots ("whatsapp.send", "message.received").
func Dotted(s string) bool { return len(s) <= 2*MaxLen && dottedRE.MatchString(s) }

// FieldName reports whether s is a field name: a letter followed by
// letters, digits or underscores.
func FieldName(s string) bool { return len(s) <= MaxLen && fieldRE.MatchString(s) }

// Semver reports whether s is a semantic version 2.0.0 without a "v" prefix.
func Semver(s string) bool { return semverRE.MatchString(s) }

// NamespaceOf returns the first segment of a dotted ID.
func NamespaceOf(id string) string {
	ns, _, _ := strings.Cut(id, ".")
	return ns
}
