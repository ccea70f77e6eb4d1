package sdk

import (
	"fmt"
	"strings"
)

// Reference renders the plugin's reference page in Markdown from its
// manifest: identity, configuration, permissions, actions with their inputs
// and outputs, and events with their payloads. The output is deterministic,
// so it can be committed and diffed.
func Reference(m Manifest) string {
	var b strings.Builder
	writeHeader(&b, m)
	b.WriteString("\n## Configuration\n\n")
	writeFields(&b, m.Config)
	writePermissions(&b, m.Permissions)
	if len(m.Actions) > 0 {
		b.WriteString("\n## Actions\n")
	}
	for _, a := range m.Actions {
		writeAction(&b, a)
	}
	if len(m.Events) > 0 {
		b.WriteString("\n## Events\n")
	}
	for _, e := range m.Events {
		fmt.Fprintf(&b, "\n### `%s`\n\n", e.Subject)
		writeParagraph(&b, e.Description)
		b.WriteString("**Payload**\n\n")
		writeFields(&b, e.Payload)
	}
	return b.String()
}

func writeHeader(b *strings.Builder, m Manifest) {
	fmt.Fprintf(b, "# %s (`%s`)\n\n", m.Title, m.ID)
	writeParagraph(b, m.Description)
	fmt.Fprintf(b, "- **Version:** %s\n- **Runtime:** %s\n", m.Version, m.Runtime)
	if len(m.Namespaces) > 0 {
		fmt.Fprintf(b, "- **Namespaces:** %s\n", codeList(m.Namespaces))
	}
	if m.Channel != nil {
		caps := make([]string, len(m.Channel.Capabilities))
		for i, c := range m.Channel.Capabilities {
			caps[i] = string(c)
		}
		fmt.Fprintf(b, "- **Channel:** `%s` — %s\n", m.Channel.Name, strings.Join(caps, ", "))
	}
	if m.Webhooks {
		b.WriteString("- **Webhooks:** handled at `/hooks/{connection_id}`\n")
	}
}

func writePermissions(b *strings.Builder, p Permissions) {
	b.WriteString("\n## Permissions\n\n")
	hosts := "none"
	if len(p.Hosts) > 0 {
		hosts = codeList(p.Hosts)
	}
	services := make([]string, len(p.Services))
	for i, s := range p.Services {
		services[i] = string(s)
	}
	if len(services) == 0 {
		services = []string{"none"}
	}
	fmt.Fprintf(b, "- **Network hosts:** %s\n- **Host services:** %s\n", hosts, strings.Join(services, ", "))
}

func writeAction(b *strings.Builder, a ActionSpec) {
	fmt.Fprintf(b, "\n### `%s` — %s\n\n", a.ID, a.Title)
	writeParagraph(b, a.Description)
	b.WriteString("**Input**\n\n")
	writeFields(b, a.Input)
	b.WriteString("\n**Output**\n\n")
	writeFields(b, a.Output)
}

func writeParagraph(b *strings.Builder, text string) {
	if text = strings.TrimSpace(text); text != "" {
		b.WriteString(text + "\n\n")
	}
}

func codeList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "`" + s + "`"
	}
	return strings.Join(q, ", ")
}
