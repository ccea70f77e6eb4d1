package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// errorSpec is one row of Meta's error-code table: the HTTP status the Graph
// API answers with, the code's title, and the default error_data.details.
type errorSpec struct {
	status  int
	title   string
	details string
}

// errorCatalog holds the codes the simulator can produce (providers.md §1.3).
// Rate limits answer HTTP 400: only the code says "rate limit".
var errorCatalog = map[int]errorSpec{
	0:      {401, "AuthException", "We were unable to authenticate the app user."},
	1:      {400, "API Unknown", "Invalid request or possible server error."},
	2:      {503, "API Service", "Temporary due to downtime or due to being overloaded."},
	3:      {500, "API Method", "Capability or permissions issue."},
	4:      {400, "API Too Many Calls", "The app has reached its API call rate limit."},
	10:     {403, "Permission Denied", "Permission is either not granted or has been removed."},
	100:    {400, "Invalid parameter", ""},
	190:    {401, "Access token has expired", ""},
	200:    {403, "API Permission", "Permission is either not granted or has been removed."},
	368:    {403, "Temporarily blocked for policies violations", "The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy."},
	80007:  {400, "Rate limit issues", "The WhatsApp Business Account has reached its rate limit."},
	130429: {400, "Rate limit hit", "Cloud API message throughput has been reached."},
	130472: {400, "User's number is part of an experiment", "Failed to send message because this user's phone number is part of an experiment."},
	130497: {403, "Business account is restricted from messaging users in this country", "The business is restricted from messaging users in this country."},
	131000: {500, "Something went wrong", "Message failed to send due to an unknown error."},
	131005: {403, "Access denied", "Permission is either not granted or has been removed."},
	131008: {400, "Required parameter is missing", "The request is missing a required parameter."},
	131009: {400, "Parameter value is not valid", "One or more parameter values are invalid."},
	131016: {500, "Service unavailable", "A service is temporarily unavailable."},
	131021: {400, "Recipient cannot be sender", "Sender and recipient phone number is the same."},
	131026: {400, "Message Undeliverable", "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version."},
	131031: {403, "Account has been locked", "The Business Account was locked."},
	131042: {400, "Business eligibility payment issue", "There was an error related to your payment method."},
	131045: {500, "Incorrect certificate", "Message failed to send due to a phone number registration error."},
	131047: {400, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
	131048: {400, "Spam rate limit hit", "Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam."},
	131049: {400, "This message was not delivered to maintain healthy ecosystem engagement.", "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."},
	131050: {400, "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.", "The user has stopped marketing messages from this business."},
	131051: {400, "Unsupported message type", "Message type is not currently supported."},
	131052: {400, "Media download error", "Unable to download the media sent by the user."},
	131053: {400, "Media upload error", "Unable to upload the media used in the message."},
	131056: {400, "(Business Account, Consumer Account) pair rate limit hit", "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time."},
	131057: {500, "Account in maintenance mode", "Business Account is in maintenance mode. One reason for this could be that the account is undergoing a throughput upgrade."},
	132000: {400, "Number of parameters does not match the expected number of params", ""},
	132001: {404, "Template name does not exist in the translation", ""},
	132005: {400, "Translated text too long", "Translated text is too long."},
	132007: {400, "Template Format Character Policy Violated", "Template content violates a WhatsApp policy."},
	132012: {400, "Parameter format does not match format in the created template", ""},
	132015: {400, "Template is Paused", "Template is paused due to low quality so it cannot be sent in a template message."},
	132016: {400, "Template is Disabled", "Template has been paused too many times due to low quality and is now permanently disabled."},
	132018: {400, "There was an issue with the parameters in your template.", "Param text cannot have new-line/tab characters or more than 4 consecutive spaces."},
	132068: {400, "Flow is in blocked state", "Flow is in blocked state."},
	132069: {400, "Flow is in throttled state", "Flow is in throttled state and 10 messages using this flow were already sent in the last hour."},
	133016: {400, "Account register deregister rate limit exceeded", "Registration or Deregistration failed because there were too many attempts for this phone number in a short period of time."},
	135000: {400, "Generic user error", "Message failed to send because of an unknown error with your request parameters."},
}

// errorDocsHref is the href Meta puts in webhook error objects.
const errorDocsHref = "/documentation/business-messaging/whatsapp/support/error-codes"

// GraphError is the Graph API error object, sent as {"error": GraphError}.
type GraphError struct {
	Message      string     `json:"message"`
	Type         string     `json:"type"`
	Code         int        `json:"code"`
	ErrorData    *ErrorData `json:"error_data,omitempty"`
	ErrorSubcode int        `json:"error_subcode,omitempty"`
	IsTransient  bool       `json:"is_transient,omitempty"`
	FBTraceID    string     `json:"fbtrace_id"`

	status int // HTTP status, not serialized
}

// ErrorData is the WhatsApp-specific part of an error.
type ErrorData struct {
	MessagingProduct string `json:"messaging_product,omitempty"`
	Details          string `json:"details"`
}

// WebhookError is an error as it appears inside a webhook (statuses[].errors,
// messages[].errors, value.errors).
type WebhookError struct {
	Code      int       `json:"code"`
	Title     string    `json:"title"`
	Message   string    `json:"message"`
	ErrorData ErrorData `json:"error_data"`
	Href      string    `json:"href,omitempty"`
}

// Error makes GraphError an error.
func (e *GraphError) Error() string { return e.Message }

// Status returns the HTTP status the error is answered with.
func (e *GraphError) Status() int { return e.status }

func specOf(code int) errorSpec {
	if s, ok := errorCatalog[code]; ok {
		return s
	}
	return errorSpec{400, "Unknown error", "An unknown error occurred."}
}

// codeError builds the error Meta answers for code, with details (or the
// code's default details when empty), as "(#code) title".
func codeError(code int, details string) *GraphError {
	spec := specOf(code)
	if details == "" {
		details = spec.details
	}
	e := &GraphError{
		Message: "(#" + strconv.Itoa(code) + ") " + spec.title,
		Type:    "OAuthException",
		Code:    code,
		status:  spec.status,
	}
	if details != "" {
		e.ErrorData = &ErrorData{MessagingProduct: "whatsapp", Details: details}
	}
	e.IsTransient = code == 2
	return e
}

// paramError is Graph's terse (#100) parameter error, without error_data.
func paramError(format string, args ...any) *GraphError {
	return &GraphError{
		Message: "(#100) " + fmt.Sprintf(format, args...),
		Type:    "OAuthException", Code: 100, status: http.StatusBadRequest,
	}
}

// unsupportedRequest is what Graph answers for an ID that does not exist or
// that the token cannot see; the two are deliberately indistinguishable.
func unsupportedRequest(method, id string) *GraphError {
	return &GraphError{
		Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, "+
			"cannot be loaded due to missing permissions, or does not support this operation. "+
			"Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", method, id),
		Type: "GraphMethodException", Code: 100, ErrorSubcode: 33, status: http.StatusBadRequest,
	}
}

// webhookError renders code as it appears inside a webhook.
func webhookError(code int, details string) WebhookError {
	spec := specOf(code)
	if details == "" {
		details = spec.details
	}
	return WebhookError{
		Code: code, Title: spec.title, Message: spec.title,
		ErrorData: ErrorData{Details: details}, Href: errorDocsHref,
	}
}

func (s *Server) writeError(w http.ResponseWriter, e *GraphError) {
	if e.FBTraceID == "" {
		e.FBTraceID = s.ids.fbtrace()
	}
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `OAuth "Facebook Platform" "invalid_token" "`+e.Message+`"`)
	}
	writeJSON(w, e.status, map[string]*GraphError{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
