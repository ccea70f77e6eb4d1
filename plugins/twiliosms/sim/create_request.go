package sim

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// createRequest is the form of POST /Messages.json.
type createRequest struct {
	To, From, MessagingServiceSID string
	Body, ContentSID              string
	MediaURLs                     []string
	StatusCallback                string
	ValidityPeriod                time.Duration // 0: the 10 h default
}

var (
	e164      = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	shortCode = regexp.MustCompile(`^[0-9]{5,6}$`)
	alphaID   = regexp.MustCompile(`^[A-Za-z0-9 ]{1,11}$`)
)

// parseCreateRequest reads the form body. Like Twilio it is lenient about
// the encoding and strict about the values.
func parseCreateRequest(body []byte) *createRequest {
	form, _ := url.ParseQuery(string(body)) // keeps what parsed before an error
	req := &createRequest{To: form.Get("To"), From: form.Get("From"),
		MessagingServiceSID: form.Get("MessagingServiceSid"), Body: form.Get("Body"),
		ContentSID: form.Get("ContentSid"), MediaURLs: form["MediaUrl"],
		StatusCallback: form.Get("StatusCallback")}
	if n, err := strconv.Atoi(form.Get("ValidityPeriod")); err == nil && n > 0 {
		req.ValidityPeriod = time.Duration(min(n, 36000)) * time.Second
	}
	return req
}

// validate checks the values that need no account lookup, in Twilio's
// order.
func (req *createRequest) validate() *APIError {
	switch {
	case req.To == "":
		return apiError(21604)
	case req.From == "" && req.MessagingServiceSID == "":
		return apiError(21603)
	case req.Body == "" && len(req.MediaURLs) == 0 && req.ContentSID == "":
		if req.From == "" {
			return apiError(21619)
		}
		return apiError(21602)
	case utf8.RuneCountInString(req.Body) > 1600:
		return apiError(21617)
	case !validMedia(req.MediaURLs):
		return apiError(21620)
	case req.StatusCallback != "" && !validCallback(req.StatusCallback):
		return apiError(21609, req.StatusCallback)
	case !e164.MatchString(address(req.To)):
		return apiError(21211, req.To)
	case req.From != "" && !validFrom(address(req.From)):
		return apiError(21212, req.From)
	case address(req.To) == address(req.From):
		return apiError(21266, req.To)
	}
	return nil
}

// whatsappPrefix marks a WhatsApp address ("whatsapp:+1555…"), which To
// and From may carry instead of a bare E.164 number (providers.md §2.1).
const whatsappPrefix = "whatsapp:"

// address is the phone number behind a channel address.
func address(s string) string { return strings.TrimPrefix(s, whatsappPrefix) }

// channelOf is the channel prefix of an address: "whatsapp:" or "".
func channelOf(s string) string { return strings.TrimSuffix(s, address(s)) }

func validFrom(from string) bool {
	return e164.MatchString(from) || shortCode.MatchString(from) || alphaID.MatchString(from)
}

func validMedia(urls []string) bool {
	if len(urls) > 10 {
		return false
	}
	for _, u := range urls {
		if !validCallback(u) {
			return false
		}
	}
	return true
}

func validCallback(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && len(s) <= 4000
}

// channel is the prefix the sender's address takes: From's, or To's when
// a Messaging Service picks the sender.
func (req *createRequest) channel() string {
	if req.From != "" {
		return channelOf(req.From)
	}
	return channelOf(req.To)
}
