// Command whatsapp-cloud runs the WhatsApp Cloud API channel plugin as a
// go-plugin subprocess of a Master IA host.
package main

import "github.com/masteria/masteria/plugins/whatsappcloud"

func main() { whatsappcloud.Serve() }
