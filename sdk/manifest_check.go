package sdk

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/masteria/masteria/sdk/internal/hostmatch"
	"github.com/masteria/masteria/sdk/internal/ident"
)

// Validate reports every problem in the manifest at once, joined with
// errors.Join; each is a [FieldError] with a path such as
// "actions[1].input.text". It checks IDs, the version, the runtime, that
// action IDs and event subjects sit in the declared namespaces, that nothing
// is declared twice, every field declaration, and the permissions.
func (m Manifest) Validate() error {
	var c checker
	m.checkIdentity(&c)
	m.checkActions(&c)
	m.checkEvents(&c)
	m.checkChannel(&c)
	c.decls("config", m.Config.specs())
	m.Permissions.check(&c)
	errs := make([]error, len(c.errs))
	for i, e := range c.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

func (m Manifest) checkIdentity(c *checker) {
	c.ident("id", m.ID, ident.PluginID, "lowercase words joined by hyphens, such as whatsapp-cloud")
	c.ident("version", m.Version, ident.Semver, "a semantic version such as 1.2.3")
	if m.Runtime != RuntimeGRPC && m.Runtime != RuntimeWASM {
		c.add("runtime", CodeEnum, "must be one of %q, %q", RuntimeGRPC, RuntimeWASM)
	}
	if strings.TrimSpace(m.Title) == "" {
		c.add("title", CodeRequired, "is required")
	}
	seen := map[string]bool{}
	for i, ns := range m.Namespaces {
		p := fmt.Sprintf("namespaces[%d]", i)
		c.ident(p, ns, ident.Namespace, "a lowercase word such as whatsapp")
		c.unique(seen, p, ns)
	}
}

// ident checks a required identifier against its grammar.
func (c *checker) ident(path, v string, valid func(string) bool, want string) {
	switch {
	case v == "":
		c.add(path, CodeRequired, "is required")
	case !valid(v):
		c.add(path, CodeFormat, "%q is not valid: want %s", v, want)
	}
}

func (c *checker) unique(seen map[string]bool, path, v string) {
	if v != "" && seen[v] {
		c.add(path, CodeDuplicate, "%q is declared twice", v)
	}
	seen[v] = true
}

func (m Manifest) checkActions(c *checker) {
	seen := map[string]bool{}
	for i, a := range m.Actions {
		p := fmt.Sprintf("actions[%d]", i)
		c.ident(p+".id", a.ID, ident.Dotted, "a namespaced ID such as whatsapp.send")
		m.inNamespace(c, p+".id", a.ID)
		c.unique(seen, p+".id", a.ID)
		if strings.TrimSpace(a.Title) == "" {
			c.add(p+".title", CodeRequired, "is required")
		}
		c.decls(p+".input", a.Input.specs())
		c.decls(p+".output", a.Output.specs())
	}
}

func (m Manifest) checkEvents(c *checker) {
	seen := map[string]bool{}
	for i, e := range m.Events {
		p := fmt.Sprintf("events[%d]", i)
		c.ident(p+".subject", e.Subject, ident.Dotted, "a dotted subject such as message.received")
		if !IsStandardSubject(e.Subject) {
			m.inNamespace(c, p+".subject", e.Subject)
		}
		c.unique(seen, p+".subject", e.Subject)
		c.decls(p+".payload", e.Payload.specs())
	}
}

func (m Manifest) inNamespace(c *checker, path, id string) {
	if ident.Dotted(id) && !slices.Contains(m.Namespaces, ident.NamespaceOf(id)) {
		c.add(path, CodeInvalid, "%q is outside the plugin's namespaces [%s]", id, strings.Join(m.Namespaces, ", "))
	}
}

func (m Manifest) checkChannel(c *checker) {
	if m.Channel == nil {
		return
	}
	c.ident("channel.name", m.Channel.Name, ident.Namespace, "a lowercase word such as whatsapp")
	if len(m.Channel.Capabilities) == 0 {
		c.add("channel.capabilities", CodeRequired, "a channel declares at least one capability")
	}
	seen := map[string]bool{}
	for i, cp := range m.Channel.Capabilities {
		p := fmt.Sprintf("channel.capabilities[%d]", i)
		if !slices.Contains(knownCaps, cp) {
			c.add(p, CodeEnum, "%q is not a capability", cp)
		}
		c.unique(seen, p, string(cp))
	}
}

func (p Permissions) check(c *checker) {
	seen := map[string]bool{}
	for i, h := range p.Hosts {
		path := fmt.Sprintf("permissions.hosts[%d]", i)
		if _, err := hostmatch.Parse(h); err != nil {
			c.add(path, CodeFormat, "%q: %v", h, err)
		}
		c.unique(seen, path, strings.ToLower(h))
	}
	seen = map[string]bool{}
	for i, s := range p.Services {
		path := fmt.Sprintf("permissions.services[%d]", i)
		if !slices.Contains(knownServices, s) {
			c.add(path, CodeEnum, "%q is not a host service", s)
		}
		c.unique(seen, path, string(s))
	}
	if len(p.Hosts) > 0 && !p.Allows(ServiceHTTP) {
		c.add("permissions.services", CodeInvalid, "hosts are declared but the %q service is not", ServiceHTTP)
	}
}
