// Command masteria is the whole platform in one binary: the server, its
// maintenance commands and the developer tools. It only wires; the work is
// in core/.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
)

const usage = `masteria — automation platform for business messaging

Usage:
  masteria serve   [--config FILE] [--addr :8080] [--data DIR] [--demo] [--egress-allow-hosts HOSTS]
  masteria migrate [--config FILE] [--data DIR]
  masteria tenant create --name N --email E --password P
  masteria secrets rotate
  masteria flow lint FILE...         check flows: file:line:col: code: message
  masteria flow test FILE...         run the flows' tests: with mocked actions
  masteria plugin list | inspect ID  the plugins this executable ships
  masteria sim [--whatsapp ADDR] [--twilio ADDR] [--whatsapp-webhook URL] [--twilio-inbound URL]
               [--customers] [--faults FILE]
                                     the provider simulators; print each one's connection config
  masteria openapi                 print the OpenAPI document
  masteria version

Environment: MASTERIA_DATABASE_URL (postgres://… switches to Postgres),
MASTERIA_BUS_URL (nats://… uses an external NATS), MASTERIA_MASTER_KEY,
MASTERIA_ADDR, MASTERIA_DATA, MASTERIA_LOG_LEVEL, MASTERIA_LOG_FORMAT,
MASTERIA_EGRESS_ALLOW_HOSTS (hosts every plugin may reach, such as the
simulators': 127.0.0.1:9100,127.0.0.1:9200).

"masteria COMMAND --help" describes a command's flags.
`

type command func(args []string) int

var commands = map[string]command{
	"serve":   runServe,
	"migrate": runMigrate,
	"tenant":  runTenant,
	"secrets": runSecrets,
	"flow":    runFlow,
	"plugin":  runPlugin,
	"sim":     runSim,
	"version": runVersion,
	"openapi": runOpenAPI,
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if isHelp(os.Args[1]) {
		fmt.Print(usage)
		os.Exit(0)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n", os.Args[1])
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	os.Exit(cmd(os.Args[2:]))
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// parseFlags parses a command's flags. ok is false when the command should
// stop with code: 0 after printing the help it was asked for (to stdout),
// 2 after a bad flag (reported on stderr).
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.Usage = func() {
		fmt.Fprintf(&out, "Usage: masteria %s [flags]\n", fs.Name())
		fs.PrintDefaults()
	}
	err := fs.Parse(args)
	fs.SetOutput(nil)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		os.Stdout.Write(out.Bytes())
		return 0, false
	}
	os.Stderr.Write(out.Bytes())
	return 2, false
}

// helpFor prints a subcommand's usage line when args ask for help.
func helpFor(args []string, usage string) bool {
	if len(args) == 0 || !isHelp(args[0]) {
		return false
	}
	fmt.Println("Usage:", usage)
	return true
}

// fail prints an error and returns the exit code for it.
func fail(err error) int {
	fmt.Fprintln(os.Stderr, "masteria:", err)
	return 1
}
