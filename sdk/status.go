package sdk

import "time"

// DeliveryStatus is where an outbound message is on its way.
type DeliveryStatus string

// The delivery statuses, in the order they normally happen. Providers
// deliver them unordered and repeated; "read" may come without "delivered".
const (
	StatusSent      DeliveryStatus = "sent"
	StatusDelivered DeliveryStatus = "delivered"
	StatusRead      DeliveryStatus = "read"
	StatusFailed    DeliveryStatus = "failed"
)

// StatusUpdate is a provider's report on a message the platform sent. It is
// the payload of [SubjectMessageStatus].
type StatusUpdate struct {
	// ProviderMessageID is the [SendResult.MessageID] this update is about.
	ProviderMessageID string         `json:"provider_message_id"`
	Recipient         string         `json:"recipient"`
	Status            DeliveryStatus `json:"status"`
	Timestamp         time.Time      `json:"timestamp"`
	// Errors explain a failed status.
	Errors []ProviderError `json:"errors,omitempty"`
}

// ProviderError is an error as a provider reported it.
type ProviderError struct {
	Code    string `json:"code"` // the provider's code, as text: "131047", "30003"
	Title   string `json:"title,omitempty"`
	Message string `json:"message,omitempty"`
	Details string `json:"details,omitempty"`
}
