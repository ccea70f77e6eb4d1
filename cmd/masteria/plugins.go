package main

import (
	"fmt"
	"os"
	"os/exec"
	"sort"

	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/plugins/twiliosms"
	"github.com/masteria/masteria/plugins/whatsappcloud"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// shipped are the first-party plugins inside this executable. Each runs as
// a go-plugin subprocess of it (`masteria plugin serve ID`), speaking the
// same protocol as third-party plugins.
var shipped = map[string]sdk.Factory{
	"whatsapp-cloud": whatsappcloud.Factory,
	"twilio-sms":     twiliosms.Factory,
}

func runPlugin(args []string) int {
	if helpFor(args, "masteria plugin list | inspect ID | serve ID") {
		return 0
	}
	if len(args) == 0 {
		return fail(fmt.Errorf("usage: masteria plugin list | inspect ID | serve ID"))
	}
	switch args[0] {
	case "list":
		return pluginList()
	case "inspect":
		if len(args) != 2 {
			return fail(fmt.Errorf("usage: masteria plugin inspect ID"))
		}
		return pluginInspect(args[1])
	case "serve":
		if len(args) != 2 {
			return fail(fmt.Errorf("usage: masteria plugin serve ID"))
		}
		f, ok := shipped[args[1]]
		if !ok {
			return fail(fmt.Errorf("no shipped plugin %q", args[1]))
		}
		servePluginPprof(args[1])
		tuneGC()
		grpcplugin.Serve(f)
		return 0
	}
	return fail(fmt.Errorf("unknown plugin command %q", args[0]))
}

func shippedIDs() []string {
	ids := make([]string, 0, len(shipped))
	for id := range shipped {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func pluginList() int {
	for _, id := range shippedIDs() {
		m := shipped[id]().Manifest()
		fmt.Printf("%-16s %-8s %-5s %d actions  %s\n", m.ID, m.Version, m.Runtime, len(m.Actions), m.Title)
	}
	return 0
}

// pluginInspect prints a plugin's manifest and its generated reference.
func pluginInspect(id string) int {
	f, ok := shipped[id]
	if !ok {
		return fail(fmt.Errorf("no plugin %q (see masteria plugin list)", id))
	}
	fmt.Print(sdk.Reference(f().Manifest()))
	return 0
}

// pluginCommands starts every shipped plugin from this same executable.
func pluginCommands() ([]app.PluginCommand, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var out []app.PluginCommand
	for _, id := range shippedIDs() {
		id := id
		out = append(out, app.PluginCommand{ID: id, Command: func() *exec.Cmd { return exec.Command(self, "plugin", "serve", id) }})
	}
	return out, nil
}
