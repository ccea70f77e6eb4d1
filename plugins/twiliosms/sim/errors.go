package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// errorSpec is one Twilio error code: its HTTP status when returned by the
// REST API (0 for codes that only appear in status callbacks), its message,
// and for asynchronous codes the final status they put the message in.
type errorSpec struct {
	status  int
	message string
	final   string // "failed" or "undelivered" for delivery errors
}

// errorCatalog holds the codes the simulator can produce (providers.md §2.1).
var errorCatalog = map[int]errorSpec{
	20001: {400, "Invalid parameter: %s", ""},
	20003: {401, "Authenticate", ""},
	20404: {404, "The requested resource %s was not found", ""},
	20429: {429, "Too Many Requests", ""},
	20500: {500, "Internal Server Error", ""},
	20503: {503, "Service Unavailable", ""},
	21211: {400, "The 'To' number %s is not a valid phone number.", ""},
	21212: {400, "The 'From' number %s is not a valid phone number, shortcode, or alphanumeric sender ID.", ""},
	21266: {400, "'To' and 'From' number cannot be the same: %s", ""},
	21502: {400, "Invalid callback url: %s", ""},
	21602: {400, "Message body is required.", ""},
	21603: {400, "A 'From' phone number is required.", ""},
	21604: {400, "A 'To' phone number is required.", ""},
	21606: {400, "The From phone number %s is not a valid, SMS-capable inbound phone number or short code for your account.", ""},
	21608: {400, "The number %s is unverified. Trial accounts cannot send messages to unverified numbers.", ""},
	21609: {400, "Invalid StatusCallback URL: %s", ""},
	21610: {400, "Attempt to send to unsubscribed recipient", ""},
	21611: {400, "This 'From' number has exceeded the maximum number of queued messages", ""},
	21614: {400, "'To' number is not a valid mobile number", ""},
	21617: {400, "The concatenated message body exceeds the 1600 character limit.", ""},
	21619: {400, "A text message body, media URL or content SID is required.", ""},
	21620: {400, "Invalid media URL(s)", ""},
	21635: {400, "'To' number cannot be a landline", ""},
	21704: {400, "The Messaging Service contains no phone numbers", ""},
	21705: {400, "The Messaging Service Sid %s is invalid.", ""},
	11200: {0, "HTTP retrieval failure", "failed"},             // a MediaUrl Twilio could not fetch [K]
	12300: {0, "Invalid Content-Type", "failed"},               // a MediaUrl that answered no media type [K]
	30019: {0, "Content size exceeds carrier limit", "failed"}, // over 5 MB of media [K]
	30001: {0, "Queue overflow", "failed"},
	30002: {0, "Account suspended", "failed"},
	30003: {0, "Unreachable destination handset", "undelivered"},
	30004: {0, "Message blocked", "undelivered"},
	30005: {0, "Unknown destination handset", "undelivered"},
	30006: {0, "Landline or unreachable carrier", "undelivered"},
	30007: {0, "Message filtered", "undelivered"},
	30008: {0, "Unknown error", "undelivered"},
	30036: {0, "Validity Period Expired", "failed"},
}

// APIError is Twilio's REST error body.
type APIError struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

// Error makes APIError an error.
func (e *APIError) Error() string { return strconv.Itoa(e.Code) + ": " + e.Message }

// apiError builds the error for code; args fill the message's %s.
func apiError(code int, args ...any) *APIError {
	spec, ok := errorCatalog[code]
	if !ok {
		spec = errorSpec{400, "Bad Request", ""}
	}
	msg := spec.message
	if strings.Contains(msg, "%s") {
		if len(args) == 0 {
			args = []any{"(unspecified)"}
		}
		msg = fmt.Sprintf(msg, args...)
	}
	status := spec.status
	if status == 0 {
		status = http.StatusBadRequest
	}
	return &APIError{Code: code, Message: msg, MoreInfo: "https://www.twilio.com/docs/errors/" + strconv.Itoa(code), Status: status}
}

// finalStatus is the status a delivery error ends a message in.
func finalStatus(code int) string {
	if s := errorCatalog[code].final; s != "" {
		return s
	}
	return "undelivered"
}

func errorMessage(code int) string {
	if s, ok := errorCatalog[code]; ok {
		return s.message
	}
	return "Unknown error"
}

func writeError(w http.ResponseWriter, e *APIError) {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
	}
	writeJSON(w, e.Status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
