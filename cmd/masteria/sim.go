package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// simulators are the provider simulators running in this process.
type simulators struct {
	customers      *customers // simulated customers answer (demo, sim --customers)
	WhatsApp       *wasim.Server
	Twilio         *twiliosim.Server
	WhatsAppURL    string
	TwilioURL      string
	listenWhatsApp net.Listener
	listenTwilio   net.Listener
	store          *demoStore // the demo's shop (serve --demo only)
}

// startSimulators serves both simulators on the given addresses; webhooks
// go to whatsappHook and Twilio's numbers point at twilioHook (empty: none).
func startSimulators(waAddr, twAddr, whatsappHook, twilioHook string) (*simulators, error) {
	s, err := listenSimulators(waAddr, twAddr)
	if err != nil {
		return nil, err
	}
	return s, s.serve(whatsappHook, twilioHook)
}

// listenSimulators opens the listeners first, so their addresses are known
// (for connections and the egress guard) before the simulators start.
func listenSimulators(waAddr, twAddr string) (*simulators, error) {
	s := &simulators{}
	var err error
	if s.listenWhatsApp, err = net.Listen("tcp", waAddr); err != nil {
		return nil, fmt.Errorf("whatsapp simulator: %w", err)
	}
	if s.listenTwilio, err = net.Listen("tcp", twAddr); err != nil {
		s.listenWhatsApp.Close()
		return nil, fmt.Errorf("twilio simulator: %w", err)
	}
	s.WhatsAppURL, s.TwilioURL = "http://"+reachable(s.listenWhatsApp.Addr()), "http://"+reachable(s.listenTwilio.Addr())
	return s, nil
}

// reachable is where a server on this machine reaches a listener: on
// loopback when it listens on every interface (":9100", "0.0.0.0:9100").
func reachable(addr net.Addr) string {
	if a, ok := addr.(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(a.Port))
	}
	return addr.String()
}

// serve starts both simulators on their listeners.
func (s *simulators) serve(whatsappHook, twilioHook string) error {
	wcfg, tcfg := wasim.DefaultConfig(), twiliosim.DefaultConfig()
	wcfg.WebhookURL, wcfg.PublicURL = whatsappHook, s.WhatsAppURL
	tcfg.PublicURL = s.TwilioURL
	if s.customers != nil {
		wcfg.AutoReply, tcfg.AutoReply = s.customers.whatsapp, s.customers.sms
	}
	var err error
	if s.WhatsApp, err = wasim.New(wcfg); err != nil {
		return err
	}
	if s.Twilio, err = twiliosim.New(tcfg); err != nil {
		return err
	}
	if twilioHook != "" {
		if err := s.Twilio.SetSMSURL(twiliosim.DemoNumber, twilioHook); err != nil {
			return err
		}
	}
	go s.WhatsApp.Serve(s.listenWhatsApp)
	go s.Twilio.Serve(s.listenTwilio)
	return nil
}

func (s *simulators) Close() {
	if s.WhatsApp != nil {
		s.WhatsApp.Close()
		s.Twilio.Close()
		return
	}
	s.listenWhatsApp.Close()
	s.listenTwilio.Close()
}

// Hosts are the simulators' host:port pairs, for the plugins' egress guard.
func (s *simulators) Hosts() []string {
	return []string{reachable(s.listenWhatsApp.Addr()), reachable(s.listenTwilio.Addr())}
}

// whatsAppConnection is a whatsapp-cloud connection's config for the
// simulator's demo number.
func (s *simulators) whatsAppConnection() map[string]any {
	return map[string]any{"graph_base_url": s.WhatsAppURL, "access_token": wasim.DemoAccessToken,
		"app_secret": wasim.DemoAppSecret, "verify_token": wasim.DemoVerifyToken,
		"phone_number_id": wasim.DemoPhoneNumberID, "waba_id": wasim.DemoWABAID}
}

// twilioConnection is a twilio-sms connection's config for the simulator's
// demo number.
func (s *simulators) twilioConnection() map[string]any {
	return map[string]any{"base_url": s.TwilioURL, "account_sid": twiliosim.DemoAccountSID,
		"auth_token": twiliosim.DemoAuthToken, "from": twiliosim.DemoNumber}
}

// runSim runs the provider simulators standalone.
func runSim(args []string) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	wa := fs.String("whatsapp", "127.0.0.1:9100", "WhatsApp Cloud API simulator address")
	tw := fs.String("twilio", "127.0.0.1:9200", "Twilio simulator address")
	waHook := fs.String("whatsapp-webhook", "", "where the WhatsApp simulator posts webhooks: a connection's http://SERVER/hooks/{connection_id}")
	twHook := fs.String("twilio-inbound", "", "where the Twilio simulator posts inbound SMS: a connection's http://SERVER/hooks/{connection_id}")
	talk := fs.Bool("customers", false, "simulated customers answer what they receive (as under serve --demo)")
	faultFile := fs.String("faults", "", "a JSON fault `FILE`: API errors by code or status, latency, held template sends, dropped, duplicated, reordered or batched webhooks")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	faults, err := readSimFaults(*faultFile)
	if err != nil {
		return fail(err)
	}
	s, err := listenSimulators(*wa, *tw)
	if err != nil {
		return fail(err)
	}
	if *talk {
		s.customers = newCustomers()
	}
	if err := s.serve(*waHook, *twHook); err != nil {
		s.Close()
		return fail(err)
	}
	defer s.Close()
	faults.apply(s)
	s.announce(os.Stdout, *waHook, *twHook)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}

// announce prints what a server needs to use the simulators: each one's
// connection config, where its webhooks go, and the egress hosts to allow.
func (s *simulators) announce(w io.Writer, whatsappHook, twilioHook string) {
	js := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	hook := func(url, option string) string {
		if url != "" {
			return url
		}
		return "none yet: create the connection, then connect its webhooks with POST http://SERVER/api/v1/connections/{connection_id}/webhooks/connect " +
			"(the server needs public_url, or MASTERIA_PUBLIC_URL, set to its address), or restart the simulator with " + option +
			" http://SERVER/hooks/{connection_id} (until then POST /_sim/inbound answers 409)"
	}
	fmt.Fprintf(w, "WhatsApp Cloud API simulator: %s\n", s.WhatsAppURL)
	fmt.Fprintf(w, "  whatsapp-cloud connection config: %s\n", js(s.whatsAppConnection()))
	fmt.Fprintf(w, "  webhooks to: %s\n", hook(whatsappHook, "--whatsapp-webhook"))
	fmt.Fprintf(w, "Twilio simulator:             %s\n", s.TwilioURL)
	fmt.Fprintf(w, "  twilio-sms connection config: %s\n", js(s.twilioConnection()))
	fmt.Fprintf(w, "  inbound SMS to: %s\n", hook(twilioHook, "--twilio-inbound"))
	fmt.Fprintf(w, "Let the server's plugins reach them (egress is limited to each plugin's declared hosts):\n")
	fmt.Fprintf(w, "  MASTERIA_EGRESS_ALLOW_HOSTS=%s masteria serve   (or serve --egress-allow-hosts, or egress_allow_hosts in the config file)\n",
		strings.Join(s.Hosts(), ","))
	fmt.Fprintln(w, "Inspect: GET /_sim/messages on either. Ctrl-C stops.")
}
