package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
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
	s.WhatsAppURL, s.TwilioURL = "http://"+s.listenWhatsApp.Addr().String(), "http://"+s.listenTwilio.Addr().String()
	return s, nil
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
	return []string{s.listenWhatsApp.Addr().String(), s.listenTwilio.Addr().String()}
}

// runSim runs the provider simulators standalone.
func runSim(args []string) int {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	wa := fs.String("whatsapp", "127.0.0.1:9100", "WhatsApp Cloud API simulator address")
	tw := fs.String("twilio", "127.0.0.1:9200", "Twilio simulator address")
	waHook := fs.String("whatsapp-webhook", "", "where the WhatsApp simulator posts webhooks (a connection's /hooks/ URL)")
	twHook := fs.String("twilio-inbound", "", "where the Twilio simulator posts inbound SMS")
	talk := fs.Bool("customers", false, "simulated customers answer what they receive (as under serve --demo)")
	faultFile := fs.String("faults", "", "a JSON fault file: API errors by code or status, latency, dropped, duplicated or reordered webhooks")
	if err := fs.Parse(args); err != nil {
		return 2
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
	fmt.Printf("WhatsApp Cloud API simulator: %s  (phone number %s, token %s)\n", s.WhatsAppURL, wasim.DemoPhoneNumberID, wasim.DemoAccessToken)
	fmt.Printf("Twilio simulator:             %s  (account %s, number %s)\n", s.TwilioURL, twiliosim.DemoAccountSID, twiliosim.DemoNumber)
	fmt.Println("Inspect: GET /_sim/messages on either. Ctrl-C stops.")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}
