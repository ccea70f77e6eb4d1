package sdk

import (
	"context"
	"slices"
)

// Capability is something a channel can do, so flows and the inbox offer
// only what works.
type Capability string

// The channel capabilities.
const (
	CapText         Capability = "text"
	CapTemplate     Capability = "template"      // pre-approved templates
	CapMedia        Capability = "media"         // images, audio, video, documents
	CapInteractive  Capability = "interactive"   // reply buttons and lists
	CapReactions    Capability = "reactions"     // emoji reactions
	CapReadReceipts Capability = "read_receipts" // marking inbound messages read
	CapLocation     Capability = "location"      // receiving shared locations
	CapWindow24h    Capability = "window_24h"    // free-form only within 24 h of the last inbound message
)

var knownCaps = []Capability{CapText, CapTemplate, CapMedia, CapInteractive,
	CapReactions, CapReadReceipts, CapLocation, CapWindow24h}

// ChannelSpec declares a messaging channel.
type ChannelSpec struct {
	// Name is what flows match on ("whatsapp", "sms").
	Name         string       `json:"name"`
	Capabilities []Capability `json:"capabilities"`
}

// Supports reports whether the channel declares capability c.
func (s ChannelSpec) Supports(c Capability) bool { return slices.Contains(s.Capabilities, c) }

// Channel is implemented by plugins that send messages. The host checks an
// [OutboundMessage] with [OutboundMessage.Validate] and against the declared
// capabilities before calling Send.
type Channel interface {
	// Send delivers msg and returns the provider's message ID. Errors should
	// carry a class (see [ClassOf]).
	Send(ctx context.Context, msg OutboundMessage) (SendResult, error)
}

// SendResult is what a provider answered to a send.
type SendResult struct {
	// MessageID is the provider's ID for the message ("wamid…", "SM…");
	// status updates refer to it.
	MessageID string `json:"message_id"`
	// Status is the provider's first status, usually [StatusSent] or empty.
	Status DeliveryStatus `json:"status,omitempty"`
	// Held says the provider accepted the message but holds it before
	// sending it on (WhatsApp's template pacing answers a template send
	// "held_for_quality_assessment"); a later status report ends the hold.
	// It is no status of its own: the message is sent all the same.
	Held bool `json:"held,omitempty"`
}

// WebhookHandler is implemented by plugins that declare Webhooks in their
// manifest. A channel that keeps its own connection (a websocket client)
// emits through [Events] instead and need not implement it.
type WebhookHandler interface {
	// HandleWebhook verifies and parses one provider request. It returns the
	// HTTP response to send back and the normalized events to publish. An
	// error answers 500 and the provider retries; a request that fails
	// verification should get a 4xx response and no error.
	HandleWebhook(ctx context.Context, req WebhookRequest) (WebhookResponse, []Event, error)
}
