// Command twilio-sms runs the Twilio SMS channel plugin as a go-plugin
// subprocess of a Master IA host.
package main

import "github.com/masteria/masteria/plugins/twiliosms"

func main() { twiliosms.Serve() }
